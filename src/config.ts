// Configuration read once from the environment into a typed object that is passed in, never
// read at import time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the repository's own files are (bundled data, missions, templates). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  /** PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Folder of the embedded database. */
  dataDir: string;
  port: number;
  host: string;
  production: boolean;
  /** Files the first start loads. */
  seed: { missions: string[]; statistics: string[] };
  geographyFile: string;
  /** The largest statistics file an import or check accepts (default: the importer's own). */
  maxImportBytes?: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
  }
  const maxImportMib = env.NORTHSTAR_MAX_IMPORT_MIB
    ? Number(env.NORTHSTAR_MAX_IMPORT_MIB)
    : undefined;
  if (maxImportMib !== undefined && !(maxImportMib > 0)) {
    throw new ConfigError(
      `NORTHSTAR_MAX_IMPORT_MIB must be a positive number of MiB, not "${env.NORTHSTAR_MAX_IMPORT_MIB}"`,
    );
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    databaseUrl,
    dataDir: path.resolve(cwd, env.NORTHSTAR_DATA_DIR || '.northstar'),
    port,
    host: env.HOST || 'localhost',
    production: env.NODE_ENV === 'production',
    seed: {
      missions: [path.join(ROOT, 'missions', 'uk.yaml')],
      statistics: [path.join(ROOT, 'data', 'uk-sdg')],
    },
    geographyFile: path.join(ROOT, 'data', 'geography', 'area_all_codes.csv'),
    maxImportBytes: maxImportMib && maxImportMib * 2 ** 20,
  };
}
