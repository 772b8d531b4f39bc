// Whether a goal is on track, computed from its definition and the published data alone:
// latest value, the planned value at that period, the gap, and a status with its reason.
import { meetsTarget, directionOfComparator, type Direction, type Goal } from './mission.ts';
import { dateToTime, parsePeriod } from './period.ts';
import {
  endOfDayTime,
  trajectoryPoints,
  trajectoryValueAt,
  type TrajectoryPoint,
} from './trajectory.ts';
import { decimalsOf, formatDate, targetPhrase, type Language } from './format.ts';
import {
  latestText,
  pathWords,
  projectionWords,
  statusAgainstTrendWords,
  type Unit,
} from './assessmentWords.ts';
import { projectToDeadline, type Projection } from './projection.ts';
import { openSdgProgress, type OpenSdgResult } from './openSdgProgress.ts';
import { createAssessmentMemo, keep, type AssessmentMemo } from './memo.ts';
import type { Status } from './status.ts';

/** Why a goal cannot be judged, as a code a program can act on; the summary says it in words. */
export type NotAssessableReason =
  'no-data' | 'no-target' | 'no-baseline' | 'too-few-points' | 'stale-data' | 'definition-changed';

/** The statistic's definition changed after the goal was last set, so its target no longer applies as written. */
export interface Redefinition {
  /** When the new definition was recorded (ISO timestamp). */
  at: string;
  /** What changed, in words: `unit "%" to "per 1,000"`. */
  change: string;
}

/** What an assessment is judged against besides the goal and its figures. */
export interface AssessmentContext {
  /** The instant the assessment is for ("as at"); figures older than the goal allows are stale then. */
  asAt: Date;
  redefinition?: Redefinition | null;
  /**
   * What judging many series in a row keeps between calls (see memo.ts): pass one memo to every
   * call of a run. Without one, each call makes its own; the answer is the same either way.
   */
  memo?: AssessmentMemo;
  /**
   * The latest break in the series (ISO date): figures for periods starting before it are not
   * comparable with later ones, so the trend is taken from figures after it alone.
   */
  seriesBreak?: string | null;
  /**
   * The places the series' figures are shown to, where its publisher fixes them; else they are
   * read from the figures (see `decimalsOf`).
   */
  places?: number;
}

export interface DataPoint {
  /** `start` (ISO date) places a figure against a break in the series. */
  period: { label: string; time: number; start?: string };
  value: number | null;
  unit?: string;
}

export interface Assessment {
  status: Status;
  /** Set exactly when the status is not assessable. */
  reason: NotAssessableReason | null;
  /** Why the status is what it is, in plain words. */
  summary: string;
  direction: Direction | null;
  latest: { period: string; value: number } | null;
  baseline: { period: string; value: number } | null;
  /** Planned value at the latest period. */
  trajectoryValue: number | null;
  /** Latest minus planned, in the indicator's unit; positive means above the path. */
  gap: number | null;
  trajectory: TrajectoryPoint[];
  /** The recent trend projected to the deadline, with its interval and chance of success. */
  projection: Projection | null;
  /** The Open SDG progress measure on the same series, for comparison with SDG platforms. */
  openSdg: OpenSdgResult | null;
}

/**
 * Assesses one goal. `observations` are the goal's series (already filtered to its series,
 * unit, breakdown and area), `direction` the indicator's if it declares one.
 */
export function assessGoal(
  goal: Goal,
  observations: DataPoint[],
  indicatorDirection: Direction | null,
  context: AssessmentContext,
): Assessment {
  const memo = context.memo ?? createAssessmentMemo();
  const result = judge(goal, observations, indicatorDirection, memo, context);
  if (result.status === 'not-assessable' || !result.latest) return result;
  if (context.redefinition) {
    const { at, change } = context.redefinition;
    return restated(result, 'definition-changed', (language) =>
      language === 'cy'
        ? `Cafodd yr ystadegyn ei ailddiffinio ar ${formatDate(at, 'cy')} (${change}), ar ôl i’r nod hwn gael ei osod; rhaid ailddatgan ei linell sylfaen a’i darged yn y termau newydd cyn y gellir barnu cynnydd.${onTheFigures(result, 'cy')}`
        : `The statistic was redefined on ${formatDate(at)} (${change}), after this goal was set; its baseline and target must be restated in the new terms before progress can be judged.${onTheFigures(result)}`,
    );
  }
  const staleAfter = goal.staleAfter ?? DEFAULT_STALE_AFTER_YEARS;
  const latest = observations.find((o) => o.period.label === result.latest!.period)!.period;
  const age = dayTime(context.asAt, memo) - latest.time;
  if (age > staleAfter) {
    const years = `${Math.floor(age)} year${Math.floor(age) === 1 ? '' : 's'}`;
    return restated(result, 'stale-data', (language) =>
      language === 'cy'
        ? `Mae’r ffigur diweddaraf, ar gyfer ${latest.label}, yn perthyn i gyfnod a ddaeth i ben dros ${welshYears(Math.floor(age))} cyn ${formatDate(utcDate(context.asAt), 'cy')}: rhy hen i ddweud sut mae’r nod yn sefyll nawr (mae ffigurau’n cyfrif am ${welshYears(staleAfter)} ar ôl i’w cyfnod ddod i ben).${onTheFigures(result, 'cy')}`
        : `The latest figure, for ${latest.label}, is for a period that ended over ${years} before ${formatDate(utcDate(context.asAt))}: too old to say how the goal stands now (figures count for ${staleAfter} year${staleAfter === 1 ? '' : 's'} after their period ends).${onTheFigures(result)}`,
    );
  }
  return result;
}

/**
 * An assessment whose summary is written when it is first read. Judging every area of the
 * country needs every status but shows few summaries; whoever reads one gets the same words.
 * A class rather than an object literal with a getter, which V8 builds twenty times slower:
 * so `summary` lives on the prototype, and `toJSON` (and `assessmentFields`) list it in place.
 */
class JudgedAssessment implements Assessment {
  readonly openSdg: OpenSdgResult | null;
  readonly projection: Projection | null;
  readonly direction: Direction | null;
  readonly latest: Assessment['latest'];
  readonly baseline: Assessment['baseline'];
  readonly trajectoryValue: number | null;
  readonly gap: number | null;
  readonly trajectory: TrajectoryPoint[];
  #words: Words;
  #summary: string | undefined;

  constructor(
    a: Omit<Assessment, 'summary'>,
    readonly status: Status,
    readonly reason: NotAssessableReason | null,
    words: Words,
  ) {
    this.openSdg = a.openSdg;
    this.projection = a.projection;
    this.direction = a.direction;
    this.latest = a.latest;
    this.baseline = a.baseline;
    this.trajectoryValue = a.trajectoryValue;
    this.gap = a.gap;
    this.trajectory = a.trajectory;
    this.#words = words;
  }

  get summary(): string {
    return (this.#summary ??= this.#words('en'));
  }

  /** The summary in a page's language: Welsh pages read it in Welsh; the API keeps `summary`. */
  summaryIn(language: Language): string {
    return language === 'en' ? this.summary : this.#words(language);
  }

  toJSON() {
    return assessmentFields(this);
  }
}

/** An assessment's fields as a plain object, in the order every answer has always listed them. */
export const assessmentFields = (a: Assessment): Assessment => ({
  openSdg: a.openSdg,
  projection: a.projection,
  status: a.status,
  reason: a.reason,
  summary: a.summary,
  direction: a.direction,
  latest: a.latest,
  baseline: a.baseline,
  trajectoryValue: a.trajectoryValue,
  gap: a.gap,
  trajectory: a.trajectory,
});

/** An assessment's summary in a language, written when it is first read. */
type Words = (language: Language) => string;

/** An assessment's summary in `language`, where it can be written in it; else its English. */
export const summaryIn = (a: Assessment, language: Language): string =>
  a instanceof JudgedAssessment ? a.summaryIn(language) : a.summary;

/** Years in Welsh after a numeral: "1 flwyddyn", "3 o flynyddoedd". */
const welshYears = (n: number) => (n === 1 ? '1 flwyddyn' : `${n} o flynyddoedd`);

const withSummary = (
  a: Omit<Assessment, 'summary'>,
  status: Status,
  reason: NotAssessableReason | null,
  words: Words,
): Assessment => new JudgedAssessment(a, status, reason, words);

/** The UTC date of an instant, `YYYY-MM-DD`: the day "as at" is judged by. */
const utcDate = (instant: Date) => instant.toISOString().slice(0, 10);

/** The start of the UTC day of an instant, as a decimal year; every area of a goal asks for the same one. */
function dayTime(instant: Date, memo: AssessmentMemo): number {
  const at = instant.getTime();
  return memo.instantDays.get(at) ?? keep(memo.instantDays, at, dateToTime(utcDate(instant), memo));
}

/** The figures may support a judgement that no longer holds: not assessable, saying what they showed. */
const restated = (result: Assessment, reason: NotAssessableReason, words: Words) =>
  withSummary(result, 'not-assessable', reason, words);

const onTheFigures = (result: Assessment, language: Language = 'en') => {
  const said = summaryIn(result, language);
  const lead =
    language === 'cy' ? 'Ar sail y ffigurau fel y maent' : 'On the figures as they stand';
  return ` ${lead}: ${said[0]!.toLowerCase()}${said.slice(1)}`;
};

/** A figure with a value, as judging uses it once missing values are dropped. */
type Figure = DataPoint & { value: number };
type Target = NonNullable<Goal['target']>;

/** The judgement on the figures alone, before asking whether they are still fit to judge by. */
function judge(
  goal: Goal,
  observations: DataPoint[],
  indicatorDirection: Direction | null,
  memo: AssessmentMemo,
  { seriesBreak = null, places }: Pick<AssessmentContext, 'seriesBreak' | 'places'>,
): Assessment {
  const direction =
    indicatorDirection ?? (goal.target ? directionOfComparator(goal.target.comparator) : null);
  const result: Omit<Assessment, 'summary'> = {
    openSdg: openSdgOf(goal, observations, direction, memo),
    projection: null,
    status: 'not-assessable',
    reason: null,
    direction,
    latest: null,
    baseline: null,
    trajectoryValue: null,
    gap: null,
    trajectory: [],
  };

  if (!goal.indicatorId)
    return notAssessable(result, 'no-data', (language) =>
      language === 'cy'
        ? `Yn aros am ddata: ${goal.awaiting ?? 'nid oes ystadegau wedi’u cyhoeddi sy’n mesur y nod hwn eto.'}`
        : `Awaiting data: ${goal.awaiting ?? 'no published statistics measure this goal yet.'}`,
    );
  const values = observations.filter((o): o is Figure => o.value !== null);
  if (values.length === 0)
    return notAssessable(result, 'no-data', (language) =>
      language === 'cy'
        ? 'Yn aros am ddata: nid oes gwerthoedd wedi’u cyhoeddi ar gyfer y mesur hwn eto.'
        : 'Awaiting data: no values have been published for this measure yet.',
    );
  // Latest by period end; among equal periods the first published line wins, consistently.
  const latestPoint = values.reduce((a, b) => (b.period.time > a.period.time ? b : a));
  result.latest = { period: latestPoint.period.label, value: latestPoint.value };
  if (!goal.target)
    return notAssessable(result, 'no-target', (language) =>
      language === 'cy'
        ? 'Nid oes targed rhifol wedi’i osod ar gyfer y nod hwn, felly ni ellir barnu cynnydd yn erbyn un.'
        : 'No numeric target has been set for this goal, so progress cannot be judged against one.',
    );
  const unit = goal.unit ?? observations[0]?.unit;
  // The words' figures to the precision the series is published to, as the pages show them:
  // worked out only if the words are written (judging every area writes few).
  let shown: { decimals: number | undefined } | undefined;
  const decimals = () =>
    (shown ??= { decimals: places ?? decimalsOf(values.map((v) => v.value)) }).decimals;
  return judgeFromBaseline({
    result,
    goal,
    target: goal.target,
    values,
    latestPoint,
    unit,
    decimals,
    memo,
    seriesBreak,
  });
}

/** The Open SDG measure of a goal's series, if it has a statistic. */
function openSdgOf(
  goal: Goal,
  observations: DataPoint[],
  direction: Direction | null,
  memo: AssessmentMemo,
): OpenSdgResult | null {
  if (!goal.indicatorId) return null;
  return openSdgProgress(
    {
      points: observations.map((o) => ({ year: o.period.label, value: o.value })),
      direction: direction === null ? null : direction === 'higher' ? 'positive' : 'negative',
      target: goal.target?.value ?? null,
      targetYear: goal.target ? Number(goal.target.deadline.slice(0, 4)) : null,
    },
    memo,
  );
}

/** What the steps of judging a goal with a target share. */
interface Judging {
  result: Omit<Assessment, 'summary'>;
  goal: Goal;
  target: Target;
  values: Figure[];
  latestPoint: Figure;
  unit: Unit;
  /** The words' figures' decimal places, worked out when first asked. */
  decimals: () => number | undefined;
  memo: AssessmentMemo;
  seriesBreak: string | null;
}

/** With a target: the baseline and the planned path from it, then the latest figure against both. */
function judgeFromBaseline(judging: Judging): Assessment {
  const { result, goal, target, values, latestPoint, unit, decimals, memo } = judging;
  if (!goal.baseline)
    return notAssessable(result, 'no-baseline', (language) =>
      language === 'cy'
        ? 'Nid oes llinell sylfaen wedi’i gosod ar gyfer y nod hwn.'
        : 'No baseline has been set for this goal.',
    );
  // The statistic's own reading of the label wins: its "2023/24" may be an academic year, and
  // its "Year ending June 2024" a label only its publisher writes.
  const named = goal.baseline.period;
  const parsedBaseline = parsePeriod(named, undefined, memo);
  const baselineFigure = values.find(
    (o) =>
      o.period.label === named ||
      (parsedBaseline.ok && o.period.label === parsedBaseline.period.label),
  );
  const baselinePeriod =
    baselineFigure?.period ?? (parsedBaseline.ok ? parsedBaseline.period : undefined);
  if (!baselinePeriod)
    return notAssessable(result, 'no-baseline', (language) =>
      language === 'cy'
        ? `Nid yw cyfnod y llinell sylfaen "${named}" yn gyfnod, ac nid oes gan yr ystadegyn ffigur ar ei gyfer.`
        : `The baseline period "${named}" is not a period, and the statistic has no figure for it.`,
    );
  const baselineValue = goal.baseline.value ?? baselineFigure?.value ?? null;
  if (baselineValue === null) {
    const period = goal.baseline.period;
    return notAssessable(result, 'no-baseline', (language) =>
      language === 'cy'
        ? `Yn aros am ddata: nid oes gwerth wedi’i gyhoeddi ar gyfer cyfnod y llinell sylfaen ${period}.`
        : `Awaiting data: there is no published value for the baseline period ${period}.`,
    );
  }
  result.baseline = { period: baselinePeriod.label, value: baselineValue };
  result.trajectory = trajectoryPoints(
    { time: baselinePeriod.time, value: baselineValue },
    target,
    goal.trajectory,
    memo,
  );

  // The words are written only when read (see withSummary).
  // Only figures after the baseline count: data from before a goal was set cannot achieve it.
  if (latestPoint.period.time <= baselinePeriod.time) {
    return withSummary(result, 'not-assessable', 'too-few-points', (language) =>
      language === 'cy'
        ? `Dim data eto ar gyfer unrhyw gyfnod ar ôl y llinell sylfaen (${baselinePeriod.label}); y ffigur diweddaraf yw ${latestText(latestPoint, unit, 'cy', decimals())}.`
        : `No data yet for any period after the baseline (${baselinePeriod.label}); the latest figure is ${latestText(latestPoint, unit, 'en', decimals())}.`,
    );
  }
  if (meetsTarget(latestPoint.value, target)) {
    return withSummary(result, 'achieved', null, (language) =>
      language === 'cy'
        ? `Mae’r targed (${targetPhrase(target, unit, 'cy')}) wedi’i gyrraedd: y ffigur diweddaraf yw ${latestText(latestPoint, unit, 'cy', decimals())}.`
        : `The target (${targetPhrase(target, unit)}) has been met: the latest figure is ${latestText(latestPoint, unit, 'en', decimals())}.`,
    );
  }
  return judgeProgress(judging, baselineValue);
}

/** Target not yet met: the latest figure against the planned path, and the trend to the deadline. */
function judgeProgress(judging: Judging, baselineValue: number): Assessment {
  const { result, goal, target, values, latestPoint, unit, decimals, memo, seriesBreak } = judging;
  const direction = result.direction;
  const planned = trajectoryValueAt(result.trajectory, latestPoint.period.time);
  const gap = latestPoint.value - planned;
  result.trajectoryValue = planned;
  result.gap = gap;
  const better = direction === 'lower' ? gap <= 0 : gap >= 0;

  const deadline = endOfDayTime(target.deadline, memo);
  // The current rate: the trend of the most recent figures (see projectToDeadline).
  // Figures from before a break in the series measure something else: the trend leaves them out.
  const comparable = seriesBreak
    ? values.filter((o) =>
        o.period.start
          ? o.period.start >= seriesBreak
          : o.period.time > dateToTime(seriesBreak, memo),
      )
    : values;
  const projection = projectToDeadline(
    comparable.map((o) => ({ time: o.period.time, value: o.value })),
    { value: target.value, time: deadline, direction: direction ?? 'higher' },
    undefined,
    memo,
  );
  result.projection = projection;
  // Behind the path by no more than the tolerance (a share of the whole planned change) is at
  // risk, unless the trend leaves little chance of meeting the target: then it is off track.
  const tolerance = (goal.tolerance ?? DEFAULT_TOLERANCE) * Math.abs(target.value - baselineValue);
  const hopeless = projection.ok && projection.probability < MIN_CHANCE_AT_RISK;
  const status: Status = better
    ? 'on-track'
    : Math.abs(gap) <= tolerance && !hopeless
      ? 'at-risk'
      : 'off-track';
  const afterBreak = !!seriesBreak && comparable.length < values.length;
  return withSummary(
    result,
    status,
    null,
    (language) =>
      pathWords(latestPoint, gap, better, planned, target, unit, language, decimals()) +
      projectionWords(projection, deadline, unit, language, decimals()) +
      statusAgainstTrendWords(status, projection, deadline, language) +
      (afterBreak
        ? language === 'cy'
          ? ` Cymerir y duedd o ffigurau ar ôl y toriad yn y gyfres ar ${formatDate(seriesBreak, 'cy')}.`
          : ` The trend is taken from figures after the break in the series on ${formatDate(seriesBreak)}.`
        : ''),
  );
}

const notAssessable = (
  result: Omit<Assessment, 'summary'>,
  reason: NotAssessableReason,
  words: Words,
): Assessment => withSummary(result, 'not-assessable', reason, words);

/** Share of the planned change (baseline to target) a figure may lag the path and be "at risk". */
export const DEFAULT_TOLERANCE = 0.1;
/** Figures for a period that ended more than this many years before "as at" are too old to judge by. */
export const DEFAULT_STALE_AFTER_YEARS = 3;
/** Below this chance of meeting the target by the trend, a goal behind its path is off track. */
export const MIN_CHANCE_AT_RISK = 0.1;
