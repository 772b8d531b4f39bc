// The scale path: a PostgreSQL server reached through `pg`, same SQL as the embedded engine.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Sql } from './database.ts';

// Dates stay ISO strings (YYYY-MM-DD) as on PGlite, not JS Dates at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint ids and counts fit in a JS number here; PGlite returns numbers too.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

function wrap(client: pg.Pool | pg.PoolClient): Sql {
  return {
    async copyFrom(copy, source) {
      // COPY needs one connection throughout: a pool lends one for the duration.
      const connection = 'release' in client ? client : await client.connect();
      try {
        await pipeline(
          typeof source === 'string' ? fs.createReadStream(source) : Readable.from(source),
          connection.query(copyFrom(copy)),
        );
      } finally {
        if (connection !== client) (connection as pg.PoolClient).release();
      }
    },
    async query<R>(text: string, params: unknown[] = []) {
      const result = await client.query(text, params);
      return result.rows as R[];
    },
    async exec(text: string) {
      await client.query(text);
    },
  };
}

export async function createPostgresDatabase(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // Fail at start with the server's own message rather than at the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    engine: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
