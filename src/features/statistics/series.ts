// Reading a release's stored series rows back as one series of figures for each area: how
// progress in every part of the country is judged (see docs/decisions.md).
import { decimals, integers } from './numbers.ts';

/** A stored series row as `areaSeries` reads it: its arrays as comma-separated text. */
export interface SeriesRow {
  release_id: number;
  area_code: string;
  unit: string;
  /** The line of the row's first figure. */
  line: number;
  periods: string;
  values: string;
}

/** One area's figures for a measure, oldest first, as progress is judged from them. */
export interface AreaSeries {
  areaCode: string;
  /** The unit of its first figure. */
  unit: string;
  /** Periods are shared between the areas of one answer: read them, never change them. */
  points: { period: { readonly label: string; readonly time: number }; value: number | null }[];
}

/** A release's series rows as one series for each area (see `areaSeries`). */
export function seriesOfAreas(
  releasePeriods: [id: number, label: string, time: number][],
  rows: SeriesRow[],
): AreaSeries[] {
  // Period ids are small whole numbers, counted from 0 within a release.
  const periods: { label: string; time: number }[] = [];
  for (const [id, label, time] of releasePeriods) periods[id] = { label, time };
  // Oldest period first, then by line, as `observations` orders them. A row's figures are in
  // line order, and rows in the order of their first lines (see ObservationRows).
  rows.sort((a, b) => a.line - b.line);
  // An area's figures may come in more than one row (runs of a file, or several units).
  type Figures = { areaCode: string; points: AreaSeries['points']; rowOf: number[]; last: number };
  const byArea = new Map<string, Figures>();
  let inOrder = true;
  rows.forEach((r, row) => {
    const ids = integers(r.periods);
    const values = decimals(r.values);
    let figures = byArea.get(r.area_code);
    for (let i = 0; i < ids.length; i++) {
      const period = periods[ids[i]!];
      if (!period) continue;
      if (!figures) {
        figures = { areaCode: r.area_code, points: [], rowOf: [], last: -Infinity };
        byArea.set(r.area_code, figures);
      }
      if (period.time < figures.last) inOrder = false;
      figures.last = period.time;
      figures.points.push({ period, value: values[i] ?? null });
      figures.rowOf.push(row);
    }
  });
  const series = [...byArea.values()];
  if (!inOrder) {
    for (const figures of series) {
      // A stable sort by period keeps each period's figures in line order.
      const { points, rowOf } = figures;
      const order = points
        .map((_, i) => i)
        .sort((a, b) => points[a]!.period.time - points[b]!.period.time);
      figures.points = order.map((i) => points[i]!);
      figures.rowOf = order.map((i) => rowOf[i]!);
    }
  }
  // Areas in the order of their first figure, by period and then by line; each in the unit of
  // its first figure.
  const first = (f: Figures) => rows[f.rowOf[0]!]!;
  series.sort(
    (a, b) => a.points[0]!.period.time - b.points[0]!.period.time || first(a).line - first(b).line,
  );
  return series.map((f) => ({ areaCode: f.areaCode, unit: first(f).unit, points: f.points }));
}
