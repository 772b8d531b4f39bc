// A funding settlement: a government's money for an area over several financial years, the
// goals it serves and the outcomes it is accountable to. What the change log records of one is
// its whole content (`settlementState`), so a changed amount, goal or outcome is one event.

/** A goal, named as `mission/goal`. */
export interface GoalRef {
  mission: string;
  goal: string;
}

export interface Settlement {
  /** Its id, chosen by whoever enters it: lower-case letters, digits and hyphens. */
  id: string;
  /** The government that gives the money (its slug). */
  government: string;
  /** The area it is for (ONS GSS code). */
  area: string;
  title: string;
  conditions: string;
  /** Where the figures come from, in words (a publication, a letter). */
  source: string;
  sourceUrl: string | null;
  /** The amount in each financial year, in whole pounds, earliest first. */
  amounts: { year: string; amountGbp: number }[];
  /** The goals it serves, in the order given. */
  serves: GoalRef[];
  /** Its outcomes framework: each outcome, linked to one of the goals it serves where one fits. */
  outcomes: { text: string; goal: GoalRef | null }[];
}

/** What the change log records of a settlement: everything but its id (the event's entity id). */
export const settlementState = ({ id: _id, ...state }: Settlement) => state;

export const SETTLEMENT_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

export const goalKey = (g: GoalRef) => `${g.mission}/${g.goal}`;

/**
 * The first calendar year of a UK financial year written `2025-26`, or why it is not one.
 * @example financialYearStart('2025-26') // 2025
 * @example financialYearStart('2025-27') // 'the two years of 2025-27 are not consecutive…'
 */
export function financialYearStart(text: string): number | string {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match)
    return `"${text}" is not a financial year: write it as 2025-26 (April 2025 to March 2026)`;
  const start = Number(match[1]);
  if (start < 1900 || start > 2199) return `${text} is not a financial year Northstar can hold`;
  if (Number(match[2]) !== (start + 1) % 100)
    return `the two years of ${text} are not consecutive: the financial year starting April ${start} is ${start}-${String((start + 1) % 100).padStart(2, '0')}`;
  return start;
}

/** Three significant figures, without trailing zeros: 1.2, 12.5, 450. */
const figures = (x: number) =>
  Number(x.toPrecision(3)).toLocaleString('en-GB', { maximumFractionDigits: 2 });

/**
 * An amount of money as a reader says it: exact below a million, else in millions or billions
 * to three significant figures.
 * @example poundsInWords(450_000) // '£450,000'
 * @example poundsInWords(1_200_000) // '£1.2 million'
 * @example poundsInWords(2_345_000_000) // '£2.35 billion'
 */
export function poundsInWords(amount: number): string {
  if (amount >= 999_500_000) return `£${figures(amount / 1e9)} billion`;
  if (amount >= 1_000_000) return `£${figures(amount / 1e6)} million`;
  return `£${amount.toLocaleString('en-GB')}`;
}

/** The exact amount with its thousands separated: £1,200,000. */
export const poundsExact = (amount: number) => `£${amount.toLocaleString('en-GB')}`;
