// A chart's bytes depend on the chart alone: not on what was rendered before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderLineChart, withGaps, type ChartInput } from './chart.ts';

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

/** The value axis's labels, and where the plot's top and bottom grid lines are. */
function axis(svg: string) {
  const grid = [
    ...svg.matchAll(/<line x1="[^"]+" x2="[^"]+" y1="([^"]+)" y2="[^"]+" stroke="#b1b4b6"/g),
  ].map((m) => Number(m[1]));
  const labels = [
    ...svg.matchAll(/<text x="[^"]+" y="[^"]+" text-anchor="end">([^<]*)<\/text>/g),
  ].map((m) => m[1]!);
  const dots = [...svg.matchAll(/<circle cx="[^"]+" cy="([^"]+)"/g)].map((m) => Number(m[1]));
  return { top: Math.min(...grid), bottom: Math.max(...grid), labels, dots };
}

const asNumber = (label: string) => Number(label.replace(/,/g, ''));

test('the value axis runs from the lowest point to the highest, negative ones included', () => {
  const values = [-12.5, -3, 4, 18.25];
  const svg = renderLineChart({ ...chart('Growth', values), target: undefined });
  const { labels, dots } = axis(svg);
  const ticks = labels.map(asNumber);
  assert.ok(Math.min(...ticks) <= -10, `a negative tick: ${labels.join(' ')}`);
  assert.ok(Math.max(...ticks) >= 15, labels.join(' '));
  assert.equal(dots.length, values.length);
  // Every dot between the lowest grid line and the highest, the lowest figure lowest.
  const { top, bottom } = axis(svg);
  for (const cy of dots) assert.ok(cy >= top && cy <= bottom, `${cy} in ${top}–${bottom}`);
  assert.equal(Math.max(...dots), dots[0]);
});

test('figures far from zero get an axis of their own range, labels that differ', () => {
  const high = axis(
    renderLineChart({ ...chart('Vaccinated', [95.1, 96.4, 97.2]), target: undefined }),
  );
  const ticks = high.labels.map(asNumber);
  assert.ok(Math.min(...ticks) >= 90, `not from zero: ${high.labels.join(' ')}`);
  assert.ok(Math.max(...ticks) >= 97, high.labels.join(' '));
  // A flat series of small figures: room either side, and no two labels alike.
  const flat = axis(renderLineChart({ ...chart('Ratio', [0.0155]), target: undefined }));
  assert.ok(flat.labels.length >= 3);
  assert.equal(new Set(flat.labels).size, flat.labels.length, flat.labels.join(' '));
  assert.ok(flat.dots[0]! > flat.top && flat.dots[0]! < flat.bottom);
});

test('the axis is titled with the unit, and a source line is under the chart, escaped', () => {
  const svg = renderLineChart({
    ...chart('Smoking', [20, 18, 17]),
    unit: 'Rate per 100,000 <people>',
    source:
      'Office for Health Improvement & Disparities, Public Health Outcomes Framework: smoking prevalence in adults',
  });
  const title = /<text[^>]*class="ns-chart__axis-title"[^>]*>([\s\S]*?)<\/text>/.exec(svg);
  assert.ok(title);
  assert.equal(title[1]!.replace(/<[^>]+>/g, ''), 'Rate per 100,000 &lt;people&gt;');
  const source = /<text x="0" y="([^"]+)" class="ns-chart__source">([\s\S]*?)<\/text>/.exec(svg);
  assert.ok(source, 'a source line');
  const lines = [...source[2]!.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!);
  assert.ok(lines.length >= 2, 'long sources wrap');
  assert.ok(lines.every((l) => l.length <= 48));
  assert.equal(
    lines.join(' '),
    'Source: Office for Health Improvement &amp; Disparities, Public Health Outcomes Framework: smoking prevalence in adults',
  );
  // Under the plot: below its lowest grid line.
  assert.ok(Number(source[1]) > axis(svg).bottom);
  assert.match(svg, /<title[^>]*>[^<]*Source: Office for Health Improvement &amp; Disparities/);
});

test('the line stops across a break in the series and across years with no figure', () => {
  const at = (...times: number[]) => times.map((time) => ({ time, value: time - 2000 }));
  const gaps = (points: ReturnType<typeof at>, breaks: number[] = []) =>
    withGaps(points, breaks).map((p) => (p ? p.time : '|'));
  assert.deepEqual(gaps(at(2016, 2017, 2018, 2019)), [2016, 2017, 2018, 2019]);
  // Two years without a figure, then a break between two yearly figures.
  assert.deepEqual(gaps(at(2016, 2017, 2018, 2021, 2022, 2023), [2022.7]), [
    2016,
    2017,
    2018,
    '|',
    2021,
    2022,
    '|',
    2023,
  ]);
  // Quarters: one quarter missing is a gap; an irregular but steady series has none.
  assert.deepEqual(gaps(at(2020.25, 2020.5, 2021, 2021.25)), [2020.25, 2020.5, '|', 2021, 2021.25]);
  assert.deepEqual(gaps(at(2010, 2013, 2016, 2019)), [2010, 2013, 2016, 2019]);
  // Drawn: the path moves (M) rather than draws (L) over the gap.
  const svg = renderLineChart({
    title: 'Early years',
    unit: '%',
    series: [
      { label: 'Published figures', points: at(2016, 2017, 2018, 2021, 2022), style: 'actual' },
    ],
  });
  const d = /<path d="([^"]+)"/.exec(svg)![1]!;
  assert.equal(d.match(/M/g)!.length, 2, d);
});

test('a year on the time axis is the year of the figures beside it, yearly or monthly', () => {
  const labels = (points: { time: number; value: number }[]) =>
    [
      ...renderLineChart({
        title: 'T',
        unit: '%',
        series: [{ label: 'F', points, style: 'actual' }],
      }).matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">(\d{4})<\/text>/g),
    ].map((m) => ({ x: Number(m[1]), year: Number(m[2]) }));
  const xOf = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
  // Yearly figures end with their years: the figure for 2019 (time 2020.0) is above "2019".
  const yearly = [2016, 2017, 2018, 2019, 2020].map((time) => ({ time, value: time - 2000 }));
  const svg = renderLineChart({
    title: 'T',
    unit: '%',
    series: [{ label: 'F', points: yearly, style: 'actual' }],
  });
  // Under it, or moved in a little to keep within the chart at the right edge.
  const dot2019 = xOf(svg)[4]!;
  const label2019 = labels(yearly).find((l) => l.year === 2019)!;
  assert.ok(label2019.x <= dot2019 && dot2019 - label2019.x <= 30, `${label2019.x}, ${dot2019}`);
  assert.ok(label2019.x + 30 <= 640, 'within the chart');
  // Monthly figures, January 2018 to April 2020 (times at each month's end): the tick at
  // 2020.0 is the start of 2020, so April 2020 is after "2020", not after "2019".
  const monthly = Array.from({ length: 28 }, (_, i) => ({ time: 2018 + (i + 1) / 12, value: i }));
  const ticks = labels(monthly);
  const at2020 = ticks.find((l) => l.year === 2020);
  assert.ok(at2020, JSON.stringify(ticks));
  assert.ok(!ticks.some((l) => l.year === 2017), 'no year before the first figure');
  const lastDot = Math.max(
    ...xOf(
      renderLineChart({
        title: 'T',
        unit: '%',
        series: [{ label: 'F', points: monthly, style: 'actual' }],
      }),
    ),
  );
  assert.ok(lastDot > at2020.x, 'April 2020 is right of the "2020" label');
  // School years, each ending on 31 August: 2020/21 (time 2021.67) is after "2021", as is a
  // break from September 2021; not after "2020", at the end of 2021.
  const school = [2018, 2019, 2020, 2021, 2022].map((y) => ({ time: y + 0.665, value: y - 2000 }));
  const schoolTicks = labels(school);
  const dots = xOf(
    renderLineChart({
      title: 'T',
      unit: '%',
      series: [{ label: 'F', points: school, style: 'actual' }],
    }),
  );
  const label2021 = schoolTicks.find((l) => l.year === 2021);
  assert.ok(label2021, JSON.stringify(schoolTicks));
  assert.ok(
    dots[3]! > label2021.x && dots[3]! - label2021.x < dots[3]! - dots[2]!,
    '2020/21 just after "2021"',
  );
});

test("the time axis's years do not run into one another on a narrow screen", () => {
  // Nineteen years of monthly figures, as NHS England's waiting times: at 390 px the labels
  // are 26 units high, about 15 wide a character, in the chart's 640.
  for (const years of [3, 8, 19, 40]) {
    const points = Array.from({ length: years * 12 }, (_, i) => ({
      time: 2007 + (i + 1) / 12,
      value: i % 7,
    }));
    const svg = renderLineChart({
      title: 'T',
      unit: '%',
      series: [{ label: 'F', points, style: 'actual' }],
    });
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">\d{4}</g)].map(
      (m) => Number(m[1]),
    );
    assert.ok(xs.length >= 2, `${years} years: ${xs.length} labels`);
    for (let i = 1; i < xs.length; i++)
      assert.ok(xs[i]! - xs[i - 1]! >= 4 * 15 + 15, `${years} years: labels at ${xs.join(', ')}`);
  }
});

test('labels of breaks close together do not overlap, and none runs off the right edge', () => {
  const points = [2008, 2010, 2012, 2014, 2016, 2018, 2020].map((time) => ({
    time,
    value: time - 2000,
  }));
  const svg = renderLineChart({
    title: 'T',
    unit: '%',
    series: [{ label: 'F', points, style: 'actual' }],
    breaks: [2010.5, 2012.5, 2019.5].map((time) => ({ time, label: 'Break in series' })),
  });
  const labels = [
    ...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"( text-anchor="end")?>Break in series/g),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), end: !!m[3] }));
  assert.equal(labels.length, 3);
  assert.notEqual(labels[0]!.y, labels[1]!.y, 'the second of two close breaks is a line lower');
  assert.ok(labels[2]!.end && labels[2]!.x <= 640, 'the last is drawn left of its line');
  // Above the plot's top grid line, so no label crosses the figures.
  const gridTop = Math.min(
    ...[
      ...svg.matchAll(/<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="\1" stroke="#b1b4b6"/g),
    ].map((m) => Number(m[1])),
  );
  for (const l of labels) assert.ok(l.y < gridTop - 4, `label at ${l.y}, grid from ${gridTop}`);
});
