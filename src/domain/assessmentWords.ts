// The words of an assessment's summary that say what the figures show: the latest figure, where
// it stands against the planned path, and where the trend leads by the deadline.
import { formatDifference, formatValue, targetPhrase } from './format.ts';
import type { Goal } from './mission.ts';
import type { Projection } from './projection.ts';

/** A unit as a goal or its figures give it, if at all. */
export type Unit = string | undefined | null;

/** A figure with a value: the latest, say. */
interface Figure {
  period: { label: string };
  value: number;
}

/** "52% in 2021" */
export const latestText = (latest: Figure, unit: Unit) =>
  `${formatValue(latest.value, unit)} in ${latest.period.label}`;

/** "The latest figure is 52% in 2021, 3 percentage points worse than the planned path to …" */
export function pathWords(
  latestPoint: Figure,
  gap: number,
  better: boolean,
  planned: number,
  target: NonNullable<Goal['target']>,
  unit: Unit,
): string {
  const side =
    gap === 0
      ? 'exactly on'
      : better
        ? `${formatDifference(gap, unit)} better than`
        : `${formatDifference(gap, unit)} worse than`;
  return `The latest figure is ${latestText(latestPoint, unit)}, ${side} the planned path to ${targetPhrase(target, unit)} (planned: ${formatValue(planned, unit)}).`;
}

/** "At the current rate the target will be reached in 2031, 1 year late." */
export function projectionWords(projection: Projection, deadline: number, unit: Unit): string {
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
