// What the embedded engine throws when the file system fails it, turned into the Node-style
// system error ({ code, syscall, path }) that every other file failure is, so the CLI can say
// what happened and where. PGlite is PostgreSQL compiled by Emscripten: a file operation that
// fails outside PostgreSQL's own error handling (creating the database, for one) surfaces as
// Emscripten's ErrnoError, a plain object `{ name: 'ErrnoError', errno }` with Emscripten's own
// errno numbers and no message; a write that fails where PostgreSQL cannot recover aborts the
// engine with a bare "Aborted()".
import fs from 'node:fs';
import os from 'node:os';

/** Emscripten's numbers for the failures an operator can do something about (its ERRNO_CODES). */
const emscriptenErrnoCodes: Record<number, string> = {
  2: 'EACCES',
  19: 'EDQUOT',
  29: 'EIO',
  31: 'EISDIR',
  33: 'EMFILE',
  41: 'ENFILE',
  44: 'ENOENT',
  51: 'ENOSPC',
  54: 'ENOTDIR',
  63: 'EPERM',
  69: 'EROFS',
};

interface EmscriptenErrnoError {
  name: 'ErrnoError';
  errno: number;
}

export function isEmscriptenErrnoError(value: unknown): value is EmscriptenErrnoError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'ErrnoError' &&
    typeof (value as { errno?: unknown }).errno === 'number'
  );
}

/** The POSIX name (ENOSPC, …) of an Emscripten ErrnoError, or undefined for one we do not map. */
export function emscriptenErrnoCode(error: EmscriptenErrnoError): string | undefined {
  return emscriptenErrnoCodes[error.errno];
}

/** A Node-style system error, as `fs` itself throws: `code`, `syscall` and `path`. */
export function systemError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  const errno = (os.constants.errno as Record<string, number | undefined>)[code];
  if (errno !== undefined) error.errno = -errno;
  return error;
}

/**
 * A disk with less free than this when the engine aborts is taken to be why: PostgreSQL aborts
 * when it cannot write its log, and a log segment is 16 MiB.
 */
const NEARLY_FULL_BYTES = 32 * 2 ** 20;

function freeBytes(dir: string): number | undefined {
  try {
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

function isEngineAbort(error: unknown): boolean {
  return (
    error instanceof WebAssembly.RuntimeError ||
    (error instanceof Error && /^PGlite failed to initialize/.test(error.message))
  );
}

/**
 * The failure the engine reported while working on the database in `dir`, as a system error
 * naming `dir` when it was one; anything else is returned as it was.
 */
export function engineFailure(error: unknown, dir: string | undefined): unknown {
  if (isEmscriptenErrnoError(error)) {
    const code = emscriptenErrnoCode(error);
    if (code && dir) return systemError(code, code === 'ENOSPC' ? 'write' : 'open', dir);
    return error;
  }
  if (dir && isEngineAbort(error)) {
    const free = freeBytes(dir);
    if (free !== undefined && free < NEARLY_FULL_BYTES) return systemError('ENOSPC', 'write', dir);
  }
  return error;
}
