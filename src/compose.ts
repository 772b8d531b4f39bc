// Opens the configured database, brings its schema up to date and, on first start, loads
// the areas, the UK missions and the bundled official statistics.
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import { createPgliteDatabase } from './platform/db/pglite.ts';
import { createPostgresDatabase } from './platform/db/postgres.ts';
import { migrate } from './platform/db/migrate.ts';
import { createStore, type Store } from './features/statistics/store.ts';
import { loadGeography, type Geography } from './features/areas/geography.ts';
import { createServices, type Services } from './features/missions/service.ts';

export function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? createPostgresDatabase(config.databaseUrl)
    : createPgliteDatabase(config.dataDir);
}

export interface Runtime {
  db: Database;
  store: Store;
  geography: Geography;
  services: Services;
  close(): Promise<void>;
}

/** Opens everything a command needs; `seed` loads the bundled content into an empty database. */
export async function openRuntime(
  config: Config,
  options: { seed?: boolean; progress?: (message: string) => void; db?: Database } = {},
): Promise<Runtime> {
  const progress = options.progress ?? (() => {});
  const db = options.db ?? (await openDatabase(config));
  try {
    const applied = await migrate(db);
    if (applied.length) progress(`Database schema: applied ${applied.join(', ')}`);
    const store = createStore(db);
    const geography = loadGeography(config.geographyFile);
    const services = createServices(store, geography, { maxFileBytes: config.maxImportBytes });
    if (options.seed) await seed(store, services, geography, config, progress);
    return { db, store, geography, services, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function seed(
  store: Store,
  services: Services,
  geography: Geography,
  config: Config,
  progress: (m: string) => void,
) {
  const [{ count: areaCount }] = (await store.db.query<{ count: number }>(
    'select count(*)::int as count from areas',
  )) as [{ count: number }];
  if (areaCount === 0) {
    await store.saveAreas(geography.areas);
    progress(`Areas: loaded ${geography.areas.length} ONS areas`);
  }
  if ((await store.listMissions()).length === 0) {
    for (const file of config.seed.missions) {
      const { changes } = await services.missions.loadFile(
        file,
        'northstar',
        'Initial missions loaded on first start',
      );
      progress(`Missions: loaded ${file} (${changes} changes recorded)`);
    }
  }
  if ((await store.listReleases()).length === 0) {
    progress('Statistics: importing the bundled ONS files…');
    const started = Date.now();
    const report = await services.statistics.import(config.seed.statistics, { actor: 'northstar' });
    const rows = report.files.reduce((n, f) => n + f.rows, 0);
    progress(
      `Statistics: ${report.files.length} indicators, ${rows.toLocaleString('en-GB')} observations in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
