// The places a measure's figures are shown to in its publisher's file, as a release's metadata
// records them (a recipe's `places_shown`, from the cells' number formats): DESNZ keeps
// 16649.68 MW in a cell it shows as "16,650", and the pages show it so too.
import type { Indicator } from './store.ts';

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
    if (s === series && (!unit || u === unit) && Number.isInteger(p) && 0 <= +p! && +p! <= 4)
      places.add(p as number);
  }
  // A series in several units, none named, shows no one number of places.
  return places.size === 1 ? [...places][0] : undefined;
}
