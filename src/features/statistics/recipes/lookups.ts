// Lookups from a publisher's own area keys (police force names, DfE LA numbers, ITL codes) to
// ONS GSS codes, shipped in sources/lookups/ with their sources. An empty code marks a key
// that is known but stands for no area Northstar keeps (Inner London); `total-only` one that
// has no area but counts in a total (British Transport Police in England and Wales's).
import fs from 'node:fs';
import path from 'node:path';
import { readCsvRecords } from '../../../platform/csv/read.ts';
import { SHIPPED_RECIPES } from './recipe.ts';

export type AreaLookup = Map<string, string>;

/** The code of a key that counts in a table's total but is no area of its own. */
export const TOTAL_ONLY = 'total-only';

const cache = new Map<string, AreaLookup>();

/** A key as compared: case, spaces and `&` do not matter. */
export const lookupKey = (text: string) =>
  text.toLowerCase().replace(/&/g, 'and').replace(/\s+/g, ' ').trim();

/** The shipped lookup `name` (sources/lookups/NAME.csv: `key,code`), or undefined. */
export function areaLookup(name: string): AreaLookup | undefined {
  const known = cache.get(name);
  if (known) return known;
  const file = path.join(SHIPPED_RECIPES, 'lookups', `${name}.csv`);
  if (!fs.existsSync(file)) return undefined;
  const lookup: AreaLookup = new Map(
    readCsvRecords(fs.readFileSync(file)).map((r) => [lookupKey(r.key ?? ''), r.code ?? '']),
  );
  cache.set(name, lookup);
  return lookup;
}
