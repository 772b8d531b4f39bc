// The embedded engine: PostgreSQL compiled to WebAssembly, persisted in a directory. PGlite has
// no lock of its own, so a directory lock guards against a second process losing writes.
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Sql } from './database.ts';
import { acquireDirectoryLock } from './lock.ts';
import { engineFailure } from './engineFailure.ts';
import { restrictToOwner } from './ownerOnly.ts';
import path from 'node:path';
import fs from 'node:fs';

type Queryable = Pick<PGlite, 'query' | 'exec'>;

/** Each of `sql`'s operations, its failures told as what the file system did to the engine. */
function explained(sql: Sql, dir: string | undefined): Sql {
  const explain = (error: unknown): never => {
    throw engineFailure(error, dir);
  };
  return {
    copyFrom: (copy, source) => sql.copyFrom(copy, source).catch(explain),
    query: <R>(text: string, params?: unknown[]) => sql.query<R>(text, params).catch(explain),
    exec: (text) => sql.exec(text).catch(explain),
  };
}

function wrap(db: Queryable): Sql {
  return {
    async copyFrom(copy, source) {
      // PGlite reads COPY input from a Blob named /dev/blob rather than a client stream: a
      // stream of chunks is copied a few megabytes at a time, so memory stays flat.
      const fromBlob = copy.replace(/\bfrom\s+stdin\b/i, "from '/dev/blob'");
      if (typeof source === 'string') {
        await db.query(fromBlob, [], { blob: await fs.openAsBlob(source) });
        return;
      }
      let parts: (string | Uint8Array)[] = [];
      let length = 0;
      const flush = async () => {
        await db.query(fromBlob, [], { blob: new Blob(parts as BlobPart[]) });
        parts = [];
        length = 0;
      };
      for await (const chunk of source) {
        parts.push(chunk);
        length += chunk.length;
        if (length >= COPY_BATCH_CHARS) await flush();
      }
      if (length > 0) await flush();
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

/**
 * The engine runs each statement synchronously, and hands the next queued one the engine the
 * moment the last finishes, all within one turn of the event loop: under load it answered
 * queries for seconds on end while `/health`, timers and sockets waited. Here each statement
 * (or whole transaction) waits its turn and starts in a turn of the event loop of its own.
 */
function takingTurns(pg: PGlite): Queryable & Pick<PGlite, 'transaction'> {
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(operation: () => Promise<T>): Promise<T> => {
    const turn = last.then(() => new Promise((resolve) => setImmediate(resolve))).then(operation);
    last = turn.catch(() => {});
    return turn;
  };
  return {
    query: (...args) => inTurn(() => pg.query(...args)),
    exec: (...args) => inTurn(() => pg.exec(...args)),
    transaction: (fn) => inTurn(() => pg.transaction(fn)),
  };
}

/** How much streamed CSV one COPY statement takes. */
const COPY_BATCH_CHARS = 4 * 2 ** 20;

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
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    release = acquireDirectoryLock(dir);
    dataDir = path.join(dir, 'pgdata');
  }
  const explain = (error: unknown): never => {
    throw engineFailure(error, dir);
  };
  let pg: PGlite;
  try {
    // Dates stay ISO strings (YYYY-MM-DD), as the PostgreSQL adapter returns them.
    pg = await PGlite.create({
      dataDir,
      loadDataDir: options.loadDataDir,
      parsers: { [types.DATE]: (value: string) => value },
    }).catch(explain);
    // PGlite unpacks a new database with every file mode 0666, whatever the umask (it sets the
    // modes itself): they are made the owner's alone before anything is stored in them, and
    // any a later hand loosened are tightened again on every open.
    if (dataDir) restrictToOwner(dataDir);
  } catch (error) {
    release();
    throw error;
  }
  const engine = takingTurns(pg);
  return {
    engine: 'pglite',
    ...explained(wrap(engine), dir),
    transaction: (fn) => engine.transaction((tx) => fn(explained(wrap(tx), dir))).catch(explain),
    async dumpDataDir() {
      return (await pg.dumpDataDir('none').catch(explain)) as Blob;
    },
    async close() {
      try {
        await pg.close().catch(explain);
      } finally {
        release();
      }
    },
  };
}
