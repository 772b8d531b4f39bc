// The change log's use cases: reading it, verifying its chain, and the one way to write.
import { verifyChain } from '../../domain/audit.ts';
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
    /** Every event, pending ones too, oldest first. */
    chain: store.chain,
    async verify() {
      return verifyChain(await store.chain());
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
