// The governance records' SQL: one table for every kind, the content as JSON. Writes take a
// Change, so each is an audit event; an internal record's events are marked internal.
import type { Database, Sql } from '../../platform/db/database.ts';
import { iso, json } from '../../platform/db/sql.ts';
import type { Change } from '../audit/store.ts';
import type { GovernanceKind, GovernanceRecord, Visibility } from '../../domain/governance.ts';

export interface StoredRecord extends GovernanceRecord {
  recordedAt: string;
}

const rowToRecord = (r: Record<string, unknown>): StoredRecord => ({
  missionSlug: r.mission_slug as string,
  kind: r.kind as GovernanceKind,
  id: r.id as string,
  visibility: r.visibility as Visibility,
  content: r.content as GovernanceRecord['content'],
  recordedAt: iso(r.recorded_at),
});

/** What an audit event records of a record: its visibility and its content. */
export const recordedState = (record: Pick<GovernanceRecord, 'visibility' | 'content'>) => ({
  visibility: record.visibility,
  ...record.content,
});

export function createGovernanceStore(db: Database) {
  return {
    /** A mission's records (every mission's if none named), internal ones only if asked. */
    async list(options: { missionSlug?: string; internal: boolean; recordedBy?: Date }) {
      const rows = await db.query<Record<string, unknown>>(
        `select * from governance_records
         where ($1::text is null or mission_slug = $1) and ($2 or visibility = 'public')
           and ($3::timestamptz is null or recorded_at <= $3)
         order by mission_slug, kind, recorded_at, id`,
        [options.missionSlug ?? null, options.internal, options.recordedBy?.toISOString() ?? null],
      );
      return rows.map(rowToRecord);
    },

    /** One record; inside a change, read through its transaction (`sql`). */
    async get(missionSlug: string, kind: GovernanceKind, id: string, sql: Sql = db) {
      const [row] = await sql.query<Record<string, unknown>>(
        'select * from governance_records where mission_slug = $1 and kind = $2 and id = $3',
        [missionSlug, kind, id],
      );
      return row ? rowToRecord(row) : undefined;
    },

    /** The next free number for a decision, action or risk of a mission. */
    async nextNumber(change: Change, missionSlug: string, kind: GovernanceKind) {
      const [row] = await change.sql.query<{ n: number }>(
        `select coalesce(max(id::integer), 0) + 1 as n from governance_records
         where mission_slug = $1 and kind = $2 and id ~ '^[0-9]+$'`,
        [missionSlug, kind],
      );
      return String(row!.n);
    },

    /**
     * Writes one record and records the change. A record made public is recorded as new to the
     * public, so nothing of its internal past reaches the public change log.
     */
    async save(
      change: Change,
      record: GovernanceRecord,
      before: StoredRecord | undefined,
      at: Date,
    ) {
      const internal = record.visibility === 'internal';
      const wasPublic = before?.visibility === 'public';
      const changed = change.record(
        record.kind,
        `${record.missionSlug}/${record.id}`,
        before && (internal || wasPublic) ? recordedState(before) : null,
        recordedState(record),
        internal ? { internal: true } : {},
      );
      if (!changed) return false;
      await change.sql.query(
        `insert into governance_records (mission_slug, kind, id, visibility, content, recorded_at)
         values ($1, $2, $3, $4, $5::jsonb, $6)
         on conflict (mission_slug, kind, id) do update
           set visibility = excluded.visibility, content = excluded.content`,
        [
          record.missionSlug,
          record.kind,
          record.id,
          record.visibility,
          json(record.content),
          at.toISOString(),
        ],
      );
      return true;
    },
  };
}

export type GovernanceStore = ReturnType<typeof createGovernanceStore>;
