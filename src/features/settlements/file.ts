// Funding settlements from a CSV file, as `northstar settlements import` and the workspace read
// them: one row per settlement and financial year (the long format), so a spreadsheet of
// amounts by year becomes a file by adding the settlement's other fields to each row.
//
//   settlement,government,area,title,financial_year,amount_gbp,serves,conditions,outcomes,source,source_url
//
// - settlement: the settlement's id (lower-case letters, digits and hyphens)
// - government: the government giving the money (its slug, like uk or camden)
// - area: the area it is for, an ONS GSS code within the government's own area
// - financial_year: 2025-26 (April 2025 to March 2026); amount_gbp: whole pounds, digits only
// - serves: the goals it serves as mission/goal, separated by ";"
// - outcomes: its outcomes framework, separated by "|"; an outcome linked to a goal it serves
//   ends "=> mission/goal"
// - conditions, source (in words) and source_url: optional
//
// Every column but financial_year and amount_gbp is the settlement's, and is the same on each of
// its rows. Columns area_name, government_name and notes are for people and ignored; any other
// is refused, so a misspelt heading does not drop what is under it. Every problem is located at
// its line and column, and one problem means nothing is imported.
import type { Area } from '../../domain/area.ts';
import { covers } from '../../domain/area.ts';
import { isWebAddress } from '../../domain/url.ts';
import { CsvDecodeError, CsvQuoteError, decodeUtf8, readCsvRows } from '../../platform/csv/read.ts';
import type { Problem } from '../statistics/readers/problem.ts';
import {
  financialYearStart,
  goalKey,
  SETTLEMENT_ID,
  type GoalRef,
  type Settlement,
} from './settlement.ts';

export class SettlementsFileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the settlements file; nothing was changed`,
    );
  }
}

/** The columns, in the order the open data writes them. */
export const SETTLEMENT_COLUMNS = [
  'settlement',
  'government',
  'area',
  'title',
  'financial_year',
  'amount_gbp',
  'serves',
  'conditions',
  'outcomes',
  'source',
  'source_url',
] as const;
type ColumnName = (typeof SETTLEMENT_COLUMNS)[number];
const REQUIRED: ColumnName[] = [
  'settlement',
  'government',
  'area',
  'title',
  'financial_year',
  'amount_gbp',
];
/** The settlement's own fields: the same on every one of its rows. */
const SETTLEMENT_LEVEL: ColumnName[] = [
  'government',
  'area',
  'title',
  'serves',
  'conditions',
  'outcomes',
  'source',
  'source_url',
];
/** Columns for people reading the file, ignored (the open data writes area_name). */
const FOR_PEOPLE = new Set(['area_name', 'government_name', 'notes']);
const MAX_TEXT = 5_000;

export interface SettlementsContext {
  governments: { slug: string; name: string; area: string }[];
  areas: Map<string, Pick<Area, 'name' | 'parentCode'>>;
  /** Every goal that exists, as `mission/goal`. */
  goals: Set<string>;
  /** The government each stored settlement belongs to: a settlement's government never changes. */
  owners: Map<string, string>;
  /** When set (the workspace, for one government): only this government's settlements. */
  only?: string;
}

/** A settlement read from a file, with the line its first row is on. */
export interface ReadSettlement {
  settlement: Settlement;
  line: number;
}

/** Reads `mission/goal` pairs separated by `;`, or the first problem with them. */
function goalList(text: string, goals: Set<string>): GoalRef[] | string {
  const refs: GoalRef[] = [];
  for (const part of text.split(';').map((p) => p.trim())) {
    if (!part) continue;
    const problem = goalProblem(part, goals);
    if (problem) return problem;
    const [mission, goal] = part.split('/') as [string, string];
    if (!refs.some((r) => r.mission === mission && r.goal === goal)) refs.push({ mission, goal });
  }
  return refs;
}

function goalProblem(text: string, goals: Set<string>): string | null {
  if (!/^[^/\s]+\/[^/\s]+$/.test(text))
    return `"${text}" does not name a goal: write it as mission/goal, like growth/homes`;
  if (!goals.has(text)) return `there is no goal ${text}`;
  return null;
}

/** The file's rows; text that is not UTF-8 or a quote never closed is a located problem. */
function csvRows(file: string, bytes: Uint8Array) {
  try {
    decodeUtf8(bytes);
    return readCsvRows(bytes);
  } catch (error) {
    if (error instanceof CsvDecodeError || error instanceof CsvQuoteError)
      throw new SettlementsFileError([
        {
          severity: 'error',
          file,
          line: error.line,
          column: error instanceof CsvDecodeError ? error.column : undefined,
          message: error.message,
        },
      ]);
    throw error;
  }
}

/** The settlements in a CSV file, checked against what Northstar knows; or every problem. */
export function readSettlements(
  file: string,
  bytes: Uint8Array,
  context: SettlementsContext,
): ReadSettlement[] {
  const problems: Problem[] = [];
  const error = (line: number, column: number | undefined, message: string) =>
    problems.push({ severity: 'error', file, line, column, message });
  const [header, ...rows] = csvRows(file, bytes).filter((r) =>
    r.cells.some((c) => c.trim() !== ''),
  );
  if (!header)
    throw new SettlementsFileError([{ severity: 'error', file, message: 'the file is empty' }]);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  names.forEach((name, i) => {
    if (FOR_PEOPLE.has(name)) return;
    if (!(SETTLEMENT_COLUMNS as readonly string[]).includes(name))
      error(
        header.line,
        i + 1,
        `no column may be headed "${name}": the columns are ${SETTLEMENT_COLUMNS.join(', ')} (and area_name, government_name or notes, which are ignored)`,
      );
    else if (names.indexOf(name) !== i)
      error(header.line, i + 1, `there are two columns headed "${name}"`);
  });
  for (const name of REQUIRED)
    if (!names.includes(name))
      error(header.line, undefined, `no column is headed "${name}", which every file needs`);
  if (!rows.length) error(header.line, undefined, 'the file has a header but no settlements');
  if (problems.length) throw new SettlementsFileError(problems);

  const governments = new Map(context.governments.map((g) => [g.slug, g]));
  const columnOf = (name: ColumnName) => names.indexOf(name);
  const read = new Map<
    string,
    { settlement: Settlement; line: number; cells: Record<string, string> }
  >();
  for (const row of rows) {
    const cell = (name: ColumnName) =>
      columnOf(name) < 0 ? '' : (row.cells[columnOf(name)] ?? '').trim();
    const at = (name: ColumnName) => (columnOf(name) < 0 ? undefined : columnOf(name) + 1);
    const problem = (name: ColumnName, message: string) => error(row.line, at(name), message);
    const before = problems.length;

    const id = cell('settlement');
    if (!id) {
      problem('settlement', 'no settlement id: every row names the settlement it belongs to');
      continue;
    }
    if (!SETTLEMENT_ID.test(id)) {
      problem(
        'settlement',
        `"${id}" is not a settlement id: use lower-case letters, digits and hyphens (at most 80), like gm-integrated-2025`,
      );
      continue;
    }

    // The amount for one financial year.
    const yearText = cell('financial_year');
    const start = financialYearStart(yearText);
    if (typeof start === 'string') problem('financial_year', start);
    const amountText = cell('amount_gbp');
    let amount: number | undefined;
    if (/^\d+$/.test(amountText) && Number(amountText) <= Number.MAX_SAFE_INTEGER)
      amount = Number(amountText);
    else if (amountText === '') problem('amount_gbp', `no amount for ${id} in ${yearText}`);
    else if (/^-/.test(amountText))
      problem('amount_gbp', `an amount cannot be negative (${amountText})`);
    else if (/^\d+\.\d*$/.test(amountText))
      problem('amount_gbp', `"${amountText}" is not in whole pounds: round it to the pound`);
    else if (/^\d+$/.test(amountText))
      problem('amount_gbp', `${amountText} is more pounds than Northstar can hold`);
    else
      problem(
        'amount_gbp',
        `"${amountText}" is not an amount: write whole pounds in digits only, like 1200000 (no £ sign, commas or words)`,
      );

    const seen = read.get(id);
    if (seen) {
      // The settlement's own fields must say what its first row says.
      for (const name of SETTLEMENT_LEVEL)
        if (cell(name) !== (seen.cells[name] ?? ''))
          problem(
            name,
            `${name} is not the same as on line ${seen.line}, the first row of ${id}: a settlement's ${name} is the same on every one of its rows`,
          );
      if (typeof start === 'number' && seen.settlement.amounts.some((a) => a.year === yearText))
        problem('financial_year', `${id} has an amount for ${yearText} already`);
      if (problems.length === before && amount !== undefined)
        seen.settlement.amounts.push({ year: yearText, amountGbp: amount });
      continue;
    }

    // The first row of a settlement: its own fields.
    const governmentSlug = cell('government');
    const government = governments.get(governmentSlug);
    if (!government)
      problem(
        'government',
        governmentSlug
          ? `there is no government ${governmentSlug} (Northstar has ${[...governments.keys()].join(', ')})`
          : `no government for ${id}`,
      );
    else if (context.only !== undefined && governmentSlug !== context.only)
      problem(
        'government',
        `${id} is ${government.name}'s settlement: here you can import only ${governments.get(context.only)?.name ?? context.only}'s`,
      );
    else if (context.owners.has(id) && context.owners.get(id) !== governmentSlug)
      problem(
        'government',
        `${id} is already ${governments.get(context.owners.get(id)!)?.name ?? context.owners.get(id)}'s settlement: a settlement's government cannot change (give this one another id)`,
      );

    const areaCode = cell('area').toUpperCase();
    const area = context.areas.get(areaCode);
    if (!areaCode) problem('area', `no area for ${id}: give its ONS GSS code, like E47000001`);
    else if (!area) problem('area', `${areaCode} is not an ONS GSS code Northstar knows`);
    else if (government && !covers(government.area, areaCode, context.areas))
      problem(
        'area',
        `${area.name} (${areaCode}) is not within ${government.name}'s area, ${context.areas.get(government.area)?.name ?? government.area}`,
      );

    const title = cell('title');
    if (!title) problem('title', `no title for ${id}`);
    else if (title.length > 300) problem('title', 'a title must be 300 characters or fewer');
    for (const name of ['conditions', 'source', 'outcomes'] as const)
      if (cell(name).length > MAX_TEXT)
        problem(name, `${name} must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`);

    const sourceUrl = cell('source_url');
    if (sourceUrl && !isWebAddress(sourceUrl))
      problem('source_url', `"${sourceUrl}" is not a web address starting https:// or http://`);

    const serves = goalList(cell('serves'), context.goals);
    if (typeof serves === 'string') problem('serves', serves);

    const outcomes: Settlement['outcomes'] = [];
    for (const part of cell('outcomes')
      .split('|')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const arrow = part.lastIndexOf('=>');
      const text = (arrow < 0 ? part : part.slice(0, arrow)).trim();
      const goalText = arrow < 0 ? '' : part.slice(arrow + 2).trim();
      if (!text) {
        problem('outcomes', `an outcome has no text before "=> ${goalText}"`);
        continue;
      }
      if (arrow < 0) {
        outcomes.push({ text, goal: null });
        continue;
      }
      const wrong = goalProblem(goalText, context.goals);
      if (wrong) {
        problem('outcomes', `the outcome "${text}": ${wrong}`);
        continue;
      }
      if (typeof serves !== 'string' && !serves.some((g) => goalKey(g) === goalText)) {
        problem(
          'outcomes',
          `the outcome "${text}" is linked to ${goalText}, which ${id} does not serve: add it to serves`,
        );
        continue;
      }
      const [mission, goal] = goalText.split('/') as [string, string];
      outcomes.push({ text, goal: { mission, goal } });
    }

    const cells = Object.fromEntries(SETTLEMENT_LEVEL.map((name) => [name, cell(name)]));
    read.set(id, {
      line: row.line,
      cells,
      settlement: {
        id,
        government: governmentSlug,
        area: areaCode,
        title,
        conditions: cell('conditions'),
        source: cell('source'),
        sourceUrl: sourceUrl || null,
        amounts:
          problems.length === before && amount !== undefined
            ? [{ year: yearText, amountGbp: amount }]
            : [],
        serves: typeof serves === 'string' ? [] : serves,
        outcomes,
      },
    });
  }
  if (problems.length)
    throw new SettlementsFileError(
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
    );
  return [...read.values()].map(({ settlement, line }) => ({
    line,
    settlement: {
      ...settlement,
      amounts: settlement.amounts.sort((a, b) => a.year.localeCompare(b.year)),
    },
  }));
}
