import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import type { Runtime } from '../../compose.ts';
import { statisticsSnapshot } from './snapshot.ts';
import { FIGURES_PER_TEXT } from './store.ts';

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

test("a release's figures arrive whole and in period order, across the texts they come in", async () => {
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
