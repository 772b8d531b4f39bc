// The words of an assessment's summary that say what the figures show: the latest figure, where
// it stands against the planned path, and where the trend leads by the deadline.
import { formatDifference, formatValue, targetPhrase } from './format.ts';
import type { Goal } from './mission.ts';
import type { Projection } from './projection.ts';
import type { NotAssessableReason } from './assessment.ts';
import type { OpenSdgResult, OpenSdgStatus } from './openSdgProgress.ts';
import { statusLabels, type Status } from './status.ts';

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

/** The Open SDG statuses read as this site's: what each would be called here. */
const openSdgAsStatus: Record<Exclude<OpenSdgStatus, 'not_available'>, Status> = {
  target_achieved: 'achieved',
  substantial_progress: 'on-track',
  moderate_progress: 'at-risk',
  limited_progress: 'off-track',
  deterioration: 'off-track',
};

const whyNotJudged: Record<NotAssessableReason, string> = {
  'no-target':
    'the goal has no numeric target, and without one the Open SDG measure rates only the direction of change',
  'no-data': 'the goal has no figure yet from its own series, area and breakdown',
  'no-baseline': 'the goal’s baseline has no published figure to measure progress from',
  'too-few-points':
    'the goal has too few figures since its baseline, while the Open SDG measure uses every year from 2015',
  'stale-data':
    'its latest figure is too old to say where the goal stands now, while the Open SDG measure rates it however old',
  'definition-changed':
    'the statistic was redefined after the target was set, while the Open SDG measure compares the figures as they are',
};

/**
 * One sentence for a reader who sees this site's status and the Open SDG progress measure
 * disagree: why they do. `null` where they agree or the measure could not be computed.
 */
export function openSdgDisagreement(a: {
  status: Status;
  reason: NotAssessableReason | null;
  openSdg: OpenSdgResult | null;
}): string | null {
  const open = a.openSdg;
  if (!open || open.status === 'not_available' || openSdgAsStatus[open.status] === a.status)
    return null;
  const why = a.reason
    ? whyNotJudged[a.reason]
    : 'the Open SDG measure compares the average yearly change since 2015 with the change the target needs, while this site compares the latest figure with the planned path from the goal’s own baseline';
  const theirs = open.status.replace(/_/g, ' ');
  return `The Open SDG measure says “${theirs}” where this site says “${statusLabels[a.status].toLowerCase()}” because ${why}.`;
}
