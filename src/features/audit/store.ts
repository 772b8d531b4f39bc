// The hash-chained record of changes. Every write in Northstar happens inside a `change`: one
// transaction whose recorded events are appended to the chain before it commits, so nothing is
// stored that the change log does not show.
import type { Database, Sql } from '../../platform/db/database.ts';
import { iso, json, WRITER_LOCK } from '../../platform/db/sql.ts';
import type { Clock } from '../../clock.ts';
import {
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  type AuditEntry,
  type ChainedEntry,
} from '../../domain/audit.ts';
import { earlier } from '../../clock.ts';

export type AuditEvent = ChainedEntry;
export type EntityType = AuditEntry['entityType'];

/** Who makes a change and why: every event of the change carries them unless it says otherwise. */
export interface ChangeMeta {
  actor: string;
  reason: string;
}

/** What one event may say for itself: its own actor and reason, and when it takes effect. */
export type EventMeta = Partial<ChangeMeta> & Pick<AuditEntry, 'effectiveAt' | 'internal'>;

/** A transaction that records what it changes. */
export interface Change {
  /** Where the change's writes go: its transaction. */
  readonly sql: Sql;
  /** How many events it has recorded so far. */
  readonly recorded: number;
  /**
   * Records that an entity went from `before` to `after` (`null`: absent); records nothing and
   * answers false when the two are the same content.
   */
  record(
    entityType: EntityType,
    entityId: string,
    before: unknown,
    after: unknown,
    meta?: EventMeta,
  ): boolean;
}

export interface AuditFilter {
  limit?: number;
  entityTypes?: string[];
  entityId?: string;
  /** Events in effect by this instant; never later than now, so pending ones stay unseen. */
  until?: Date;
  /** Event ids from and to, inclusive. */
  ids?: [number, number];
  /** Internal records' events too (for those who may read them); public ones only if not. */
  internal?: boolean;
}

function rowToAuditEvent(r: Record<string, unknown>): AuditEvent {
  return {
    id: Number(r.id),
    at: iso(r.at),
    actor: r.actor as string,
    entityType: r.entity_type as EntityType,
    entityId: r.entity_id as string,
    action: r.action as AuditEntry['action'],
    before: r.before,
    after: r.after,
    reason: r.reason as string,
    ...(r.effective_at ? { effectiveAt: iso(r.effective_at) } : {}),
    ...(r.internal ? { internal: true as const } : {}),
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

/** Appends events to the hash chain inside the caller's transaction, all stamped `at`. */
async function appendEvents(tx: Sql, entries: Omit<AuditEntry, 'at'>[], at: string) {
  if (entries.length === 0) return;
  await tx.query(WRITER_LOCK);
  const [last] = await tx.query<{ hash: string }>(
    'select hash from audit_events order by id desc limit 1',
  );
  let prevHash = last?.hash ?? GENESIS_HASH;
  for (const { effectiveAt, ...partial } of entries) {
    // An event takes effect when recorded unless it says another instant: later for an
    // embargoed release, earlier for a commitment made, or a publisher's release dated,
    // before it was recorded.
    const later =
      effectiveAt && new Date(effectiveAt).getTime() !== new Date(at).getTime()
        ? { effectiveAt: new Date(effectiveAt).toISOString() }
        : {};
    // Store exactly what was hashed, so verification reads back the same content.
    const entry: AuditEntry = JSON.parse(canonicalJson({ ...partial, ...later, at }));
    const hash = auditHash(prevHash, entry);
    await tx.query(
      `insert into audit_events (at, actor, entity_type, entity_id, action, before, after, reason, prev_hash, hash,
         effective_at, internal)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12)`,
      [
        entry.at,
        entry.actor,
        entry.entityType,
        entry.entityId,
        entry.action,
        json(entry.before),
        json(entry.after),
        entry.reason,
        prevHash,
        hash,
        entry.effectiveAt ?? null,
        entry.internal === true,
      ],
    );
    prevHash = hash;
  }
}

export function createAuditStore(db: Database, clock: Clock) {
  const listeners: (() => void)[] = [];
  /** The instant events are seen as at: `until` if given and past, else now. */
  const seenAt = (until?: Date) => earlier(until, clock.now()).toISOString();

  const inTransaction = <T>(meta: ChangeMeta, write: (change: Change) => Promise<T>) =>
    db.transaction(async (tx) => {
      const events: Omit<AuditEntry, 'at'>[] = [];
      const change: Change = {
        sql: tx,
        get recorded() {
          return events.length;
        },
        record(entityType, entityId, before, after, own = {}) {
          if (canonicalJson(before) === canonicalJson(after)) return false;
          const action = before === null ? 'create' : after === null ? 'delete' : 'update';
          events.push({ ...meta, ...own, entityType, entityId, action, before, after });
          return true;
        },
      };
      const result = await write(change);
      await appendEvents(tx, events, clock.now().toISOString());
      return result;
    });

  return {
    /**
     * Runs `write` in one transaction and appends the events it recorded, stamped with the
     * clock's time at the end; all of it or none of it is kept. Listeners hear of it after.
     */
    async change<T>(meta: ChangeMeta, write: (change: Change) => Promise<T>): Promise<T> {
      try {
        return await inTransaction(meta, write);
      } finally {
        for (const listener of listeners) listener();
      }
    },

    /** Tells `listener` (the response cache) whenever a change made through this process ends. */
    onChange(listener: () => void) {
      listeners.push(listener);
    },

    /** Audit events in effect, the latest to take effect first: all of them unless narrowed. */
    async list(filter: AuditFilter = {}): Promise<AuditEvent[]> {
      const rows = await db.query<Record<string, unknown>>(
        `select * from audit_events
         where ($1::text[] is null or entity_type = any($1)) and ($2::text is null or entity_id = $2)
           and coalesce(effective_at, at) <= $3
           and ($5::bigint is null or id between $5 and $6)
           and ($7 or not internal)
         order by coalesce(effective_at, at) desc, id desc limit $4`,
        [
          filter.entityTypes ?? null,
          filter.entityId ?? null,
          seenAt(filter.until),
          filter.limit ?? null,
          filter.ids?.[0] ?? null,
          filter.ids?.[1] ?? null,
          filter.internal === true,
        ],
      );
      return rows.map(rowToAuditEvent);
    },

    /**
     * What tells whether a goal's statistic was redefined after the goal was set, as known at
     * `until`: the goal's own events and the updates of the indicator it is measured by,
     * newest first.
     */
    async goalAndIndicatorEvents(
      goalKey: string,
      indicatorId: string | null,
      until?: Date,
    ): Promise<AuditEvent[]> {
      const rows = await db.query<Record<string, unknown>>(
        `select * from audit_events
         where ((entity_type = 'goal' and entity_id = $1)
                or (entity_type = 'indicator' and action = 'update' and entity_id = $2))
           and coalesce(effective_at, at) <= $3
         order by id desc`,
        [goalKey, indicatorId, seenAt(until)],
      );
      return rows.map(rowToAuditEvent);
    },

    /** Every event, in effect or not, oldest first: the whole chain, to verify it. */
    async chain(): Promise<AuditEvent[]> {
      const rows = await db.query<Record<string, unknown>>(
        'select * from audit_events order by id',
      );
      return rows.map(rowToAuditEvent);
    },

    /**
     * The newest event in effect now, to publish as the head of the log: a copy of it kept
     * elsewhere shows later whether the log was cut or rewritten.
     */
    async head(): Promise<{ id: number; hash: string } | undefined> {
      const [row] = await db.query<{ id: number; hash: string }>(
        `select id::int, hash from audit_events where coalesce(effective_at, at) <= $1 order by id desc limit 1`,
        [seenAt()],
      );
      return row;
    },

    /**
     * The first event's hash: made from its content and the moment it was recorded, so it tells
     * one installation's log from every other's, and it never changes. Empty before the first.
     */
    async origin(): Promise<string> {
      const [row] = await db.query<{ hash: string }>(
        'select hash from audit_events order by id limit 1',
      );
      return row?.hash ?? '';
    },

    /** The latest event's id (0 if none), in effect or not: ids only grow. */
    async latestId(): Promise<number> {
      const [row] = await db.query<{ id: number | null }>(
        'select max(id)::int as id from audit_events',
      );
      return row?.id ?? 0;
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
