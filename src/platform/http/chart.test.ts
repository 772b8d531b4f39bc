// A chart's bytes depend on the chart alone: not on what was rendered before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderLineChart, type ChartInput } from './chart.ts';

const chart = (title: string, values: number[]): ChartInput => ({
  title,
  unit: '%',
  series: [
    {
      label: 'Published figures',
      points: values.map((value, i) => ({ time: 2016 + i, value })),
      style: 'actual',
    },
  ],
  target: { value: 50, time: 2031, label: 'Target' },
});

const ids = (svg: string) => [...svg.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);

test('the same chart renders the same bytes, whatever was rendered between', () => {
  const first = renderLineChart(chart('Smoking', [20, 18, 17]));
  const other = renderLineChart(chart('Emissions', [40, 38, 35]));
  const again = renderLineChart(chart('Smoking', [20, 18, 17]));
  assert.equal(again, first);
  assert.notEqual(other, first);
  assert.match(first, /aria-labelledby="chart-title-[0-9a-f]{12}"/);
});

test('two different charts on one page have different ids, even with the same title', () => {
  const a = renderLineChart(chart('Smoking', [20, 18, 17]));
  const b = renderLineChart(chart('Smoking', [20, 18, 16]));
  const c = renderLineChart(chart('Emissions', [20, 18, 17]));
  const all = [a, b, c].flatMap(ids);
  assert.equal(all.length, 3);
  assert.equal(new Set(all).size, 3);
});

test("a caller's id is used as given, and must be safe in an attribute", () => {
  const svg = renderLineChart({ ...chart('Smoking', [20, 18, 17]), id: 'goal-smoke-free' });
  assert.deepEqual(ids(svg), ['chart-title-goal-smoke-free']);
  assert.match(svg, /aria-labelledby="chart-title-goal-smoke-free"/);
  assert.throws(
    () => renderLineChart({ ...chart('Smoking', [1, 2]), id: 'a" onload="x' }),
    RangeError,
  );
});
