// The tidy CSV format, for statistics from anywhere: one observation per row, named columns,
// any number of indicators in one file. It is also what the API's CSV download gives, so a
// download can be loaded again. Documented in docs/tidy-csv.md.
import { parsePeriod } from '../domain/period.ts';
import { UK_CODE } from '../domain/area.ts';
import type { Geography } from './geography.ts';
import { CsvDecodeError, decodeUtf8, readCsvRows } from './csv.ts';
import type { ObservationRecord, ParsedIndicator } from './openSdg.ts';
import type { Problem } from './problem.ts';

export const TIDY_COLUMNS = [
  'indicator',
  'series',
  'unit',
  'area',
  'period',
  'value',
  'status',
  'note',
];
/** Derived from `period` when loading; written out for readers' convenience. */
const DERIVED_COLUMNS = new Set(['period_start', 'period_end']);
export const TIDY_STATUSES = [
  'normal',
  'provisional',
  'estimated',
  'missing',
  'suppressed',
  'low-reliability',
  'definition-differs',
];

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const indicatorPattern = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/i;

/** Whether a header row is a tidy file's (rather than an Open SDG one). */
export function isTidyHeader(firstLine: string): boolean {
  const names = firstLine
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return names.includes('indicator') && names.includes('period') && names.includes('value');
}

/** Parses a tidy CSV into one parsed indicator per indicator id it holds. */
export function parseTidy(
  file: string,
  bytes: Uint8Array,
  geography: Geography,
): ParsedIndicator[] {
  const fileProblems: Problem[] = [];
  const fail = (message: string, line?: number, column?: number) => {
    fileProblems.push({ severity: 'error', file, line, column, message });
    return [
      { indicatorId: '', file, observations: [], placeholder: false, problems: fileProblems },
    ];
  };
  let text: string;
  try {
    text = decodeUtf8(bytes).replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof CsvDecodeError) return fail(e.message, e.line, e.column);
    throw e;
  }
  const rows = readCsvRows(text).filter(
    (r) => !(r.cells.length === 1 && r.cells[0]?.trim() === ''),
  );
  const header = rows.shift();
  if (!header)
    return fail('the file is empty: expected a header row with indicator, period and value');
  const names = header.cells.map((c) => c.trim());
  const lower = names.map((n) => n.toLowerCase());
  for (const required of ['indicator', 'period', 'value']) {
    if (!lower.includes(required))
      return fail(`the header has no "${required}" column`, header.line);
  }
  const duplicate = lower.findIndex((n, i) => n === '' || lower.indexOf(n) !== i);
  if (duplicate >= 0)
    return fail(`column ${duplicate + 1} is empty or repeated`, header.line, duplicate + 1);
  const col = (name: string) => lower.indexOf(name);
  const dimensionCols = lower
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => !TIDY_COLUMNS.includes(n) && !DERIVED_COLUMNS.has(n))
    .map(({ i }) => i);

  const byIndicator = new Map<string, ParsedIndicator>();
  for (const { line, cells } of rows) {
    const error = (message: string, column?: string) =>
      fileProblems.push({
        severity: 'error',
        file,
        line,
        column: column ? col(column) + 1 : undefined,
        message,
      });
    if (cells.length !== names.length) {
      error(`expected ${names.length} fields as in the header, found ${cells.length}`);
      continue;
    }
    const cell = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    const indicatorId = cell('indicator');
    if (!indicatorPattern.test(indicatorId)) {
      error(
        `indicator "${indicatorId}" is not an indicator id like 3.a.1 or youth-employment`,
        'indicator',
      );
      continue;
    }
    const period = parsePeriod(cell('period'));
    if (!period.ok) {
      error(period.reason, 'period');
      continue;
    }
    const valueText = cell('value');
    if (valueText !== '' && !numberPattern.test(valueText)) {
      error(
        `value "${valueText}" is not a number (use a full stop for decimals and no thousands separators)`,
        'value',
      );
      continue;
    }
    const areaCode = cell('area') || UK_CODE;
    if (!geography.byCode.has(areaCode)) {
      error(`area "${areaCode}" is not a known ONS area code`, 'area');
      continue;
    }
    const value = valueText === '' ? null : Number(valueText);
    const status = cell('status') || (value === null ? 'missing' : 'normal');
    if (!TIDY_STATUSES.includes(status)) {
      error(`status "${status}" is not one of ${TIDY_STATUSES.join(', ')}`, 'status');
      continue;
    }
    const dimensions: Record<string, string> = {};
    for (const c of dimensionCols)
      if ((cells[c] ?? '').trim()) dimensions[names[c]!] = cells[c]!.trim();
    const record: ObservationRecord = {
      line,
      series: cell('series'),
      unit: cell('unit'),
      areaCode,
      dimensions,
      period: period.period,
      value,
      status,
      note: cell('note') || null,
    };
    let parsed = byIndicator.get(indicatorId);
    if (!parsed) {
      parsed = { indicatorId, file, observations: [], placeholder: false, problems: [] };
      byIndicator.set(indicatorId, parsed);
    }
    parsed.observations.push(record);
  }
  const parsed = [...byIndicator.values()];
  if (parsed.length === 0) {
    // Every row was wrong (its problems say why), or there were no rows at all.
    if (fileProblems.length === 0) return fail('the file has no rows of data', header.line);
    return [
      { indicatorId: '', file, observations: [], placeholder: false, problems: fileProblems },
    ];
  }
  parsed[0]!.problems.push(...fileProblems);
  return parsed;
}
