// The statistics' reads: the store's figures against the figure-by-figure view, and the
// publish snapshot's answers against the store's, on every bundled indicator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import type { Runtime } from '../../compose.ts';
import { statisticsSnapshot } from './snapshot.ts';
import { FIGURES_PER_TEXT, type Observation, type ObservationQuery } from './store.ts';

let runtime: Runtime;
before(async () => {
  runtime = await pgliteRuntime({ seed: true });
});
after(() => runtime?.close());

test('a snapshot answers every read as the database does, from one read of each kind', async () => {
  const store = runtime.stores.statistics;
  const { store: snapshot } = statisticsSnapshot(store);
  const now = new Date();
  // Before any release: nothing is in force, whichever answers.
  const longAgo = new Date('2000-01-01T00:00:00Z');
  const indicators = await store.listIndicators(now);
  assert.ok(indicators.length >= 50, 'the bundled indicators are there');
  assert.deepEqual(await snapshot.listReleases(), await store.listReleases());
  let narrower = 0;
  for (const { id } of indicators) {
    assert.deepEqual(await snapshot.getIndicator(id, now), await store.getIndicator(id, now));
    assert.deepEqual(await snapshot.listReleases(id), await store.listReleases(id));
    assert.deepEqual(await snapshot.currentRelease(id, now), await store.currentRelease(id, now));
    assert.equal(await snapshot.currentRelease(id, longAgo), undefined);
    assert.deepEqual(
      await snapshot.observations({ indicatorId: id, asAt: longAgo }),
      await store.observations({ indicatorId: id, asAt: longAgo }),
    );
    // Each measure, and each measure in its first area: filtered in memory as in SQL.
    for (const { series, unit, dimensions, areas } of (await store.listMeasures(id, now)).slice(
      0,
      3,
    )) {
      const q = { indicatorId: id, asAt: now, series, unit, dimensions };
      const inArea = { ...q, areaCode: areas[0] };
      for (const query of [q, inArea]) {
        const expected = await store.observations(query);
        assert.deepEqual(await snapshot.observations(query), expected, JSON.stringify(query));
        narrower += expected.length;
      }
    }
  }
  assert.ok(narrower > 1000, `narrower reads compared (${narrower} figures)`);
  // A breakdown that matches nothing, and one with a key too many, are not matched.
  const [first] = indicators;
  const breakdowns: Record<string, string>[] = [
    { Sex: 'Nobody' },
    { Sex: 'Female', Age: 'Nobody' },
  ];
  for (const dimensions of breakdowns)
    assert.deepEqual(
      await snapshot.observations({ indicatorId: first!.id, asAt: now, dimensions }),
      [],
    );
});

/** The figures `q` asks for, a row for each from the `observations` view, as the store gives them. */
async function fromTheView(q: ObservationQuery): Promise<Observation[]> {
  const release = await runtime.stores.statistics.currentRelease(q.indicatorId, q.asAt);
  if (!release) return [];
  const rows = await runtime.db.query<Record<string, unknown>>(
    `select * from observations
     where release_id = $1
       and ($2::text is null or series = $2) and ($3::text is null or unit = $3)
       and ($4::text is null or area_code = $4) and ($5::jsonb is null or dimensions = $5::jsonb)
       and ($6::date is null or period_end >= $6) and ($7::date is null or period_start <= $7)
     order by period_time, line`,
    [
      release.id,
      q.series ?? null,
      q.unit ?? null,
      q.areaCode ?? null,
      q.dimensions ? JSON.stringify(q.dimensions) : null,
      q.from ?? null,
      q.to ?? null,
    ],
  );
  return rows.map((r) => ({
    line: r.line as number,
    series: r.series as string,
    unit: r.unit as string,
    areaCode: r.area_code as string | null,
    dimensions: r.dimensions as Record<string, string>,
    period: {
      label: r.period_label as Observation['period']['label'],
      kind: r.period_kind as Observation['period']['kind'],
      start: r.period_start as string,
      end: r.period_end as string,
      time: r.period_time as number,
    },
    value: r.value as number | null,
    status: r.status as string,
    note: r.note as string | null,
  }));
}

test('figures read from the stored series are the figure-by-figure view, in period order', async () => {
  const store = runtime.stores.statistics;
  const asAt = new Date();
  let compared = 0;
  const indicators = await store.listIndicators(asAt);
  for (const [n, { id }] of indicators.entries()) {
    const whole = { indicatorId: id, asAt };
    const [first] = await store.listMeasures(id, asAt);
    const figures = await store.observations(whole);
    // A span in the middle of the indicator's periods, so both bounds leave figures out.
    const times = [...new Set(figures.map((f) => f.period.start))].sort();
    const queries: ObservationQuery[] = [whole];
    if (first) {
      const { series, unit, dimensions, areas } = first;
      queries.push(
        { ...whole, series, unit, dimensions, areaCode: areas[0] },
        { ...whole, areaCode: areas.at(-1) },
      );
      // The slower questions of the view, on every sixth indicator.
      if (n % 6 === 0) queries.push({ ...whole, series }, { ...whole, series, unit, dimensions });
    }
    if (times.length > 2 && n % 6 === 0)
      queries.push(
        { ...whole, from: times[1], to: times[times.length - 2] },
        { ...whole, to: '1900-01-01' },
      );
    for (const q of queries) {
      const [read, viewed] = [await store.observations(q), await fromTheView(q)];
      // The first figure that differs, rather than a diff of thousands.
      const differs = viewed.findIndex((figure, i) => !isDeepStrictEqual(read[i], figure));
      assert.equal(
        differs,
        -1,
        `${JSON.stringify(q)}: figure ${differs} is ${JSON.stringify(read[differs])}`,
      );
      assert.equal(read.length, viewed.length, JSON.stringify(q));
      compared++;
    }
  }
  assert.ok(compared > 150, `${compared} questions compared`);
});

test("a release's figures arrive whole and in period order, across the answers they come in", async () => {
  const store = runtime.stores.statistics;
  const now = new Date();
  let largest = { id: '', figures: [] as Awaited<ReturnType<typeof store.observations>> };
  for (const { id } of await store.listIndicators(now)) {
    const figures = await store.observations({ indicatorId: id, asAt: now });
    if (figures.length > largest.figures.length) largest = { id, figures };
  }
  const { figures } = largest;
  assert.ok(figures.length > FIGURES_PER_TEXT, `${largest.id}: ${figures.length} figures`);
  const [stored] = await runtime.db.query<{ count: number }>(
    `select count(*)::int as count from observations
     where release_id = (select id from releases where indicator_id = $1
                         order by released_at desc, id desc limit 1)`,
    [largest.id],
  );
  assert.equal(figures.length, stored?.count);
  for (let i = 1; i < figures.length; i++) {
    const [a, b] = [figures[i - 1]!, figures[i]!];
    assert.ok(
      a.period.time < b.period.time || (a.period.time === b.period.time && a.line <= b.line),
      `figure ${i} out of order`,
    );
  }
});
