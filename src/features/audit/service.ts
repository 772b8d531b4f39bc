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
    async verify() {
      return verifyChain((await store.list()).reverse());
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
