// `northstar assess`: every goal's computed status, as text or JSON.
import type { Config } from '../../config.ts';
import { endOfIsoDate, isIsoDate } from '../../domain/period.ts';
import { statusLabels } from '../../domain/status.ts';
import { openRuntime } from '../../compose.ts';
import { CliError } from '../error.ts';

export async function assess(config: Config, options: { asAt?: string; json?: boolean }) {
  let asAt: Date | undefined;
  if (options.asAt) {
    const given = options.asAt;
    asAt = isIsoDate(given) ? endOfIsoDate(given) : new Date(given.length === 10 ? NaN : given);
    if (Number.isNaN(asAt.getTime()))
      throw new CliError(`--as-at must be an ISO 8601 date, not "${given}"`, 2);
  }
  const runtime = await openRuntime(config, { seed: true });
  try {
    if (options.json) {
      const judged = await runtime.services.missions.assessments(asAt);
      const json = { asAt: judged.asAt.toISOString(), goals: judged.goals };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
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
