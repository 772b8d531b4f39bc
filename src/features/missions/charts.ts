// A goal's chart and the table beside it: published figures, the planned path, the target
// and the projection with its interval.
import { breakMarks, seriesBreaks } from '../statistics/breaks.ts';
import { sourceLine } from '../statistics/indicatorMetadata.ts';
import { renderLineChart } from '../../platform/http/chart.ts';
import { english, type Translate } from '../../platform/http/language.ts';
import { endOfDayTime, trajectoryValueAt } from '../../domain/trajectory.ts';
import { meetsTarget } from '../../domain/mission.ts';
import type { Indicator, Observation } from '../statistics/store.ts';
import type { AssessedGoal } from './service.ts';

/**
 * A target its baseline already meets (`above 0% growth`, from 3.4%) is a level to stay
 * beyond, not a path to walk: drawn flat at the target, with no planned figure each period.
 */
export const isThreshold = (goal: AssessedGoal) =>
  !!goal.target &&
  !!goal.assessment.baseline &&
  meetsTarget(goal.assessment.baseline.value, goal.target);

export function goalChart(
  goal: AssessedGoal,
  observations: Observation[],
  unit: string,
  /** The statistic measured: the breaks in its series, and the source line under the chart. */
  indicator: Indicator | undefined,
  translate: Translate = english,
) {
  const actual = observations
    .filter((o) => o.value !== null)
    .map((o) => ({ time: o.period.time, value: o.value! }));
  const { trajectory } = goal.assessment;
  return renderLineChart({
    translate,
    title: goal.statement,
    unit,
    series: [
      { label: 'Published figures', points: actual, style: 'actual' },
      ...(trajectory.length
        ? [
            isThreshold(goal)
              ? {
                  label: 'Threshold',
                  points: [trajectory[0]!, trajectory.at(-1)!].map(({ time }) => ({
                    time,
                    value: goal.target!.value,
                  })),
                  style: 'trajectory' as const,
                }
              : { label: 'Planned path', points: trajectory, style: 'trajectory' as const },
          ]
        : []),
    ],
    target: goal.target
      ? { value: goal.target.value, time: endOfDayTime(goal.target.deadline), label: 'Target' }
      : undefined,
    projection: projectionOf(goal, actual),
    breaks: breakMarks(seriesBreaks(indicator)),
    source: indicator && sourceLine(indicator),
  });
}

function projectionOf(goal: AssessedGoal, actual: { time: number; value: number }[]) {
  const projection = goal.assessment.projection;
  const from = actual.at(-1);
  if (!projection?.ok || !from) return undefined;
  const { at, value, lower, upper } = projection;
  return { from, at, value, lower, upper };
}

/** Where the figures start: the periods before it, listed in the file with none, are left out. */
const firstFigure = (observations: Observation[]) =>
  Math.max(
    0,
    observations.findIndex((o) => o.value !== null),
  );

/** The periods a goal's table leaves out before its first figure, if any. */
export function emptyPeriodsBefore(observations: Observation[]) {
  const first = firstFigure(observations);
  return first > 0
    ? {
        count: first,
        from: observations[0]!.period.label,
        to: observations[first - 1]!.period.label,
      }
    : null;
}

/**
 * Rows of the table beside a goal's chart: each period from the first with a figure, its
 * figure and the plan at that time.
 */
export function goalTable(goal: AssessedGoal, observations: Observation[]) {
  const trajectory = isThreshold(goal) ? [] : goal.assessment.trajectory;
  return observations.slice(firstFigure(observations)).map((o) => ({
    period: o.period.label,
    value: o.value,
    status: o.status,
    planned:
      trajectory.length && o.period.time >= trajectory[0]!.time
        ? trajectoryValueAt(trajectory, o.period.time)
        : null,
  }));
}
