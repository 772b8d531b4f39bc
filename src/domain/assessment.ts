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
import { formatDate, formatDifference, formatValue, targetPhrase } from './format.ts';
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
}

export interface DataPoint {
  period: { label: string; time: number };
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
  const result = judge(goal, observations, indicatorDirection, memo);
  if (result.status === 'not-assessable' || !result.latest) return result;
  if (context.redefinition) {
    const { at, change } = context.redefinition;
    return restated(
      result,
      'definition-changed',
      () =>
        `The statistic was redefined on ${formatDate(at)} (${change}), after this goal was set; its baseline and target must be restated in the new terms before progress can be judged.${onTheFigures(result)}`,
    );
  }
  const staleAfter = goal.staleAfter ?? DEFAULT_STALE_AFTER_YEARS;
  const latest = observations.find((o) => o.period.label === result.latest!.period)!.period;
  const age = dayTime(context.asAt, memo) - latest.time;
  if (age > staleAfter) {
    const years = `${Math.floor(age)} year${Math.floor(age) === 1 ? '' : 's'}`;
    return restated(
      result,
      'stale-data',
      () =>
        `The latest figure, for ${latest.label}, is for a period that ended over ${years} before ${formatDate(utcDate(context.asAt))}: too old to say how the goal stands now (figures count for ${staleAfter} year${staleAfter === 1 ? '' : 's'} after their period ends).${onTheFigures(result)}`,
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
  #words: () => string;
  #summary: string | undefined;

  constructor(
    a: Omit<Assessment, 'summary'>,
    readonly status: Status,
    readonly reason: NotAssessableReason | null,
    words: () => string,
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
    return (this.#summary ??= this.#words());
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

const withSummary = (
  a: Omit<Assessment, 'summary'>,
  status: Status,
  reason: NotAssessableReason | null,
  words: () => string,
): Assessment => new JudgedAssessment(a, status, reason, words);

/** The UTC date of an instant, `YYYY-MM-DD`: the day "as at" is judged by. */
const utcDate = (instant: Date) => instant.toISOString().slice(0, 10);

/** The start of the UTC day of an instant, as a decimal year; every area of a goal asks for the same one. */
function dayTime(instant: Date, memo: AssessmentMemo): number {
  const at = instant.getTime();
  return memo.instantDays.get(at) ?? keep(memo.instantDays, at, dateToTime(utcDate(instant), memo));
}

/** The figures may support a judgement that no longer holds: not assessable, saying what they showed. */
const restated = (result: Assessment, reason: NotAssessableReason, words: () => string) =>
  withSummary(result, 'not-assessable', reason, words);

const onTheFigures = (result: Assessment) =>
  ` On the figures as they stand: ${result.summary[0]!.toLowerCase()}${result.summary.slice(1)}`;

/** The judgement on the figures alone, before asking whether they are still fit to judge by. */
function judge(
  goal: Goal,
  observations: DataPoint[],
  indicatorDirection: Direction | null,
  memo: AssessmentMemo,
): Assessment {
  const direction =
    indicatorDirection ?? (goal.target ? directionOfComparator(goal.target.comparator) : null);
  const openSdg = goal.indicatorId
    ? openSdgProgress(
        {
          points: observations.map((o) => ({ year: o.period.label, value: o.value })),
          direction: direction === null ? null : direction === 'higher' ? 'positive' : 'negative',
          target: goal.target?.value ?? null,
          targetYear: goal.target ? Number(goal.target.deadline.slice(0, 4)) : null,
        },
        memo,
      )
    : null;
  const result: Omit<Assessment, 'summary'> = {
    openSdg,
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
    return notAssessable(
      result,
      'no-data',
      'Awaiting data: no published statistics measure this goal yet.',
    );
  const values = observations.filter((o): o is DataPoint & { value: number } => o.value !== null);
  if (values.length === 0)
    return notAssessable(
      result,
      'no-data',
      'Awaiting data: no values have been published for this measure yet.',
    );
  // Latest by period end; among equal periods the first published line wins, consistently.
  const latestPoint = values.reduce((a, b) => (b.period.time > a.period.time ? b : a));
  result.latest = { period: latestPoint.period.label, value: latestPoint.value };
  if (!goal.target)
    return notAssessable(
      result,
      'no-target',
      'No numeric target has been set for this goal, so progress cannot be judged against one.',
    );

  if (!goal.baseline)
    return notAssessable(result, 'no-baseline', 'No baseline has been set for this goal.');
  const parsedBaseline = parsePeriod(goal.baseline.period, undefined, memo);
  if (!parsedBaseline.ok)
    return notAssessable(
      result,
      'no-baseline',
      `The baseline period "${goal.baseline.period}" is not a period.`,
    );
  // The statistic's own reading of the label wins: its "2023/24" may be an academic year.
  const baselineFigure = values.find((o) => o.period.label === parsedBaseline.period.label);
  const baselinePeriod = baselineFigure ?? parsedBaseline;
  const baselineValue = goal.baseline.value ?? baselineFigure?.value ?? null;
  if (baselineValue === null) {
    return notAssessable(
      result,
      'no-baseline',
      `Awaiting data: there is no published value for the baseline period ${goal.baseline.period}.`,
    );
  }
  result.baseline = { period: baselinePeriod.period.label, value: baselineValue };
  result.trajectory = trajectoryPoints(
    { time: baselinePeriod.period.time, value: baselineValue },
    goal.target,
    goal.trajectory,
    memo,
  );

  // The words are written only when read (see withSummary).
  const goalTarget = goal.target;
  const unit = goal.unit ?? observations[0]?.unit;
  // Only figures after the baseline count: data from before a goal was set cannot achieve it.
  if (latestPoint.period.time <= baselinePeriod.period.time) {
    return withSummary(
      result,
      'not-assessable',
      'too-few-points',
      () =>
        `No data yet for any period after the baseline (${baselinePeriod.period.label}); the latest figure is ${latestText(latestPoint, unit)}.`,
    );
  }
  if (meetsTarget(latestPoint.value, goalTarget)) {
    return withSummary(
      result,
      'achieved',
      null,
      () =>
        `The target (${targetPhrase(goalTarget, unit)}) has been met: the latest figure is ${latestText(latestPoint, unit)}.`,
    );
  }
  const planned = trajectoryValueAt(result.trajectory, latestPoint.period.time);
  const gap = latestPoint.value - planned;
  result.trajectoryValue = planned;
  result.gap = gap;
  const better = direction === 'lower' ? gap <= 0 : gap >= 0;

  const deadline = endOfDayTime(goalTarget.deadline, memo);
  // The current rate: the trend of the most recent figures (see projectToDeadline).
  const projection = projectToDeadline(
    values.map((o) => ({ time: o.period.time, value: o.value })),
    { value: goalTarget.value, time: deadline, direction: direction ?? 'higher' },
    undefined,
    memo,
  );
  result.projection = projection;
  // Behind the path by no more than the tolerance (a share of the whole planned change) is at
  // risk, unless the trend leaves little chance of meeting the target: then it is off track.
  const tolerance =
    (goal.tolerance ?? DEFAULT_TOLERANCE) * Math.abs(goalTarget.value - baselineValue);
  const hopeless = projection.ok && projection.probability < MIN_CHANCE_AT_RISK;
  const status: Status = better
    ? 'on-track'
    : Math.abs(gap) <= tolerance && !hopeless
      ? 'at-risk'
      : 'off-track';
  return withSummary(result, status, null, () => {
    const side =
      gap === 0
        ? 'exactly on'
        : better
          ? `${formatDifference(gap, unit)} better than`
          : `${formatDifference(gap, unit)} worse than`;
    return (
      `The latest figure is ${latestText(latestPoint, unit)}, ${side} the planned path to ${targetPhrase(goalTarget, unit)} (planned: ${formatValue(planned, unit)}).` +
      projectionWords(projection, deadline, unit)
    );
  });
}

const notAssessable = (
  result: Omit<Assessment, 'summary'>,
  reason: NotAssessableReason,
  summary: string,
): Assessment => withSummary(result, 'not-assessable', reason, () => summary);

/** "52% in 2021" */
const latestText = (latest: DataPoint & { value: number }, unit: string | undefined | null) =>
  `${formatValue(latest.value, unit)} in ${latest.period.label}`;

/** Share of the planned change (baseline to target) a figure may lag the path and be "at risk". */
export const DEFAULT_TOLERANCE = 0.1;
/** Figures for a period that ended more than this many years before "as at" are too old to judge by. */
export const DEFAULT_STALE_AFTER_YEARS = 3;
/** Below this chance of meeting the target by the trend, a goal behind its path is off track. */
export const MIN_CHANCE_AT_RISK = 0.1;

/** "At the current rate the target will be reached in 2031, 1 year late." */
function projectionWords(
  projection: Projection,
  deadline: number,
  unit: string | undefined | null,
): string {
  const format = (n: number) => formatValue(n, unit);
  if (!projection.ok) return '';
  const chance = `a ${Math.round(projection.probability * 100)}% chance of meeting it`;
  const range = `projected ${format(projection.value)}, likely between ${format(projection.lower)} and ${format(projection.upper)}`;
  const reached = projection.reachesTargetAt;
  if (reached === null)
    return ` At the current rate the target will not be reached (${range} at the deadline; ${chance}).`;
  const year = Math.ceil(reached) - 1;
  const late = year - (Math.ceil(deadline) - 1);
  const when = late > 0 ? `${late} year${late === 1 ? '' : 's'} late` : 'in time';
  return ` At the current rate the target will be reached in ${year}, ${when} (${range} at the deadline; ${chance}).`;
}
