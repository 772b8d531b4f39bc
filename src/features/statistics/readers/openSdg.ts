// Reads one indicator in the Open SDG data/meta convention (as published by ONS) into
// observations, with every problem located by file and line. Pure: bytes in, records out.
import YAML, { isNode } from 'yaml';
import { parsePeriod, type Period, type SplitYear } from '../../../domain/period.ts';
import { createAssessmentMemo, type AssessmentMemo } from '../../../domain/memo.ts';
import { UK_CODE } from '../../../domain/area.ts';
import { isWebAddress, webAddressRule } from '../../../domain/url.ts';
import type { Geography } from '../../areas/geography.ts';
import {
  cellNumber,
  CsvDecodeError,
  CsvQuoteError,
  decodeUtf8,
  readCsvRows,
  type CsvRow,
} from '../../../platform/csv/read.ts';
import type { Problem } from './problem.ts';
import { checkHeader, locateColumns, type OpenSdgColumns } from './openSdgColumns.ts';
import { undoTwiceEncoded } from './twiceEncoded.ts';

export interface ObservationRecord {
  line: number;
  series: string;
  unit: string;
  areaCode: string | null;
  dimensions: Record<string, string>;
  period: Period;
  value: number | null;
  status: string;
  note: string | null;
}

export interface IndicatorMeta {
  id: string;
  /** The area that rows without geography stand for, from `national_geographical_coverage`. */
  nationalArea: string;
  title: string;
  definition: string | null;
  unit: string | null;
  /** How its one-year split labels (`2021/22`) read: academic when the metadata says so. */
  splitYear: SplitYear;
  source: { organisation?: string; title?: string; url?: string; licence: string };
  meta: Record<string, unknown>;
}

export interface ParsedIndicator {
  indicatorId: string;
  file: string;
  observations: ObservationRecord[];
  /** True for the published stand-ins ("There is no data for this indicator yet"). */
  placeholder: boolean;
  problems: Problem[];
}

const OGL = 'Open Government Licence v3.0';

/** `data/indicator_8-5-2.csv` or `meta/8-5-2.md` → `8.5.2`. */
export function indicatorIdFromPath(file: string): string | undefined {
  const match = /(?:^|[/\\])(?:indicator_)?(\d{1,2}-[0-9a-z]{1,2}-\d{1,2})\.(?:csv|md)$/i.exec(
    file,
  );
  return match?.[1]?.toLowerCase().replace(/-/g, '.');
}

const placeholderPattern =
  /^(this is a non-statistical indicator|there is (no|not) data for this indicator yet|this indicator has embedded content but no data)\.?$/i;

const statusVocabulary: [RegExp, string][] = [
  [/suppressed/, 'suppressed'],
  [/^missing/, 'missing'],
  [/^estimated/, 'estimated'],
  [/^provisional/, 'provisional'],
  [/^low reliability/, 'low-reliability'],
  [/^definition differs/, 'definition-differs'],
  [/^(normal value|undefined|)$/, 'normal'],
];

/** Publishers' free-text flags reduced to a small vocabulary; other wording is kept as a note. */
export function normaliseStatus(
  text: string,
  blank: boolean,
): { status: string; note: string | null } {
  const wording = text.trim();
  const found = statusVocabulary.find(([pattern]) => pattern.test(wording.toLowerCase()));
  let status = found?.[1] ?? 'normal';
  // A blank value is no observation, whatever the flag says.
  if (blank && ['normal', 'estimated', 'provisional'].includes(status)) status = 'missing';
  return { status, note: found ? null : wording };
}

/** Records a problem, at a line and a column counted from 1 where known. */
type Report = (message: string, line?: number, column?: number) => void;

/** Parses one Open SDG data CSV. */
export function parseOpenSdgData(
  file: string,
  bytes: Uint8Array,
  geography: Geography,
  options: { splitYear?: SplitYear; indicatorId?: string; nationalArea?: string } = {},
): ParsedIndicator {
  const problems: Problem[] = [];
  const indicatorId = options.indicatorId ?? indicatorIdFromPath(file) ?? '';
  const result: ParsedIndicator = {
    indicatorId,
    file,
    observations: [],
    placeholder: false,
    problems,
  };
  const error: Report = (message, line, column) =>
    problems.push({ severity: 'error', file, line, column, message });
  const warn: Report = (message, line, column) =>
    problems.push({ severity: 'warning', file, line, column, message });

  if (!indicatorId)
    error('cannot tell the indicator from the file name (expected indicator_G-T-N.csv)');
  let rows: CsvRow[];
  try {
    rows = readCsvRows(bytes);
  } catch (e) {
    if (e instanceof CsvDecodeError || e instanceof CsvQuoteError) {
      error(e.message, e.line, e instanceof CsvDecodeError ? e.column : undefined);
      return result;
    }
    throw e;
  }
  rows = rows.filter((r) => !(r.cells.length === 1 && r.cells[0]?.trim() === ''));
  const header = rows.shift();
  if (!header) {
    error('the file is empty: expected a header row with Year and Value');
    return result;
  }
  const names = header.cells.map((c) => c.trim());
  checkHeader(names, header.line, error);
  if (problems.some((p) => p.severity === 'error')) return result;
  const columns = locateColumns(names, rows);
  readObservations(
    rows,
    {
      columns,
      geography,
      options,
      error,
      warn,
      unknownAreas: new Map(),
      reencoded: new Map(),
      memo: createAssessmentMemo(),
    },
    result,
  );
  return result;
}

/** What reading a data file's rows needs, once its header has been checked. */
interface RowReading {
  columns: OpenSdgColumns;
  geography: Geography;
  options: { splitYear?: SplitYear; nationalArea?: string };
  error: Report;
  warn: Report;
  /** Each area name or code that matched no area, with the first line it is on. */
  unknownAreas: Map<string, number>;
  /** A file repeats a handful of period labels: each is read once. */
  memo: AssessmentMemo;
  /** Each label read again as UTF-8 encoded twice (`Â£`), with the first line it is on. */
  reencoded: Map<string, { text: string; line: number }>;
}

/** A label's text (a series, unit or breakdown), encoded twice in the file or not. */
function label(line: number, cells: string[], c: number, reading: RowReading): string {
  const text = cell(cells, c);
  const meant = undoTwiceEncoded(text);
  if (meant !== text && !reading.reencoded.has(text))
    reading.reencoded.set(text, { text: meant, line });
  return meant;
}

/** A cell's text, trimmed; '' for a column the file does not have. */
function cell(cells: string[], c: number): string {
  return c >= 0 ? (cells[c] ?? '').trim() : '';
}

/** Adds the rows after the header to the result as observations, with their problems. */
function readObservations(rows: CsvRow[], reading: RowReading, result: ParsedIndicator): void {
  const seen = new Map<string, { line: number; value: number | null }>();
  for (const { line, cells } of rows) {
    if (placeholderPattern.test(cell(cells, reading.columns.year))) {
      result.placeholder = true;
      continue;
    }
    const record = observationOf(line, cells, reading);
    if (!record) continue;
    warnIfRepeated(record, seen, reading.warn);
    result.observations.push(record);
  }
  for (const [text, meant] of reading.reencoded)
    reading.warn(
      `"${text}" is UTF-8 encoded twice in the file; it is read as "${meant.text}"`,
      meant.line,
    );
  for (const [area, line] of reading.unknownAreas)
    reading.warn(
      `area "${area}" is not a known ONS area; its rows are kept as a breakdown, not mapped`,
      line,
    );
  if (result.placeholder && result.observations.length > 0)
    reading.warn('placeholder text found beside data rows; the placeholder row was skipped');
}

/** One row's observation, or undefined (with the error reported) if the row cannot be read. */
function observationOf(
  line: number,
  cells: string[],
  reading: RowReading,
): ObservationRecord | undefined {
  const { columns, error } = reading;
  const { names } = columns;
  if (cells.length !== names.length) {
    error(`expected ${names.length} fields as in the header, found ${cells.length}`, line);
    return undefined;
  }
  const parsed = parsePeriod(cell(cells, columns.year), reading.options.splitYear, reading.memo);
  if (!parsed.ok) {
    error(parsed.reason, line, columns.year + 1);
    return undefined;
  }
  const valueText = cell(cells, columns.value);
  const value = cellNumber(valueText);
  if (value === 'not a number' || value === 'out of range') {
    error(
      value === 'not a number'
        ? `Value "${valueText}" is not a number`
        : `Value "${valueText}" is outside the range of numbers that can be stored (about ±1.8e308)`,
      line,
      columns.value + 1,
    );
    return undefined;
  }
  const dimensions: Record<string, string> = {};
  for (const c of columns.dimensions) {
    const v = label(line, cells, c, reading);
    if (v !== '') dimensions[names[c]!] = v;
  }
  const areaCode = areaOf(line, cells, dimensions, reading);
  const { status, note } = normaliseStatus(cell(cells, columns.status), value === null);
  return {
    line,
    series: label(line, cells, columns.series, reading),
    unit: label(line, cells, columns.unit, reading),
    areaCode,
    dimensions,
    period: parsed.period,
    value,
    status,
    note: [note, parsed.period.note].filter(Boolean).join('; ') || null,
  };
}

/**
 * The area a row stands for. The most specific name column decides: a GeoCode is sometimes
 * the parent's. A name or code that matches no area is kept as a breakdown and remembered.
 */
function areaOf(
  line: number,
  cells: string[],
  dimensions: Record<string, string>,
  { columns, geography, options, unknownAreas }: RowReading,
): string | null {
  const named = columns.geography.find((g) => cell(cells, g.index) !== '');
  const geoCode = cell(cells, columns.geoCode);
  if (named) {
    const name = cell(cells, named.index);
    const area = geography.resolveName(name, named.levels);
    const byCode = geoCode ? geography.byCode.get(geoCode) : undefined;
    const areaCode =
      area?.code ?? (byCode && named.levels.includes(byCode.level) ? byCode.code : null);
    if (!areaCode) {
      dimensions[columns.names[named.index]!] = name; // keep such rows apart from the headline
      if (!unknownAreas.has(name)) unknownAreas.set(name, line);
    }
    return areaCode;
  }
  if (geoCode) {
    const areaCode = geography.byCode.get(geoCode)?.code ?? null;
    if (!areaCode) {
      dimensions.GeoCode = geoCode;
      if (!unknownAreas.has(geoCode)) unknownAreas.set(geoCode, line);
    }
    return areaCode;
  }
  // No geography on the row: the indicator's national coverage (England, GB, UK…).
  return options.nationalArea ?? UK_CODE;
}

/** Warns of an observation with the same series, area, breakdown and period as one before. */
function warnIfRepeated(
  record: ObservationRecord,
  seen: Map<string, { line: number; value: number | null }>,
  warn: Report,
): void {
  const { line, value, period } = record;
  const key = JSON.stringify([
    record.series,
    record.unit,
    record.areaCode,
    record.dimensions,
    period.label,
    period.variant,
  ]);
  const earlier = seen.get(key);
  if (earlier) {
    warn(
      earlier.value === value
        ? `repeats line ${earlier.line} exactly; both kept`
        : `same series, area, breakdown and period as line ${earlier.line} but a different value (${earlier.value} vs ${value}); both kept`,
      line,
    );
  } else seen.set(key, { line, value });
}

function plainText(html: unknown): string | null {
  if (typeof html !== 'string' && typeof html !== 'number') return null;
  const text = String(html)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}

const coverageCodes: Record<string, string> = {
  england: 'E92000001',
  wales: 'W92000004',
  scotland: 'S92000003',
  'northern ireland': 'N92000002',
  'england and wales': 'K04000001',
  'great britain': 'K03000001',
  'united kingdom': UK_CODE,
  uk: UK_CODE,
};

/** Coverage is free text; anything other than a plain area name is taken as the UK. */
function nationalAreaOf(coverage: unknown): string {
  return (
    coverageCodes[
      String(coverage ?? '')
        .trim()
        .toLowerCase()
    ] ?? UK_CODE
  );
}

/** Parses an Open SDG metadata file (YAML front matter, then an optional page body). */
export function parseOpenSdgMeta(
  file: string,
  bytes: Uint8Array,
): { meta?: IndicatorMeta; problems: Problem[] } {
  const problems: Problem[] = [];
  let text: string;
  try {
    text = decodeUtf8(bytes).replace(/^\uFEFF/, '');
  } catch (e) {
    if (!(e instanceof CsvDecodeError)) throw e;
    return {
      problems: [{ severity: 'error', file, line: e.line, column: e.column, message: e.message }],
    };
  }
  const match = /^\s*---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!match) {
    return {
      problems: [
        { severity: 'error', file, line: 1, message: 'no YAML front matter between --- lines' },
      ],
    };
  }
  const offsetLines = text.slice(0, match.index).split('\n').length; // lines before the opening ---
  const doc = YAML.parseDocument(match[1]!, { uniqueKeys: false });
  for (const e of doc.errors) {
    problems.push({
      severity: 'error',
      file,
      line: offsetLines + (e.linePos?.[0]?.line ?? 0),
      message: e.message.split('\n')[0]!,
    });
  }
  if (problems.length) return { problems };
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  // Sources become links on the indicator's page and in the open data: each must lead to a
  // web page, never run a script when clicked.
  for (const key of Object.keys(raw).filter((k) => /^source_url_\d+$/.test(k))) {
    const url = plainText(raw[key]);
    if (url === null || isWebAddress(url)) continue;
    const node = doc.getIn([key], true);
    const at = isNode(node) && node.range ? node.range[0] : 0;
    const line = offsetLines + match[1]!.slice(0, at).split('\n').length;
    problems.push({ severity: 'error', file, line, message: `${key}: ${webAddressRule}` });
  }
  if (problems.length) return { problems };
  const id = String(raw.indicator_number ?? indicatorIdFromPath(file) ?? '').trim();
  const graphTitles = Array.isArray(raw.graph_titles)
    ? (raw.graph_titles as { title?: unknown }[])
    : [];
  const title =
    plainText(raw.indicator_available) ??
    plainText(raw.graph_title) ??
    plainText(raw.national_indicator_description) ??
    plainText(graphTitles[0]?.title) ??
    `Indicator ${id}`;
  return {
    meta: {
      id,
      nationalArea: nationalAreaOf(raw.national_geographical_coverage),
      title,
      definition:
        plainText(raw.computation_definitions) ?? plainText(raw.national_indicator_description),
      unit: plainText(raw.computation_units),
      // "2021/22" is a financial year unless the metadata says the dates are academic years.
      splitYear: /academic year/i.test(JSON.stringify(raw)) ? 'academic' : 'financial',
      source: {
        organisation: plainText(raw.source_organisation_1) ?? undefined,
        title: plainText(raw.source_url_text_1) ?? undefined,
        url: plainText(raw.source_url_1) ?? undefined,
        licence: OGL,
      },
      meta: raw,
    },
    problems,
  };
}
