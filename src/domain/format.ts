// Numbers and dates in words a citizen reads: rounded sensibly and with their unit.
import type { Comparator } from './mission.ts';
import { isIsoDate } from './period.ts';

const isPercentage = (unit: string | null | undefined) => !!unit && /percent|%/i.test(unit);

// One formatter for every call: `toLocaleString` builds a new one each time, which is slow.
const britishNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });

/** A figure rounded to 3 significant figures (whole numbers kept whole), with thousands separators. */
export function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 1000 ? Math.round(value) : Number(value.toPrecision(3));
  return britishNumber.format(rounded);
}

/** `13%`, `741 Watts per capita`, `17,175`. */
export function formatValue(value: number, unit?: string | null): string {
  if (isPercentage(unit)) return `${formatNumber(value)}%`;
  return unit && !/^(units?|number)$/i.test(unit)
    ? `${formatNumber(value)} ${unit}`
    : formatNumber(value);
}

/** A difference between two figures: percentages differ by percentage points. */
export function formatDifference(value: number, unit?: string | null): string {
  const n = formatNumber(Math.abs(value));
  if (isPercentage(unit)) return `${n} percentage point${n === '1' ? '' : 's'}`;
  return formatValue(Math.abs(value), unit);
}

// Dates in words, formatted once: `toLocaleDateString` builds a formatter on every call.
const longDate = (timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
const calendarDate = longDate('UTC');
const londonDate = longDate('Europe/London');

/**
 * `22 November 2026`. A date `YYYY-MM-DD` is written as that calendar date; an instant (a
 * `Date`, or any other string `Date` reads) as the date it is in Europe/London, so
 * 2026-06-30T23:30:00Z is 1 July 2026. A RangeError for an impossible date or instant.
 */
export function formatDate(value: string | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isIsoDate(value)) throw new RangeError(`not an ISO date: "${value}"`);
    return calendarDate.format(Date.parse(`${value}T00:00:00Z`));
  }
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date: "${String(value)}"`);
  return londonDate.format(instant);
}

const comparatorWords: Record<Comparator, string> = {
  '<=': 'at most',
  '<': 'below',
  '>=': 'at least',
  '>': 'above',
};

/** A goal's target in words: `at most 5% by 31 December 2030`, or `None set`. */
export function targetPhrase(
  target: { value: number; comparator: Comparator; deadline: string } | null | undefined,
  unit?: string | null,
): string {
  if (!target) return 'None set';
  return `${comparatorWords[target.comparator]} ${formatValue(target.value, unit)} by ${formatDate(target.deadline)}`;
}
