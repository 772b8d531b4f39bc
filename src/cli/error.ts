// Failures the CLI expects, with the exit code each deserves.
import { inspect } from 'node:util';
import { ImportError } from '../features/statistics/importer.ts';
import { formatProblem } from '../features/statistics/readers/problem.ts';
import { MissionsFileError } from '../features/missions/load.ts';
import { LocalTargetsFileError } from '../features/missions/localTargetsFile.ts';
import { DatabaseLockedError } from '../platform/db/lock.ts';
import { emscriptenErrnoCode, isEmscriptenErrnoError } from '../platform/db/engineFailure.ts';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The exit code of a file or disk the command could not read or write (sysexits' EX_IOERR). */
export const IO_ERROR_EXIT = 74;

/** What each system failure an operator can act on means, and what to do about it. */
const systemFailures: Record<string, { what: string; advice: string }> = {
  ENOSPC: { what: 'No space left on device', advice: 'Free some space and run it again.' },
  EDQUOT: { what: 'Disk quota exceeded', advice: 'Free some space and run it again.' },
  EACCES: {
    what: 'Permission denied',
    advice: 'Check the owner and permissions of it and of the folders above it.',
  },
  EPERM: {
    what: 'Operation not permitted',
    advice: 'Check the owner and permissions of it and of the folders above it.',
  },
  EROFS: {
    what: 'Read-only file system',
    advice: 'Use a folder on a writable file system.',
  },
  EMFILE: {
    what: 'Too many open files',
    advice: 'Raise the limit on open files (ulimit -n) and run it again.',
  },
  ENFILE: {
    what: 'Too many open files on the system',
    advice: 'Close other programs or raise the system limit, and run it again.',
  },
  ENOENT: { what: 'No such file or directory', advice: 'Check the path.' },
  ENOTDIR: { what: 'Not a directory', advice: 'Check the path.' },
  EISDIR: { what: 'Is a directory, not a file', advice: 'Check the path.' },
  EIO: { what: 'Input/output error', advice: 'The disk may be failing: check the system log.' },
};

/** What the failed call was doing, in words (Node's `syscall` names). */
const doing: Record<string, string> = {
  open: 'opening',
  write: 'writing',
  read: 'reading',
  mkdir: 'creating',
  mkdtemp: 'creating a folder in',
  copyfile: 'copying',
  rename: 'renaming',
  unlink: 'removing',
  rmdir: 'removing',
  rm: 'removing',
  scandir: 'listing',
  opendir: 'listing',
  stat: 'reading',
  lstat: 'reading',
  access: 'opening',
  chmod: 'changing the permissions of',
};

interface SystemFailure {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

function systemFailureOf(error: unknown): SystemFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { syscall, path, dest, ...rest } = error as Record<string, unknown>;
  const code = isEmscriptenErrnoError(error) ? emscriptenErrnoCode(error) : rest.code;
  if (typeof code !== 'string' || !(code in systemFailures)) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { code, syscall: text(syscall), path: text(path), dest: text(dest) };
}

/** "No space left on device while writing /srv/site", and what to do about it. */
function describeSystemFailure({ code, syscall, path, dest }: SystemFailure): string {
  const { what, advice } = systemFailures[code]!;
  // Space runs out only when writing, whichever call noticed.
  const verb = code === 'ENOSPC' || code === 'EDQUOT' ? 'writing' : doing[syscall ?? ''];
  // A copy that fails for want of space or permission fails at its destination.
  const where = (syscall === 'copyfile' && dest) || path;
  const place = where ? ` while ${verb ?? 'using'} ${where}` : verb ? ` while ${verb}` : '';
  return `${what}${place}. ${advice}`;
}

/** A thrown value that is not an Error, shown as what it is rather than "[object Object]". */
function describeThrown(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 3, breakLength: Infinity });
}

export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (
    error instanceof ImportError ||
    error instanceof MissionsFileError ||
    error instanceof LocalTargetsFileError
  ) {
    return new CliError([...error.problems.map(formatProblem), error.message].join('\n'), 1);
  }
  if (error instanceof DatabaseLockedError) return new CliError(error.message, 3);
  const system = systemFailureOf(error);
  if (system) return new CliError(describeSystemFailure(system), IO_ERROR_EXIT);
  // PostgreSQL's own "disk full" (SQLSTATE 53100), from a server or the embedded engine.
  if (error instanceof Error && (error as { code?: unknown }).code === '53100') {
    return new CliError(
      `No space left on device while writing the database: ${error.message}. ${systemFailures.ENOSPC!.advice}`,
      IO_ERROR_EXIT,
    );
  }
  // Anything else is a bug or an environment failure: say so plainly, with the stack for a report.
  if (!(error instanceof Error)) {
    return new CliError(`unexpected error: ${describeThrown(error)}`, 70);
  }
  return new CliError(`unexpected error: ${error.message}\n${error.stack ?? ''}`, 70);
}

/**
 * `error` with `path` filled in when it is a failed write that did not say where (a `write`
 * call names no file): the file or folder the command was writing is the best answer left.
 * Any other failure is left as it was, not blamed on `path`.
 */
export function withPath(error: unknown, path: string): unknown {
  const system = systemFailureOf(error);
  if (!system || system.path) return error;
  const writing =
    system.syscall === 'write' || system.code === 'ENOSPC' || system.code === 'EDQUOT';
  return writing ? Object.assign(error as object, { path }) : error;
}
