// The Open SDG progress measure against hand-computed values: every worked number in
// /work/shared/methods/open-sdg-progress.md, its floating-point boundary, and each edge rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateOpenSdg,
  openSdgProgress,
  type OpenSdgInputs,
  type OpenSdgResult,
  type OpenSdgStatus,
} from './openSdgProgress.ts';

type Direction = OpenSdgInputs['direction'];

/** Two points, 2015 → 2016: one year, so CAGR = yNow / y0 − 1. */
const oneYear = (
  y0: number,
  yNow: number,
  direction: Direction,
  extra: Partial<OpenSdgInputs> = {},
): OpenSdgInputs => ({
  points: [
    { year: '2015', value: y0 },
    { year: '2016', value: yNow },
  ],
  direction,
  ...extra,
});

/** y0 = 100 in 2015, target 400 by 2017, current value in 2016: CAGR_T = (400/100)^(1/2) − 1 = 1, so R = CAGR. */
const towards400 = (yNow: number): OpenSdgInputs =>
  oneYear(100, yNow, 'positive', { target: 400, targetYear: 2017 });

interface Case {
  name: string;
  input: OpenSdgInputs;
  status: OpenSdgStatus;
  score: number | null;
  /** v or R, when it is worth pinning. */
  value?: number;
  /** Part of the reason, when not_available. */
  reason?: RegExp;
}

const CLOSE = 1e-9;

const CASES: Case[] = [
  // Rule 10's worked numbers, no target, no limit (C = 1). Inputs are picked so the doubles land
  // on the intended side of each threshold.
  {
    // 100 → 100: CAGR 0, v 0; low ≤ v < med → limited; 500·0/1 − 2.5 = −2.5.
    name: 'no target: v = 0 scores −2.5',
    input: oneYear(100, 100, 'positive'),
    status: 'limited_progress',
    score: -2.5,
    value: 0,
  },
  {
    // Falling 100 → 99.5: CAGR 0.995 − 1 = −0.0050000000000000044; v = 1·−1·CAGR ≥ 0.005 → moderate;
    // 250·0.005 − 1.25 = 0.
    name: 'no target: v = 0.5%·C scores 0',
    input: oneYear(100, 99.5, 'negative'),
    status: 'moderate_progress',
    score: 0,
    value: 0.005,
  },
  {
    // Falling 100 → 98.5: v = 0.015000000000000013 ≥ 0.015 → substantial; 500·0.015 − 5 = 2.5.
    name: 'no target: v = 1.5%·C scores 2.5',
    input: oneYear(100, 98.5, 'negative'),
    status: 'substantial_progress',
    score: 2.5,
    value: 0.015,
  },
  {
    // Rising 100 → 102: v = 0.02; min(500·0.02 − 5, 5) = min(5, 5) = 5.
    name: 'no target: v = 2%·C scores 5',
    input: oneYear(100, 102, 'positive'),
    status: 'substantial_progress',
    score: 5,
    value: 0.02,
  },
  {
    // Rising wanted, 100 → 98: v = −0.02 < 0 → deterioration; max(125·−0.02 − 2.5, −5) = −5.
    name: 'no target: v = −2% scores −5',
    input: oneYear(100, 98, 'positive'),
    status: 'deterioration',
    score: -5,
    value: -0.02,
  },
  {
    // The boundary: 101.5 / 100 = 1.015 as a double is 1.01499999999999990…, so CAGR = 0.0149999…
    // < 0.015 → moderate, not on track; 250·0.0149999… − 1.25 = 2.4999999999999756.
    name: 'floating-point boundary: 100 → 101.5 in one year is moderate, not substantial',
    input: oneYear(100, 101.5, 'positive'),
    status: 'moderate_progress',
    score: 2.4999999999999756,
    value: 0.014999999999999902,
  },

  // Rule 11's worked numbers, with a target (R = CAGR here, see towards400).
  {
    // R = 40/100 − 1 = −0.6 < 0.6; max(4.1667·−0.6 − 2.5, −5) = max(−5.00002, −5) = −5.
    name: 'target: R = −60% scores −5',
    input: towards400(40),
    status: 'deterioration',
    score: -5,
    value: -0.6,
  },
  {
    // R = 0; 4.1667·0 − 2.5 = −2.5.
    name: 'target: R = 0 scores −2.5',
    input: towards400(100),
    status: 'limited_progress',
    score: -2.5,
    value: 0,
  },
  {
    // R = 1.6 − 1 = 0.6000000000000001 ≥ 0.6 → moderate; 7.1429·0.6 − 4.2857 = 0.00004 (the rounded
    // constants give 0.00004, not 0).
    name: 'target: R = 60% scores 0 (0.00004)',
    input: towards400(160),
    status: 'moderate_progress',
    score: 0.00004,
    value: 0.6,
  },
  {
    // R = 0.95 ≥ 0.95 → substantial; 7.1429·0.95 − 4.2857 = 6.785755 − 4.2857 = 2.500055.
    name: 'target: R = 95% scores 2.5 (2.500055)',
    input: towards400(195),
    status: 'substantial_progress',
    score: 2.500055,
    value: 0.95,
  },
  {
    // R = 1.3 (230 < 400, so not achieved); min(7.1429·1.3 − 4.2857, 5) = min(5.00007, 5) = 5.
    name: 'target: R = 130% scores 5',
    input: towards400(230),
    status: 'substantial_progress',
    score: 5,
    value: 1.3,
  },
  {
    // A realistic one: 100 (2015) → 80 (2020), falling to 50 by 2030.
    // CAGR = 0.8^(1/5) − 1 = −0.043647500209963; CAGR_T = 0.5^(1/15) − 1 = −0.0451583960895835;
    // R = 1·−1·−0.0436475 / 0.0451584 = 0.9665423041902719 ≥ 0.95;
    // 7.1429·0.96654 − 4.2857 = 2.6182150246006923.
    name: 'target: falling to 50 by 2030, most of the way on pace',
    input: {
      points: [
        { year: '2015', value: 100 },
        { year: '2020', value: 80 },
      ],
      direction: 'negative',
      target: 50,
      targetYear: 2030,
    },
    status: 'substantial_progress',
    score: 2.6182150246006923,
    value: 0.9665423041902719,
  },

  // Rule 4: target achieved comes first.
  {
    // One point, 3 ≤ target 5 with falling wanted: achieved, 5, though no growth rate exists.
    name: 'target achieved with a single point',
    input: {
      points: [{ year: '2020', value: 3 }],
      direction: 'negative',
      target: 5,
      targetYear: 2030,
    },
    status: 'target_achieved',
    score: 5,
  },
  {
    // The same single point short of the target: 7 > 5, and 2020 − 2020 < 1.
    name: 'single point, target not achieved: not computable',
    input: {
      points: [{ year: '2020', value: 7 }],
      direction: 'negative',
      target: 5,
      targetYear: 2030,
    },
    status: 'not_available',
    score: null,
    reason: /only one year of data/,
  },
  {
    // Achieved even where rule 5 would stop it: 10 → −1 has opposite signs, but −1 ≤ 0.
    name: 'target achieved overrides opposite signs',
    input: oneYear(10, -1, 'negative', { target: 0, targetYear: 2030 }),
    status: 'target_achieved',
    score: 5,
  },

  // Rule 3: direction, signs, zero substitutes.
  {
    // Same data as the −2% case but falling is wanted: v = 1·−1·−0.02 = 0.02 → 5.
    name: 'negative direction turns a fall into progress',
    input: oneYear(100, 98, 'negative'),
    status: 'substantial_progress',
    score: 5,
    value: 0.02,
  },
  {
    // Direction null counts as negative: identical to the case above.
    name: 'null direction is treated as negative',
    input: oneYear(100, 98, null),
    status: 'substantial_progress',
    score: 5,
    value: 0.02,
  },
  {
    // Negative values, rising wanted: −100 → −90: CAGR = 0.9 − 1 = −0.1; s = −1, d = +1:
    // v = −1·1·−0.1 = 0.1 → substantial, 5.
    name: 'negative base value flips the sign (s = −1)',
    input: oneYear(-100, -90, 'positive'),
    status: 'substantial_progress',
    score: 5,
    value: 0.1,
  },
  {
    // y0 = 0 → 0.001: CAGR = 5/0.001 − 1 = 4999, s = +1, v = 4999 → 5.
    name: 'zero base value is taken as 0.001',
    input: oneYear(0, 5, 'positive'),
    status: 'substantial_progress',
    score: 5,
    value: 4999,
  },
  {
    // Falling wanted, 10 → 5 in a year, target 0 → 0.001 by 2017.
    // CAGR = 0.5 − 1 = −0.5; CAGR_T = (0.001/10)^(1/2) − 1 = 0.01 − 1 = −0.99;
    // R = 1·−1·−0.5 / 0.99 = 0.5050505050505051 < 0.6; 4.1667·0.50505 − 2.5 = −0.3956060606060605.
    name: 'zero target is taken as 0.001',
    input: oneYear(10, 5, 'negative', { target: 0, targetYear: 2017 }),
    status: 'limited_progress',
    score: -0.3956060606060605,
    value: 0.5050505050505051,
  },
  {
    // 0.0005 ≤ 0.001 (the zero target's stand-in): achieved.
    name: 'zero target achieved below 0.001',
    input: oneYear(10, 0.0005, 'negative', { target: 0, targetYear: 2030 }),
    status: 'target_achieved',
    score: 5,
  },

  // Rule 5 and 8: not computable.
  {
    // 10 > 0 and −1 < 0.
    name: 'opposite signs',
    input: oneYear(10, -1, 'positive'),
    status: 'not_available',
    score: null,
    reason: /opposite signs/,
  },
  {
    // y0 = 0 → 0.001 > 0, yNow = −1 < 0.
    name: 'zero base value then a negative value: opposite signs',
    input: oneYear(0, -1, 'positive'),
    status: 'not_available',
    score: null,
    reason: /0, counted as 0\.001.*opposite signs/,
  },
  {
    // A current value of 0 is allowed: 10 → 0: CAGR = 0 − 1 = −1; falling wanted: v = 1 → 5.
    name: 'current value 0 is allowed',
    input: oneYear(10, 0, 'negative'),
    status: 'substantial_progress',
    score: 5,
    value: 1,
  },
  {
    // y0 = target = 50 → CAGR_T = 1^(1/15) − 1 = 0; 60 > 50 with falling wanted: not achieved.
    name: 'CAGR_T = 0 (base value equals the target), not achieved: not computable',
    input: oneYear(50, 60, 'negative', { target: 50, targetYear: 2030 }),
    status: 'not_available',
    score: null,
    reason: /equals the target/,
  },
  {
    // Same, but 40 ≤ 50: achieved, 5.
    name: 'CAGR_T = 0 but the target is achieved',
    input: oneYear(50, 40, 'negative', { target: 50, targetYear: 2030 }),
    status: 'target_achieved',
    score: 5,
  },
  {
    name: 'a target without a target year',
    input: oneYear(100, 90, 'negative', { target: 50 }),
    status: 'not_available',
    score: null,
    reason: /without the year/,
  },

  // Rule 2: years.
  {
    // Base 2015 has no data → 2016 (100). 2013 and 2014 are before the base, 2017 between: all
    // ignored. 100 → 81 over 2018 − 2016 = 2 years: CAGR = 0.81^(1/2) − 1 = 0.9 − 1 = −0.1; v = 0.1 → 5.
    name: 'base year without data: the first later year is used',
    input: {
      points: [
        { year: '2013', value: 1 },
        { year: '2014', value: 1000 },
        { year: '2016', value: 100 },
        { year: '2017', value: 5 },
        { year: '2018', value: 81 },
      ],
      direction: 'negative',
    },
    status: 'substantial_progress',
    score: 5,
    value: 0.1,
  },
  {
    // Missing values are dropped: 2015 is null, so the base is 2016 and the series 100 → 98.
    // v = 0.02 falling → 5.
    name: 'missing values are dropped before the base year is chosen',
    input: {
      points: [
        { year: '2015', value: null },
        { year: '2016', value: 100 },
        { year: '2017', value: 98 },
      ],
      direction: 'negative',
    },
    status: 'substantial_progress',
    score: 5,
    value: 0.02,
  },
  {
    name: 'no data in or after the base year',
    input: {
      points: [
        { year: '2012', value: 10 },
        { year: '2014', value: 9 },
      ],
      direction: 'negative',
    },
    status: 'not_available',
    score: null,
    reason: /no data in or after the base year 2015/,
  },
  {
    // Open SDG fails on selecting the base before it checks the target, so 9 ≤ 10 does not count.
    name: 'no data in or after the base year, even with the target met',
    input: {
      points: [{ year: '2014', value: 9 }],
      direction: 'negative',
      target: 10,
      targetYear: 2030,
    },
    status: 'not_available',
    score: null,
    reason: /no data in or after the base year/,
  },
  {
    // Base year 2010 set explicitly: 100 (2010) → 80 (2012). CAGR = 0.8^(1/2) − 1 = −0.10557;
    // falling wanted: v = 0.10557 → 5.
    name: 'base year can be set',
    input: {
      points: [
        { year: '2010', value: 100 },
        { year: '2012', value: 80 },
      ],
      direction: 'negative',
      baseYear: 2010,
    },
    status: 'substantial_progress',
    score: 5,
    value: 1 - Math.sqrt(0.8),
  },
  {
    name: 'no data at all',
    input: { points: [{ year: '2015', value: null }], direction: 'positive' },
    status: 'not_available',
    score: null,
    reason: /no data/,
  },

  // Rule 1: labels.
  {
    // Labels longer than 4 → first 4: 2015, 2016. 100 → 98 with null (negative) direction: v = 0.02 → 5.
    name: 'financial years are cut to their first year',
    input: {
      points: [
        { year: '2015/16', value: 100 },
        { year: '2016/17', value: 98 },
      ],
      direction: null,
    },
    status: 'substantial_progress',
    score: 5,
    value: 0.02,
  },
  {
    name: "'1974a' and '1974b' are the same year: not computable",
    input: {
      points: [
        { year: '1974a', value: 10 },
        { year: '1974b', value: 11 },
        { year: '1980', value: 12 },
      ],
      direction: 'positive',
      baseYear: 1974,
    },
    status: 'not_available',
    score: null,
    reason: /2 fall in 1974 \(“1974a”, “1974b”\), between which it does not choose/,
  },
  {
    // '1974a' is missing, so only '1974b' remains: 10 (1974) → 12 (1975): v = 0.2 → 5.
    name: "a missing '1974a' leaves '1974b' alone",
    input: {
      points: [
        { year: '1974a', value: null },
        { year: '1974b', value: 10 },
        { year: '1975', value: 12 },
      ],
      direction: 'positive',
      baseYear: 1974,
    },
    status: 'substantial_progress',
    score: 5,
    value: 0.2,
  },
  {
    name: 'quarters cut to their year collide: not computable',
    input: {
      points: [
        { year: '2019 Q1', value: 10 },
        { year: '2019 Q2', value: 11 },
        { year: '2020 Q1', value: 12 },
      ],
      direction: 'positive',
    },
    status: 'not_available',
    score: null,
    reason: /fall in 2019 \(“2019 Q1”, “2019 Q2”/,
  },
  {
    name: 'a label that is not a year',
    input: {
      points: [
        { year: 'Q1', value: 10 },
        { year: '2016', value: 11 },
      ],
      direction: 'positive',
    },
    status: 'not_available',
    score: null,
    reason: /a year number, such as 2024, and “Q1” is not one/,
  },

  // Rule 7: a limit shrinks the thresholds by C. Falling wanted, v = 0.0144 in each
  // (50 → 49.28, 150 → 147.84, 200 → 197.12: each a 1.44% fall).
  {
    // b = 200 ≥ 2L = 200 → C = 1: 0.005 ≤ 0.0144 < 0.015 → moderate; 250·0.0144 − 1.25 = 2.35.
    name: 'limit: b ≥ 2L leaves the thresholds alone',
    input: oneYear(200, 197.12, 'negative', { limit: 100 }),
    status: 'moderate_progress',
    score: 2.35,
    value: 0.0144,
  },
  {
    // b = 50 ≤ L = 100 → C = 1 − (50/100)^4.44 = 1 − 0.0460709130403469 = 0.9539290869596531;
    // high = 0.015·C = 0.0143089 ≤ 0.0144 → substantial; 500·0.0144/C − 5 = 2.5477308517215933.
    name: 'limit: b ≤ L, near the limit the same fall is on track',
    input: oneYear(50, 49.28, 'negative', { limit: 100 }),
    status: 'substantial_progress',
    score: 2.5477308517215933,
    value: 0.0144,
  },
  {
    // L < b = 150 < 2L → C = 1 − ((200 − 150)/100)^4.44 = the same 0.9539290869596531 → same result.
    name: 'limit: L < b < 2L',
    input: oneYear(150, 147.84, 'negative', { limit: 100 }),
    status: 'substantial_progress',
    score: 2.5477308517215933,
    value: 0.0144,
  },
  {
    // b = L = 100 → C = 1 − 1^4.44 = 0; thresholds all 0; v = −0 ≥ 0 → substantial; C = 0 → 5.
    name: 'limit: on the limit and holding scores 5',
    input: oneYear(100, 100, 'negative', { limit: 100 }),
    status: 'substantial_progress',
    score: 5,
  },
  {
    // With a target the limit is ignored: the R = 60% case again, unchanged.
    name: 'limit ignored with a target',
    input: { ...towards400(160), limit: 100 },
    status: 'moderate_progress',
    score: 0.00004,
    value: 0.6,
  },
];

for (const c of CASES) {
  test(c.name, () => {
    const r = openSdgProgress(c.input);
    assert.equal(r.status, c.status, r.reason);
    if (c.score === null) assert.equal(r.score, null);
    else {
      assert.ok(r.score !== null, 'expected a score');
      assert.ok(Math.abs(r.score - c.score) < CLOSE, `score ${r.score}, expected ${c.score}`);
    }
    if (c.value !== undefined) {
      assert.ok(r.value !== null, 'expected a value');
      assert.ok(Math.abs(r.value - c.value) < CLOSE, `value ${r.value}, expected ${c.value}`);
    }
    if (c.reason) assert.match(r.reason ?? '', c.reason);
    else assert.equal(r.reason, undefined);
  });
}

test('the boundary case is exact, not approximately so', () => {
  // 250·v − 1.25 with v just below 0.015: 2.4999999999999756, strictly below 2.5.
  const r = openSdgProgress(oneYear(100, 101.5, 'positive'));
  assert.equal(r.cagr, 101.5 / 100 - 1);
  assert.ok(r.cagr !== null && r.cagr < 0.015);
  assert.equal(r.status, 'moderate_progress');
});

test('the inputs used are reported for recomputing by hand', () => {
  // Zero base value and zero target both show as 0.001; 2014 is kept in points but not used.
  const r = openSdgProgress({
    points: [
      { year: '2014', value: 7 },
      { year: '2016', value: 0 },
      { year: '2017', value: 5 },
      { year: '2018', value: null },
    ],
    direction: null,
    target: 0,
    targetYear: 2030,
  });
  assert.deepEqual(r.inputs, {
    points: [
      { year: 2014, value: 7 },
      { year: 2016, value: 0 },
      { year: 2017, value: 5 },
    ],
    baseYear: 2016,
    currentYear: 2017,
    baseValue: 0.001,
    currentValue: 5,
    direction: 'negative',
    target: 0.001,
    targetYear: 2030,
    limit: null,
  });
  // CAGR = 5/0.001 − 1 = 4999; CAGR_T = (0.001/0.001)^(1/14) − 1 = 0 → not computable.
  assert.equal(r.status, 'not_available');
  assert.match(r.reason ?? '', /equals the target/);
});

test('target achieved still shows the growth rates when they can be computed', () => {
  // 100 → 80 in one year, falling to 90 by 2025: achieved. CAGR = −0.2 (0.8 − 1 as a double);
  // CAGR_T = 0.9^(1/10) − 1; R = 0.2 / |CAGR_T|.
  const r = openSdgProgress(oneYear(100, 80, 'negative', { target: 90, targetYear: 2025 }));
  const cagrT = Math.pow(0.9, 1 / 10) - 1;
  assert.equal(r.status, 'target_achieved');
  assert.equal(r.score, 5);
  assert.equal(r.cagr, 0.8 - 1);
  assert.equal(r.requiredCagr, cagrT);
  assert.equal(r.value, (-1 * (0.8 - 1)) / Math.abs(cagrT));
});

// Rule 12.
const member = (score: number | null, status: OpenSdgStatus): OpenSdgResult => ({
  status,
  score,
  inputs: {
    points: [],
    baseYear: null,
    currentYear: null,
    baseValue: null,
    currentValue: null,
    direction: 'negative',
    target: null,
    targetYear: null,
    limit: null,
  },
  cagr: null,
  requiredCagr: null,
  value: null,
});

const AGGREGATES: {
  name: string;
  members: OpenSdgResult[];
  score: number | null;
  status: OpenSdgStatus;
}[] = [
  {
    // (5 + 0) / 2 = 2.5 → [2.5, 5] substantial; the null is skipped, not counted as 0.
    name: 'mean of the scored members; nulls skipped',
    members: [
      member(5, 'substantial_progress'),
      member(0, 'moderate_progress'),
      member(null, 'not_available'),
    ],
    score: 2.5,
    status: 'substantial_progress',
  },
  {
    // (5 + 5) / 2 = 5, every scored member achieved; the unscored one does not spoil it.
    name: 'target_achieved when every scored member achieved',
    members: [
      member(5, 'target_achieved'),
      member(5, 'target_achieved'),
      member(null, 'not_available'),
    ],
    score: 5,
    status: 'target_achieved',
  },
  {
    // (5 + 5) / 2 = 5, but one only made substantial progress.
    name: 'not target_achieved when one member only progressed',
    members: [member(5, 'target_achieved'), member(5, 'substantial_progress')],
    score: 5,
    status: 'substantial_progress',
  },
  {
    // (2.5 + −2.5) / 2 = 0 → [0, 2.5) moderate.
    name: 'mean 0 is moderate',
    members: [member(2.5, 'substantial_progress'), member(-2.5, 'limited_progress')],
    score: 0,
    status: 'moderate_progress',
  },
  {
    // (0 + −5) / 2 = −2.5 → [−2.5, 0) limited.
    name: 'mean −2.5 is limited',
    members: [member(0, 'moderate_progress'), member(-5, 'deterioration')],
    score: -2.5,
    status: 'limited_progress',
  },
  {
    // (−1 + −5) / 2 = −3 → [−5, −2.5) deterioration.
    name: 'mean below −2.5 is deterioration',
    members: [member(-1, 'limited_progress'), member(-5, 'deterioration')],
    score: -3,
    status: 'deterioration',
  },
  {
    name: 'nothing scored',
    members: [member(null, 'not_available')],
    score: null,
    status: 'not_available',
  },
  { name: 'no members', members: [], score: null, status: 'not_available' },
];

for (const c of AGGREGATES) {
  test(`aggregate: ${c.name}`, () => {
    assert.deepEqual(aggregateOpenSdg(c.members), { score: c.score, status: c.status });
  });
}

test('aggregate: groups of groups weigh each member equally', () => {
  // Group A = (5 + 3 + 1) / 3 = 3; group B = −1; top = (3 + −1) / 2 = 1 (not (5+3+1−1)/4 = 2).
  const a = aggregateOpenSdg([
    member(5, 'substantial_progress'),
    member(3, 'substantial_progress'),
    member(1, 'moderate_progress'),
  ]);
  const b = aggregateOpenSdg([member(-1, 'limited_progress')]);
  assert.deepEqual(aggregateOpenSdg([a, b]), { score: 1, status: 'moderate_progress' });
});

test('aggregate: real results, end to end', () => {
  // −2.5 (v = 0) and 5 (target achieved) → 1.25, moderate; the not_available one is skipped.
  const results = [
    openSdgProgress(oneYear(100, 100, 'positive')),
    openSdgProgress(oneYear(100, 80, 'negative', { target: 90, targetYear: 2030 })),
    openSdgProgress(oneYear(10, -1, 'positive')),
  ];
  assert.deepEqual(aggregateOpenSdg(results), { score: 1.25, status: 'moderate_progress' });
});
