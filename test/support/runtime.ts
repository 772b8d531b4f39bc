// Test runtimes on real engines: an in-memory PGlite (from a seeded dump made once per
// process) or the throwaway PostgreSQL server that `npm test` starts.
import { loadConfig, type Config } from '../../src/config.ts';
import { before, after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createWebApp, openRuntime, type Runtime } from '../../src/compose.ts';
import { createPgliteDatabase } from '../../src/platform/db/pglite.ts';
import { createPostgresDatabase } from '../../src/platform/db/postgres.ts';
import type { Database } from '../../src/platform/db/database.ts';
import type { Clock } from '../../src/clock.ts';

export const testConfig: Config = loadConfig({}, '/tmp/northstar-test-unused');

let seededDump: Promise<Blob> | undefined;

/**
 * A fresh embedded database, empty or with the UK missions and bundled statistics: in memory,
 * or in `dir` as `npm start` keeps it.
 */
export async function pgliteRuntime(
  options: { seed?: boolean; clock?: Clock; dir?: string; snapshot?: boolean } = {},
): Promise<Runtime> {
  const { clock, dir, snapshot } = options;
  if (!options.seed)
    return openRuntime(testConfig, { db: await createPgliteDatabase(dir), clock, snapshot });
  seededDump ??= (async () => {
    const db = await createPgliteDatabase();
    const runtime = await openRuntime(testConfig, { db, seed: true });
    const dump = await db.dumpDataDir();
    await runtime.close();
    return dump;
  })();
  return openRuntime(testConfig, {
    db: await createPgliteDatabase(dir, { loadDataDir: await seededDump }),
    clock,
    snapshot,
  });
}

/**
 * The seeded site shared by a test file's tests: opened before them and closed after them.
 * Tests read `site.app` and `site.runtime` once it is open.
 */
export function seededSite(): { runtime: Runtime; app: FastifyInstance } {
  const site = {} as { runtime: Runtime; app: FastifyInstance };
  before(async () => {
    site.runtime = await pgliteRuntime({ seed: true });
    site.app = await createWebApp(site.runtime.services);
  });
  after(async () => {
    await site.app?.close();
    await site.runtime?.close();
  });
  return site;
}

/** The PostgreSQL server `npm test` starts; a clear failure, not a skip, when it is missing. */
export function testDatabaseUrl(): string {
  const url = process.env.NORTHSTAR_TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'NORTHSTAR_TEST_DATABASE_URL is not set: run the tests through `npm test`, which starts PostgreSQL',
    );
  return url;
}

/** A PostgreSQL database of its own (a fresh schema-less database on the test server). */
export async function postgresDatabase(name: string): Promise<Database> {
  const admin = await createPostgresDatabase(testDatabaseUrl());
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.close();
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return createPostgresDatabase(url.toString());
}

export async function postgresRuntime(
  name: string,
  options: { seed?: boolean } = {},
): Promise<Runtime> {
  return openRuntime({ ...testConfig }, { db: await postgresDatabase(name), seed: options.seed });
}
