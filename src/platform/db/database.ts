// The one thing both engines must provide: parameterised SQL and transactions. Everything
// above this line (store, services) is written once against it.

/** Runs one parameterised statement and returns its rows. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * Bulk-loads CSV with `copy` (a `COPY … FROM STDIN (FORMAT csv …)` statement) from `source`:
   * a file's path, or chunks of CSV text (each ending at the end of a row).
   */
  copyFrom(copy: string, source: string | CopyChunks): Promise<void>;
}

/** CSV text or bytes for COPY, in chunks. */
export type CopyChunks = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** A database connection: the embedded PGlite engine or a PostgreSQL server. */
export interface Database extends Sql {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
