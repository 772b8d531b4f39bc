// Numbers and dates in words a citizen reads: rounded sensibly and with their unit.
import type { Comparator } from './mission.ts';
import { isIsoDate } from './period.ts';

/** The languages pages are written in: English, and Welsh (`cy`). */
export type Language = 'en' | 'cy';

const isPercentage = (unit: string | null | undefined) => !!unit && /percent|%/i.test(unit);

// One formatter for every call: `toLocaleString` builds a new one each time, which is slow.
const britishNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });

// Formatters to a fixed number of decimal places, made once each.
const fixedNumbers = new Map<number, Intl.NumberFormat>();
const fixedNumber = (decimals: number) => {
  let format = fixedNumbers.get(decimals);
  if (!format) {
    const digits = { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
    fixedNumbers.set(decimals, (format = new Intl.NumberFormat('en-GB', digits)));
  }
  return format;
};

/**
 * A figure with thousands separators: to `decimals` places where a series' precision is known
 * (see `decimalsOf`), else to 3 significant figures (whole numbers kept whole).
 */
export function formatNumber(value: number, decimals?: number): string {
  if (decimals !== undefined) return fixedNumber(decimals).format(value);
  const rounded = Math.abs(value) >= 1000 ? Math.round(value) : Number(value.toPrecision(3));
  return britishNumber.format(rounded);
}

/** Decimal places a figure is written with at its shortest (`4.035` → 3, `1` → 0). */
const writtenDecimals = (value: number) => {
  const [, fraction = '', exponent = '0'] = /^-?\d+(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(
    String(value),
  )!;
  return Math.max(0, fraction.length - Number(exponent));
};

/** The share of a series' figures whose places decide those all are shown to. */
const MOST_FIGURES = 0.8;

/**
 * The decimal places a series' figures are shown to, alike in every row: as many as its
 * publisher wrote (`4.035` beside `1` is `4.035` and `1.000`) where it rounded them, to 3
 * places at most. A few figures written to more places than the rest (`4.2398` among `4.06`,
 * `4.27`) are the rest's places: those of four in five figures. Where it published figures
 * unrounded (`12.794944269729042`) or to 4 places or more (`10.7250`, an average of quarters),
 * 3 significant figures of the series' typical size (`12.8`, `0.935`, `17,175`).
 */
export function decimalsOf(values: readonly number[]): number | undefined {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return undefined;
  const written = finite.map(writtenDecimals).sort((a, b) => a - b);
  const most = written[Math.ceil(written.length * MOST_FIGURES) - 1]!;
  if (most <= 3) return most;
  const sizes = finite.map(Math.abs).sort((a, b) => a - b);
  const typical = sizes[Math.floor(sizes.length / 2)]!;
  return typical === 0 ? 2 : Math.max(0, 2 - Math.floor(Math.log10(typical)));
}

/**
 * A projection and its 90% interval to the precision the interval warrants: two significant
 * figures of its half-width (`23,706, between 22,399 and 25,013` → `23,700, between 22,400
 * and 25,000`), never finer than the series' own `decimals`. A trend carried years ahead is
 * not known to the unit its figures were.
 */
export function projectionShown(
  projection: { value: number; lower: number; upper: number },
  decimals?: number,
): { value: number; lower: number; upper: number; decimals: number | undefined } {
  const halfWidth = (projection.upper - projection.lower) / 2;
  if (!(halfWidth > 0)) return { ...projection, decimals };
  const places = Math.min(decimals ?? Infinity, 1 - Math.floor(Math.log10(halfWidth)));
  // Divided by a whole power of ten where it rounds to tens or more, which floats keep exact.
  const round = (n: number) =>
    places >= 0
      ? Math.round(n * 10 ** places) / 10 ** places
      : Math.round(n / 10 ** -places) * 10 ** -places;
  return {
    value: round(projection.value),
    lower: round(projection.lower),
    upper: round(projection.upper),
    decimals: Math.max(0, places),
  };
}

/**
 * A chance as a whole percentage, bounded where rounding would make it certain: `less` than 1%
 * rather than 0% for a chance that is there, `more` than 99% rather than 100% for one short.
 */
export function chanceOf(probability: number): { percent: number; bound?: 'less' | 'more' } {
  const percent = Math.round(probability * 100);
  if (percent === 0 && probability > 0) return { percent: 1, bound: 'less' };
  if (percent === 100 && probability < 1) return { percent: 99, bound: 'more' };
  return { percent };
}

/** `42%`, `less than 1%`, `mwy na 99%`: a chance on its own (see `chanceOf`). */
export function chanceText(probability: number, language: Language = 'en'): string {
  const { percent, bound } = chanceOf(probability);
  if (!bound) return `${percent}%`;
  const words = {
    en: { less: 'less than', more: 'more than' },
    cy: { less: 'llai nag', more: 'mwy na' },
  };
  return `${words[language][bound]} ${percent}%`;
}

/**
 * A published unit as words that follow a figure in a sentence: `Rate per 100000 population`
 * → `per 100,000 people`, `Watts per capita` → `watts per person`; empty where the figure
 * needs none (`Number`, `Ratio`). Percentages and pounds are written around the figure instead.
 */
function unitWords(unit: string): string {
  if (/^(units?|numbers?|count|ratio|rate of growth|index)$/i.test(unit.trim())) return '';
  return (
    unit
      .trim()
      .replace(/^(rate|number) (per )/i, '$2')
      .replace(/\bper capita\b/gi, 'per person')
      .replace(/\bpopulation\b/gi, 'people')
      .replace(/\b\d{4,}\b/g, (n) => britishNumber.format(Number(n)))
      // A capitalised first word (`Watts`), but not an abbreviation (`MW`, `GWh`).
      .replace(/^[A-Z](?=[a-z]+\b)/, (first) => first.toLowerCase())
  );
}

/** Things counted, in Welsh after a number (`100,000 o bobl`), as the unit words name them. */
const welshCounted: Readonly<Record<string, string>> = {
  people: 'o bobl',
  adults: 'o oedolion',
  workers: 'o weithwyr',
  'live births': 'o enedigaethau byw',
  maternities: 'o famolaethau',
  dwellings: 'o anheddau',
  homes: 'o gartrefi',
  offences: 'o droseddau',
  'people in neighbourhood roles': 'o bobl mewn rolau plismona’r gymdogaeth',
};

/**
 * The commonest unit words in Welsh (`per 100,000 people` → `fesul 100,000 o bobl`,
 * `dwellings` → `o anheddau`); a publisher's other words are kept as it wrote them.
 */
function welshUnitWords(words: string): string {
  const per = /^per ([\d,]+) (.+)$/.exec(words);
  if (per) return `fesul ${per[1]} ${welshCounted[per[2]!] ?? per[2]}`;
  return welshCounted[words] ?? words.replace(/\bper person$/, 'y pen').replace(/^watts\b/, 'wat');
}

/**
 * `13%`, `742 watts per person`, `£1,250 per person`, `17,175`; see formatNumber for `decimals`.
 * In Welsh the figure is written alike and the commonest unit words translated.
 */
export function formatValue(
  value: number,
  unit?: string | null,
  decimals?: number,
  language: Language = 'en',
): string {
  const figure = formatNumber(value, decimals);
  if (!unit) return figure;
  if (isPercentage(unit)) return `${figure}%`;
  const words = (english: string) => (language === 'cy' ? welshUnitWords(english) : english);
  const pounds = /^(GBP|£)(?: \(£\))?(.*)$/i.exec(unit.trim());
  if (pounds) {
    const money = value < 0 ? `-£${formatNumber(-value, decimals)}` : `£${figure}`;
    const rest = words(unitWords(pounds[2]!.trim()));
    return rest ? `${money} ${rest}` : money;
  }
  const rest = words(unitWords(unit));
  return rest ? `${figure} ${rest}` : figure;
}

/**
 * A difference between two figures, to the `decimals` places the figures are written to (more,
 * if it would round to nothing): percentages differ by percentage points (in Welsh
 * `pwynt canran`, singular after a numeral).
 */
export function formatDifference(
  value: number,
  unit?: string | null,
  language: Language = 'en',
  decimals?: number,
): string {
  const size = Math.abs(value);
  const places = decimals !== undefined && size >= 0.5 * 10 ** -decimals ? decimals : undefined;
  const n = formatNumber(size, places);
  if (isPercentage(unit))
    return language === 'cy' ? `${n} pwynt canran` : `${n} percentage point${n === '1' ? '' : 's'}`;
  return formatValue(size, unit, places, language);
}

// Dates in words, formatted once: `toLocaleDateString` builds a formatter on every call.
const longDate = (locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
const calendarDates = { en: longDate('en-GB', 'UTC'), cy: longDate('cy', 'UTC') };
const londonDates = { en: longDate('en-GB', 'Europe/London'), cy: longDate('cy', 'Europe/London') };

/**
 * `22 November 2026`. A date `YYYY-MM-DD` is written as that calendar date; an instant (a
 * `Date`, or any other string `Date` reads) as the date it is in Europe/London, so
 * 2026-06-30T23:30:00Z is 1 July 2026. A RangeError for an impossible date or instant.
 */
export function formatDate(value: string | Date, language: Language = 'en'): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isIsoDate(value)) throw new RangeError(`not an ISO date: "${value}"`);
    return calendarDates[language].format(Date.parse(`${value}T00:00:00Z`));
  }
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date: "${String(value)}"`);
  return londonDates[language].format(instant);
}

/** English months, whole or cut short (`Mar`, `Sept`), lower case, to their Welsh names. */
const WELSH_MONTHS = (() => {
  const english =
    'january february march april may june july august september october november december';
  const welsh =
    'Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr';
  const short = 'Ion Chw Maw Ebr Mai Meh Gor Awst Medi Hyd Tach Rhag'.split(' ');
  const names = welsh.split(' ');
  return new Map([
    ...english.split(' ').flatMap((m, i) => [
      [m.slice(0, 3), short[i]!],
      [m, names[i]!],
    ]),
    ['sept', 'Medi'],
  ] as [string, string][]);
})();

/**
 * A period's label as a sentence reads it: `Year ending December 2025` is "the year ending
 * December 2025" (in Welsh "y flwyddyn yn diweddu Rhagfyr 2025"); others as `periodLabel`.
 * In Welsh, a label with words it cannot put in Welsh stays as published.
 */
export function periodInSentence(label: string, language: Language = 'en'): string {
  const ending = /^year ending /i.exec(label);
  if (language === 'en') return ending ? `the ${label[0]!.toLowerCase()}${label.slice(1)}` : label;
  const welsh = periodLabel(label, 'cy');
  return welsh === null ? label : welsh.replace(/^Y flwyddyn/, 'y flwyddyn');
}

/**
 * A period's label in the page's language: as published in English; in Welsh with its months,
 * quarters and `Year ending` in Welsh and `to` a dash (`Jan-Mar 2026` is "Ion-Maw 2026",
 * `2024 Q1` "2024 Chwarter 1"), or null where
 * a word is none of those, for the page to show the label as published, marked as English.
 */
export function periodLabel(label: string, language: Language): string | null {
  if (language === 'en') return label;
  const ending = /^year ending /i.exec(label);
  let foreign = false;
  const rest = label.slice(ending ? ending[0].length : 0);
  const welsh = rest.replace(/[A-Za-z]+/g, (word, at: number) => {
    const lower = word.toLowerCase();
    if (lower === 'to') return '–'; // not `i`, which would mutate the month after it
    // `2024 Q1`, the first quarter; `Quarter 1 2024`.
    if (lower === 'q' && /^[1-4]\b/.test(rest.slice(at + 1))) return 'Chwarter ';
    if (lower === 'quarter') return 'Chwarter';
    const month = WELSH_MONTHS.get(lower);
    if (!month) foreign = true;
    return month ?? word;
  });
  if (foreign) return null;
  return ending ? `Y flwyddyn yn diweddu ${welsh}` : welsh;
}

const comparatorWords: Record<Language, Record<Comparator, string>> = {
  en: { '<=': 'at most', '<': 'below', '>=': 'at least', '>': 'above' },
  cy: { '<=': 'dim mwy na', '<': 'o dan', '>=': 'o leiaf', '>': 'uwchlaw' },
};

/**
 * A goal's target in words: `at most 5% by 31 December 2030`, or `None set`; in Welsh
 * `dim mwy na 5% erbyn 31 Rhagfyr 2030`, or `Dim wedi'i osod`.
 */
export function targetPhrase(
  target: { value: number; comparator: Comparator; deadline: string } | null | undefined,
  unit?: string | null,
  language: Language = 'en',
): string {
  const welsh = language === 'cy';
  if (!target) return welsh ? 'Dim wedi’i osod' : 'None set';
  const value = formatValue(target.value, unit, undefined, language);
  const by = welsh ? 'erbyn' : 'by';
  return `${comparatorWords[language][target.comparator]} ${value} ${by} ${formatDate(target.deadline, language)}`;
}
