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
    "A mission's slug: its changes and those of its goals and records",
  ),
  kind: textParam(40).describe('A kind of record: mission, goal, project, release, risk, …'),
  from: isoDate.describe('Changes that took effect on or after this date'),
  to: isoDate.describe('Changes that took effect on or before this date'),
};

export type ChangesFilter = { mission?: string; kind?: string; from?: string; to?: string };

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

export const matchesFilter = (f: ChangesFilter) => (e: AuditEvent) => {
  const day = londonDay.format(new Date(e.effectiveAt ?? e.at));
  return (
    (!f.mission || missionOf(e) === f.mission) &&
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
