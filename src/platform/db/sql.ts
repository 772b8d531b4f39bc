// Small helpers every store uses to read and write rows the same way on both engines.

/** A timestamp column as an ISO instant, whichever engine returned it. */
export const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

/** A value for a jsonb parameter. */
export const json = (v: unknown) => JSON.stringify(v ?? null);

/** One writer at a time extends the audit chain and numbers releases, on either engine. */
export const WRITER_LOCK = 'select pg_advisory_xact_lock(7406)';
