// When the database last answered. Under load a query waits behind every other in the engine's
// queue (the embedded engine answers one at a time), so asking it "are you there?" then takes
// as long as the queue. A database that answered something a moment ago is there: the health
// check asks only when it has heard nothing lately.
import { performance } from 'node:perf_hooks';
import type { Database } from './database.ts';

export interface Heartbeat {
  /** Milliseconds since the database last answered a query (Infinity: never). */
  sinceLastAnswer(): number;
}

/** `db` with a note of when it last answered; its queries and transactions are unchanged. */
export function withHeartbeat(db: Database): Database & Heartbeat {
  let lastAnswer = -Infinity;
  const answered = <T>(result: T) => {
    lastAnswer = performance.now();
    return result;
  };
  return {
    ...db,
    engine: db.engine,
    query: <R>(text: string, params?: unknown[]) => db.query<R>(text, params).then(answered),
    exec: (text) => db.exec(text).then(answered),
    copyFrom: (copy, source) => db.copyFrom(copy, source).then(answered),
    transaction: (fn) => db.transaction(fn).then(answered),
    close: () => db.close(),
    sinceLastAnswer: () => performance.now() - lastAnswer,
  };
}
