// Import as a whole: find the files a user named, read them all, and store them as releases
// in one transaction, or, if anything is wrong, store nothing and say where.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Geography } from '../areas/geography.ts';
import type { CopyChunks } from '../../platform/db/database.ts';
import { beginImport, type NewRelease } from './importTarget.ts';
import type { StatisticsStore } from './store.ts';
import type { AuditService } from '../audit/service.ts';
import { indicatorIdFromPath, parseOpenSdgData, parseOpenSdgMeta } from './readers/openSdg.ts';
import type { Problem } from './readers/problem.ts';
import { ImportBatch, recordRows, type ReleaseDraft } from './release.ts';
import { isTidyHeader, readTidy } from './readers/tidy.ts';
import type { LoadedRecipe } from './recipes/recipe.ts';
import { readWithRecipe } from './recipes/read.ts';
import { publicationInstant } from './recipes/dates.ts';
import {
  readSpreadsheet,
  SpreadsheetError,
  type Spreadsheet,
  type WorkbookLimits,
} from '../../platform/spreadsheet.ts';

/**
 * Open SDG files larger than this are refused before reading (published ones are a few MB);
 * tidy files are read as a stream, so any size fits.
 */
export const MAX_FILE_BYTES = 200 * 2 ** 20;

/** How to read the inputs: their format if not detected, and the largest file accepted. */
export interface ReadOptions {
  format?: InputFormat;
  maxFileBytes?: number;
  /** Read every file as this publication (`--source`): a publisher's spreadsheet. */
  recipe?: LoadedRecipe;
  /** The publication date (ISO), when the file's own is wrong or absent. */
  publishedOn?: string;
  /** How long a workbook may take to read before it is refused as damaged. */
  workbookLimits?: WorkbookLimits;
}

const size = (bytes: number) =>
  bytes >= 2 ** 20
    ? `${(bytes / 2 ** 20).toFixed(0)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(0)} KiB`
      : `${Math.round(bytes)} bytes`;

export interface InputFile {
  dataPath: string;
  metaPath?: string;
}

export interface FileReport {
  file: string;
  indicatorId: string;
  rows: number;
  series: number;
  areas: number;
  periods: number;
  placeholder: boolean;
  outcome: 'checked' | 'imported' | 'unchanged';
  releaseId?: number;
}

export interface ImportReport {
  files: FileReport[];
  problems: Problem[];
}

export class ImportError extends Error {
  constructor(readonly problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    super(`${errors} error${errors === 1 ? '' : 's'} found; nothing was imported`);
  }
}

/** Expands the paths a user gave (Open SDG folders, data folders or CSV files) into inputs. */
export function collectInputs(paths: string[]): { inputs: InputFile[]; problems: Problem[] } {
  const inputs: InputFile[] = [];
  const problems: Problem[] = [];
  const metaFor = (dataPath: string) => {
    const id = indicatorIdFromPath(dataPath);
    if (!id) return undefined;
    const candidate = path.join(
      path.dirname(dataPath),
      '..',
      'meta',
      `${id.replace(/\./g, '-')}.md`,
    );
    return fs.existsSync(candidate) ? candidate : undefined;
  };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch {
      problems.push({ severity: 'error', file: given, message: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) {
      const dataDir = fs.existsSync(path.join(given, 'data')) ? path.join(given, 'data') : given;
      const csvs = fs
        .readdirSync(dataDir)
        .filter((f) => f.toLowerCase().endsWith('.csv'))
        .sort();
      if (csvs.length === 0)
        problems.push({ severity: 'error', file: given, message: 'no CSV files in this folder' });
      for (const f of csvs) {
        const dataPath = path.join(dataDir, f);
        inputs.push({ dataPath, metaPath: metaFor(dataPath) });
      }
    } else {
      inputs.push({ dataPath: given, metaPath: metaFor(given) });
    }
  }
  return { inputs, problems };
}

export type InputFormat = 'open-sdg' | 'tidy';

/** Where rows go as they are read: the store's COPY, or nowhere when only checking. */
type RowSink = (rows: CopyChunks) => Promise<void>;

/** Reads one input into the batch: a tidy file as a stream, an Open SDG file whole. */
async function readInput(
  input: InputFile,
  geography: Geography,
  batch: ImportBatch,
  sink: RowSink,
  options: ReadOptions,
): Promise<void> {
  const { format, maxFileBytes = MAX_FILE_BYTES } = options;
  if (options.recipe) return readPublished(input.dataPath, geography, batch, sink, options);
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(input.dataPath, 'r');
  const headLength = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const firstLine =
    head
      .subarray(0, headLength)
      .toString('utf8')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  if (format === 'tidy' || (!format && isTidyHeader(firstLine))) {
    await sink(readTidy(input.dataPath, geography, batch));
    return;
  }
  // Open SDG files are small (a few MB as published) and read whole: the meaning of some
  // columns depends on every row.
  const bytesOnDisk = fs.statSync(input.dataPath).size;
  if (bytesOnDisk > maxFileBytes) {
    batch.problem({
      severity: 'error',
      file: input.dataPath,
      message: `the file is ${size(bytesOnDisk)}, over the limit of ${size(maxFileBytes)}; split it into smaller files`,
    });
    return;
  }
  const bytes = fs.readFileSync(input.dataPath);
  const hash = createHash('sha256').update(bytes);
  // Metadata first: it says which area rows without geography stand for.
  const metaBytes = input.metaPath ? fs.readFileSync(input.metaPath) : undefined;
  if (metaBytes) hash.update(metaBytes);
  const metaResult = metaBytes && parseOpenSdgMeta(input.metaPath!, metaBytes);
  const meta = metaResult?.meta;
  const parsed = parseOpenSdgData(input.dataPath, bytes, geography, {
    nationalArea: meta?.nationalArea,
    splitYear: meta?.splitYear,
  });
  for (const p of [...parsed.problems, ...(metaResult?.problems ?? [])]) batch.problem(p);
  if (meta && parsed.indicatorId && meta.id !== parsed.indicatorId) {
    batch.problem({
      severity: 'error',
      file: input.metaPath!,
      message: `indicator_number ${meta.id} does not match the data file's indicator ${parsed.indicatorId}`,
    });
  }
  if (!parsed.indicatorId) return;
  const draft = batch.draft(parsed.indicatorId, parsed.file, { duplicates: false });
  if (!draft) return;
  draft.meta = meta;
  draft.sha256 = hash.digest('hex');
  draft.placeholder = parsed.placeholder;
  await sink(recordRows(batch, draft, parsed.observations));
}

/** A publisher's spreadsheet read with its recipe into one release. */
async function readPublished(
  file: string,
  geography: Geography,
  batch: ImportBatch,
  sink: RowSink,
  options: ReadOptions,
): Promise<void> {
  const loaded = options.recipe!;
  const bytesOnDisk = fs.statSync(file).size;
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  if (bytesOnDisk > maxFileBytes) {
    batch.problem({
      severity: 'error',
      file,
      message: `the file is ${size(bytesOnDisk)}, over the limit of ${size(maxFileBytes)}`,
    });
    return;
  }
  let spreadsheet: Spreadsheet;
  try {
    spreadsheet = await readSpreadsheet(file, options.workbookLimits);
  } catch (e) {
    if (!(e instanceof SpreadsheetError)) throw e;
    batch.problem({ severity: 'error', file, message: e.message });
    return;
  }
  const result = readWithRecipe(file, spreadsheet, loaded, geography, options.publishedOn);
  for (const p of result.problems) batch.problem(p);
  const draft = batch.draft(loaded.recipe.indicator.id, file, { duplicates: false });
  if (!draft) return;
  draft.meta = result.meta;
  // The recipe is part of what was read: a corrected recipe is a new release.
  draft.sha256 = createHash('sha256')
    .update(fs.readFileSync(file))
    .update(fs.readFileSync(loaded.file))
    .update(options.publishedOn ?? '')
    .digest('hex');
  if (result.published) draft.releasedAt = publicationInstant(result.published);
  await sink(recordRows(batch, draft, result.observations));
}

function summarise(
  draft: ReleaseDraft,
  outcome: FileReport['outcome'],
  releaseId?: number,
): FileReport {
  return {
    file: draft.file,
    indicatorId: draft.indicatorId,
    rows: draft.rows,
    series: draft.seriesCount,
    areas: draft.areas.size,
    periods: draft.periods.length,
    placeholder: draft.placeholder,
    outcome,
    releaseId,
  };
}

/** Reads every input into one batch, handing rows to `sink` as they are read. */
async function readAll(
  paths: string[],
  geography: Geography,
  options: ReadOptions,
  firstReleaseId: number,
  sink: RowSink,
): Promise<ImportBatch> {
  const { inputs, problems } = collectInputs(paths);
  const batch = new ImportBatch(firstReleaseId, problems);
  for (const input of inputs) await readInput(input, geography, batch, sink, options);
  batch.finish();
  return batch;
}

/** Reads and validates everything, writing nothing. */
export async function checkFiles(
  paths: string[],
  geography: Geography,
  options: ReadOptions = {},
): Promise<ImportReport> {
  const drain = async (rows: CopyChunks) => {
    // Reading is what checks; the rows themselves go nowhere.
    for await (const chunk of rows) void chunk;
  };
  const batch = await readAll(paths, geography, options, 0, drain);
  return {
    files: [...batch.drafts.values()].map((d) => summarise(d, 'checked')),
    problems: batch.problems,
  };
}

/**
 * Imports the files as new releases, all in one transaction, storing rows as they are read.
 * A file identical to the indicator's latest release (data and metadata) is left alone and
 * reported `unchanged`.
 */
export async function importFiles(
  store: StatisticsStore,
  audit: Pick<AuditService, 'change'>,
  paths: string[],
  geography: Geography,
  options: ReadOptions & { releasedAt?: Date; now: Date; actor: string; reason?: string },
): Promise<ImportReport> {
  const given = collectInputs(paths).problems;
  if (given.length) throw new ImportError(given);
  const releasedAt = (options.releasedAt ?? options.now).toISOString();
  const meta = { actor: options.actor, reason: 'statistics imported' };
  return audit.change(meta, async (change) => {
    const target = await beginImport(change);
    const batch = await readAll(paths, geography, options, target.firstReleaseId, (rows) =>
      target.copy(rows),
    );
    if (batch.failed) throw new ImportError(batch.problems);
    const files: FileReport[] = [];
    const releases: NewRelease[] = [];
    for (const draft of batch.drafts.values()) {
      const [latest] = await store.listReleases(draft.indicatorId, change.sql);
      if (
        latest &&
        latest.sha256 === draft.sha256 &&
        (!(options.releasedAt || draft.releasedAt) ||
          latest.releasedAt === (draft.releasedAt ?? releasedAt))
      ) {
        files.push(summarise(draft, 'unchanged', latest.id));
        continue;
      }
      releases.push(
        draft.release(
          draft.releasedAt ?? releasedAt,
          options.actor,
          Boolean(draft.releasedAt ?? options.releasedAt),
        ),
      );
      files.push(summarise(draft, 'imported', draft.releaseId));
    }
    await target.finish(releases, batch.drafts.size, options.reason);
    return { files, problems: batch.problems };
  });
}
