// The change log's use cases: reading it and the one way to write. Verifying it also asks
// every feature about its state, so it is composed with them (compose.ts, verify.ts).
import type { AuditStore } from './store.ts';

export function createAuditService(store: AuditStore) {
  return {
    change: store.change,
    onChange: store.onChange,
    list: store.list,
    goalAndIndicatorEvents: store.goalAndIndicatorEvents,
    /** The id of the latest event: ids only grow, so blocks of them make pages that never change. */
    latestId: store.latestId,
    /** The newest event in effect: what public pages show as the head of the log. */
    head: store.head,
    /** What tells this installation's log from every other's (feeds' ids carry it). */
    origin: store.origin,
    /** Every event, pending ones too, oldest first. */
    chain: store.chain,
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
