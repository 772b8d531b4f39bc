// Whether a goal is on track, computed from its definition and the published data alone:
// latest value, the planned value at that period, the gap, and a status with its reason.
import { meetsTarget, directionOfComparator, type Direction, type Goal } from './mission.ts';
import { parsePeriod } from './period.ts';
import { trajectoryPoints, trajectoryValueAt, type TrajectoryPoint } from './trajectory.ts';
import { formatDifference, formatValue } from './format.ts';
import { openSdgProgress, type OpenSdgResult } from './openSdgProgress.ts';

export type Status = 'achieved' | 'on-track' | 'off-track' | 'not-assessable';

export const statusLabels: Record<Status, string> = {
  achieved: 'Achieved',
  'on-track': 'On track',
  'off-track': 'Off track',
  'not-assessable': 'Not assessable',
};

export interface DataPoint {
  period: { label: string; time: number; start: string; end: string };
  value: number | null;
  unit?: string;
}

export interface Assessment {
  status: Status;
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
): Assessment {
  const direction =
    indicatorDirection ?? (goal.target ? directionOfComparator(goal.target.comparator) : null);
  const openSdg = goal.indicatorId
    ? openSdgProgress({
        points: observations.map((o) => ({ year: o.period.label, value: o.value })),
        direction: direction === null ? null : direction === 'higher' ? 'positive' : 'negative',
        target: goal.target?.value ?? null,
        targetYear: goal.target ? Number(goal.target.deadline.slice(0, 4)) : null,
      })
    : null;
  const result: Assessment = {
    openSdg,
    status: 'not-assessable',
    summary: '',
    direction,
    latest: null,
    baseline: null,
    trajectoryValue: null,
    gap: null,
    trajectory: [],
  };
  const notAssessable = (summary: string) => ({ ...result, summary });

  if (!goal.indicatorId)
    return notAssessable('Awaiting data: no published statistics measure this goal yet.');
  const values = observations.filter((o): o is DataPoint & { value: number } => o.value !== null);
  if (values.length === 0)
    return notAssessable('Awaiting data: no values have been published for this measure yet.');
  // Latest by period end; among equal periods the first published line wins, consistently.
  const latestPoint = values.reduce((a, b) => (b.period.time > a.period.time ? b : a));
  result.latest = { period: latestPoint.period.label, value: latestPoint.value };
  if (!goal.target)
    return notAssessable(
      'No numeric target has been set for this goal, so progress cannot be judged against one.',
    );

  if (!goal.baseline) return notAssessable('No baseline has been set for this goal.');
  const baselinePeriod = parsePeriod(goal.baseline.period);
  if (!baselinePeriod.ok)
    return notAssessable(`The baseline period "${goal.baseline.period}" is not a period.`);
  const baselineValue =
    goal.baseline.value ??
    values.find((o) => o.period.label === baselinePeriod.period.label)?.value ??
    null;
  if (baselineValue === null) {
    return notAssessable(
      `Awaiting data: there is no published value for the baseline period ${goal.baseline.period}.`,
    );
  }
  result.baseline = { period: baselinePeriod.period.label, value: baselineValue };
  result.trajectory = trajectoryPoints(
    { time: baselinePeriod.period.time, value: baselineValue },
    goal.target,
    goal.trajectory,
  );

  const unit = goal.unit ?? observations[0]?.unit;
  const format = (n: number) => formatValue(n, unit);
  const target = `${format(goal.target.value)} by ${goal.target.deadline.slice(0, 4)}`;
  const latestText = `${format(latestPoint.value)} in ${latestPoint.period.label}`;
  // Only figures after the baseline count: data from before a goal was set cannot achieve it.
  if (latestPoint.period.time <= baselinePeriod.period.time) {
    return notAssessable(
      `No data yet for any period after the baseline (${baselinePeriod.period.label}); the latest figure is ${latestText}.`,
    );
  }
  if (meetsTarget(latestPoint.value, goal.target)) {
    return {
      ...result,
      status: 'achieved',
      summary: `The target (${target}) has been met: the latest figure is ${latestText}.`,
    };
  }
  const planned = trajectoryValueAt(result.trajectory, latestPoint.period.time);
  const gap = latestPoint.value - planned;
  result.trajectoryValue = planned;
  result.gap = gap;
  const better = direction === 'lower' ? gap <= 0 : gap >= 0;
  const side =
    gap === 0
      ? 'exactly on'
      : better
        ? `${formatDifference(gap, unit)} better than`
        : `${formatDifference(gap, unit)} worse than`;
  return {
    ...result,
    status: better ? 'on-track' : 'off-track',
    summary: `The latest figure is ${latestText}, ${side} the planned path to ${target} (planned: ${format(planned)}).`,
  };
}
