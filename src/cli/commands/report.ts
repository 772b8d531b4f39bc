// `northstar report annual --as-at DATE --out DIR`: the annual report to Parliament as at a date,
// frozen (its files stored and their SHA-256 recorded in the change log) and written to a folder
// with a SHA256SUMS file to check them by.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { isIsoDate } from '../../domain/period.ts';
import { makeAnnualReport, ReportError } from '../../features/reports/reports.ts';
import { CliError } from '../error.ts';

export async function annualReport(
  config: Config,
  options: { government: string; asAt: string; out: string; actor: string; reason: string },
): Promise<void> {
  if (!isIsoDate(options.asAt))
    throw new CliError(`--as-at ${options.asAt}: expected a date, YYYY-MM-DD`, 2);
  const runtime = await openRuntime(config, { seed: true });
  try {
    const key = { governmentSlug: options.government, kind: 'annual' as const, day: options.asAt };
    const made = await makeAnnualReport(runtime.services, key, {
      actor: options.actor,
      reason: options.reason,
    }).catch((error: unknown) => {
      throw error instanceof ReportError ? new CliError(error.message, 2) : error;
    });
    await fs.mkdir(options.out, { recursive: true });
    for (const file of made.files)
      await fs.writeFile(path.join(options.out, file.name), file.bytes);
    const sums = made.files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
    await fs.writeFile(path.join(options.out, 'SHA256SUMS'), sums);
    for (const missing of made.missing)
      process.stderr.write(
        `Not made: the ${missing}. Chromium is not installed here; install the chromium package and run this again for them.\n`,
      );
    process.stdout.write(
      `${made.report.title}: wrote ${made.files.length} files and SHA256SUMS to ${options.out}.\n` +
        sums +
        (made.recorded
          ? `Recorded their SHA-256 in the change log as report ${made.entityId}.\n`
          : `The change log already records these bytes for report ${made.entityId}: nothing new recorded.\n`),
    );
  } finally {
    await runtime.close();
  }
}
