// Areas of the country, by ONS GSS code, with the hierarchy used for roll-ups and successor
// codes for ones that were superseded.

/** The levels of area, from the widest: the UK, Great Britain, England and Wales, the nations… */
export const AREA_LEVELS = [
  'uk',
  'gb',
  'ew',
  'country',
  'region',
  'sub-region',
  'cauth',
  'utla',
  'la',
] as const;

export type AreaLevel = (typeof AREA_LEVELS)[number];

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  successorCode: string | null;
  current: boolean;
}

export const UK_CODE = 'K02000001';

export const levelNames: Record<AreaLevel, string> = {
  uk: 'United Kingdom',
  gb: 'Great Britain',
  ew: 'England and Wales',
  country: 'Nation',
  region: 'Region',
  'sub-region': 'Sub-region',
  cauth: 'Combined authority',
  utla: 'Upper-tier local authority',
  la: 'Local authority',
};

/** The nations Great Britain and England and Wales are made of: they are no area's parent. */
const unionsOf: Record<string, string[]> = {
  K03000001: ['E92000001', 'S92000003', 'W92000004'],
  K04000001: ['E92000001', 'W92000004'],
};

/** The area and every area above it, nearest first (parents by `parentCode`). */
export function lineage(code: string, byCode: Map<string, Pick<Area, 'parentCode'>>): string[] {
  const chain: string[] = [];
  for (let c: string | null | undefined = code; c && !chain.includes(c);) {
    chain.push(c);
    c = byCode.get(c)?.parentCode;
  }
  return chain;
}

/** Whether `outer` is `code` or contains it: whether a goal set for `outer` covers `code`. */
export function covers(
  outer: string,
  code: string,
  byCode: Map<string, Pick<Area, 'parentCode'>>,
): boolean {
  const chain = lineage(code, byCode);
  return chain.includes(outer) || (unionsOf[outer] ?? []).some((n) => chain.includes(n));
}
