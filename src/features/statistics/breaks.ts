// Breaks in a series, as a release's metadata records them (a recipe's `breaks`): from each
// date the figures are not comparable with earlier ones.
import { dateToTime } from '../../domain/period.ts';
import type { Indicator } from './store.ts';

export interface SeriesBreak {
  from: string;
  why: string;
}

/** The indicator's breaks, oldest first; none if its metadata records none. */
export function seriesBreaks(indicator: Pick<Indicator, 'meta'> | undefined): SeriesBreak[] {
  const breaks = indicator?.meta.breaks;
  if (!Array.isArray(breaks)) return [];
  return breaks
    .filter(
      (b): b is SeriesBreak =>
        typeof b === 'object' &&
        b !== null &&
        typeof b.from === 'string' &&
        typeof b.why === 'string',
    )
    .sort((a, b) => a.from.localeCompare(b.from));
}

/** The date of the latest break, if any: the trend is judged on figures after it. */
export const latestBreak = (indicator: Pick<Indicator, 'meta'> | undefined): string | null =>
  seriesBreaks(indicator).at(-1)?.from ?? null;

/** Breaks as a chart marks them. */
export const breakMarks = (breaks: SeriesBreak[]) =>
  breaks.map((b) => ({ time: dateToTime(b.from), label: 'Break in series' }));
