// `northstar assess`: every goal's computed status, as text or JSON.
import type { Config } from '../../config.ts';
import { statusLabels } from '../../domain/assessment.ts';
import { openRuntime } from '../../compose.ts';
import { CliError } from '../error.ts';

export async function assess(config: Config, options: { asAt?: string; json?: boolean }) {
  let asAt: Date | undefined;
  if (options.asAt) {
    asAt = new Date(options.asAt.length === 10 ? `${options.asAt}T23:59:59.999Z` : options.asAt);
    if (Number.isNaN(asAt.getTime()))
      throw new CliError(`--as-at must be an ISO 8601 date, not "${options.asAt}"`, 2);
  }
  const runtime = await openRuntime(config, { seed: true });
  try {
    if (options.json) {
      const goals = await runtime.services.missions.assessments(asAt);
      process.stdout.write(
        `${JSON.stringify({ asAt: (asAt ?? new Date()).toISOString(), goals }, null, 2)}\n`,
      );
      return;
    }
    for (const m of await runtime.services.missions.list(asAt)) {
      process.stdout.write(`\n${m.title}\n`);
      for (const g of m.goals) {
        process.stdout.write(
          `  ${statusLabels[g.assessment.status].padEnd(15)} ${g.statement}\n  ${' '.repeat(15)} ${g.assessment.summary}\n`,
        );
      }
    }
  } finally {
    await runtime.close();
  }
}
