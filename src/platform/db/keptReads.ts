// Answers of a store's reads kept by their arguments, for a process that asks the same
// questions of one instant many times over (publishing renders every page as at one instant,
// and every area's page asks each goal's figures). Only sound while the data cannot change
// unseen: the caller empties it on every change it makes, and no other process may write.
// Answers are shared between callers, so they are read, never changed.

/** Whether a value is data (text, numbers, dates, plain objects and arrays of them). */
function plain(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  if (value instanceof Date) return true;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null)
    return false;
  return Object.values(value).every(plain);
}

/** `store` with the reads named answered once for each distinct set of arguments. */
export function keepReads<S extends object, K extends keyof S & string>(
  store: S,
  reads: readonly K[],
): { store: S; forget(): void } {
  const kept = new Map<string, unknown>();
  const wrapped = { ...store };
  for (const name of reads) {
    const read = store[name] as (...args: unknown[]) => unknown;
    (wrapped as Record<string, unknown>)[name] = (...args: unknown[]) => {
      // A read within a transaction (given its connection) is asked, never kept.
      if (!args.every(plain)) return read.apply(store, args);
      const key = `${name}:${JSON.stringify(args)}`;
      if (!kept.has(key)) {
        const answer = read.apply(store, args);
        kept.set(key, answer);
        // A refused question is asked again next time, not remembered.
        if (answer instanceof Promise) answer.catch(() => kept.delete(key));
      }
      return kept.get(key);
    };
  }
  return { store: wrapped, forget: () => kept.clear() };
}
