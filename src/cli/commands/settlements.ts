// `northstar settlements import`: funding settlements from a CSV file (see
// features/settlements/file.ts for its columns), all or nothing, each new or changed settlement
// recorded in the change log with the reason. The same file again changes nothing.
import fs from 'node:fs';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { SettlementsFileError } from '../../features/settlements/file.ts';
import { formatProblem } from '../../features/statistics/readers/problem.ts';
import { CliError } from '../error.ts';

export async function importSettlements(
  config: Config,
  file: string,
  options: { reason: string; actor: string },
) {
  const runtime = await openRuntime(config, { seed: true });
  try {
    const { settlements } = runtime.services;
    const read = await settlements.read(file, fs.readFileSync(file)).catch((error: unknown) => {
      if (error instanceof SettlementsFileError)
        throw new CliError([...error.problems.map(formatProblem), error.message].join('\n'), 1);
      throw error;
    });
    const done = await settlements.import(read, { actor: options.actor, reason: options.reason });
    const count = (n: number, what: string) => `${n} ${what}`;
    process.stdout.write(
      `Read ${count(read.length, read.length === 1 ? 'settlement' : 'settlements')} from ${file}: ${
        done.changes
          ? `${done.created.length} new, ${done.changed.length} changed, ${done.unchanged.length} unchanged; ${done.changes} changes recorded in the audit log`
          : 'no changes'
      }.\n`,
    );
  } finally {
    await runtime.close();
  }
}
