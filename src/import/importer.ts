// Import as a whole: find the files a user named, read them all, and store them as releases
// in one transaction, or, if anything is wrong, store nothing and say where.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Store } from '../storage/store.ts';
import type { Geography } from './geography.ts';
import {
  indicatorIdFromPath,
  parseOpenSdgData,
  parseOpenSdgMeta,
  type IndicatorMeta,
  type ParsedIndicator,
} from './openSdg.ts';
import type { Problem } from './problem.ts';
import { isTidyHeader, parseTidy } from './tidy.ts';

/** Larger files are refused before reading (published indicator files are a few MB). */
export const MAX_FILE_BYTES = 200 * 2 ** 20;

/** How to read the inputs: their format if not detected, and the largest file accepted. */
export interface ReadOptions {
  format?: InputFormat;
  maxFileBytes?: number;
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

interface ReadInput {
  parsed: ParsedIndicator;
  meta?: IndicatorMeta;
  sha256: string;
}

export type InputFormat = 'open-sdg' | 'tidy';

/** One input file as the releases it holds: one for Open SDG, one per indicator for tidy CSV. */
function readInput(input: InputFile, geography: Geography, options: ReadOptions): ReadInput[] {
  const { format, maxFileBytes = MAX_FILE_BYTES } = options;
  const bytesOnDisk = fs.statSync(input.dataPath).size;
  if (bytesOnDisk > maxFileBytes) {
    const problem: Problem = {
      severity: 'error',
      file: input.dataPath,
      message: `the file is ${size(bytesOnDisk)}, over the limit of ${size(maxFileBytes)}; split it into smaller files`,
    };
    return [
      {
        parsed: {
          indicatorId: '',
          file: input.dataPath,
          observations: [],
          placeholder: false,
          problems: [problem],
        },
        sha256: '',
      },
    ];
  }
  const bytes = fs.readFileSync(input.dataPath);
  const firstLine =
    bytes
      .subarray(0, 4096)
      .toString('utf8')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  if (format === 'tidy' || (!format && isTidyHeader(firstLine))) {
    // Each indicator's fingerprint covers the file and its id, so an unchanged file is seen as such.
    const file = createHash('sha256').update(bytes).digest();
    return parseTidy(input.dataPath, bytes, geography).map((parsed) => ({
      parsed,
      sha256: createHash('sha256').update(file).update(parsed.indicatorId).digest('hex'),
    }));
  }
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
  parsed.problems.push(...(metaResult?.problems ?? []));
  if (meta && parsed.indicatorId && meta.id !== parsed.indicatorId) {
    parsed.problems.push({
      severity: 'error',
      file: input.metaPath!,
      message: `indicator_number ${meta.id} does not match the data file's indicator ${parsed.indicatorId}`,
    });
  }
  return [{ parsed, meta, sha256: hash.digest('hex') }];
}

function summarise(
  parsed: ParsedIndicator,
  outcome: FileReport['outcome'],
  releaseId?: number,
): FileReport {
  const distinct = (f: (o: ParsedIndicator['observations'][number]) => unknown) =>
    new Set(parsed.observations.map(f)).size;
  return {
    file: parsed.file,
    indicatorId: parsed.indicatorId,
    rows: parsed.observations.length,
    series: distinct((o) => `${o.series}\u0000${o.unit}`),
    areas: distinct((o) => o.areaCode),
    periods: distinct((o) => o.period.label),
    placeholder: parsed.placeholder,
    outcome,
    releaseId,
  };
}

function readAll(paths: string[], geography: Geography, options: ReadOptions) {
  const { inputs, problems } = collectInputs(paths);
  const read = inputs.flatMap((input) => readInput(input, geography, options));
  const seen = new Map<string, string>();
  for (const { parsed } of read) {
    const other = seen.get(parsed.indicatorId);
    if (other) {
      problems.push({
        severity: 'error',
        file: parsed.file,
        message: `indicator ${parsed.indicatorId} is also in ${other}; import one file per indicator`,
      });
    }
    seen.set(parsed.indicatorId, parsed.file);
    problems.push(...parsed.problems);
  }
  return { read, problems };
}

/** Reads and validates everything, writing nothing. */
export function checkFiles(
  paths: string[],
  geography: Geography,
  options: ReadOptions = {},
): ImportReport {
  const { read, problems } = readAll(paths, geography, options);
  return { files: read.map((r) => summarise(r.parsed, 'checked')), problems };
}

/**
 * Imports the files as new releases, all in one transaction. A file identical to the
 * indicator's latest release (data and metadata) is left alone and reported `unchanged`.
 */
export async function importFiles(
  store: Store,
  paths: string[],
  geography: Geography,
  options: ReadOptions & { releasedAt?: Date; actor: string },
): Promise<ImportReport> {
  const { read, problems } = readAll(paths, geography, options);
  if (problems.some((p) => p.severity === 'error')) throw new ImportError(problems);
  const releasedAt = (options.releasedAt ?? new Date()).toISOString();
  const files = await store.db.transaction(async (tx) => {
    const reports: FileReport[] = [];
    for (const { parsed, meta, sha256 } of read) {
      const [latest] = (await store.listReleases(parsed.indicatorId, tx)) ?? [];
      if (
        latest &&
        latest.sha256 === sha256 &&
        (!options.releasedAt || latest.releasedAt === releasedAt)
      ) {
        reports.push(summarise(parsed, 'unchanged', latest.id));
        continue;
      }
      const release = await store.saveRelease(
        tx,
        {
          indicatorId: parsed.indicatorId,
          releasedAt,
          loadedBy: options.actor,
          sourceFile: parsed.file,
          sha256,
        },
        meta,
        parsed.observations,
      );
      reports.push(summarise(parsed, 'imported', release.id));
    }
    return reports;
  });
  return { files, problems };
}
