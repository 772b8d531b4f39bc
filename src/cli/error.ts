// Failures the CLI expects, with the exit code each deserves.
import { ImportError } from '../features/statistics/importer.ts';
import { formatProblem } from '../features/statistics/readers/problem.ts';
import { MissionsFileError } from '../features/missions/load.ts';
import { DatabaseLockedError } from '../platform/db/lock.ts';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ImportError || error instanceof MissionsFileError) {
    return new CliError([...error.problems.map(formatProblem), error.message].join('\n'), 1);
  }
  if (error instanceof DatabaseLockedError) return new CliError(error.message, 3);
  const message = error instanceof Error ? error.message : String(error);
  // Anything else is a bug or an environment failure: say so plainly, with the stack for a report.
  return new CliError(
    `unexpected error: ${message}\n${error instanceof Error ? error.stack : ''}`,
    70,
  );
}
