// The Open SDG progress measure (Statistics Canada's method, as Open SDG 2.4.0 computes it), so
// Northstar's figures compare with the national platforms built on Open SDG. Rule numbers refer
// to /work/shared/methods/open-sdg-progress.md; the arithmetic follows it to the last double.
import { keep, type AssessmentMemo } from './memo.ts';

export const openSdgStatuses = [
  'target_achieved',
  'substantial_progress',
  'moderate_progress',
  'limited_progress',
  'deterioration',
  'not_available',
] as const;
export type OpenSdgStatus = (typeof openSdgStatuses)[number];

export interface OpenSdgInputs {
  /** The series points used, as published: year label (e.g. '2015', '2015/16', '2019 Q1', '1974a') and value (null = missing, dropped). */
  points: { year: string; value: number | null }[];
  /** null counts as negative (rule 3). */
  direction: 'positive' | 'negative' | null;
  /** The numeric target, if any. */
  target?: number | null;
  /** The year the target is due (needed with a target). */
  targetYear?: number | null;
  /** Default 2015. */
  baseYear?: number;
  /** Optional limit, ignored when there is a target. */
  limit?: number | null;
}

export interface OpenSdgResult {
  status: OpenSdgStatus;
  /** −5…5, null when not_available. */
  score: number | null;
  /** Why not_available, in plain words. */
  reason?: string;
  /**
   * Everything needed to recompute it by hand: the points after rule 1 (nulls dropped), the base
   * and current year and value actually used (a zero base value or target shows as 0.001), and
   * the limit as given (it plays no part when there is a target).
   */
  inputs: {
    points: { year: number; value: number }[];
    baseYear: number | null;
    currentYear: number | null;
    baseValue: number | null;
    currentValue: number | null;
    direction: 'positive' | 'negative';
    target: number | null;
    targetYear: number | null;
    limit: number | null;
  };
  /** Observed compound annual growth rate. */
  cagr: number | null;
  /** CAGR_T when there is a target. */
  requiredCagr: number | null;
  /** v (no target) or R (with target). */
  value: number | null;
}

const DEFAULT_BASE_YEAR = 2015;
/** Stands in for a zero target or base value, which would break the growth arithmetic (rule 3). */
const NOT_ZERO = 0.001;
/** Exponent of the limit's threshold reduction (rule 7). */
const LIMIT_EXPONENT = 4.44;

type Computed =
  | {
      ok: true;
      cagr: number;
      requiredCagr: number | null;
      value: number;
      score: number;
      status: OpenSdgStatus;
    }
  | { ok: false; reason: string };

/** The measure for one series; a `memo` keeps each year label read, for the next series. */
export function openSdgProgress(input: OpenSdgInputs, memo?: AssessmentMemo): OpenSdgResult {
  const d = input.direction === 'positive' ? 1 : -1;
  const target = input.target === 0 ? NOT_ZERO : (input.target ?? null);
  const targetYear = input.targetYear ?? null;
  const limit = input.limit ?? null;
  const requestedBase = input.baseYear ?? DEFAULT_BASE_YEAR;
  const inputs: OpenSdgResult['inputs'] = {
    points: [],
    baseYear: null,
    currentYear: null,
    baseValue: null,
    currentValue: null,
    direction: d === 1 ? 'positive' : 'negative',
    target,
    targetYear,
    limit,
  };

  // Rule 1: whole years, then the figures with values.
  const points = input.points;
  const years = wholeYears(points, memo);
  if (typeof years === 'string') return notAvailable(inputs, years);
  const kept: YearValue[] = [];
  const keptLabels: string[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.value === null || Number.isNaN(p.value)) continue;
    kept.push({ year: years[i] ?? NaN, value: p.value });
    keptLabels.push(p.year);
  }
  inputs.points = kept;
  const repeated = repeatedYear(kept, keptLabels);
  if (repeated) return notAvailable(inputs, repeated);
  if (kept.length === 0) return notAvailable(inputs, 'there is no data');
  return fromBaseYear(kept, requestedBase, inputs);
}

/** A figure by whole year, as rule 1 keeps it. */
type YearValue = { year: number; value: number };

/**
 * Rule 1: each point's whole year, or why a label is not one. Whether labels are cut depends on
 * every label, missing values included, as Open SDG cuts the year column before it drops them.
 */
function wholeYears(
  points: OpenSdgInputs['points'],
  memo: AssessmentMemo | undefined,
): number[] | string {
  const labels: YearLabel[] = new Array(points.length);
  let cut = false;
  for (let i = 0; i < points.length; i++) {
    const label = yearLabel(points[i]!.year, memo);
    labels[i] = label;
    if (label.long) cut = true;
  }
  const years: number[] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const label = labels[i]!;
    const year = cut ? label.cutYear : label.wholeYear;
    if (year === null)
      return `it reads each period as a year number, such as 2024, and “${label.text}” is not one`;
    years[i] = year;
  }
  return years;
}

/** Rules 2 and 3: the current and base years of the figures kept, then the measure between them. */
function fromBaseYear(
  kept: YearValue[],
  requestedBase: number,
  inputs: OpenSdgResult['inputs'],
): OpenSdgResult {
  // Rule 2: the latest year, and the base year or else the first later year with data.
  let current = kept[0]!;
  let base: YearValue | undefined;
  let later: YearValue | undefined;
  for (const p of kept) {
    if (p.year > current.year) current = p;
    if (p.year === requestedBase) base ??= p;
    else if (p.year > requestedBase && (later === undefined || p.year < later.year)) later = p;
  }
  base ??= later;
  inputs.currentYear = current.year;
  inputs.currentValue = current.value;
  if (base === undefined)
    return notAvailable(inputs, `there is no data in or after the base year ${requestedBase}`);
  // Rule 3: a zero base value becomes 0.001; its sign stays +1.
  const y0 = base.value === 0 ? NOT_ZERO : base.value;
  inputs.baseYear = base.year;
  inputs.baseValue = y0;
  return scoreProgress(inputs, base, y0, current);
}

/** Rule 4, then rules 5 to 11 from `base` (its value `y0` as rule 3 counts it) to `current`. */
function scoreProgress(
  inputs: OpenSdgResult['inputs'],
  base: YearValue,
  y0: number,
  current: YearValue,
): OpenSdgResult {
  const { target, targetYear, limit } = inputs;
  const d = inputs.direction === 'positive' ? 1 : -1;
  if (target !== null && targetYear === null) {
    return notAvailable(inputs, 'a target is set without the year it is due');
  }

  // Rule 4 comes first: an achieved target scores 5 whether or not a growth rate can be computed.
  // The rest is still worked out when it can be, as Open SDG does, to show alongside.
  const achieved =
    target !== null &&
    ((d === -1 && current.value <= target) || (d === 1 && current.value >= target));
  const computed = compute(
    { y0, baseValue: base.value, d, target, targetYear, limit },
    base.year,
    current.year,
    current.value,
  );
  if (achieved) {
    return {
      status: 'target_achieved',
      score: 5,
      inputs,
      cagr: computed.ok ? computed.cagr : null,
      requiredCagr: computed.ok ? computed.requiredCagr : null,
      value: computed.ok ? computed.value : null,
    };
  }
  if (!computed.ok) return notAvailable(inputs, computed.reason);
  const { cagr, requiredCagr, value, score, status } = computed;
  return { status, score, inputs, cagr, requiredCagr, value };
}

const notAvailable = (inputs: OpenSdgResult['inputs'], reason: string): OpenSdgResult => ({
  status: 'not_available',
  score: null,
  reason,
  inputs,
  cagr: null,
  requiredCagr: null,
  value: null,
});

/** A period label read as a year by rule 1, whole or cut to its first four characters. */
export interface YearLabel {
  /** The label trimmed, as the reasons quote it. */
  text: string;
  /** Longer than four characters: then every label of the series is cut. */
  long: boolean;
  wholeYear: number | null;
  cutYear: number | null;
}

// A series repeats a handful of labels: with a memo, each is read once.
function yearLabel(label: string, memo: AssessmentMemo | undefined): YearLabel {
  const known = memo?.yearLabels.get(label);
  if (known) return known;
  const chars = [...label.trim()];
  const year = (text: string) => (/^[+-]?\d+$/.test(text) ? Number(text) : null);
  const read: YearLabel = Object.freeze({
    text: chars.join(''),
    long: chars.length > 4,
    wholeYear: year(chars.join('')),
    cutYear: year(chars.slice(0, 4).join('')),
  });
  return memo ? keep(memo.yearLabels, label, read) : read;
}

/** Why the measure will not pick between values that fall in one year, if any do. */
function repeatedYear(kept: { year: number }[], labels: string[]): string | null {
  // Years that rise throughout cannot repeat: the usual case, seen in one pass.
  let rising = true;
  for (let i = 1; i < kept.length && rising; i++) rising = kept[i - 1]!.year < kept[i]!.year;
  if (rising) return null;
  for (let i = 0; i < kept.length; i++) {
    const year = kept[i]!.year;
    let count = 0;
    for (const q of kept) if (q.year === year) count++;
    if (count > 1) {
      const shown = labels
        .filter((_, j) => kept[j]!.year === year)
        .map((label) => `“${label}”`)
        .join(', ');
      return `it takes one figure for each year, and ${count} fall in ${year} (${shown}), between which it does not choose`;
    }
  }
  return null;
}

/** Rules 5 to 11 from the base year t0 to the current year tNow and value yNow. */
function compute(
  m: {
    y0: number;
    baseValue: number;
    d: number;
    target: number | null;
    targetYear: number | null;
    limit: number | null;
  },
  t0: number,
  tNow: number,
  yNow: number,
): Computed {
  const { y0, d, target, targetYear, limit } = m;
  const s = y0 < 0 ? -1 : 1;
  const shownBase = m.baseValue === 0 ? '0, counted as 0.001' : String(y0);
  // Rule 5.
  if ((y0 > 0 && yNow < 0) || (y0 < 0 && yNow > 0)) {
    return {
      ok: false,
      reason: `the base value (${shownBase}) and the current value (${yNow}) have opposite signs`,
    };
  }
  if (tNow - t0 < 1) {
    return {
      ok: false,
      reason: `there is only one year of data from the base year on (${t0}): it needs two`,
    };
  }
  // Rule 6, in this order of operations: the boundary cases depend on it.
  const cagr = Math.pow(yNow / y0, 1 / (tNow - t0)) - 1;

  if (target === null || targetYear === null) {
    // Rule 7: thresholds shrink by C as the base value nears the limit.
    const c = limit === null ? 1 : limitCoefficient(Math.abs(y0), Math.abs(limit));
    const v = s * d * cagr;
    const status = statusOf(v, 0.015 * c, 0.005 * c, 0 * c);
    return {
      ok: true,
      cagr,
      requiredCagr: null,
      value: v,
      score: scoreWithoutTarget(v, c),
      status,
    };
  }

  // Rule 8.
  if (targetYear === t0) {
    return {
      ok: false,
      reason: `the target year is the base year (${t0}), so no growth rate is required`,
    };
  }
  const requiredCagr = Math.pow(target / y0, 1 / (targetYear - t0)) - 1;
  if (Number.isNaN(requiredCagr)) {
    return {
      ok: false,
      reason: `the base value (${shownBase}) and the target (${target}) have opposite signs`,
    };
  }
  if (requiredCagr === 0) {
    return {
      ok: false,
      reason: `the base value equals the target (${target}), so no growth rate is required`,
    };
  }
  const r = (s * d * cagr) / Math.abs(requiredCagr);
  return {
    ok: true,
    cagr,
    requiredCagr,
    value: r,
    score: scoreWithTarget(r),
    status: statusOf(r, 0.95, 0.6, 0),
  };
}

/** Rule 7's C, from b = |y0| and L = |limit|; b ≥ 2L is checked first so b = L = 0 gives 1. */
function limitCoefficient(b: number, l: number): number {
  if (b >= 2 * l) return 1;
  if (b <= l) return 1 - Math.pow(b / l, LIMIT_EXPONENT);
  return 1 - Math.pow((2 * l - b) / l, LIMIT_EXPONENT);
}

/** Rule 9. */
function statusOf(v: number, high: number, med: number, low: number): OpenSdgStatus {
  if (v >= high) return 'substantial_progress';
  if (v >= med) return 'moderate_progress';
  if (v >= low) return 'limited_progress';
  return 'deterioration';
}

/** Rule 10: scores rescaled by C so each reduced threshold lands on the same score. */
function scoreWithoutTarget(v: number, c: number): number {
  if (v < 0) return Math.max(125 * v - 2.5, -5);
  if (c === 0) return 5; // the base value sits on the limit and is held there
  if (v >= 0.015 * c) return Math.min((500 * v) / c - 5, 5);
  if (v >= 0.005 * c) return (250 * v) / c - 1.25;
  return (500 * v) / c - 2.5;
}

/** Rule 11, with Open SDG's rounded constants, so 60% gives 0.00004 rather than 0. */
function scoreWithTarget(r: number): number {
  return r >= 0.6 ? Math.min(7.1429 * r - 4.2857, 5) : Math.max(4.1667 * r - 2.5, -5);
}

/** Rule 12: mean of non-null member scores → status; target_achieved only if every scored member achieved. */
export function aggregateOpenSdg(results: Pick<OpenSdgResult, 'score' | 'status'>[]): {
  score: number | null;
  status: OpenSdgStatus;
} {
  // Members may themselves be groups, so each level weighs its members equally.
  const scored = results.filter(
    (r): r is { score: number; status: OpenSdgStatus } => r.score !== null,
  );
  if (scored.length === 0) return { score: null, status: 'not_available' };
  const score = scored.reduce((sum, r) => sum + r.score, 0) / scored.length;
  if (scored.every((r) => r.status === 'target_achieved'))
    return { score, status: 'target_achieved' };
  const status: OpenSdgStatus =
    score >= 2.5
      ? 'substantial_progress'
      : score >= 0
        ? 'moderate_progress'
        : score >= -2.5
          ? 'limited_progress'
          : 'deterioration';
  return { score, status };
}
