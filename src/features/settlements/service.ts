// Funding settlements' use cases: reading a file of them against what Northstar knows (the
// governments, the geography, the missions' goals), importing it all or nothing with each
// settlement's change recorded, removing one, and the settlements for an area or a mission.
// Importing the same file again records nothing.
import type { ChainedEntry } from '../../domain/audit.ts';
import { covers } from '../../domain/area.ts';
import { canonicalJson } from '../../domain/audit.ts';
import { differencesFromLog } from '../../domain/history.ts';
import type { AuditService } from '../audit/service.ts';
import type { Geography } from '../areas/geography.ts';
import type { MissionsService } from '../missions/service.ts';
import { readSettlements, type ReadSettlement } from './file.ts';
import { settlementState, type Settlement } from './settlement.ts';
import type { SettlementsStore } from './store.ts';

export interface ChangeMeta {
  actor: string;
  reason: string;
}

/** A change refused: nothing was saved. */
export class SettlementsError extends Error {}

/** What importing a file would do (or did) to each settlement it names. */
export interface ImportPlan {
  created: Settlement[];
  changed: { before: Settlement; after: Settlement }[];
  unchanged: Settlement[];
}

export function createSettlementsService(deps: {
  store: SettlementsStore;
  audit: AuditService;
  missions: Pick<MissionsService, 'stored' | 'governments'>;
  geography: Pick<Geography, 'byCode'>;
}) {
  const { store, audit, missions, geography } = deps;

  const needReason = (meta: ChangeMeta) => {
    if (!meta.reason.trim()) throw new SettlementsError('Give a reason for the change');
  };

  /** What the import of `read` would change, against the settlements stored now. */
  async function plan(read: ReadSettlement[]): Promise<ImportPlan> {
    const stored = new Map((await store.list()).map((s) => [s.id, s]));
    const result: ImportPlan = { created: [], changed: [], unchanged: [] };
    for (const { settlement } of read) {
      const before = stored.get(settlement.id);
      if (!before) result.created.push(settlement);
      else if (
        canonicalJson(settlementState(before)) === canonicalJson(settlementState(settlement))
      )
        result.unchanged.push(settlement);
      else result.changed.push({ before, after: settlement });
    }
    return result;
  }

  return {
    list: () => store.list(),
    get: (id: string) => store.get(id),

    /**
     * The settlements in a CSV file's bytes, checked against the governments, areas and goals
     * there are now (`only`: refused unless they are this government's); or, thrown, a
     * SettlementsFileError with every problem located.
     */
    async read(file: string, bytes: Uint8Array, only?: string): Promise<ReadSettlement[]> {
      const [governments, stored, settlements] = await Promise.all([
        missions.governments(),
        missions.stored(),
        store.list(),
      ]);
      return readSettlements(file, bytes, {
        governments,
        areas: geography.byCode,
        goals: new Set(stored.flatMap((m) => m.goals.map((g) => `${m.slug}/${g.slug}`))),
        owners: new Map(settlements.map((s) => [s.id, s.government])),
        only,
      });
    },

    plan,

    /**
     * Saves every settlement read, as one change: each new or changed one is an event, one
     * that is as stored records nothing. Settlements the file does not name are left as they
     * are. Answers what it did.
     */
    async import(read: ReadSettlement[], meta: ChangeMeta) {
      needReason(meta);
      return audit.change(meta, async (change) => {
        const done: ImportPlan = { created: [], changed: [], unchanged: [] };
        for (const { settlement } of read) {
          const before = await store.get(settlement.id, change.sql);
          // Checked again inside the change: someone may have saved it since the file was read.
          if (before && before.government !== settlement.government)
            throw new SettlementsError(
              `${settlement.id} is another government's settlement: nothing was saved`,
            );
          if (!(await store.save(change, settlement, before))) done.unchanged.push(settlement);
          else if (before) done.changed.push({ before, after: settlement });
          else done.created.push(settlement);
        }
        return { ...done, changes: change.recorded };
      });
    },

    /** Removes a settlement of `government`, on the record. */
    async remove(id: string, government: string, meta: ChangeMeta) {
      needReason(meta);
      return audit.change(meta, async (change) => {
        const before = await store.get(id, change.sql);
        if (!before || before.government !== government)
          throw new SettlementsError(`${government} has no settlement ${id}`);
        await store.remove(change, before);
      });
    },

    /** Settlements for the area or an area containing it. */
    async covering(code: string) {
      return (await store.list()).filter((s) => covers(s.area, code, geography.byCode));
    },

    /** The stored settlements against the log's latest events about them. */
    async differencesFromLog(latest: Map<string, ChainedEntry>) {
      const settlements = await store.list();
      return differencesFromLog(
        'settlement',
        new Map(settlements.map((s) => [s.id, settlementState(s)])),
        latest,
      );
    },
  };
}

export type SettlementsService = ReturnType<typeof createSettlementsService>;
