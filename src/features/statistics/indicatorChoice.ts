// What the indicator page's form chooses: a series, a unit, the breakdowns to compare and an
// area, each from what the indicator has, falling back to its headline figure for the nation.
import { AREA_LEVELS, UK_CODE, type AreaLevel } from '../../domain/area.ts';
import type { Measure } from './store.ts';

type MeasureKey = Pick<Measure, 'series' | 'unit' | 'dimensions'>;

/** England's GSS code: the first of the nations when no wider area has figures. */
const ENGLAND_CODE = 'E92000001';

/** The most breakdowns one chart and table compare; more would be unreadable. */
export const MAX_COMPARED = 8;

/** The breakdown of a measure without one. */
export const NO_BREAKDOWN = 'No breakdown';

/** The measure key of links made before series, unit and breakdown were chosen apart. */
export const legacyKey = (m: MeasureKey) => JSON.stringify([m.series, m.unit, m.dimensions]);

/** `Sex: Female; Age: 16 to 24`: a breakdown as the form's tick boxes and the table name it. */
export const breakdownLabel = (dimensions: Record<string, string>) =>
  Object.keys(dimensions).length
    ? Object.entries(dimensions)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')
    : NO_BREAKDOWN;

/** `Sex and Age`: what a group of breakdowns breaks the figures down by. */
const groupLabel = (dimensions: Record<string, string>) =>
  Object.keys(dimensions).join(' and ') || NO_BREAKDOWN;

export interface IndicatorChoice {
  series: string;
  unit: string;
  /** Every series of the indicator, and the units of the chosen one. */
  seriesList: string[];
  unitList: string[];
  /** The breakdowns the chosen series and unit have, grouped by what they break down by. */
  groups: { label: string; measures: Measure[] }[];
  /** The breakdowns compared, in the form's order: at least one, at most `MAX_COMPARED`. */
  chosen: Measure[];
  /** How many more were ticked than are compared. */
  leftOut: number;
}

export interface ChoiceQuery {
  series?: string;
  unit?: string;
  breakdown: string[];
  /** The one measure of an older link (`legacyKey`). */
  measure?: string;
}

const unique = <T>(items: T[]) => [...new Set(items)];

/** What a goal measures of an indicator: its series and unit (any, if none), its breakdown. */
export interface GoalMeasure {
  series: string | null;
  unit: string | null;
  dimensions: Record<string, string>;
}

const isTotal = (m: Measure) => Object.keys(m.dimensions).length === 0;

/** A breakdown whatever the order its pairs were written in. */
const pairs = (dimensions: Record<string, string>) =>
  JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));

const measuredBy = (goal: GoalMeasure) => (m: Measure) =>
  (goal.series === null || goal.series === m.series) &&
  (goal.unit === null || goal.unit === m.unit) &&
  pairs(goal.dimensions) === pairs(m.dimensions);

/**
 * The series, unit and breakdowns asked for, where the indicator has them; else the headline:
 * the figure a goal is judged on, where a goal measures the indicator (what its readers come
 * from the goal to see), or else its first total (`measures` come as the store sorts them: the
 * file's first series first, the fewest breakdowns first). A series changed without
 * JavaScript keeps its unit and breakdowns only where the new series has them; where they are
 * not given, those of the headline where it has them.
 */
export function chooseMeasures(
  measures: Measure[],
  query: ChoiceQuery,
  goals: GoalMeasure[] = [],
): IndicatorChoice | undefined {
  const headline =
    goals.map((g) => measures.find(measuredBy(g))).find((m) => m !== undefined) ??
    measures.find(isTotal) ??
    measures[0];
  if (!headline) return undefined;
  const legacy = query.measure ? measures.find((m) => legacyKey(m) === query.measure) : undefined;
  const asked = legacy
    ? { series: legacy.series, unit: legacy.unit, breakdown: [breakdownLabel(legacy.dimensions)] }
    : query;
  const seriesList = unique(measures.map((m) => m.series)).sort((a, b) => a.localeCompare(b));
  const series =
    asked.series !== undefined && seriesList.includes(asked.series)
      ? asked.series
      : headline.series;
  const ofSeries = measures.filter((m) => m.series === series);
  const unitList = unique(ofSeries.map((m) => m.unit)).sort((a, b) => a.localeCompare(b));
  const unit =
    asked.unit !== undefined && unitList.includes(asked.unit)
      ? asked.unit
      : unitList.includes(headline.unit)
        ? headline.unit
        : (ofSeries.find(isTotal) ?? ofSeries[0]!).unit;
  const options = ofSeries.filter((m) => m.unit === unit);
  const groups = new Map<string, Measure[]>();
  for (const m of options) {
    const label = groupLabel(m.dimensions);
    groups.set(label, [...(groups.get(label) ?? []), m]);
  }
  const ticked = options.filter((m) => asked.breakdown.includes(breakdownLabel(m.dimensions)));
  // The headline's breakdown in the series and unit chosen (NEET's people aged 16 to 24,
  // seasonally adjusted, as a count as well as a share), else a total, else the first.
  const fallback =
    options.find((m) => pairs(m.dimensions) === pairs(headline.dimensions)) ??
    options.find(isTotal) ??
    options[0]!;
  const chosen = ticked.length ? ticked.slice(0, MAX_COMPARED) : [fallback];
  return {
    series,
    unit,
    seriesList,
    unitList,
    groups: [...groups].map(([label, measures]) => ({ label, measures })),
    chosen,
    leftOut: Math.max(0, ticked.length - MAX_COMPARED),
  };
}

/** Where an area comes among the figures' areas: the widest first, England first of the nations. */
export function widthRank(code: string, levelOf: (code: string) => AreaLevel | undefined): number {
  if (code === UK_CODE) return -1;
  const level = levelOf(code);
  const r = level === undefined ? AREA_LEVELS.length : AREA_LEVELS.indexOf(level);
  return code === ENGLAND_CODE ? r : r + 0.5;
}

/**
 * The area asked for if the figures have it, else the widest they have: the UK, Great Britain,
 * England and Wales or a nation (England first among those), else a region before an
 * authority, so a page opens on the country's figure rather than on the first in the list.
 */
export function chooseArea(
  areas: string[],
  asked: string | undefined,
  levelOf: (code: string) => AreaLevel | undefined,
): string | undefined {
  if (asked && areas.includes(asked)) return asked;
  const rank = (code: string) => widthRank(code, levelOf);
  let best = areas[0];
  for (const code of areas) if (best === undefined || rank(code) < rank(best)) best = code;
  return best;
}
