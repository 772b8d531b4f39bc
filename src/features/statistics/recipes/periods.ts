// Periods as publishers write them in their spreadsheets, read by the format a recipe names:
// `Apr-07` or a date cell for a month, `2025 Q4`, `Jan-Mar 2026` rolling quarters, `2020-21`,
// `2025/26 Q3`, `202122`, `Year ending December 2025`. Markers such as `[p]` are kept as a note.
import {
  parsePeriod,
  spanPeriod,
  type Period,
  type PeriodResult,
  type SplitYear,
} from '../../../domain/period.ts';
import { serialDate, type Cell } from '../../../platform/spreadsheet.ts';

export const periodFormats = [
  'auto',
  'year',
  'month',
  'quarter',
  'months',
  'financial-year',
  'financial-quarter',
  'academic-year',
  'academic-year-ending',
  'date',
] as const;

export type PeriodFormat = (typeof periodFormats)[number];

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthEnd = (y: number, m: number) => iso(y, m, lastDay(y, m));

/** A month by name or abbreviation of at least three letters (`Sept`, `Mar`); 0 if none. */
function monthOf(name: string): number {
  const lower = name.toLowerCase();
  if (lower.length < 3) return 0;
  return MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(lower)) + 1;
}

/** A year of four digits, or two (`07` is 2007, `98` is 1998). */
function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n >= 70 ? 1900 + n : 2000 + n;
}

/** The text of a period cell without its markers (`[p]`, `[note 3]`), and the markers. */
export function splitMarkers(text: string): { text: string; markers: string[] } {
  const markers: string[] = [];
  const rest = text
    .replace(/\[([^[\]]*)\]/g, (_, m: string) => {
      markers.push(m.trim());
      return ' ';
    })
    // A footnote asterisk before or after the text: `* Feb-24`.
    .replace(/^\*+\s*|\s*\*+$/g, (m) => {
      markers.push(m.trim());
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { text: rest, markers };
}

/** Text as compared: markers such as `[note 3]` removed, spaces and case ignored. */
export const normalise = (text: string) => splitMarkers(text).text.toLowerCase();

/** A cell's text, a date cell as its ISO date. */
export const cellText = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? ''
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell).trim();

/** A cell that holds a date: a date cell, or a serial number in a plausible range. */
export function cellDate(cell: Cell): { y: number; m: number; d: number } | undefined {
  // SheetJS gives date cells as local-time dates.
  if (cell instanceof Date && !Number.isNaN(cell.getTime()))
    return { y: cell.getFullYear(), m: cell.getMonth() + 1, d: cell.getDate() };
  if (typeof cell === 'number' && cell > 1000 && cell < 100_000) {
    const date = serialDate(cell);
    if (date) return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  }
  return undefined;
}

const fail = (text: string, why: string): PeriodResult => ({
  ok: false,
  reason: `"${text}" is not a period: ${why}`,
});
const ok = (period: Period): PeriodResult => ({ ok: true, period });

/**
 * Reads a period cell in a publisher's format. The label kept is the publisher's own text
 * without markers, except where a cell holds a date or a bare number: then it is written out
 * (`April 2026`, `2024/25`).
 */
export function readPeriod(cell: Cell, format: PeriodFormat, splitYear?: SplitYear): PeriodResult {
  const raw = cell instanceof Date ? '' : String(cell ?? '').trim();
  const { text, markers } = splitMarkers(raw);
  const note = markers.length ? markers.join('; ') : undefined;
  const date = cellDate(cell);
  if (text === '' && !date) return fail(raw, 'the cell is empty');
  const span = (label: string, kind: Period['kind'], start: string, end: string) =>
    ok(spanPeriod(label, kind, start, end, note));
  const shown = raw || text;
  try {
    switch (format) {
      case 'auto': {
        if (typeof cell === 'number' && Number.isInteger(cell))
          return parsePeriod(String(cell), splitYear);
        return parsePeriod(raw, splitYear);
      }
      case 'year': {
        const m = /^(?:year )?(\d{4})$/i.exec(text);
        if (!m) return fail(shown, 'expected a year such as 2025');
        const y = Number(m[1]);
        return span(String(y), 'year', iso(y, 1, 1), iso(y, 12, 31));
      }
      case 'date': {
        if (!date) return fail(shown, 'expected a date');
        const day = iso(date.y, date.m, date.d);
        return span(day, 'date', day, day);
      }
      case 'month': {
        let y: number, m: number;
        if (date) [y, m] = [date.y, date.m];
        else {
          // Apr-07, Apr 2007, April 2007, 2007-04
          const named = /^([a-z]+)[- ](\d{2}|\d{4})$/i.exec(text);
          const numeric = /^(\d{4})-(\d{2})$/.exec(text);
          if (named) [y, m] = [fullYear(named[2]!), monthOf(named[1]!)];
          else if (numeric) [y, m] = [Number(numeric[1]), Number(numeric[2])];
          else return fail(shown, 'expected a month such as Apr-07, April 2007 or a date cell');
        }
        if (!(m >= 1 && m <= 12)) return fail(shown, 'unknown month');
        return span(`${MONTH_NAMES[m - 1]} ${y}`, 'month', iso(y, m, 1), monthEnd(y, m));
      }
      case 'quarter': {
        // 2025 Q4, 2025-Q4, Q4 2025, Quarter 4 2025, 2025 3rd quarter
        const yearFirst = /^(\d{4})[ -]?Q([1-4])$/i.exec(text);
        const quarterFirst = /^(?:Q|Quarter )([1-4]) (\d{4})$/i.exec(text);
        const ordinal = /^(\d{4}) ([1-4])(?:st|nd|rd|th) quarter$/i.exec(text);
        const [y, q] = yearFirst
          ? [Number(yearFirst[1]), Number(yearFirst[2])]
          : quarterFirst
            ? [Number(quarterFirst[2]), Number(quarterFirst[1])]
            : ordinal
              ? [Number(ordinal[1]), Number(ordinal[2])]
              : [NaN, NaN];
        if (!(y > 0 && q >= 1 && q <= 4))
          return fail(
            shown,
            'expected a calendar quarter such as 2025 Q4, Quarter 4 2025 or 2025 3rd quarter',
          );
        return span(`${y} Q${q}`, 'quarter', iso(y, q * 3 - 2, 1), monthEnd(y, q * 3));
      }
      case 'months': {
        // Jan-Mar 2026; Dec-Feb 2002; Apr 2020 to Mar 2021; Year ending December 2025. A
        // footnote's number may follow the year with no space: "Jan-Mar 20191" is note 1.
        const footnote = /^(.* \d{4})(\d{1,2})$/.exec(text);
        if (footnote) {
          const read = readPeriod(footnote[1]!, 'months');
          return read.ok
            ? ok(
                spanPeriod(
                  read.period.label,
                  read.period.kind,
                  read.period.start,
                  read.period.end,
                  [note, `note ${footnote[2]}`].filter(Boolean).join('; '),
                ),
              )
            : read;
        }
        const rolling = /^([a-z]+) ?- ?([a-z]+) (\d{4})$/i.exec(text);
        const range = /^([a-z]+) (\d{4}) to ([a-z]+) (\d{4})$/i.exec(text);
        const ending = /^year ending ([a-z]+) (\d{4})$/i.exec(text);
        let from: [number, number], to: [number, number];
        if (rolling) {
          const [m1, m2, y] = [monthOf(rolling[1]!), monthOf(rolling[2]!), Number(rolling[3])];
          from = [m1 > m2 ? y - 1 : y, m1];
          to = [y, m2];
        } else if (range) {
          from = [Number(range[2]), monthOf(range[1]!)];
          to = [Number(range[4]), monthOf(range[3]!)];
        } else if (ending) {
          const [m, y] = [monthOf(ending[1]!), Number(ending[2])];
          from = m === 12 ? [y, 1] : [y - 1, m + 1];
          to = [y, m];
        } else
          return fail(
            shown,
            'expected months such as Jan-Mar 2026, Apr 2020 to Mar 2021 or Year ending December 2025',
          );
        if (!from[1] || !to[1]) return fail(shown, 'unknown month');
        const [start, end] = [iso(from[0], from[1], 1), monthEnd(to[0], to[1])];
        if (end < start) return fail(shown, 'it ends before it starts');
        const kind = rolling && (from[1] - 1) % 3 === 0 && from[0] === to[0] ? 'quarter' : 'range';
        return span(text, kind, start, end);
      }
      case 'financial-year':
      case 'academic-year': {
        // 2020-21, 2020/21, 2020/2021, 202021
        const m = /^(\d{4})(?:[-/]?(\d{2})|[-/](\d{4}))$/.exec(text);
        const first = m ? Number(m[1]) : NaN;
        const second = m ? Number(m[3] ?? `${String(first + 1).slice(0, 2)}${m[2]}`) : NaN;
        if (!(first > 0) || second !== first + 1)
          return fail(shown, 'expected a one-year span such as 2020-21, 2020/21 or 202021');
        const label = `${first}/${String(second).slice(2)}`;
        return format === 'financial-year'
          ? span(label, 'financial-year', iso(first, 4, 1), iso(second, 3, 31))
          : span(label, 'academic-year', iso(first, 9, 1), iso(second, 8, 31));
      }
      case 'academic-year-ending': {
        const m = /^(\d{4})$/.exec(text);
        if (!m) return fail(shown, 'expected the year an academic year ends, such as 2025');
        const second = Number(m[1]);
        const label = `${second - 1}/${String(second).slice(2)}`;
        return span(label, 'academic-year', iso(second - 1, 9, 1), iso(second, 8, 31));
      }
      case 'financial-quarter': {
        // 2025/26 Q3, 2025-26 Q3: Q1 is April to June of the first year
        const m = /^(\d{4})[-/](\d{2}) ?Q([1-4])$/i.exec(text);
        if (!m) return fail(shown, 'expected a financial-year quarter such as 2025/26 Q3');
        const first = Number(m[1]);
        if (Number(m[2]) !== (first + 1) % 100) return fail(shown, 'the years are not consecutive');
        const q = Number(m[3]);
        const startMonth = ((q * 3 + 0) % 12) + 1; // Q1 → 4, Q2 → 7, Q3 → 10, Q4 → 1
        const y = q === 4 ? first + 1 : first;
        return span(
          `${m[1]}/${m[2]} Q${q}`,
          'quarter',
          iso(y, startMonth, 1),
          monthEnd(y, startMonth + 2),
        );
      }
    }
  } catch (e) {
    if (e instanceof RangeError) return fail(shown, e.message);
    throw e;
  }
}
