// The audit log is a hash chain: each event's hash covers its content and the previous hash,
// so altering or deleting any past row breaks every link after it.
import { createHash } from 'node:crypto';
import type { GovernanceKind } from './governance.ts';

export interface AuditEntry {
  at: string; // ISO instant
  actor: string;
  entityType:
    | 'government'
    | 'mission'
    | 'goal'
    | 'project'
    | 'indicator'
    | 'release'
    | GovernanceKind
    | 'pack'
    | 'report'
    | 'organisation'
    | 'pledge'
    | 'pledge-submission'
    | 'goal-division'
    | 'local-target'
    | 'settlement';
  entityId: string;
  action: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
  reason: string;
  /**
   * When the change takes effect, where that is not `at`: the events of an embargoed release
   * are recorded when it is loaded and take effect at its release time; a commitment made
   * before it was recorded (a goal's `since`) takes effect from when it was made. Absent from
   * events that took effect when recorded, so their hashes are as they always were.
   */
  effectiveAt?: string;
  /**
   * An internal record's change: in the chain like any other, but shown only to those who may
   * read internal records, never on a public surface. Absent from public events.
   */
  internal?: true;
}

/** The instant an event takes effect: until then no public surface shows it. */
export const effectiveAt = (e: Pick<AuditEntry, 'at' | 'effectiveAt'>) => e.effectiveAt ?? e.at;

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

export interface ChainedEntry extends AuditEntry {
  id: number;
  prevHash: string;
  hash: string;
}

export type ChainCheck =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; brokenAt: number; reason: string };

/** Walks the chain oldest first and names the first event whose link or content does not hold. */
export function verifyChain(events: ChainedEntry[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (const { id, prevHash, hash, ...entry } of events) {
    if (prevHash !== prev) {
      return {
        ok: false,
        count: events.length,
        brokenAt: id,
        reason: `event ${id} does not follow the event before it (an event was removed or reordered)`,
      };
    }
    if (auditHash(prev, entry) !== hash) {
      return {
        ok: false,
        count: events.length,
        brokenAt: id,
        reason: `event ${id} has been altered: its content no longer matches its hash`,
      };
    }
    prev = hash;
  }
  return { ok: true, count: events.length, head: prev };
}
