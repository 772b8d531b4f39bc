// A memo only saves work: every answer is the same with or without one, whatever it holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessGoal, type DataPoint } from './assessment.ts';
import { createAssessmentMemo, MEMO_LIMIT } from './memo.ts';
import { dateToTime, parsePeriod } from './period.ts';
import { studentTQuantile } from './projection.ts';
import { endOfDayTime } from './trajectory.ts';
import { openSdgProgress } from './openSdgProgress.ts';
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
  unit: 'Percentage (%)',
  dimensions: {},
  areaCode: 'K02000001',
  baseline: { period: '2015', value: null },
  target: { value: 50, comparator: '>=', deadline: '2030-12-31' },
  trajectory: null,
  tolerance: null,
  staleAfter: null,
  feeds: [],
  source: { title: 'test' },
  ...overrides,
});

const series = (labels: string[], values: number[]): DataPoint[] =>
  labels.map((label, i) => {
    const parsed = parsePeriod(label);
    if (!parsed.ok) throw new Error(parsed.reason);
    return { period: parsed.period, value: values[i]! };
  });

const years = ['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023'];
const CASES: [name: string, goal: Goal, data: DataPoint[], asAt: Date][] = [
  ['rising', goal(), series(years, [20, 23, 25, 29, 31, 34, 36, 40, 41]), new Date('2024-06-30')],
  ['falling', goal(), series(years, [20, 19, 21, 18, 17, 18, 16, 15, 14]), new Date('2024-01-01')],
  [
    'lower is better, with a path',
    goal({
      target: { value: 5, comparator: '<=', deadline: '2028-03-31' },
      trajectory: [
        { date: '2020-03-31', value: 15 },
        { date: '2024-03-31', value: 9 },
      ],
    }),
    series(years, [20, 18, 17, 15, 14, 12, 11, 10, 9.5]),
    new Date('2024-06-30T23:59:59.999Z'),
  ],
  ['stale', goal(), series(years, [20, 23, 25, 29, 31, 34, 36, 40, 41]), new Date('2030-07-01')],
  [
    'financial years',
    goal({ baseline: { period: '2015/16', value: null } }),
    series(['2015/16', '2016/17', '2017/18', '2018/19'], [30, 32, 35, 36]),
    new Date('2020-01-01'),
  ],
];

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

test('an assessment is the same with no memo, a fresh one, or one used for other goals before', () => {
  const without = CASES.map(([, g, data, asAt]) => plain(assessGoal(g, data, null, { asAt })));
  const shared = createAssessmentMemo();
  // Forwards, then backwards with the memo the forward pass filled.
  const forwards = CASES.map(([, g, data, asAt]) =>
    plain(assessGoal(g, data, null, { asAt, memo: shared })),
  );
  const backwards = [...CASES]
    .reverse()
    .map(([, g, data, asAt]) => plain(assessGoal(g, data, null, { asAt, memo: shared })))
    .reverse();
  CASES.forEach(([name, g, data, asAt], i) => {
    const fresh = plain(assessGoal(g, data, null, { asAt, memo: createAssessmentMemo() }));
    assert.deepEqual(fresh, without[i], name);
    assert.deepEqual(forwards[i], without[i], name);
    assert.deepEqual(backwards[i], without[i], name);
  });
  assert.ok(shared.quantiles.size > 0, 'the memo was used');
});

test('the pure functions give the same answers with a memo as without', () => {
  const memo = createAssessmentMemo();
  for (const date of ['2024-02-29', '2030-12-31', '2019-01-01']) {
    for (let i = 0; i < 2; i++) {
      assert.equal(dateToTime(date, memo), dateToTime(date));
      assert.equal(endOfDayTime(date, memo), endOfDayTime(date));
    }
  }
  for (const [p, df] of [
    [0.95, 1],
    [0.95, 8],
    [0.975, 3],
    [0.5, 8],
  ] as const) {
    assert.equal(studentTQuantile(p, df, memo), studentTQuantile(p, df));
    assert.equal(studentTQuantile(p, df, memo), studentTQuantile(p, df));
  }
  const points = [
    { year: '2015', value: 10 },
    { year: '2016/17', value: 12 },
    { year: '2018', value: 15 },
  ];
  const input = { points, direction: 'positive' as const, target: 20, targetYear: 2030 };
  assert.deepEqual(openSdgProgress(input, memo), openSdgProgress(input));
  assert.deepEqual(openSdgProgress(input, memo), openSdgProgress(input));
});

test('parsePeriod: frozen with or without a memo; with one, each label is read once', () => {
  const memo = createAssessmentMemo();
  const first = parsePeriod('2019/20', 'academic', memo);
  assert.equal(parsePeriod('2019/20', 'academic', memo), first, 'the same object from the memo');
  assert.notEqual(parsePeriod('2019/20', 'financial', memo), first, 'each reading its own');
  assert.deepEqual(parsePeriod('2019/20', 'academic'), first);
  for (const result of [first, parsePeriod('2019/20'), parsePeriod('2019/13')]) {
    assert.ok(Object.isFrozen(result));
    if (result.ok) assert.ok(Object.isFrozen(result.period));
  }
});

test(`a memo's maps hold at most ${MEMO_LIMIT.toLocaleString('en-GB')} entries`, () => {
  const memo = createAssessmentMemo();
  const start = Date.UTC(2000, 0, 1);
  for (let i = 0; i <= MEMO_LIMIT + 10; i++) {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    assert.equal(dateToTime(date, memo), dateToTime(date));
    endOfDayTime(date, memo);
    parsePeriod(date, undefined, memo);
  }
  for (const map of [memo.dayStarts, memo.dayEnds, memo.periods.financial]) {
    assert.ok(map.size > 0 && map.size <= MEMO_LIMIT, String(map.size));
  }
});
