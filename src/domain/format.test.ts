// Dates and targets in words: one formatter for each, whatever the machine's time zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decimalsOf,
  formatDate,
  formatDifference,
  formatNumber,
  formatValue,
  targetPhrase,
} from './format.ts';
import { projectionWords } from './assessmentWords.ts';
import type { Projection } from './projection.ts';

const DATES: [why: string, value: string | Date, expected: string][] = [
  ['a date is that calendar date', '2026-11-22', '22 November 2026'],
  ['a date in British Summer Time is still that date', '2024-06-30', '30 June 2024'],
  ['a leap day', '2024-02-29', '29 February 2024'],
  [
    'an instant at 23:30 UTC in summer is the next day in London',
    '2026-06-30T23:30:00Z',
    '1 July 2026',
  ],
  ['the same instant as a Date', new Date('2026-06-30T23:30:00Z'), '1 July 2026'],
  [
    'an instant at 23:30 UTC in winter is the same day in London',
    '2026-01-15T23:30:00Z',
    '15 January 2026',
  ],
  ['a winter instant as a Date', new Date('2026-12-31T23:59:59.999Z'), '31 December 2026'],
  ['an instant with its own offset', '2026-07-01T00:30:00+02:00', '30 June 2026'],
  [
    'the last millisecond of a summer day, as the API reads a date',
    '2024-06-30T23:59:59.999Z',
    '1 July 2024',
  ],
];

for (const [why, value, expected] of DATES) {
  test(`formatDate: ${why}`, () => assert.equal(formatDate(value), expected));
}

test('formatDate: an impossible date or instant is an error, not another day', () => {
  for (const value of ['2024-02-30', '2023-02-29', '2024-13-01', 'soon', new Date(NaN)]) {
    assert.throws(() => formatDate(value), RangeError, String(value));
  }
});

const TARGETS: [
  target: Parameters<typeof targetPhrase>[0],
  unit: string | null | undefined,
  expected: string,
][] = [
  [
    { value: 5, comparator: '<=', deadline: '2030-12-31' },
    'Percentage (%)',
    'at most 5% by 31 December 2030',
  ],
  [{ value: 5, comparator: '<', deadline: '2030-12-31' }, '%', 'below 5% by 31 December 2030'],
  [
    { value: 60, comparator: '>=', deadline: '2035-03-31' },
    'percent',
    'at least 60% by 31 March 2035',
  ],
  [
    { value: 1234.5, comparator: '>', deadline: '2029-06-30' },
    'tonnes',
    'above 1,235 tonnes by 30 June 2029',
  ],
  [
    { value: 0.125, comparator: '>=', deadline: '2030-01-01' },
    null,
    'at least 0.125 by 1 January 2030',
  ],
  [
    { value: 11, comparator: '<=', deadline: '2030-12-31' },
    'Number',
    'at most 11 by 31 December 2030',
  ],
  [null, '%', 'None set'],
  [undefined, undefined, 'None set'],
];

for (const [target, unit, expected] of TARGETS) {
  test(`targetPhrase: ${expected}`, () => assert.equal(targetPhrase(target, unit), expected));
}

const VALUES: [value: number, unit: string | null, expected: string][] = [
  [9.7, 'Rate per 100,000 population', '9.7 per 100,000 people'],
  [9.7, 'Rate per 100000 population', '9.7 per 100,000 people'],
  [12.3, 'Number per 100,000 adults', '12.3 per 100,000 adults'],
  [742, 'Watts per capita', '742 watts per person'],
  [95, 'Percentage (%)', '95%'],
  [7.86, 'Percentage of households (%)', '7.86%'],
  [1250, 'GBP per capita', '£1,250 per person'],
  [-42.5, 'GBP (£)', '-£42.5'],
  [17175, 'Number', '17,175'],
  [0.93, 'Ratio', '0.93'],
  [1.2, 'Rate of growth', '1.2'],
  [4200, 'MW', '4,200 MW'],
  [310, 'offences', '310 offences'],
  [3, null, '3'],
];

for (const [value, unit, expected] of VALUES) {
  test(`${value} in "${unit}" reads "${expected}"`, () => {
    assert.equal(formatValue(value, unit), expected);
  });
}

const PRECISIONS: [why: string, values: number[], decimals: number | undefined, shown: string][] = [
  ['as many places as the publisher wrote', [4.035, 1], 3, '4.035, 1.000'],
  ['whole numbers stay whole', [300000, 236540], 0, '300,000, 236,540'],
  ['one place, as published', [7.9, 12.5, 13], 1, '7.9, 12.5, 13.0'],
  [
    'unrounded shares: 3 significant figures',
    [12.794944269729042, 13.478864261441394],
    1,
    '12.8, 13.5',
  ],
  ['unrounded small figures', [0.934646123, 0.81234567], 3, '0.935, 0.812'],
  ['unrounded large figures', [17175.123456, 20001.98765], 0, '17,175, 20,002'],
  ['no figures', [], undefined, ''],
];

for (const [why, values, decimals, shown] of PRECISIONS) {
  test(`precision: ${why}`, () => {
    assert.equal(decimalsOf(values), decimals);
    assert.equal(values.map((v) => formatNumber(v, decimals)).join(', '), shown);
  });
}

test('a figure keeps its series’ precision with its unit', () => {
  assert.equal(formatValue(7.9, 'Percentage (%)', 1), '7.9%');
  assert.equal(formatValue(1, 'Rate per 100,000 population', 3), '1.000 per 100,000 people');
  assert.equal(formatValue(-2.5, 'GBP (£)', 2), '-£2.50');
});

test('a difference is written to the places of the figures it is between', () => {
  // 10.445% against a path at 9.9%, both shown to one place: 0.5 points, not 0.545.
  assert.equal(formatDifference(10.445 - 9.9, '%', 'en', 1), '0.5 percentage points');
  assert.equal(formatDifference(-4.85, '%', 'cy', 0), '5 pwynt canran');
  assert.equal(formatDifference(1, '%', 'en', 0), '1 percentage point');
  assert.equal(formatDifference(2642.4, 'MW', 'en', 0), '2,642 MW');
  // One that would round to nothing keeps its own size.
  assert.equal(formatDifference(0.04, '%', 'en', 1), '0.04 percentage points');
});

test('a chance is "an 8%" or "an 11%" as it is said, "a 12%" otherwise', () => {
  const projection = (probability: number): Projection => ({
    ok: true,
    points: [],
    slope: 1,
    intercept: 0,
    residualSd: 1,
    at: 2030,
    value: 40,
    lower: 30,
    upper: 50,
    probability,
    reachesTargetAt: 2031.5,
  });
  const words = (p: number) => projectionWords(projection(p), 2030, '%');
  for (const [p, said] of [
    [0.08, 'an 8%'],
    [0.11, 'an 11%'],
    [0.18, 'an 18%'],
    [0.83, 'an 83%'],
    [0.12, 'a 12%'],
    [1, 'a 100%'],
  ] as const)
    assert.match(words(p), new RegExp(`; ${said} chance of meeting it\\)`), String(p));
});
