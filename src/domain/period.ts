// Statistics label time in free text (`2015/16`, `2003-05`, `2000 Q1`): parse once into date spans.
import { keep, type AssessmentMemo } from './memo.ts';

export type PeriodKind =
  'year' | 'financial-year' | 'academic-year' | 'quarter' | 'month' | 'date' | 'range';

export interface Period {
  /** Cleaned for display: footnote marker and trailing comment removed, `2021.0` -> `2021`. */
  label: string;
  kind: PeriodKind;
  /** First day, ISO `YYYY-MM-DD`. */
  start: string;
  /** Last day (inclusive), ISO `YYYY-MM-DD`. */
  end: string;
  /** Decimal year at the instant the period ends (start of the day after `end`), for trends. */
  time: number;
  /** Footnote marker text (`Note 5`) or trailing comment (`baseline`) the label carried. */
  note?: string;
  /** `a` / `b` for two events in one year, e.g. the elections `1974a` and `1974b`. */
  variant?: string;
}

/** How to read a one-year split label such as `2015/16`: the source says, the label does not. */
export type SplitYear = 'financial' | 'academic';

export type PeriodResult = { ok: true; period: Period } | { ok: false; reason: string };

const MIN_YEAR = 1800;
const MAX_YEAR = 2200;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A label in a recognised shape but with impossible values; becomes `{ ok: false }`. */
class Invalid extends Error {}

type Span = Pick<Period, 'kind' | 'start' | 'end' | 'variant'>;
type Rule = [RegExp, (m: RegExpExecArray, split: SplitYear) => Span];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Every year passes through here, so no span can leave the sane range. */
function year(value: string | number | undefined): number {
  const y = Number(value);
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) {
    throw new Invalid(`year ${value} is outside ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  return y;
}

/**
 * The end year of `2015/16`, `2019/2020` or `2010 to 2011`. Two digits may cross a century only
 * within a decade (`1999/00`), so a backwards `2019/18` is an error rather than 2118.
 */
function endYear(start: number, text: string | undefined): number {
  let end = Number(text);
  if (text?.length === 2) {
    end += start - (start % 100);
    if (end <= start && end + 100 - start <= 10) end += 100;
  }
  if (end <= start) throw new Invalid('end year must be after start year');
  return year(end);
}

function calendarYears(first: number, last: number): Span {
  return {
    kind: first === last ? 'year' : 'range',
    start: iso(first, 1, 1),
    end: iso(last, 12, 31),
  };
}

function splitYearSpan(y: number, split: SplitYear): Span {
  return split === 'academic'
    ? { kind: 'academic-year', start: iso(y, 9, 1), end: iso(y + 1, 8, 31) }
    : { kind: 'financial-year', start: iso(y, 4, 1), end: iso(y + 1, 3, 31) };
}

/** `2015/16` is one split year; `2013/16` and `2018 to 2020` are pooled calendar years. */
function splitOrCalendar(
  startText: string | undefined,
  endText: string | undefined,
  split: SplitYear,
): Span {
  const first = year(startText);
  const last = endYear(first, endText);
  return last === first + 1 ? splitYearSpan(first, split) : calendarYears(first, last);
}

function checkMonth(m: number): void {
  if (!(m >= 1 && m <= 12)) throw new Invalid('month must be 01 to 12');
}

function monthSpan(y: number, m: number): Span {
  checkMonth(m);
  return { kind: 'month', start: iso(y, m, 1), end: iso(y, m, daysInMonth(y, m)) };
}

/** Full names and abbreviations of at least three letters (`Mar`, `Sept`). */
function monthNumber(name: string | undefined): number {
  const lower = (name ?? '').toLowerCase();
  const index = lower.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(lower)) : -1;
  if (index < 0) throw new Invalid(`unknown month "${name}"`);
  return index + 1;
}

function day(y: number, m: number, d: number): string {
  checkMonth(m);
  const last = daysInMonth(y, m);
  if (!(d >= 1 && d <= last)) {
    throw new Invalid(`day must be 1 to ${last} in ${iso(y, m, 1).slice(0, 7)}`);
  }
  return iso(y, m, d);
}

// Tried in order; the first whose regex matches decides (and may reject with a reason).
const RULES: Rule[] = [
  // 2019; 1974a / 1974b (two elections in one year)
  [
    /^(\d{4})([ab])?$/,
    (m) => ({ ...calendarYears(year(m[1]), year(m[1])), ...(m[2] ? { variant: m[2] } : {}) }),
  ],
  // 2015/16, 2019/2020, 2010 to 2011 (split year); 2013/16, 2018 to 2020 (pooled years)
  [/^(\d{4})(?:\/| to )(\d{2}|\d{4})$/, (m, split) => splitOrCalendar(m[1], m[2], split)],
  // 2002/03-2007/08, 2007/08 to 2008/09: from the start of one split year to the end of another
  [
    /^(\d{4})\/(\d{2}|\d{4})(?:-| to )(\d{4})\/(\d{2}|\d{4})$/,
    (m, split) => {
      const [from, to] = [splitOrCalendar(m[1], m[2], split), splitOrCalendar(m[3], m[4], split)];
      if (from.kind === 'range' || to.kind === 'range') {
        throw new Invalid('each end must be a one-year split such as 2007/08');
      }
      if (to.start <= from.start) throw new Invalid('range ends before it starts');
      return { kind: 'range', start: from.start, end: to.end };
    },
  ],
  // 2003-05 (ONS rolling three years) and 2024-03 (ISO month) share a shape. It is a year range
  // when the two digits, read as a year of the same century, come after the start; else a month.
  // So ISO months of 2000-2011 such as 2008-10 read as ranges: write those as `October 2008`.
  [
    /^(\d{4})-(\d{2})$/,
    (m) => {
      const first = year(m[1]);
      const nn = Number(m[2]);
      const sameCentury = first - (first % 100) + nn;
      if (sameCentury > first) return calendarYears(first, year(sameCentury));
      if (nn >= 1 && nn <= 12) return monthSpan(first, nn);
      // 1998-00 crosses a century
      if (sameCentury + 100 - first <= 10) return calendarYears(first, year(sameCentury + 100));
      throw new Invalid('month must be 01 to 12');
    },
  ],
  // 1984-1988
  [/^(\d{4})-(\d{4})$/, (m) => calendarYears(year(m[1]), endYear(year(m[1]), m[2]))],
  // 2000 Q1, 2024-Q1
  [
    /^(\d{4})[ -]Q(\d)$/i,
    (m) => {
      const q = Number(m[2]);
      if (!(q >= 1 && q <= 4)) throw new Invalid('quarter must be 1 to 4');
      const y = year(m[1]);
      return {
        kind: 'quarter',
        start: iso(y, q * 3 - 2, 1),
        end: iso(y, q * 3, daysInMonth(y, q * 3)),
      };
    },
  ],
  // 1993 01
  [/^(\d{4}) (\d{2})$/, (m) => monthSpan(year(m[1]), Number(m[2]))],
  // March 2024, Mar 2024
  [/^([a-z]+) (\d{4})$/i, (m) => monthSpan(year(m[2]), monthNumber(m[1]))],
  // 2024-03-31
  [
    /^(\d{4})-(\d{2})-(\d{2})$/,
    (m) => {
      const date = day(year(m[1]), Number(m[2]), Number(m[3]));
      return { kind: 'date', start: date, end: date };
    },
  ],
  // 17 May to 11 June 2023 (survey fieldwork); 20 December 2022 to 10 January 2023
  [
    /^(\d{1,2}) ([a-z]+)(?: (\d{4}))? to (\d{1,2}) ([a-z]+) (\d{4})$/i,
    (m) => {
      const [m1, m2, endY] = [monthNumber(m[2]), monthNumber(m[5]), year(m[6])];
      // Without its own year the start shares the end's, unless its month is later (Dec to Jan).
      const startY = m[3] ? year(m[3]) : m1 > m2 ? year(endY - 1) : endY;
      const [start, end] = [day(startY, m1, Number(m[1])), day(endY, m2, Number(m[4]))];
      if (end < start) throw new Invalid('range ends before it starts');
      return { kind: 'range', start, end };
    },
  ],
];

/**
 * Parse a free-text period label. `splitYear` says whether one-year splits (`2015/16`,
 * `2010 to 2011`) are financial (April to March, the default) or academic (September to August).
 * The result is frozen: with a `memo`, the same object is given to every caller of that label.
 */
export function parsePeriod(
  label: string,
  splitYear: SplitYear = 'financial',
  memo?: AssessmentMemo,
): PeriodResult {
  const results = memo?.periods[splitYear];
  const known = results?.get(label);
  if (known) return known;
  const result = parseLabel(label, splitYear, memo);
  if (result.ok) Object.freeze(result.period);
  Object.freeze(result);
  return results ? keep(results, label, result) : result;
}

function parseLabel(label: string, splitYear: SplitYear, memo?: AssessmentMemo): PeriodResult {
  const raw = label.trim();
  const fail = (why: string): PeriodResult => ({
    ok: false,
    reason: `"${raw}" is not a period: ${why}`,
  });
  const notes: string[] = [];
  const keepNote = (_: string, note: string) => {
    notes.push(note.trim());
    return ' ';
  };
  const text = raw
    .replace(/\[([^[\]]*)\]/g, keepNote) // footnotes ride inside ONS labels: `2019/20 [Note 5]`
    .replace(/\(([^()]*)\)$/, keepNote) // a trailing comment qualifies: `2001-2005 (baseline)`
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(\d{4})\.0$/, '$1'); // a year exported as a float: `2021.0`
  if (text === '') return fail('label is empty');

  for (const [pattern, build] of RULES) {
    const match = pattern.exec(text);
    if (!match) continue;
    try {
      const span = build(match, splitYear);
      const period: Period = {
        label: text,
        ...span,
        time: dateToTime(dayAfter(span.end), memo),
      };
      if (notes.length > 0) period.note = notes.join('; ');
      return { ok: true, period };
    } catch (error) {
      if (error instanceof Invalid) return fail(error.message);
      throw error;
    }
  }
  return fail('not a recognised period format');
}

const DAY_MS = 86_400_000;

/**
 * Milliseconds at the start (UTC midnight) of an ISO date `YYYY-MM-DD`. Anything else is a
 * RangeError: the round trip rejects `2023-02-30` and the years below 100 that Date.UTC maps
 * to 19xx.
 */
function utcMidnight(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`not an ISO date: "${isoDate}"`);
  }
  return t;
}

/** Whether `text` is a real date written `YYYY-MM-DD` (so not `2023-02-29`). */
export function isIsoDate(text: string): boolean {
  try {
    utcMidnight(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The day after an ISO date: the day that starts when the date ends. Every end of a date is
 * read by this rule: a period's `time`, a deadline's (`endOfDayTime`) and `endOfIsoDate`.
 */
export function dayAfter(isoDate: string): string {
  return new Date(utcMidnight(isoDate) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last millisecond of an ISO date in UTC, the instant a date given "as at" stands for:
 * `2024-06-30` is 2024-06-30T23:59:59.999Z. A RangeError if it is not a real date.
 */
export function endOfIsoDate(isoDate: string): Date {
  return new Date(utcMidnight(isoDate) + DAY_MS - 1);
}

/** Decimal year at the start of the given day: `2024-04-01` -> 2024 + 91/366. */
export function dateToTime(isoDate: string, memo?: AssessmentMemo): number {
  if (!memo) return computeTime(isoDate);
  return memo.dayStarts.get(isoDate) ?? keep(memo.dayStarts, isoDate, computeTime(isoDate));
}

function computeTime(isoDate: string): number {
  const t = utcMidnight(isoDate);
  const y = Number(isoDate.slice(0, 4));
  const yearStart = Date.UTC(y, 0, 1);
  return y + (t - yearStart) / (Date.UTC(y + 1, 0, 1) - yearStart);
}

/** Orders periods by when they end, then by when they start (so `2019` sorts before `2019 Q4`). */
export function comparePeriods(a: Period, b: Period): number {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return order(a.end, b.end) || order(a.start, b.start);
}

/** A period from its span, for readers that know the dates a label stands for. */
export function spanPeriod(
  label: string,
  kind: PeriodKind,
  start: string,
  end: string,
  note?: string,
): Period {
  const period: Period = { label, kind, start, end, time: dateToTime(dayAfter(end)) };
  if (note) period.note = note;
  return Object.freeze(period);
}
