// The places a measure's figures are shown to in its publisher's file, as a release's metadata
// records them (`places_shown`, worked out by a recipe from the cells' number formats): DESNZ
// keeps 16649.68 MW in a cell it shows as "16,650", and the pages show it so too.
import type { Indicator } from './store.ts';

/** More places than this are a figure not rounded for showing (`67.66666666666667`). */
const MOST_PLACES = 4;

type Recorded = { series: string; unit: string; places: number };

/**
 * The places the publisher shows the figures of `series` (in `unit`, where given) to; undefined
 * where its file does not fix them, and the figures' own digits decide (see `decimalsOf`).
 */
export function placesShown(
  indicator: Pick<Indicator, 'meta'> | undefined,
  series: string | null | undefined,
  unit: string | null | undefined,
): number | undefined {
  const recorded = indicator?.meta.places_shown;
  if (!Array.isArray(recorded) || !series) return undefined;
  const places = new Set<number>();
  for (const r of recorded as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const { series: s, unit: u, places: p } = r as Record<string, unknown>;
    if (
      s === series &&
      (!unit || u === unit) &&
      Number.isInteger(p) &&
      0 <= +p! &&
      +p! <= MOST_PLACES
    )
      places.add(p as number);
  }
  // A series in several units, none named, shows no one number of places.
  return places.size === 1 ? [...places][0] : undefined;
}

/**
 * What a recipe records: the places each measure (series and unit) is shown to in the file, the
 * most any of its figures shows, known where every figure's cell fixes them.
 */
export class PlacesShown {
  /** null: a figure whose places the file does not fix (a General cell, a Parquet number). */
  private readonly bySeries = new Map<string, number | null>();
  private readonly key = (series: string, unit: string) => JSON.stringify([series, unit]);

  add(o: { series: string; unit: string; value: number | null }, places: number | undefined) {
    if (o.value === null) return;
    const key = this.key(o.series, o.unit);
    const before = this.bySeries.get(key);
    this.bySeries.set(
      key,
      before === null || places === undefined ? null : Math.max(before ?? 0, places),
    );
  }

  /** A sum shows the most places of its parts; a ratio's are not the file's to fix. */
  derive(d: { series: string; unit: string; sum: string[]; over?: string[]; times: number }) {
    if (d.over || d.times !== 1) return;
    const parts = [...this.bySeries].filter(([key]) => d.sum.includes(JSON.parse(key)[0]));
    if (!parts.length || parts.some(([, p]) => p === null)) return;
    this.bySeries.set(this.key(d.series, d.unit), Math.max(...parts.map(([, p]) => p!)));
  }

  known(): Recorded[] | undefined {
    const known = [...this.bySeries].flatMap(([key, places]) => {
      const [series, unit] = JSON.parse(key) as [string, string];
      return places === null || places > MOST_PLACES ? [] : [{ series, unit, places }];
    });
    return known.length ? known : undefined;
  }
}
