// Publishers' files as grids of cells, whatever they came as: XLSX and ODS workbooks (read by
// SheetJS), CSV (the one CSV reader) and Parquet (hyparquet). A recipe then finds its tables
// in the grids; nothing here knows what the cells mean.
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { Worker } from 'node:worker_threads';
import { parquetReadObjects } from 'hyparquet';
import { readCsvRows } from './csv/read.ts';

/** A cell as a file gives it: text, a number, a date (a date-formatted cell), or nothing. */
export type Cell = string | number | boolean | Date | null;

export interface Sheet {
  /** The sheet's name; '' for a CSV or Parquet file, which have one table each. */
  name: string;
  /** Rows of cells, counted from 0; row `r` is line `r + 1` of a CSV, row `r + 1` of a sheet. */
  rows: Cell[][];
  /**
   * The places a workbook's number cell is shown to, where its number format fixes them
   * (`#,##0.0` shows one), by row and column as `rows`; holes elsewhere.
   */
  places?: number[][];
}

export type SpreadsheetKind = 'xlsx' | 'ods' | 'csv' | 'parquet';

export interface Spreadsheet {
  kind: SpreadsheetKind;
  sheets: Sheet[];
}

/** A file that cannot be read as the kind its name says. */
export class SpreadsheetError extends Error {}

export function spreadsheetKind(file: string): SpreadsheetKind | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.ods') return 'ods';
  if (ext === '.csv') return 'csv';
  if (ext === '.parquet') return 'parquet';
  return undefined;
}

export async function readSpreadsheet(file: string, limits?: WorkbookLimits): Promise<Spreadsheet> {
  const kind = spreadsheetKind(file);
  const bytes = fs.readFileSync(file);
  switch (kind) {
    case 'csv':
      return { kind, sheets: [{ name: '', rows: csvRows(bytes) }] };
    case 'parquet':
      return { kind, sheets: [{ name: '', rows: await parquetRows(bytes) }] };
    case 'xlsx':
    case 'ods':
      return { kind, sheets: await workbookSheets(bytes, limits) };
    default:
      throw new SpreadsheetError(
        'not a spreadsheet this reads: give an .xlsx, .ods, .csv or .parquet file',
      );
  }
}

function csvRows(bytes: Uint8Array): Cell[][] {
  const rows: Cell[][] = [];
  for (const row of readCsvRows(bytes)) rows[row.line - 1] = row.cells;
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  return rows;
}

async function parquetRows(bytes: Buffer): Promise<Cell[][]> {
  let records: Record<string, unknown>[];
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    records = await parquetReadObjects({ file: file as ArrayBuffer });
  } catch (e) {
    throw new SpreadsheetError(`not a Parquet file this can read (${(e as Error).message})`);
  }
  const names = Object.keys(records[0] ?? {});
  const cell = (v: unknown): Cell =>
    v === null || v === undefined
      ? null
      : typeof v === 'bigint'
        ? Number(v)
        : typeof v === 'string' ||
            typeof v === 'number' ||
            typeof v === 'boolean' ||
            v instanceof Date
          ? v
          : String(v);
  return [names, ...records.map((r) => names.map((n) => cell(r[n])))];
}

/** How long reading a workbook may take, and how much memory it may use, before it is refused. */
export interface WorkbookLimits {
  timeoutMs?: number;
  memoryMb?: number;
}

/** Reads a workbook in a worker (workbookWorker.mjs), stopped if it takes too long. */
function workbookSheets(bytes: Buffer, limits: WorkbookLimits = {}): Promise<Sheet[]> {
  const { timeoutMs = 60_000, memoryMb = 2048 } = limits;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./workbookWorker.mjs', import.meta.url), {
      workerData: bytes,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(
        new SpreadsheetError(
          `the workbook could not be read within ${timeoutMs / 1000} s; it may be damaged`,
        ),
      );
    }, timeoutMs);
    worker.once('message', (answer: { sheets?: Sheet[]; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (answer.sheets) resolve(answer.sheets);
      else reject(new SpreadsheetError(`not a workbook this can read (${answer.error})`));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(new SpreadsheetError(`not a workbook this can read (${e.message})`));
    });
  });
}

/** `B14`: a cell's address as a spreadsheet shows it, from 0-based row and column. */
export const cellAddress = (row: number, column: number): string =>
  XLSX.utils.encode_cell({ r: row, c: column });

/** The date an Excel serial number stands for (1900 date system), or undefined. */
export function serialDate(serial: number): Date | undefined {
  const d = XLSX.SSF.parse_date_code(serial);
  if (!d || !(d.y > 1800 && d.y < 2200)) return undefined;
  return new Date(Date.UTC(d.y, d.m - 1, d.d));
}
