// The embedded engine: PostgreSQL compiled to WebAssembly, persisted in a directory. PGlite has
// no lock of its own, so a directory lock guards against a second process losing writes.
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Sql } from './database.ts';
import { acquireDirectoryLock } from './lock.ts';
import path from 'node:path';
import fs from 'node:fs';

type Queryable = Pick<PGlite, 'query' | 'exec'>;

function wrap(db: Queryable): Sql {
  return {
    async copyFrom(copy, source) {
      // PGlite reads COPY input from a Blob named /dev/blob rather than a client stream.
      const blob = typeof source === 'string' ? await fs.openAsBlob(source) : await blobOf(source);
      await db.query(copy.replace(/\bfrom\s+stdin\b/i, "from '/dev/blob'"), [], { blob });
    },
    async query<R>(text: string, params: unknown[] = []) {
      const result = await db.query<R>(text, params);
      return result.rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

async function blobOf(chunks: AsyncIterable<string>): Promise<Blob> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Blob(parts);
}

/**
 * Opens (creating if needed) the embedded database under `dir`, or an in-memory one when
 * `dir` is undefined. `loadDataDir` starts from a dump, which is much faster than initdb.
 */
export async function createPgliteDatabase(
  dir?: string,
  options: { loadDataDir?: Blob } = {},
): Promise<Database & { dumpDataDir(): Promise<Blob> }> {
  let release = () => {};
  let dataDir: string | undefined;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    release = acquireDirectoryLock(dir);
    dataDir = path.join(dir, 'pgdata');
  }
  let pg: PGlite;
  try {
    // Dates stay ISO strings (YYYY-MM-DD), as the PostgreSQL adapter returns them.
    pg = await PGlite.create({
      dataDir,
      loadDataDir: options.loadDataDir,
      parsers: { [types.DATE]: (value: string) => value },
    });
  } catch (error) {
    release();
    throw error;
  }
  return {
    engine: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async dumpDataDir() {
      return (await pg.dumpDataDir('none')) as Blob;
    },
    async close() {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
