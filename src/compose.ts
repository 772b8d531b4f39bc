// The composition root: the configured database, then each feature's store and service, wired
// together once. Commands, the web app and tests all start here.
import fs from 'node:fs';
import path from 'node:path';
import type { Area } from './domain/area.ts';
import YAML from 'yaml';
import type { Config, OpenIdSettings } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Database } from './platform/db/database.ts';
import { createPgliteDatabase } from './platform/db/pglite.ts';
import { createPostgresDatabase } from './platform/db/postgres.ts';
import { migrate } from './platform/db/migrate.ts';
import { withHeartbeat, type Heartbeat } from './platform/db/heartbeat.ts';
import { keepReads } from './platform/db/keptReads.ts';
import { loadGeography, type Geography } from './features/areas/geography.ts';
import { createAreasStore } from './features/areas/store.ts';
import { createAreasService } from './features/areas/service.ts';
import { createAuditStore } from './features/audit/store.ts';
import { createAuditService } from './features/audit/service.ts';
import { verifyRecord, type PublishedHead } from './features/audit/verify.ts';
import { createMissionsStore } from './features/missions/store.ts';
import { createMissionsService } from './features/missions/service.ts';
import { createMissionsLoader } from './features/missions/load.ts';
import { createStatisticsStore } from './features/statistics/store.ts';
import { createStatisticsService } from './features/statistics/service.ts';
import { statisticsSnapshot } from './features/statistics/snapshot.ts';
import { shippedPublications } from './features/statistics/recipes/publications.ts';
import { createPeopleStore } from './features/people/store.ts';
import { createPeopleService, LOCKOUT, type SessionLimits } from './features/people/service.ts';
import { createGovernanceStore } from './features/governance/store.ts';
import { createGovernanceService } from './features/governance/service.ts';
import { createPartnersStore } from './features/partners/store.ts';
import { createPartnersService } from './features/partners/service.ts';
import { createSettlementsStore } from './features/settlements/store.ts';
import { createSettlementsService } from './features/settlements/service.ts';
import { createReportsStore } from './features/reports/store.ts';
import { createReportsService } from './features/reports/reports.ts';
import type { GovernanceKind, Visibility } from './domain/governance.ts';
import { features } from './features/index.ts';
import { homeFirst } from './domain/government.ts';
import { createApp, type AppOptions } from './platform/http/app.ts';
import { createOpenIdClient } from './platform/auth/openid.ts';
import { keepPrintsIn } from './platform/pdf.ts';

export function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? createPostgresDatabase(config.databaseUrl)
    : createPgliteDatabase(config.dataDir);
}

/** Each feature's store on one database: its SQL, and nothing else's. */
export function createStores(db: Database, clock: Clock) {
  return {
    audit: createAuditStore(db, clock),
    statistics: createStatisticsStore(db),
    missions: createMissionsStore(db),
    areas: createAreasStore(db),
    people: createPeopleStore(db),
    governance: createGovernanceStore(db),
    reports: createReportsStore(db),
    partners: createPartnersStore(db),
    settlements: createSettlementsStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;

/** Every feature's service, on the stores of one database, one geography and one clock. */
export function createServices(
  db: Database & Heartbeat,
  stores: Stores,
  geography: Geography,
  clock: Clock,
  limits: { maxFileBytes?: number; sessions?: SessionLimits } = {},
  openId?: OpenIdSettings,
) {
  const audit = createAuditService(stores.audit);
  const statistics = createStatisticsService({
    store: stores.statistics,
    audit,
    geography,
    clock,
    limits,
  });
  const missions = {
    ...createMissionsService({ store: stores.missions, statistics, audit, geography, clock }),
    loadFile: createMissionsLoader({ store: stores.missions, statistics, audit, geography }),
  };
  const areas = {
    ...createAreasService(stores.areas, missions, geography),
    save: stores.areas.save,
  };
  const governance = createGovernanceService({
    store: stores.governance,
    audit,
    missions,
    clock,
  });
  const reports = createReportsService({ store: stores.reports, audit });
  const partners = createPartnersService({
    store: stores.partners,
    audit,
    missions,
    areas: stores.areas,
    clock,
  });
  const settlements = createSettlementsService({
    store: stores.settlements,
    audit,
    missions,
    geography,
  });
  const people = createPeopleService({
    store: stores.people,
    clock,
    sessionLimits: limits.sessions,
    // A role's scope must name something real: a government or mission that exists; an
    // indicator or organisation may be named before its first release or entry.
    scopeExists: async (role, scope) => {
      if (role === 'mission-editor')
        return (await stores.missions.listGovernments()).some((g) => g.slug === scope);
      if (role === 'steward') return (await missions.definitions()).some((m) => m.slug === scope);
      return /^[a-z0-9][a-z0-9._-]{0,99}$/i.test(scope);
    },
  });
  return {
    clock,
    onChange: audit.onChange,
    audit: {
      ...audit,
      /** The chain, every feature's stored state against it, and a published head if given. */
      verify: async (published?: PublishedHead) =>
        verifyRecord(
          await audit.chain(),
          [
            missions.differencesFromLog,
            missions.divisions.differencesFromLog,
            statistics.differencesFromLog,
            governance.differencesFromLog,
            reports.differencesFromLog,
            partners.differencesFromLog,
            settlements.differencesFromLog,
          ],
          published,
        ),
    },
    /** The newest event in effect, which every public page shows. */
    auditHead: audit.head,
    /** The governments, the home one first: the header's switcher between their overviews. */
    governments: async () => homeFirst(await missions.governments()),
    statistics,
    missions,
    areas,
    people,
    governance,
    reports,
    partners,
    settlements,
    /** How the web app knows who is asking (see platform/auth/guard.ts). */
    auth: { principal: people.principal, secret: people.secret },
    lockout: LOCKOUT,
    /** Sign-in at an OpenID provider, when one is configured. */
    openId: openId && createOpenIdClient(openId),
    /**
     * Changes whenever anything a page or answer shows could change: a recorded change, a
     * release reaching its time, or a new day (figures go stale by the day).
     */
    async version() {
      const now = clock.now();
      const [latestEventId, released] = await Promise.all([
        audit.latestId(),
        statistics.releasedCount(now),
      ]);
      return `${latestEventId}:${released}:${now.toISOString().slice(0, 10)}`;
    },
    async health() {
      // Busy is not down: a database that answered within the second is asked nothing more,
      // so the check never waits at the end of a long queue of other work.
      if (db.sinceLastAnswer() > 1000) await db.query('select 1');
      return { status: 'ok' as const, database: db.engine };
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/** The web app of every feature on these services. */
export const createWebApp = (services: Services, options?: AppOptions) =>
  createApp(services, features, options);

export interface Runtime {
  db: Database & Heartbeat;
  /** For tests and benches that look beneath the services. */
  stores: Stores;
  geography: Geography;
  services: Services;
  close(): Promise<void>;
}

/** Opens everything a command needs; `seed` loads the bundled content into an empty database. */
/** The reads a snapshot keeps: what every page asks, of one instant, again and again. */
function keptReadsOf(stores: Stores) {
  const statistics = statisticsSnapshot(stores.statistics);
  const missions = keepReads(stores.missions, [
    'listMissions',
    'listGovernments',
    'goalIndicator',
    'division',
  ]);
  const areas = keepReads(stores.areas, ['list']);
  // Each of the hundreds of area pages asks for its area: one list, read once, answers them all.
  let areasByCode: Promise<Map<string, Area>> | undefined;
  const area = async (code: string) => {
    areasByCode ??= areas.store.list().then((list) => new Map(list.map((a) => [a.code, a])));
    return (await areasByCode).get(code);
  };
  const settlements = keepReads(stores.settlements, ['list', 'get']);
  const audit = keepReads(stores.audit, [
    'list',
    'goalAndIndicatorEvents',
    'head',
    'latestId',
    'origin',
  ]);
  const governance = keepReads(stores.governance, ['list']);
  const partners = keepReads(stores.partners, ['organisations', 'pledges']);
  const kept = {
    ...stores,
    statistics: statistics.store,
    missions: missions.store,
    areas: { ...areas.store, get: area },
    audit: audit.store,
    settlements: settlements.store,
    governance: governance.store,
    partners: partners.store,
  };
  const forget = () => {
    areasByCode = undefined;
    [statistics, missions, areas, audit, settlements, governance, partners].forEach((kept) =>
      kept.forget(),
    );
  };
  return { stores: kept, forget };
}

export async function openRuntime(
  config: Config,
  options: {
    seed?: boolean;
    progress?: (message: string) => void;
    db?: Database;
    clock?: Clock;
    /**
     * One instant's view for publishing: the clock stops once the bundled content is in, and
     * the figures' answers are kept (until a change through these services), so hundreds of
     * pages ask each question once. Only for a process that is the database's only writer.
     */
    snapshot?: boolean;
  } = {},
): Promise<Runtime> {
  const progress = options.progress ?? (() => {});
  // Printed PDFs are kept beside the data directory's database (see pdf.ts); a runtime given
  // its database (a test's, in memory) keeps none.
  keepPrintsIn(options.db ? undefined : path.join(config.dataDir, 'prints'));
  const db = withHeartbeat(options.db ?? (await openDatabase(config)));
  try {
    const applied = await migrate(db);
    if (applied.length) progress(`Database schema: applied ${applied.join(', ')}`);
    const geography = loadGeography(config.geographyFile);
    let stopped: Date | undefined;
    const running = options.clock ?? systemClock;
    const clock: Clock = options.snapshot ? { now: () => stopped ?? running.now() } : running;
    let stores = createStores(db, clock);
    let forget = () => {};
    if (options.snapshot) ({ stores, forget } = keptReadsOf(stores));
    const services = createServices(
      db,
      stores,
      geography,
      clock,
      { maxFileBytes: config.maxImportBytes },
      config.openId,
    );
    services.onChange(forget);
    if (options.seed) await seed(services, geography, config, progress);
    if (options.snapshot) stopped = running.now();
    return { db, stores, geography, services, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** First start: the areas, the UK missions and the bundled statistics, each only if absent. */
async function seed(
  services: Services,
  geography: Geography,
  config: Config,
  progress: (m: string) => void,
) {
  if ((await services.areas.list()).length === 0) {
    await services.areas.save(geography.areas);
    progress(`Areas: loaded ${geography.areas.length} ONS areas`);
  }
  // Each government's file once, so an installation that predates one still gains it.
  const governments = new Set((await services.missions.governments()).map((g) => g.slug));
  for (const file of config.seed.missions) {
    const { government } = YAML.parse(fs.readFileSync(file, 'utf8')) as {
      government?: { slug?: string };
    };
    if (government?.slug && governments.has(government.slug)) continue;
    const { changes } = await services.missions.loadFile(
      file,
      'northstar',
      'Initial missions loaded on first start',
    );
    progress(`Missions: loaded ${file} (${changes} changes recorded)`);
  }
  if (!(await services.statistics.hasReleases())) {
    progress('Statistics: importing the bundled ONS files…');
    const started = services.clock.now().getTime();
    const report = await services.statistics.import(config.seed.statistics, { actor: 'northstar' });
    const rows = report.files.reduce((n, f) => n + f.rows, 0);
    const seconds = (services.clock.now().getTime() - started) / 1000;
    progress(
      `Statistics: ${report.files.length} indicators, ${rows.toLocaleString('en-GB')} observations in ${seconds.toFixed(1)} s`,
    );
  }
  // Each publisher's file once, so an installation that predates one still gains it.
  if (config.seed.publications) {
    for (const p of shippedPublications(config.seed.publications)) {
      const id = p.recipe.recipe.indicator.id;
      if ((await services.statistics.allReleases(id)).length > 0) continue;
      const report = await services.statistics.import([p.file], {
        actor: 'northstar',
        reason: `${p.recipe.recipe.publication.publisher}: ${p.recipe.recipe.publication.title}, loaded on first start`,
        recipe: p.recipe,
        publishedOn: p.publishedOn,
      });
      const rows = report.files.reduce((n, f) => n + f.rows, 0);
      progress(
        `Statistics: ${p.recipe.recipe.publication.publisher}, ${p.recipe.recipe.publication.title}: ${rows.toLocaleString('en-GB')} figures`,
      );
    }
  }
  // Governance last, after the missions it belongs to and the figures its example stocktake's
  // pack is judged on: boards as far as they are public, and an example stocktake per mission,
  // labelled as one (see missions/uk-governance.yaml).
  if ((await services.governance.list({ internal: true })).length === 0) {
    const missions = new Set((await services.missions.definitions()).map((m) => m.slug));
    for (const file of config.seed.governance ?? []) {
      const { records } = YAML.parse(fs.readFileSync(file, 'utf8')) as {
        records: {
          mission: string;
          kind: GovernanceKind;
          visibility: Visibility;
          content: unknown;
        }[];
      };
      let saved = 0;
      for (const r of records.filter((r) => missions.has(r.mission))) {
        await services.governance.save(
          { kind: r.kind, missionSlug: r.mission, visibility: r.visibility, content: r.content },
          {
            actor: 'northstar',
            reason:
              'Initial governance loaded on first start: boards as far as the public sources say, and an example stocktake labelled as one',
          },
        );
        saved++;
      }
      progress(`Governance: loaded ${file} (${saved} records)`);
    }
  }
}
