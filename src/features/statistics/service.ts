// The statistics' use cases: check and import files, and read indicators, releases and
// figures as published at an instant (never later than now, so embargo holds).
import { earlier, type Clock } from '../../clock.ts';
import type { Geography } from '../areas/geography.ts';
import type { AuditService } from '../audit/service.ts';
import { importFiles, MAX_FILE_BYTES, type InputFormat, type ReadOptions } from './importer.ts';
import { createManageService } from './manageService.ts';
import { previewImport } from './preview.ts';
import type { ObservationQuery, StatisticsStore } from './store.ts';
import { releasesDifferingFromLog } from './recorded.ts';
import type { ChainedEntry } from '../../domain/audit.ts';

/**
 * The instant to view data as at: never later than now, so a release embargoed until a future
 * time cannot be seen by asking for that time.
 */
export const visibleAt = (clock: Clock, asAt?: Date): Date => earlier(asAt, clock.now());

export function createStatisticsService(deps: {
  store: StatisticsStore;
  audit: Pick<AuditService, 'change'>;
  geography: Geography;
  clock: Clock;
  limits?: { maxFileBytes?: number };
}) {
  const { store, audit, geography, clock, limits = {} } = deps;
  const at = (asAt?: Date) => visibleAt(clock, asAt);
  return {
    import: (
      paths: string[],
      options: { releasedAt?: Date; actor: string; reason?: string } & ReadOptions,
    ) => importFiles(store, audit, paths, geography, { ...limits, ...options, now: clock.now() }),
    /** Indicators as published at `asAt` (now unless earlier): what their releases in force say. */
    listIndicators: (asAt?: Date) => store.listIndicators(at(asAt)),
    getIndicator: (id: string, asAt?: Date) => store.getIndicator(id, at(asAt)),
    /** Which way is better for an indicator, written within a change of a missions file. */
    saveDirection: store.saveDirection,
    observations: (query: Omit<ObservationQuery, 'asAt'> & { asAt?: Date }) =>
      store.observations({ ...query, asAt: at(query.asAt) }),
    /** One measure's figures in every area, with the indicator: how each area is judged. */
    areaSeries: (query: Omit<ObservationQuery, 'asAt' | 'areaCode' | 'from' | 'to'>, asAt?: Date) =>
      store.areaSeries({ ...query, asAt: at(asAt) }),
    measures: (indicatorId: string, asAt?: Date) => store.listMeasures(indicatorId, at(asAt)),
    /** Releases already published (embargoed ones are left out), newest first. */
    async releases(indicatorId: string, asAt?: Date) {
      const until = at(asAt);
      return (await store.listReleases(indicatorId)).filter((r) => new Date(r.releasedAt) <= until);
    },
    /** Whether any release is stored yet: a first start imports the bundled files. */
    hasReleases: async () => (await store.listReleases()).length > 0,
    /** What differs from the change log's latest events: for `audit verify`. */
    differencesFromLog: (latest: Map<string, ChainedEntry>) =>
      releasesDifferingFromLog(store, latest),
    /** How many releases are public at `instant` (now unless given). */
    releasedCount: (instant = clock.now()) => store.releasedCount(instant),

    // The workspace's: embargoed releases included, so never for a public surface.
    /** The largest file an import takes, an upload's included. */
    maxFileBytes: limits.maxFileBytes ?? MAX_FILE_BYTES,
    /** What importing `paths` now would change, storing nothing (see preview.ts). */
    preview: (paths: string[], options: { actor: string; format?: InputFormat }) =>
      previewImport(store, paths, geography, { ...limits, ...options, now: clock.now() }),
    /** Every release of an indicator (or of all), embargoed ones too, newest first. */
    allReleases: (indicatorId?: string) => store.listReleases(indicatorId),
    release: store.release,
    releaseBefore: store.releaseBefore,
    releaseFigures: store.releaseFigures,
    compareReleases: (releaseId: number, previousId: number | undefined, limit: number) =>
      store.compareReleases(releaseId, previousId, limit),
    /** Uploads waiting to be published and pre-release access (manageService.ts). */
    workspace: createManageService({ store: store.workspace, clock }),
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
