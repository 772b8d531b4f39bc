// Areas of the country, by ONS GSS code, with the hierarchy used for roll-ups and successor
// codes for ones that were superseded.

export type AreaLevel =
  'uk' | 'gb' | 'ew' | 'country' | 'region' | 'sub-region' | 'cauth' | 'utla' | 'la';

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
