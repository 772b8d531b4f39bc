import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessGoal, type DataPoint } from './assessment.ts';
import { pathWords } from './assessmentWords.ts';
import type { Status } from './status.ts';
import { trajectoryPoints, trajectoryValueAt, endOfDayTime } from './trajectory.ts';
import { parsePeriod } from './period.ts';
import type { Goal } from './mission.ts';

const goal = (overrides: Partial<Goal> = {}): Goal => ({
  missionSlug: 'm',
  slug: 'g',
  since: null,
  awaiting: null,
  statement: 'A goal',
  indicatorId: '1.1.1',
  proxy: false,
  proxyNote: null,
  series: null,
  unit: null,
  dimensions: {},
  areaCode: 'K02000001',
  baseline: { period: '2020', value: null },
  target: { value: 50, comparator: '>=', deadline: '2030-12-31' },
  trajectory: null,
  tolerance: null,
  staleAfter: null,
  feeds: [],
  source: { title: 'test' },
  ...overrides,
});

/** Assessed soon after the test data's latest figures, so they are fresh. */
const current = { asAt: new Date('2024-06-30T00:00:00Z') };

const data = (...pairs: [string, number | null][]): DataPoint[] =>
  pairs.map(([label, value]) => {
    const parsed = parsePeriod(label);
    if (!parsed.ok) throw new Error(parsed.reason);
    return { period: parsed.period, value };
  });

test('linear trajectory: valued between, before and after its points', () => {
  // Baseline 10 at the end of 2020 (time 2021), target 30 at the end of 2030 (time 2031):
  // 2 a year, so at the end of 2025 (time 2026) the plan is 10 + 2 × 5 = 20.
  const points = trajectoryPoints(
    { time: 2021, value: 10 },
    { value: 30, deadline: '2030-12-31' },
    null,
  );
  assert.equal(endOfDayTime('2030-12-31'), 2031);
  assert.equal(trajectoryValueAt(points, 2026), 20);
  assert.equal(trajectoryValueAt(points, 2019), 10, 'before the baseline: the baseline');
  assert.equal(trajectoryValueAt(points, 2040), 30, 'after the deadline: the target');
});

test('explicit trajectory points bend the path', () => {
  // 10 → 12 over 2021..2026 (slow start), then 12 → 30 over 2026..2031.
  const points = trajectoryPoints(
    { time: 2021, value: 10 },
    { value: 30, deadline: '2030-12-31' },
    [{ date: '2025-12-31', value: 12 }],
  );
  assert.equal(trajectoryValueAt(points, 2023.5), 11);
  assert.equal(trajectoryValueAt(points, 2028.5), 21);
});

// Table of status rules. Arithmetic for the judged rows: baseline 20 (2020, time 2021),
// target 50 by end 2030 (time 2031): the plan rises 3 a year, so at the end of 2023
// (time 2024) it is 20 + 3 × 3 = 29.
const cases: {
  name: string;
  goal: Goal;
  data: DataPoint[];
  status: Status;
  gap?: number;
  summary: RegExp;
}[] = [
  {
    name: 'ahead of the path',
    goal: goal(),
    data: data(['2020', 20], ['2023', 30]),
    status: 'on-track',
    gap: 1,
    summary: /1 better than/,
  },
  {
    name: 'exactly on the path',
    goal: goal(),
    data: data(['2020', 20], ['2023', 29]),
    status: 'on-track',
    gap: 0,
    summary: /exactly on/,
  },
  {
    name: 'behind the path',
    goal: goal(),
    data: data(['2020', 20], ['2023', 25]),
    status: 'off-track',
    gap: -4,
    summary: /4 worse than/,
  },
  {
    // The planned change is 50 − 20 = 30; 10% of it is 3. At 27 the figure is 2 behind the plan
    // of 29: within the tolerance, and two figures are too few for a trend to overrule it.
    name: 'a little behind the path is at risk',
    goal: goal(),
    data: data(['2020', 20], ['2023', 27]),
    status: 'at-risk',
    gap: -2,
    summary: /2 worse than/,
  },
  {
    name: 'a tolerance of 0 makes any shortfall off track',
    goal: goal({ tolerance: 0 }),
    data: data(['2020', 20], ['2023', 27]),
    status: 'off-track',
    summary: /2 worse than/,
  },
  {
    // Within the tolerance (27 against a plan of 29), but the steady trend of 20, 22.2, 24.6, 27
    // (about 2.3 a year) reaches only about 43.5 by the end of 2030: almost no chance of 50.
    name: 'at risk becomes off track when the trend leaves little chance',
    goal: goal(),
    data: data(['2020', 20], ['2021', 22.2], ['2022', 24.6], ['2023', 27]),
    status: 'off-track',
    summary: /will be reached in \d{4}, \d+ years? late|will not be reached/,
  },
  {
    name: 'target met',
    goal: goal(),
    data: data(['2020', 20], ['2023', 51]),
    status: 'achieved',
    summary: /has been met/,
  },
  {
    name: 'lower is better: below the path is on track',
    // Baseline 20, target ≤ 10 by 2030: the plan falls 1 a year, to 17 at the end of 2023.
    goal: goal({ target: { value: 10, comparator: '<=', deadline: '2030-12-31' } }),
    data: data(['2020', 20], ['2023', 16]),
    status: 'on-track',
    gap: -1,
    summary: /1 better than/,
  },
  {
    name: 'lower is better: above the path is off track',
    // Planned change 10, so the tolerance is 1; 19 is 2 above the plan of 17.
    goal: goal({ target: { value: 10, comparator: '<=', deadline: '2030-12-31' } }),
    data: data(['2020', 20], ['2023', 19]),
    status: 'off-track',
    gap: 2,
    summary: /2 worse than/,
  },
  {
    name: 'no indicator',
    goal: goal({ indicatorId: null }),
    data: [],
    status: 'not-assessable',
    summary: /Awaiting data/,
  },
  {
    name: 'only blanks',
    goal: goal(),
    data: data(['2020', null], ['2021', null]),
    status: 'not-assessable',
    summary: /no values/,
  },
  {
    name: 'no target',
    goal: goal({ target: null }),
    data: data(['2020', 20], ['2023', 30]),
    status: 'not-assessable',
    summary: /No numeric target/,
  },
  {
    name: 'no baseline value',
    goal: goal(),
    data: data(['2021', 20], ['2023', 30]),
    status: 'not-assessable',
    summary: /baseline period 2020/,
  },
  {
    name: 'nothing after the baseline, even if it meets the target',
    goal: goal({ target: { value: 10, comparator: '>=', deadline: '2030-12-31' } }),
    data: data(['2019', 5], ['2020', 20]),
    status: 'not-assessable',
    summary: /No data yet for any period after the baseline/,
  },
  {
    name: 'a stated baseline value is used over the data',
    goal: goal({ baseline: { period: '2020', value: 26 } }),
    // Plan from 26: rises 2.4 a year, to 26 + 7.2 = 33.2 at the end of 2023.
    data: data(['2020', 20], ['2023', 30]),
    status: 'off-track',
    summary: /worse than/,
  },
];

for (const c of cases) {
  test(`status: ${c.name}`, () => {
    const result = assessGoal(c.goal, c.data, null, current);
    assert.equal(result.status, c.status, result.summary);
    assert.match(result.summary, c.summary);
    if (c.gap !== undefined)
      assert.ok(Math.abs(result.gap! - c.gap) < 1e-9, `gap ${result.gap} ≠ ${c.gap}`);
  });
}

test('the indicator direction wins over the one the comparator implies', () => {
  // A ">= 50" target on an indicator declared lower-is-better: 25 is below the plan of 29,
  // which for a lower-is-better indicator is better.
  const result = assessGoal(goal(), data(['2020', 20], ['2023', 25]), 'lower', current);
  assert.equal(result.direction, 'lower');
  assert.equal(result.status, 'on-track');
});

test('mirror: a lower-is-better goal judges like its higher-is-better reflection', () => {
  for (const latest of [10, 15, 17, 19, 25]) {
    const up = assessGoal(
      goal({ target: { value: 50, comparator: '>=', deadline: '2030-12-31' } }),
      data(['2020', 20], ['2023', 40 - latest]),
      null,
      current,
    );
    const down = assessGoal(
      goal({ target: { value: -10, comparator: '<=', deadline: '2030-12-31' } }),
      data(['2020', 20], ['2023', latest]),
      null,
      current,
    );
    // Reflecting values about 20 maps the path 20→50 onto 20→-10.
    assert.equal(up.status, down.status, `latest ${latest}`);
  }
});

test('property: a better latest figure never gives a worse status', () => {
  // Rank statuses from worst to best; improving the latest figure (in the goal's direction)
  // must never lower the rank, across many generated series.
  const rank: Record<Status, number> = {
    'not-assessable': -1,
    'off-track': 0,
    'at-risk': 1,
    'on-track': 2,
    achieved: 3,
  };
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 500; i++) {
    const lower = random() < 0.5;
    const baseline = 10 + random() * 40;
    const target = lower ? baseline * (0.2 + random() * 0.6) : baseline * (1.2 + random() * 1.5);
    const g = goal({
      target: { value: target, comparator: lower ? '<=' : '>=', deadline: '2030-12-31' },
    });
    const noise = () => (random() - 0.5) * baseline * 0.2;
    const years = ['2020', '2021', '2022', '2023'];
    const values = years.map((_, j) => baseline + ((target - baseline) * j) / 10 + noise());
    values[0] = baseline;
    const step = Math.abs(target - baseline) * 0.05;
    let previous = -2;
    for (let k = -10; k <= 10; k++) {
      const latest = values[3]! + (lower ? -k : k) * step;
      const result = assessGoal(
        g,
        data(...years.map((y, j) => [y, j === 3 ? latest : values[j]!] as [string, number])),
        null,
        current,
      );
      assert.ok(
        rank[result.status] >= previous,
        `case ${i}: ${result.status} after a better figure (${result.summary})`,
      );
      previous = rank[result.status];
    }
  }
});

test('stale data: figures older than the goal allows are reported, not judged', () => {
  // The latest figure is for 2023, which ends at time 2024.0. On 2027-01-02 (time 2027.003)
  // it is just over 3 years old: stale under the default of 3 years, fresh under 4.
  const series = data(['2020', 20], ['2021', 24], ['2022', 27], ['2023', 30]);
  const asAt = new Date('2027-01-02T00:00:00Z');
  const stale = assessGoal(goal(), series, null, { asAt });
  assert.equal(stale.status, 'not-assessable');
  assert.equal(stale.reason, 'stale-data');
  assert.match(
    stale.summary,
    /for 2023, is for a period that ended over 3 years before 2 January 2027/,
  );
  // What the figures showed is kept, and said, for the reader to weigh.
  assert.equal(stale.latest?.value, 30);
  assert.match(stale.summary, /On the figures as they stand: .*better than the planned path/);
  assert.ok(stale.projection?.ok);

  const allowed = assessGoal(goal({ staleAfter: 4 }), series, null, { asAt });
  assert.equal(allowed.status, 'on-track');
  assert.equal(allowed.reason, null);
  // A day earlier the same figures are exactly 3 years old: not yet stale.
  const dayBefore = assessGoal(goal(), series, null, { asAt: new Date('2024-01-01T00:00:00Z') });
  assert.equal(dayBefore.reason, null);
});

test('definition changed: a goal set before its statistic was redefined is not judged', () => {
  const series = data(['2020', 20], ['2023', 30]);
  const redefinition = { at: '2025-03-01T09:30:00Z', change: 'unit "%" to "per 1,000"' };
  const result = assessGoal(goal(), series, null, { ...current, redefinition });
  assert.equal(result.status, 'not-assessable');
  assert.equal(result.reason, 'definition-changed');
  assert.match(result.summary, /redefined on 1 March 2025 \(unit "%" to "per 1,000"\)/);
});

test('every not-assessable status carries its reason, and only those', () => {
  const reasons = new Map<string, string | null>([
    ['no indicator', assessGoal(goal({ indicatorId: null }), [], null, current).reason],
    ['no values', assessGoal(goal(), data(['2020', null]), null, current).reason],
    ['no target', assessGoal(goal({ target: null }), data(['2020', 1]), null, current).reason],
    ['no baseline', assessGoal(goal({ baseline: null }), data(['2020', 1]), null, current).reason],
    ['nothing since the baseline', assessGoal(goal(), data(['2020', 1]), null, current).reason],
    ['judged', assessGoal(goal(), data(['2020', 20], ['2023', 30]), null, current).reason],
  ]);
  assert.deepEqual(Object.fromEntries(reasons), {
    'no indicator': 'no-data',
    'no values': 'no-data',
    'no target': 'no-target',
    'no baseline': 'no-baseline',
    'nothing since the baseline': 'too-few-points',
    judged: null,
  });
});

test('a gap from the planned path is the difference of the figures the sentence shows', () => {
  const [april] = data(['April 2026', 64.97]) as [DataPoint & { value: number }];
  const target = { value: 92, comparator: '>=' as const, deadline: '2029-03-31' };
  // 64.97% and 65.72% are shown as 65.0% and 65.7%: 0.7 apart, though 0.75 rounds to 0.8.
  const words = pathWords(april, 0.75, false, 65.72, target, 'Percentage (%)', 'en', 1);
  assert.match(words, /^The latest figure is 65\.0% in April 2026, 0\.7 percentage points worse/);
  assert.match(words, /\(planned: 65\.7%\)\.$/);
  assert.match(
    pathWords(april, 0.75, false, 65.72, target, 'Percentage (%)', 'cy', 1),
    /0\.7 pwynt canran yn waeth/,
  );
  // Figures that look alike keep the gap's own size.
  assert.match(
    pathWords(april, 0.03, false, 65, target, 'Percentage (%)', 'en', 1),
    /65\.0% in April 2026, 0\.03 percentage points worse/,
  );
});
