// What judging many series in a row may keep between calls, as one object the caller holds: no
// module keeps a cache of its own, so the same call gives the same answer whatever ran before.
// Judging every area of the country asks the same few questions for every area (the end of the
// deadline day, the t quantile for ten figures, the time of the period `2019`): a memo answers
// each once. Whoever passes none gets a fresh one, and the same answers, only slower.
import type { YearLabel } from './openSdgProgress.ts';
import type { PeriodResult, SplitYear } from './period.ts';

/** Each map is emptied when it reaches this many entries, so a long-lived memo stays small. */
export const MEMO_LIMIT = 10_000;

export interface AssessmentMemo {
  /** Period labels as `parsePeriod` reads them (frozen), for each reading of split years. */
  readonly periods: Record<SplitYear, Map<string, PeriodResult>>;
  /** `dateToTime`: the decimal year at the start of an ISO date. */
  readonly dayStarts: Map<string, number>;
  /** `endOfDayTime`: the decimal year at the end of an ISO date (the start of the next day). */
  readonly dayEnds: Map<string, number>;
  /** The decimal year at the start of the UTC day of an instant, by its milliseconds. */
  readonly instantDays: Map<number, number>;
  /** `studentTQuantile`, by p and then by degrees of freedom. */
  readonly quantiles: Map<number, Map<number, number>>;
  /** Year labels as the Open SDG measure reads them (rule 1), frozen. */
  readonly yearLabels: Map<string, YearLabel>;
}

/** An empty memo: keep one for as long as the same questions recur, say for one request or run. */
export function createAssessmentMemo(): AssessmentMemo {
  return {
    periods: { financial: new Map(), academic: new Map() },
    dayStarts: new Map(),
    dayEnds: new Map(),
    instantDays: new Map(),
    quantiles: new Map(),
    yearLabels: new Map(),
  };
}

/** Puts a value in one of a memo's maps, emptying the map first if it is full. */
export function keep<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= MEMO_LIMIT) map.clear();
  map.set(key, value);
  return value;
}
