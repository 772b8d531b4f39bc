import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPeriod, type PeriodFormat } from './periods.ts';

const span = (cell: Parameters<typeof readPeriod>[0], format: PeriodFormat) => {
  const r = readPeriod(cell, format);
  assert.ok(r.ok, `${String(cell)} as ${format}: ${r.ok ? '' : r.reason}`);
  return [r.period.label, r.period.start, r.period.end, r.period.note];
};

test('periods as publishers write them', () => {
  assert.deepEqual(span('Apr-07', 'month'), ['April 2007', '2007-04-01', '2007-04-30', undefined]);
  assert.deepEqual(span(new Date(2026, 3, 1), 'month'), [
    'April 2026',
    '2026-04-01',
    '2026-04-30',
    undefined,
  ]);
  assert.deepEqual(span('* Feb-24', 'month'), ['February 2024', '2024-02-01', '2024-02-29', '*']);
  assert.deepEqual(span('Quarter 4 2025 [p]', 'quarter'), [
    '2025 Q4',
    '2025-10-01',
    '2025-12-31',
    'p',
  ]);
  assert.deepEqual(span('2025 Q1', 'quarter')[1], '2025-01-01');
  assert.deepEqual(span('2025\n3rd quarter', 'quarter').slice(0, 2), ['2025 Q3', '2025-07-01']);
  assert.deepEqual(span('Jan-Mar 2026', 'months'), [
    'Jan-Mar 2026',
    '2026-01-01',
    '2026-03-31',
    undefined,
  ]);
  assert.deepEqual(span('Dec-Feb 2002', 'months').slice(1, 3), ['2001-12-01', '2002-02-28']);
  assert.deepEqual(span('Oct - Dec 2025', 'months').slice(1, 3), ['2025-10-01', '2025-12-31']);
  assert.deepEqual(span('Jan-Mar 20191', 'months'), [
    'Jan-Mar 2019',
    '2019-01-01',
    '2019-03-31',
    'note 1',
  ]);
  assert.deepEqual(span('Jan 2025 to\n Dec 2025', 'months').slice(1, 3), [
    '2025-01-01',
    '2025-12-31',
  ]);
  assert.deepEqual(span('Year ending March 2025', 'months').slice(1, 3), [
    '2024-04-01',
    '2025-03-31',
  ]);
  assert.deepEqual(span('2020-21', 'financial-year'), [
    '2020/21',
    '2020-04-01',
    '2021-03-31',
    undefined,
  ]);
  assert.deepEqual(span('202122', 'academic-year'), [
    '2021/22',
    '2021-09-01',
    '2022-08-31',
    undefined,
  ]);
  assert.deepEqual(span('2025', 'academic-year-ending'), [
    '2024/25',
    '2024-09-01',
    '2025-08-31',
    undefined,
  ]);
  assert.deepEqual(span('2025/26 Q3', 'financial-quarter').slice(1, 3), [
    '2025-10-01',
    '2025-12-31',
  ]);
  assert.deepEqual(span('2025/26 Q4', 'financial-quarter').slice(1, 3), [
    '2026-01-01',
    '2026-03-31',
  ]);
  assert.deepEqual(span(2024, 'year'), ['2024', '2024-01-01', '2024-12-31', undefined]);
});

test('a period that does not read says why', () => {
  for (const [cell, format] of [
    ['Smarch-07', 'month'],
    ['2025 Q5', 'quarter'],
    ['2020-22', 'financial-year'],
    ['2025/27 Q1', 'financial-quarter'],
    ['Mar-Jan', 'months'],
    ['', 'year'],
  ] as const) {
    const r = readPeriod(cell, format);
    assert.equal(r.ok, false, `${cell} as ${format}`);
    if (!r.ok) assert.match(r.reason, /is not a period: /);
  }
});
