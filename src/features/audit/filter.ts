// The change log's filters, one meaning for the page and the API: by mission, kind of change
// and the dates a change took effect between (inclusive, UK calendar dates).
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { isIsoDate } from '../../domain/period.ts';
import { patternParam, textParam } from '../../platform/http/params.ts';
import { missionOf } from './atom.ts';
import type { AuditEvent } from './store.ts';

const isoDate = patternParam(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2025-03-31').refine(
  (value) => value === undefined || isIsoDate(value),
  'expected a real date',
);

export const changesFilterQuery = {
  mission: textParam(100).describe(
    "A mission's slug: its changes, those of its goals and records, and the releases of the statistics its goals are measured by",
  ),
  kind: textParam(40).describe('A kind of record: mission, goal, project, release, risk, …'),
  from: isoDate.describe('Changes that took effect on or after this date'),
  to: isoDate.describe('Changes that took effect on or before this date'),
};

export type ChangesFilter = { mission?: string; kind?: string; from?: string; to?: string };

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Whether a change concerns the mission with a slug (see `missionConcerns`). */
export type Concerns = (e: AuditEvent, mission: string) => boolean;

/**
 * Whether a change concerns a mission: a change to it or its records, or a release or metadata
 * of a statistic one of its goals is measured by (a reader following the NHS mission hears of
 * new waiting times), as its goals are now.
 */
export async function missionConcerns(services: Services): Promise<Concerns> {
  const measuring = new Map<string, Set<string>>();
  for (const mission of await services.missions.stored())
    for (const goal of mission.goals)
      if (goal.indicatorId)
        measuring.set(
          goal.indicatorId,
          (measuring.get(goal.indicatorId) ?? new Set()).add(mission.slug),
        );
  return (e, mission) =>
    e.entityType === 'release' || e.entityType === 'indicator'
      ? // A release is recorded as `8.5.2#12`: the indicator, its release.
        (measuring.get(e.entityId.replace(/#[^#]*$/, ''))?.has(mission) ?? false)
      : missionOf(e) === mission;
}

export const matchesFilter = (f: ChangesFilter, concerns: Concerns) => (e: AuditEvent) => {
  const day = londonDay.format(new Date(e.effectiveAt ?? e.at));
  return (
    (!f.mission || concerns(e, f.mission)) &&
    (!f.kind || e.entityType === f.kind) &&
    (!f.from || day >= f.from) &&
    (!f.to || day <= f.to)
  );
};

export const changesQuerySchema = z.strictObject({
  ...changesFilterQuery,
  page: patternParam(/^[1-9]\d{0,5}$/, 'expected a page number from 1').describe('Page, from 1'),
  limit: patternParam(/^([1-9]\d?|100)$/, 'expected a number from 1 to 100').describe(
    'Entries a page, 1 to 100 (default 50)',
  ),
});

/** Each stored mission's title by its slug: how the change log names and filters by a mission. */
export const missionTitles = async (services: Services): Promise<Map<string, string>> =>
  new Map((await services.missions.stored()).map((m) => [m.slug, m.title]));
