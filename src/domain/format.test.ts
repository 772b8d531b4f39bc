// Dates and targets in words: one formatter for each, whatever the machine's time zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chanceText,
  decimalsOf,
  formatDate,
  formatDifference,
  formatNumber,
  formatValue,
  periodInSentence,
  periodLabel,
  projectionShown,
  targetPhrase,
} from './format.ts';
import {
  openSdgAcrossBreak,
  openSdgReason,
  projectionWords,
  statusAgainstTrendWords,
} from './assessmentWords.ts';
import { openSdgProgress, type OpenSdgInputs } from './openSdgProgress.ts';
import type { OpenSdgResult } from './openSdgProgress.ts';
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
  [
    'a few figures written to more places than most are rounded as most are',
    [7.11, 5.85, 4.2398, 4.06, 4.27],
    2,
    '7.11, 5.85, 4.24, 4.06, 4.27',
  ],
  [
    'figures written to 4 places (averages of quarters): 3 significant figures',
    [10.725, 10.1175, 13.1825],
    1,
    '10.7, 10.1, 13.2',
  ],
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

/** A trend's projection to 2030: 40, likely between 30 and 50, unless `fields` say otherwise. */
const projection = (
  probability: number,
  fields: Partial<Extract<Projection, { ok: true }>> = {},
): Projection => ({
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
  ...fields,
});

test('a chance is "an 8%" or "an 11%" as it is said, "a 12%" otherwise', () => {
  const words = (p: number) => projectionWords(projection(p), 2030, '%');
  for (const [p, said] of [
    [0.08, 'an 8%'],
    [0.11, 'an 11%'],
    [0.18, 'an 18%'],
    [0.83, 'an 83%'],
    [0.12, 'a 12%'],
    [1, 'a 100%'],
    [0, 'a 0%'],
    // A chance that rounds to 0% or 100% without being either is bounded instead.
    [0.003, 'less than a 1%'],
    [0.997, 'more than a 99%'],
  ] as const)
    assert.match(words(p), new RegExp(`; ${said} chance of meeting it\\)`), String(p));
  assert.equal(chanceText(0.003), 'less than 1%');
  assert.equal(chanceText(0.997, 'cy'), 'mwy na 99%');
  assert.equal(chanceText(0.42), '42%');
  assert.match(
    projectionWords(projection(0.003), 2030, '%', 'cy'),
    /; llai nag 1% o siawns o’i gyrraedd\)/,
  );
});

test('a projection is shown to the precision its interval warrants, never finer than its series', () => {
  // Two significant figures of the interval's half-width (1,307): to the hundred.
  assert.deepEqual(projectionShown({ value: 23706, lower: 22399, upper: 25013 }, 0), {
    value: 23700,
    lower: 22400,
    upper: 25000,
    decimals: 0,
  });
  // A narrow interval keeps the series' own places, and no more.
  assert.deepEqual(projectionShown({ value: 74.318, lower: 74.01, upper: 74.6 }, 1), {
    value: 74.3,
    lower: 74,
    upper: 74.6,
    decimals: 1,
  });
  assert.equal(projectionShown({ value: 0.93, lower: 0.86, upper: 1 }, 4).decimals, 3);
  // An interval of nothing (a perfect fit) leaves the figures as they are.
  assert.deepEqual(projectionShown({ value: 5, lower: 5, upper: 5 }, 2), {
    value: 5,
    lower: 5,
    upper: 5,
    decimals: 2,
  });
  assert.match(
    projectionWords(
      projection(0, { value: 23706.4, lower: 22399.2, upper: 25013.9, reachesTargetAt: 2045 }),
      2030,
      'MW',
      'en',
      0,
    ),
    /projected 23,700 MW, likely between 22,400 MW and 25,000 MW at the deadline/,
  );
});

test('where the status and the trend disagree, a sentence says what each compares', () => {
  const projection = (reachesTargetAt: number | null): Projection => ({
    ok: true,
    points: [],
    slope: 1,
    intercept: 0,
    residualSd: 1,
    at: 2034.5,
    value: 35,
    lower: 23,
    upper: 47,
    probability: 0.12,
    reachesTargetAt,
  });
  const deadline = 2034.5;
  // Ahead of the path, but the trend reaches the target five years late, or never.
  for (const reached of [2039.2, null]) {
    assert.match(
      statusAgainstTrendWords('on-track', projection(reached), deadline),
      /^ On track means the latest figure is ahead of the planned path; if the recent trend continued, it would fall behind\.$/,
    );
    assert.match(
      statusAgainstTrendWords('on-track', projection(reached), deadline, 'cy'),
      /ar y trywydd iawn.*o flaen y llwybr/,
    );
  }
  // Behind the path, but the trend gets there in time.
  assert.match(
    statusAgainstTrendWords('off-track', projection(2033.1), deadline),
    /^ Off track means the latest figure is behind the planned path; if the recent trend continued, the target would still be met in time\.$/,
  );
  // Where they agree, nothing.
  assert.equal(statusAgainstTrendWords('on-track', projection(2033.1), deadline), '');
  assert.equal(statusAgainstTrendWords('off-track', projection(null), deadline), '');
  assert.equal(statusAgainstTrendWords('achieved', projection(null), deadline), '');
});

test('an Open SDG measure taken across a break in the series says so', () => {
  const measured = (baseYear: number, currentYear: number) =>
    ({ inputs: { baseYear, currentYear } }) as OpenSdgResult;
  assert.equal(
    openSdgAcrossBreak(measured(2015, 2024), '2021-09-01'),
    'The Open SDG measure compares 2024 with 2015, across the break in the series on 1 September 2021; this site takes the trend from the figures after it.',
  );
  assert.match(openSdgAcrossBreak(measured(2015, 2024), '2021-09-01', 'cy')!, /1 Medi 2021/);
  // Both years after the break, or no break: nothing to say.
  assert.equal(openSdgAcrossBreak(measured(2022, 2024), '2021-09-01'), null);
  assert.equal(openSdgAcrossBreak(measured(2015, 2024), null), null);
  assert.equal(openSdgAcrossBreak(null, '2021-09-01'), null);
});

test('a period label in Welsh where its words can be, and in a sentence', () => {
  const cases: [label: string, welsh: string | null][] = [
    ['Year ending December 2025', 'Y flwyddyn yn diweddu Rhagfyr 2025'],
    ['Jan-Mar 2026', 'Ion-Maw 2026'],
    ['Apr 2024 to Mar 2025', 'Ebr 2024 – Maw 2025'],
    ['April 2026', 'Ebrill 2026'],
    ['Sept 2024', 'Medi 2024'],
    ['2023/24', '2023/24'],
    ['2024 Q1', '2024 Chwarter 1'],
    ['Quarter 4 2025', 'Chwarter 4 2025'],
    ['2024 Q', null],
    ['2019/20 (provisional)', null],
  ];
  for (const [label, welsh] of cases) {
    assert.equal(periodLabel(label, 'cy'), welsh, label);
    assert.equal(periodLabel(label, 'en'), label);
  }
  assert.equal(periodInSentence('Year ending June 2024'), 'the year ending June 2024');
  assert.equal(
    periodInSentence('Year ending June 2024', 'cy'),
    'y flwyddyn yn diweddu Mehefin 2024',
  );
  assert.equal(periodInSentence('2024 Q1', 'cy'), '2024 Chwarter 1');
  assert.equal(periodInSentence('2019/20 (provisional)', 'cy'), '2019/20 (provisional)');
  assert.equal(periodInSentence('April 2026'), 'April 2026');
});

test("the Open SDG measure's reasons for giving no status are in Welsh on a Welsh page", () => {
  const measure = (years: [string, number][], more: Partial<OpenSdgInputs> = {}) =>
    openSdgProgress({
      points: years.map(([year, value]) => ({ year, value })),
      direction: 'positive',
      ...more,
    });
  const reasons = [
    measure([['April 2007', 1]]),
    measure([]),
    measure([['2010', 1]], { baseYear: 2020 }),
    measure([
      ['2016 Q1', 1],
      ['2016 Q2', 2],
    ]),
    measure([
      ['2016', 1],
      ['2017', -2],
    ]),
    measure([['2016', 1]]),
    measure(
      [
        ['2016', 1],
        ['2017', 2],
      ],
      { target: 5 },
    ),
  ].map((r) => r.reason);
  for (const reason of reasons) {
    assert.ok(reason, 'a reason');
    const welsh = openSdgReason(reason, 'cy');
    assert.ok(welsh.translated, reason);
    assert.notEqual(welsh.text, reason);
  }
  assert.equal(
    openSdgReason(reasons[0]!, 'cy').text,
    'mae’n darllen pob cyfnod fel rhif blwyddyn, fel 2024, ac nid yw “April 2007” yn un',
  );
  assert.deepEqual(openSdgReason('something new', 'cy'), {
    text: 'something new',
    translated: false,
  });
  assert.deepEqual(openSdgReason(reasons[1]!, 'en'), { text: reasons[1], translated: true });
});
