// Projections are checked against closed forms, published t tables and arithmetic done by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  projectToDeadline,
  studentTCdf,
  studentTQuantile,
  type Projection,
  type ProjectionOptions,
} from './projection.ts';

type Point = { time: number; value: number };
type Target = Parameters<typeof projectToDeadline>[1];

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

function projected(points: Point[], target: Target, options?: ProjectionOptions) {
  const result = projectToDeadline(points, target, options);
  assert.ok(result.ok, `expected a projection, got: ${result.ok ? '' : result.reason}`);
  return result;
}

const series = (times: number[], values: number[]): Point[] =>
  times.map((time, i) => ({ time, value: values[i]! }));

// The hand-worked example: four annual figures that rise unevenly.
const FOUR = series([2020, 2021, 2022, 2023], [10, 12, 11, 14]);

const CDF: Array<[why: string, x: number, df: number, expected: number, tolerance: number]> = [
  // df = 1 is the Cauchy distribution: T(x) = 1/2 + atan(x)/π, so T(1) = 1/2 + (π/4)/π = 0.75.
  ['Cauchy T(1)', 1, 1, 0.75, 1e-12],
  // T(−1) = 1/2 − 1/4 = 0.25 by symmetry.
  ['Cauchy T(−1)', -1, 1, 0.25, 1e-12],
  // T(√3) = 1/2 + (π/3)/π = 5/6.
  ['Cauchy T(√3)', Math.sqrt(3), 1, 5 / 6, 1e-12],
  // Symmetric about zero for every df.
  ['T(0) = 1/2', 0, 7, 0.5, 1e-15],
  // Published one-sided 5% points: t(0.95; 5) = 2.015048, t(0.95; 10) = 1.812461.
  ['t table, df 5', 2.015048, 5, 0.95, 1e-7],
  ['t table, df 10', 1.812461, 10, 0.95, 1e-7],
  // Published two-sided 5% point: t(0.975; 30) = 2.042272.
  ['t table, df 30', 2.042272, 30, 0.975, 1e-7],
  // Large df is the normal: Φ(1.959964) = 0.975 (t with df 1e6 is 1.4e-7 lower).
  ['normal limit, df 1e6', 1.959964, 1e6, 0.975, 1e-6],
  // Infinite arguments are the limits 1 and 0.
  ['T(+∞) = 1', Infinity, 4, 1, 0],
  ['T(−∞) = 0', -Infinity, 4, 0, 0],
];

for (const [why, x, df, expected, tolerance] of CDF) {
  test(`studentTCdf: ${why}`, () =>
    close(studentTCdf(x, df), expected, tolerance, `T(${x}; ${df})`));
}

test('studentTCdf: df = 2 matches its closed form 1/2 + t / (2·sqrt(2 + t²))', () => {
  // E.g. t = 1: 0.5 + 1 / (2·√3) = 0.5 + 0.288675 = 0.788675; t = −2: 0.5 − 2 / (2·√6) = 0.091752.
  for (const t of [-30, -2, -0.5, 0, 0.3, 1, 2.919986, 10, 1000]) {
    close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12, `T(${t}; 2)`);
  }
});

const QUANTILES: Array<[why: string, p: number, df: number, expected: number, tolerance: number]> =
  [
    // The interval multiplier used below: t(0.95; 2) = 2.919986.
    ['t(0.95; 2)', 0.95, 2, 2.919986, 1e-6],
    // Cauchy: x = tan(π(p − 1/2)), so t(0.975; 1) = tan(0.475π) = 12.706205.
    ['Cauchy t(0.975; 1)', 0.975, 1, Math.tan(0.475 * Math.PI), 1e-9],
    // Two-sided 95% for df 30 from the table.
    ['t(0.975; 30)', 0.975, 30, 2.042272, 1e-6],
    ['median', 0.5, 9, 0, 1e-12],
    // df 1: t(0.25; 1) = tan(−π/4) = −1.
    ['lower tail, Cauchy', 0.25, 1, -1, 1e-12],
  ];

for (const [why, p, df, expected, tolerance] of QUANTILES) {
  test(`studentTQuantile: ${why}`, () => close(studentTQuantile(p, df), expected, tolerance, why));
}

test('studentTQuantile inverts studentTCdf', () => {
  // T(Q(p)) = p for both tails and for small, middling and huge df.
  for (const df of [1, 2, 3.5, 10, 100, 1e5]) {
    for (const p of [1e-6, 0.01, 0.05, 0.3, 0.5, 0.8, 0.95, 0.999]) {
      close(studentTCdf(studentTQuantile(p, df), df), p, 1e-10 * Math.max(1, p * 1e3), `p ${p}`);
    }
  }
  assert.equal(studentTQuantile(0, 3), -Infinity);
  assert.equal(studentTQuantile(1, 3), Infinity);
});

// value = 100 + 2·(t − 2018): 100, 102, …, 110 for 2018…2023; at 2030 the line is 100 + 2·12 = 124.
const LINEAR = series([2018, 2019, 2020, 2021, 2022, 2023], [100, 102, 104, 106, 108, 110]);

const PERFECT: Array<[why: string, target: Target, probability: number, reaches: number | null]> = [
  // 124 ≥ 120 with no scatter: certain; from 110 at 2023 the line reaches 120 at 2023 + 10/2 = 2028.
  ['above target', { value: 120, time: 2030, direction: 'higher' }, 1, 2028],
  // 124 < 130: certainly missed, though the line gets there at 2023 + 20/2 = 2033.
  ['below target', { value: 130, time: 2030, direction: 'higher' }, 0, 2033],
  // Exactly on the target: a coin toss by convention.
  ['on target', { value: 124, time: 2030, direction: 'higher' }, 0.5, 2030],
  // Wanting at most 120 while it rises: met now (110 ≤ 120, so 2023) but 124 at the deadline misses.
  ['met now, rising past it', { value: 120, time: 2030, direction: 'lower' }, 0, 2023],
];

for (const [why, target, probability, reaches] of PERFECT) {
  test(`perfectly linear series: ${why}`, () => {
    const p = projected([...LINEAR].reverse(), target);
    assert.equal(p.slope, 2);
    assert.equal(p.intercept, 100 - 2 * 2018);
    assert.equal(p.residualSd, 0);
    assert.equal(p.value, 124);
    assert.equal(p.lower, 124);
    assert.equal(p.upper, 124);
    assert.equal(p.probability, probability);
    assert.equal(p.reachesTargetAt, reaches);
  });
}

test('hand-computed four-point example', () => {
  // t̄ = 2021.5, ȳ = (10 + 12 + 11 + 14) / 4 = 11.75.
  // Sxx = 1.5² + 0.5² + 0.5² + 1.5² = 5.
  // Sxy = (−1.5)(−1.75) + (−0.5)(0.25) + (0.5)(−0.75) + (1.5)(2.25) = 2.625 − 0.125 − 0.375 + 3.375 = 5.5.
  // slope = 5.5 / 5 = 1.1; intercept = 11.75 − 1.1 · 2021.5 = −2211.9.
  // Fitted 10.1, 11.2, 12.3, 13.4; residuals −0.1, 0.8, −1.3, 0.6; SSE = 0.01 + 0.64 + 1.69 + 0.36 = 2.7.
  // s = sqrt(2.7 / 2) = sqrt(1.35) = 1.161895.
  // At 2030: value = 11.75 + 1.1 · 8.5 = 21.1; se = s · sqrt(1 + 1/4 + 8.5² / 5) = sqrt(1.35 · 15.7)
  //   = sqrt(21.195) = 4.603803.
  // 90% interval: q = t(0.95; 2) = 2.919986; q · se = 13.443038; 21.1 ∓ 13.443038 = 7.656962 … 34.543038.
  // Target 20, higher: P = 1 − T((20 − 21.1) / se; 2) = T(0.238933; 2) = 0.5 + 0.238933 / (2 · sqrt(2.057089))
  //   = 0.5 + 0.238933 / 2.868511 = 0.583295.
  // Reaches 20 at 2023 + (20 − 13.4) / 1.1 = 2029.
  const p = projected(FOUR, { value: 20, time: 2030, direction: 'higher' });
  assert.deepEqual(p.points, FOUR);
  close(p.slope, 1.1, 1e-9, 'slope');
  close(p.intercept, -2211.9, 1e-6, 'intercept');
  close(p.residualSd, 1.161895, 1e-6, 'residualSd');
  assert.equal(p.at, 2030);
  close(p.value, 21.1, 1e-6, 'value');
  close(p.lower, 7.656962, 1e-6, 'lower');
  close(p.upper, 34.543038, 1e-6, 'upper');
  close(p.probability, 0.583295, 1e-6, 'probability');
  close(p.reachesTargetAt!, 2029, 1e-6, 'reachesTargetAt');
});

test('the level option widens the interval', () => {
  // 95%: q = t(0.975; 2) = 4.302653; 21.1 ∓ 4.302653 · 4.603803 = 21.1 ∓ 19.808565.
  const p = projected(FOUR, { value: 20, time: 2030, direction: 'higher' }, { level: 0.95 });
  close(p.lower, 1.291435, 1e-6, 'lower');
  close(p.upper, 40.908565, 1e-6, 'upper');
});

const REFUSED: Array<[why: string, points: Point[], options: ProjectionOptions, reason: string]> = [
  ['no figures', [], {}, 'only 0 figures; a trend needs at least 3'],
  ['one figure', FOUR.slice(0, 1), {}, 'only 1 figure; a trend needs at least 3'],
  ['two figures', FOUR.slice(0, 2), {}, 'only 2 figures; a trend needs at least 3'],
  ['four below minPoints 5', FOUR, { minPoints: 5 }, 'only 4 figures; a trend needs at least 5'],
  // minPoints below 3 still needs 3: s = sqrt(SSE / (n − 2)) is undefined for n = 2.
  ['minPoints 2 is raised to 3', FOUR.slice(0, 2), { minPoints: 2 }, 'only 2 figures'],
  // Sxx = 0: no slope can be fitted.
  ['all at one time', series([2020, 2020, 2020], [1, 2, 3]), {}, 'same time'],
  ['a missing value', series([2020, 2021, 2022], [1, NaN, 3]), {}, 'not a number'],
];

for (const [why, points, options, reason] of REFUSED) {
  test(`no projection: ${why}`, () => {
    const result: Projection = projectToDeadline(
      points,
      { value: 5, time: 2030, direction: 'higher' },
      options,
    );
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason.includes(reason), JSON.stringify(result));
  });
}

test('maxPoints keeps the most recent figures, whatever the input order', () => {
  // 2010 and 2011 are far off the line 2·t − 4000 that 2012…2021 follow exactly (24, 26, …, 42).
  const points = [
    ...series([2010, 2011], [1000, -1000]),
    ...series(
      [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021],
      [24, 26, 28, 30, 32, 34, 36, 38, 40, 42],
    ),
  ].reverse(); // Newest first: the selection must sort by time, not trust the order.
  // Default 10: exactly 2012…2021, a perfect fit; at 2025: 2 · 2025 − 4000 = 50.
  const p = projected(points, { value: 50, time: 2025, direction: 'higher' });
  assert.deepEqual(
    p.points.map((q) => q.time),
    [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021],
  );
  assert.equal(p.residualSd, 0);
  close(p.value, 50, 1e-9, 'value');
  // maxPoints 3: 2019…2021 only.
  const three = projected(points, { value: 50, time: 2025, direction: 'higher' }, { maxPoints: 3 });
  assert.deepEqual(three.points, series([2019, 2020, 2021], [38, 40, 42]));
});

test('figures at the same time are each used', () => {
  // Two figures at 2021 (11 and 13) average to the line: times 2020, 2021, 2021, 2022 values 10, 11, 13, 14.
  // t̄ = 2021, ȳ = 12; Sxx = 1 + 0 + 0 + 1 = 2; Sxy = (−1)(−2) + 0 + 0 + (1)(2) = 4; slope = 2.
  // Residuals 0, −1, 1, 0: SSE = 2, s = sqrt(2 / 2) = 1.
  const p = projected(series([2020, 2021, 2021, 2022], [10, 11, 13, 14]), {
    value: 20,
    time: 2025,
    direction: 'higher',
  });
  assert.equal(p.points.length, 4);
  close(p.slope, 2, 1e-12, 'slope');
  close(p.residualSd, 1, 1e-12, 'residualSd');
});

const MIRRORS: Array<[why: string, points: Point[], target: number, time: number]> = [
  ['rising, target above', FOUR, 20, 2030],
  ['rising, target below', FOUR, 12, 2026],
  ['falling, noisy', series([2015, 2016, 2018, 2019, 2021], [50, 47, 45, 40, 41]), 35, 2028],
];

for (const [why, points, target, time] of MIRRORS) {
  test(`'lower' mirrors 'higher': ${why}`, () => {
    // Reflecting y → −y turns "at least target" into "at most −target"; every figure flips sign.
    const up = projected(points, { value: target, time, direction: 'higher' });
    const reflected = points.map((q) => ({ time: q.time, value: -q.value }));
    const down = projected(reflected, { value: -target, time, direction: 'lower' });
    close(down.probability, up.probability, 1e-12, 'probability');
    close(down.value, -up.value, 1e-9, 'value');
    close(down.lower, -up.upper, 1e-9, 'lower');
    close(down.upper, -up.lower, 1e-9, 'upper');
    assert.equal(down.reachesTargetAt === null, up.reachesTargetAt === null);
    if (up.reachesTargetAt !== null)
      close(down.reachesTargetAt!, up.reachesTargetAt, 1e-9, 'reach');
  });
}

// FOUR: slope 1.1, fitted 13.4 at the latest figure (2023).
// FLAT: 2020…2023 values 5, 6, 6, 5: Sxy = 0.75 − 0.25 + 0.25 − 0.75 = 0, so slope 0, fitted 5.5.
// FALLING: 14, 11, 12, 10: slope −1.1, fitted at 2023 = 11.75 − 1.1 · 1.5 = 10.1.
const FLAT = series([2020, 2021, 2022, 2023], [5, 6, 6, 5]);
const FALLING = series([2020, 2021, 2022, 2023], [14, 11, 12, 10]);

const REACHES: Array<[why: string, points: Point[], target: Target, expected: number | null]> = [
  // 2023 + (20 − 13.4) / 1.1 = 2023 + 6 = 2029.
  ['improving towards a higher target', FOUR, { value: 20, time: 2030, direction: 'higher' }, 2029],
  // 2023 + (5 − 10.1) / −1.1 = 2023 + 4.636364 = 2027.636364.
  [
    'improving towards a lower target',
    FALLING,
    { value: 5, time: 2030, direction: 'lower' },
    2027.636364,
  ],
  // Fitted 13.4 ≥ 12 already: the latest figure's time.
  ['already on the target side', FOUR, { value: 12, time: 2030, direction: 'higher' }, 2023],
  ['flat, short of target', FLAT, { value: 7, time: 2030, direction: 'higher' }, null],
  ['flat, already met', FLAT, { value: 5, time: 2030, direction: 'higher' }, 2023],
  [
    'worsening, rising above a lower target',
    FOUR,
    { value: 5, time: 2030, direction: 'lower' },
    null,
  ],
  [
    'worsening, falling below a higher target',
    FALLING,
    { value: 20, time: 2030, direction: 'higher' },
    null,
  ],
];

for (const [why, points, target, expected] of REACHES) {
  test(`reachesTargetAt: ${why}`, () => {
    const reached = projected(points, target).reachesTargetAt;
    if (expected === null) assert.equal(reached, null);
    else close(reached ?? NaN, expected, 1e-6, 'reachesTargetAt');
  });
}
