// The statistics store as a publish snapshot reads it (see `openRuntime`'s `snapshot`): the
// releases asked for once, all together, and an indicator's figures once, whole, so that the
// hundreds of narrower questions the pages ask are answered from memory rather than each
// waiting its turn at the embedded engine. Answers are shared, so they are read, never changed.
import { keepReads } from '../../platform/db/keptReads.ts';
import type { Observation, ObservationQuery, StatisticsStore } from './store.ts';

/** Whether two breakdowns are the same (as `jsonb` equality decides: same keys, same values). */
function sameBreakdown(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Whether an observation is one `q` asks for, as the store's own query decides. */
const asked = (q: ObservationQuery) => (o: Observation) =>
  (q.series == null || o.series === q.series) &&
  (q.unit == null || o.unit === q.unit) &&
  (q.areaCode == null || o.areaCode === q.areaCode) &&
  (q.dimensions == null || sameBreakdown(o.dimensions, q.dimensions));

export function statisticsSnapshot(store: StatisticsStore) {
  const kept = keepReads(store, [
    'listIndicators',
    'listMeasures',
    'observations',
    'areaSeries',
    'releasedCount',
    'listReleases',
  ]);
  const reads = kept.store;
  const snapshot: StatisticsStore = {
    ...reads,
    async getIndicator(id, asAt) {
      return (await reads.listIndicators(asAt)).find((indicator) => indicator.id === id);
    },
    // A read inside a transaction (given its connection) is asked of the database, as ever.
    async listReleases(indicatorId, sql) {
      if (sql) return store.listReleases(indicatorId, sql);
      const all = await reads.listReleases();
      return indicatorId === undefined ? all : all.filter((r) => r.indicatorId === indicatorId);
    },
    // Newest first already, so the first one released by then is the one in force.
    async currentRelease(indicatorId, asAt, sql) {
      if (sql) return store.currentRelease(indicatorId, asAt, sql);
      return (await reads.listReleases()).find(
        (r) => r.indicatorId === indicatorId && Date.parse(r.releasedAt) <= asAt.getTime(),
      );
    },
    // Date bounds are left to the database, which knows how it reads a date.
    async observations(q) {
      if (q.from != null || q.to != null) return reads.observations(q);
      const all = await reads.observations({ indicatorId: q.indicatorId, asAt: q.asAt });
      const narrower = [q.series, q.unit, q.areaCode, q.dimensions].some((v) => v != null);
      return narrower ? all.filter(asked(q)) : all;
    },
  };
  return { store: snapshot, forget: kept.forget };
}
