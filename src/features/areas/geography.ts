// Reads the bundled ONS GSS lookup into areas and resolves the names and codes found in
// statistics files to them: names vary in spelling, codes may be superseded or a parent's.
import fs from 'node:fs';
import { readCsvRecords } from '../../platform/csv/read.ts';
import type { Area, AreaLevel } from '../../domain/area.ts';

const levelOfType: Record<string, AreaLevel> = {
  la: 'la',
  utla: 'utla',
  cauth: 'cauth',
  rgn: 'region',
  ctry: 'country',
  ew: 'ew',
  gb: 'gb',
  uk: 'uk',
};

/** Codes used in UK statistics that the LAD/region/country lookup leaves out. */
const extraAreas: Area[] = [
  {
    code: 'E13000001',
    name: 'Inner London',
    level: 'sub-region',
    parentCode: 'E12000007',
    successorCode: null,
    current: true,
  },
  {
    code: 'E13000002',
    name: 'Outer London',
    level: 'sub-region',
    parentCode: 'E12000007',
    successorCode: null,
    current: true,
  },
];

/** Spellings seen in ONS files for areas the lookup names otherwise. */
const nameAliases: Record<string, string> = {
  east: 'east of england',
  'yorkshire and humber': 'yorkshire and the humber',
  'united kingdom (uk)': 'united kingdom',
  uk: 'united kingdom',
};

export function normaliseAreaName(name: string): string {
  const n = name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.,']/g, ' ')
    .replace(/\bua$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return nameAliases[n] ?? n;
}

export interface Geography {
  areas: Area[];
  byCode: Map<string, Area>;
  /**
   * The area a name stands for, preferring the given levels, current areas first. A superseded
   * area stays itself (its data predates the merger); `successorCode` links it onward.
   */
  resolveName(name: string, preferLevels: readonly AreaLevel[]): Area | undefined;
  /** A district's county, where two tiers of councils share an area (`E07000105` → `E10000016`). */
  upperTierOf: ReadonlyMap<string, string>;
}

export function createGeography(
  areas: Area[],
  upperTierOf: ReadonlyMap<string, string> = new Map(),
): Geography {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const byName = new Map<string, Area[]>();
  for (const area of areas) {
    const key = normaliseAreaName(area.name);
    byName.set(key, [...(byName.get(key) ?? []), area]);
  }
  return {
    areas,
    byCode,
    upperTierOf,
    resolveName(name, preferLevels) {
      const candidates = byName.get(normaliseAreaName(name));
      if (!candidates) return undefined;
      const rank = (a: Area) => {
        const i = preferLevels.indexOf(a.level);
        return (i === -1 ? 100 : i) * 2 + (a.current ? 0 : 1);
      };
      const best = [...candidates].sort((a, b) => rank(a) - rank(b))[0];
      return best;
    },
  };
}

/** Parses ONS `area_all_codes.csv` (one row per area with all its ancestors). */
export function parseAreaLookup(bytes: Uint8Array): Area[] {
  return areasOf(readCsvRecords(bytes));
}

function areasOf(rows: Record<string, string>[]): Area[] {
  const areas: Area[] = rows.map((row) => {
    const level = levelOfType[row.areatype ?? ''];
    if (!level) throw new Error(`Unknown area type "${row.areatype}" for ${row.areacode}`);
    const code = row.areacode ?? '';
    const active = row.LADCD_ACTIVE || code;
    const parentCode =
      level === 'la' || level === 'utla' || level === 'cauth'
        ? row.RGNCD || row.CTRYCD || null
        : level === 'region'
          ? row.CTRYCD || null
          : level === 'uk'
            ? null
            : row.UKCD || null;
    return {
      code,
      name: row.areaname ?? code,
      level,
      parentCode,
      successorCode: active !== code ? active : null,
      current: active === code,
    };
  });
  return [...areas, ...extraAreas];
}

export function loadGeography(file: string): Geography {
  const rows = readCsvRecords(fs.readFileSync(file));
  const upperTierOf = new Map(
    rows
      .filter((row) => row.areatype === 'la' && row.UTLACD && row.UTLACD !== row.areacode)
      .map((row) => [row.areacode!, row.UTLACD!]),
  );
  return createGeography(areasOf(rows), upperTierOf);
}
