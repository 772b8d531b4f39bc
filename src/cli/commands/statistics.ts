// `northstar check` and `northstar import`: statistics files in, with a located report.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { loadGeography } from '../../features/areas/geography.ts';
import {
  checkFiles,
  ImportError,
  type ImportReport,
  type InputFormat,
} from '../../features/statistics/importer.ts';
import { formatProblem } from '../../features/statistics/readers/problem.ts';
import { openRuntime } from '../../compose.ts';
import { CliError, withPath } from '../error.ts';
import { loadRecipe, type LoadedRecipe } from '../../features/statistics/recipes/recipe.ts';
import { isIsoDate } from '../../domain/period.ts';

function printReport(report: ImportReport) {
  for (const f of report.files) {
    const what =
      f.placeholder && f.rows === 0
        ? 'placeholder, no data'
        : `${f.rows} rows, ${f.series} series, ${f.areas} areas, ${f.periods} periods`;
    process.stdout.write(`${f.outcome.padEnd(9)} ${f.indicatorId.padEnd(8)} ${what}  ${f.file}\n`);
  }
  for (const p of report.problems) process.stderr.write(`${formatProblem(p)}\n`);
}

/** The recipe and publication date given with `--source` and `--published`, checked. */
function sourceOptions(options: { source?: string; published?: string }): {
  recipe?: LoadedRecipe;
  publishedOn?: string;
} {
  if (options.published !== undefined && !options.source)
    throw new CliError("--published goes with --source: it dates a publisher's file", 2);
  if (options.published !== undefined && !isIsoDate(options.published))
    throw new CliError(`--published must be a date like 2026-04-23, not "${options.published}"`, 2);
  if (!options.source) return {};
  const { loaded, problems } = loadRecipe(options.source);
  for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
  if (!loaded) throw new CliError(`the recipe ${options.source} cannot be used`, 1);
  return { recipe: loaded, publishedOn: options.published };
}

export async function check(
  config: Config,
  paths: string[],
  options: { format?: InputFormat; source?: string; published?: string },
): Promise<void> {
  const report = await checkFiles(paths, loadGeography(config.geographyFile), {
    format: options.format,
    maxFileBytes: config.maxImportBytes,
    ...sourceOptions(options),
  });
  printReport(report);
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  if (errors) throw new CliError(`${errors} error${errors === 1 ? '' : 's'} found`, 1);
  process.stdout.write(
    `No errors in ${report.files.length} file${report.files.length === 1 ? '' : 's'}. Nothing was written.\n`,
  );
}

export async function importCommand(
  config: Config,
  paths: string[],
  options: {
    releaseAt?: string;
    actor: string;
    format?: InputFormat;
    report?: string;
    source?: string;
    published?: string;
  },
) {
  const source = sourceOptions(options);
  let releasedAt: Date | undefined;
  if (options.releaseAt) {
    releasedAt = new Date(options.releaseAt);
    if (
      !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(options.releaseAt) ||
      Number.isNaN(releasedAt.getTime())
    ) {
      throw new CliError(
        `--release-at must be an ISO 8601 date or time with a zone, like 2027-01-15T09:30:00Z, not "${options.releaseAt}"`,
        2,
      );
    }
  }
  const runtime = await openRuntime(config);
  const { clock } = runtime.services;
  const startedAt = clock.now();
  // Every import leaves a report behind, failed ones included: what was loaded, what was
  // warned about or wrong, and where.
  const reportFile =
    options.report ??
    path.join(
      config.dataDir,
      'reports',
      `import-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
    );
  const writeReport = (outcome: 'imported' | 'failed', report: ImportReport) => {
    fs.mkdirSync(path.dirname(reportFile), { recursive: true });
    const record = {
      outcome,
      startedAt: startedAt.toISOString(),
      finishedAt: clock.now().toISOString(),
      actor: options.actor,
      releasedAt: releasedAt?.toISOString() ?? null,
      paths,
      ...report,
    };
    try {
      fs.writeFileSync(reportFile, `${JSON.stringify(record, null, 2)}\n`);
    } catch (error) {
      throw withPath(error, reportFile);
    }
  };
  try {
    let report: ImportReport;
    try {
      report = await runtime.services.statistics.import(paths, {
        releasedAt,
        actor: options.actor,
        format: options.format,
        ...source,
      });
    } catch (error) {
      if (error instanceof ImportError) {
        writeReport('failed', { files: [], problems: error.problems });
        process.stderr.write(`Report: ${reportFile}\n`);
      }
      throw error;
    }
    writeReport('imported', report);
    printReport(report);
    const imported = report.files.filter((f) => f.outcome === 'imported').length;
    const unchanged = report.files.length - imported;
    process.stdout.write(
      `Imported ${imported} release${imported === 1 ? '' : 's'}${unchanged ? `; ${unchanged} unchanged (identical to the latest release)` : ''}` +
        `${releasedAt ? `, embargoed until ${releasedAt.toISOString()}` : ''}.\nReport: ${reportFile}\n`,
    );
  } finally {
    await runtime.close();
  }
}
