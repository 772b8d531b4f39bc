// One suite of behaviour every storage engine must show; run by pglite.test.ts and
// postgres.test.ts against real engines.
import fs from 'node:fs';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { createStatisticsStore } from '../../src/features/statistics/store.ts';
import { beginImport } from '../../src/features/statistics/importTarget.ts';
import { createStores, type Stores } from '../../src/compose.ts';
import type { Change } from '../../src/features/audit/store.ts';
import { writeMissionsFile } from '../../src/features/missions/load.ts';
import { systemClock } from '../../src/clock.ts';
import { createGeography } from '../../src/features/areas/geography.ts';
import type { Area } from '../../src/domain/area.ts';
import type { MissionsFile } from '../../src/domain/mission.ts';
import type { ObservationRecord } from '../../src/features/statistics/readers/openSdg.ts';
import { ImportBatch, recordRows } from '../../src/features/statistics/release.ts';
import { parsePeriod } from '../../src/domain/period.ts';
import { auditHash, GENESIS_HASH } from '../../src/domain/audit.ts';

const areas: Area[] = [
  {
    code: 'K02000001',
    name: 'United Kingdom',
    level: 'uk',
    parentCode: null,
    successorCode: null,
    current: true,
  },
  {
    code: 'E92000001',
    name: 'England',
    level: 'country',
    parentCode: 'K02000001',
    successorCode: null,
    current: true,
  },
];

/** One release stored through the import path within `change`, as an import of one file stores it. */
async function saveReleaseIn(
  stores: Stores,
  change: Change,
  release: {
    indicatorId: string;
    releasedAt: string;
    loadedBy: string;
    sourceFile: string;
    sha256: string;
  },
  observations: ObservationRecord[],
) {
  const target = await beginImport(change);
  const batch = new ImportBatch(target.firstReleaseId);
  const draft = batch.draft(release.indicatorId, release.sourceFile, { duplicates: false })!;
  draft.sha256 = release.sha256;
  await target.copy(recordRows(batch, draft, observations));
  // A time to come is an embargo; a time already past is the import's own.
  const dated = new Date(release.releasedAt) > new Date();
  return target.finish([draft.release(release.releasedAt, release.loadedBy, dated)], 1);
}

/** The same, as a change of its own. */
const saveRelease = (
  stores: Stores,
  release: Parameters<typeof saveReleaseIn>[2],
  observations: ObservationRecord[],
) =>
  stores.audit.change({ actor: release.loadedBy, reason: 'test' }, (change) =>
    saveReleaseIn(stores, change, release, observations),
  );

/** A missions file written as `missions load` writes it; the number of changes recorded. */
const saveMissions = (stores: Stores, file: MissionsFile, actor: string, reason: string) =>
  stores.audit.change({ actor, reason }, async (change) => {
    await writeMissionsFile(change, file, stores.missions, stores.statistics);
    return { changes: change.recorded };
  });

const missionsFile = (targetValue: number): MissionsFile => ({
  government: { slug: 'uk', name: 'UK Government', area: 'K02000001' },
  indicators: [{ id: '9.9.9', direction: 'lower' }],
  missions: [
    {
      slug: 'health',
      title: 'Health',
      ambition: 'Healthier lives',
      stewards: ['Department of Health and Social Care'],
      start: '2024-07-05',
      horizon: '2034-12-31',
      source: { title: 'Manifesto' },
      goals: [
        {
          slug: 'smoking',
          statement: 'Fewer smokers',
          feeds: [],
          indicator: '9.9.9',
          proxy: false,
          dimensions: {},
          baseline: { period: '2020' },
          target: { value: targetValue, comparator: '<=', deadline: '2030-12-31' },
          source: { title: 'Plan' },
        },
      ],
      projects: [
        {
          slug: 'ban',
          title: 'Smoking ban',
          lead: 'DHSC',
          contributors: [],
          status: 'in-progress',
          firstStep: true,
          milestones: [{ title: 'Bill passed', due: '2025-06-30' }],
        },
      ],
    },
  ],
});

const observation = (
  line: number,
  period: string,
  value: number | null,
  areaCode = 'K02000001',
): ObservationRecord => {
  const parsed = parsePeriod(period);
  if (!parsed.ok) throw new Error(parsed.reason);
  return {
    line,
    series: '',
    unit: 'Percentage (%)',
    areaCode,
    dimensions: {},
    period: parsed.period,
    value,
    status: value === null ? 'missing' : 'normal',
    note: null,
  };
};

export function storeConformance(engine: string, open: () => Promise<Database>) {
  describe(`store on ${engine}`, () => {
    let db: Database;
    let stores: Stores;
    before(async () => {
      db = await open();
      await migrate(db);
      stores = createStores(db, systemClock);
      await stores.areas.save(createGeography(areas).areas);
    });
    after(() => db.close());

    it('migrates once: a second run applies nothing', async () => {
      assert.deepEqual(await migrate(db), []);
    });

    it('stores areas with their hierarchy', async () => {
      assert.equal((await stores.areas.get('E92000001'))?.parentCode, 'K02000001');
      assert.equal(await stores.areas.get('X99999999'), undefined);
    });

    it('saves missions, goals and projects, and records each change once', async () => {
      const first = await saveMissions(stores, missionsFile(5), 'tester', 'initial');
      assert.equal(first.changes, 5, 'government, indicator, mission, goal, project');
      const [mission] = await stores.missions.listMissions();
      assert.equal(mission?.goals[0]?.target?.value, 5);
      assert.equal(mission?.goals[0]?.areaCode, 'K02000001', "the government's area by default");
      assert.deepEqual(mission?.projects[0]?.milestones, [
        { title: 'Bill passed', due: '2025-06-30' },
      ]);
      assert.equal(
        (await saveMissions(stores, missionsFile(5), 'tester', 'again')).changes,
        0,
        'same file, no change',
      );
      assert.equal(
        (await saveMissions(stores, missionsFile(4), 'tester', 'tighter target')).changes,
        1,
      );
      const [latest] = await stores.audit.list({ limit: 1 });
      assert.equal(latest?.entityId, 'health/smoking');
      assert.equal(latest?.reason, 'tighter target');
      assert.equal((latest?.before as { target: { value: number } }).target.value, 5);
      assert.equal((latest?.after as { target: { value: number } }).target.value, 4);
    });

    it('keeps releases: the one in force depends on the time asked about', async () => {
      const early = new Date('2024-01-01T09:30:00Z');
      const late = new Date('2025-01-01T09:30:00Z');
      await saveRelease(
        stores,
        {
          indicatorId: '9.9.9',
          releasedAt: early.toISOString(),
          loadedBy: 't',
          sourceFile: 'a.csv',
          sha256: 'a',
        },
        [
          observation(2, '2020', 20),
          observation(3, '2021', null),
          observation(4, '2021', 19, 'E92000001'),
        ],
      );
      await saveRelease(
        stores,
        {
          indicatorId: '9.9.9',
          releasedAt: late.toISOString(),
          loadedBy: 't',
          sourceFile: 'b.csv',
          sha256: 'b',
        },
        [observation(2, '2020', 20.5), observation(3, '2021', 18)],
      );
      const asAt = (d: string) =>
        stores.statistics.observations({
          indicatorId: '9.9.9',
          asAt: new Date(d),
          areaCode: 'K02000001',
        });
      assert.deepEqual(
        (await asAt('2023-12-31')).map((o) => o.value),
        [],
      );
      assert.deepEqual(
        (await asAt('2024-06-30')).map((o) => o.value),
        [20, null],
      );
      assert.deepEqual(
        (await asAt('2025-06-30')).map((o) => o.value),
        [20.5, 18],
      );
      const [o] = await asAt('2025-06-30');
      assert.deepEqual(o?.period, {
        label: '2020',
        kind: 'year',
        start: '2020-01-01',
        end: '2020-12-31',
        time: 2021,
      });
      assert.equal((await stores.statistics.listReleases('9.9.9')).length, 2);
    });

    it('filters observations by area, period and breakdown', async () => {
      const at = new Date('2024-06-30');
      const england = await stores.statistics.observations({
        indicatorId: '9.9.9',
        asAt: at,
        areaCode: 'E92000001',
      });
      assert.deepEqual(
        england.map((o) => o.value),
        [19],
      );
      const from2021 = await stores.statistics.observations({
        indicatorId: '9.9.9',
        asAt: at,
        from: '2021-01-01',
      });
      assert.equal(from2021.length, 2);
      assert.equal(
        (
          await stores.statistics.observations({
            indicatorId: '9.9.9',
            asAt: at,
            dimensions: { Sex: 'Female' },
          })
        ).length,
        0,
      );
      const measures = await stores.statistics.listMeasures('9.9.9', at);
      assert.deepEqual(
        measures.map((m) => [m.unit, [...m.areas].sort(), m.values]),
        [['Percentage (%)', ['E92000001', 'K02000001'], 2]],
      );
    });

    it("gives each area's series as its observations are ordered: by period, then by line", async () => {
      const figure = (
        line: number,
        period: string,
        value: number | null,
        area: string,
        unit = '%',
      ) => ({
        ...observation(line, period, value, area),
        unit,
      });
      // England's figures in two runs, the UK's out of period order and in two units.
      const K = 'K02000001';
      const E = 'E92000001';
      await saveRelease(
        stores,
        {
          indicatorId: '8.8.8',
          releasedAt: '2024-01-01T00:00:00Z',
          loadedBy: 't',
          sourceFile: 'c.csv',
          sha256: 'c',
        },
        [
          figure(2, '2021', 5, E),
          figure(3, '2020', 1, K),
          figure(4, '2019', 2, K),
          figure(5, '2020', 6, E),
          figure(6, '2020', 3, K, 'Number'),
          figure(7, '2022', null, E),
        ],
      );
      const at = new Date('2024-06-30');
      const { indicator, series } = await stores.statistics.areaSeries({
        indicatorId: '8.8.8',
        asAt: at,
        series: '',
      });
      assert.equal(indicator?.id, '8.8.8');
      assert.deepEqual(
        series.map((s) => [s.areaCode, s.unit, s.points.map((p) => [p.period.label, p.value])]),
        [
          [
            K,
            '%',
            [
              ['2019', 2],
              ['2020', 1],
              ['2020', 3],
            ],
          ],
          [
            E,
            '%',
            [
              ['2020', 6],
              ['2021', 5],
              ['2022', null],
            ],
          ],
        ],
      );
      for (const s of series) {
        const rows = await stores.statistics.observations({
          indicatorId: '8.8.8',
          asAt: at,
          areaCode: s.areaCode,
        });
        assert.deepEqual(
          s.points.map((p) => p.value),
          rows.map((o) => o.value),
        );
      }
      const { series: numbers } = await stores.statistics.areaSeries({
        indicatorId: '8.8.8',
        asAt: at,
        series: '',
        unit: 'Number',
      });
      assert.deepEqual(
        numbers.map((s) => [s.areaCode, s.points.map((p) => p.value)]),
        [[K, [3]]],
      );
    });

    it('reads the periods of the release its series rows come from, when one is published between', async () => {
      const publish = (sha256: string, releasedAt: string, periods: string[]) =>
        saveRelease(
          stores,
          {
            indicatorId: '7.7.7',
            releasedAt,
            loadedBy: 't',
            sourceFile: `${sha256}.csv`,
            sha256,
          },
          periods.map((period, i) => observation(i + 2, period, i)),
        );
      await publish('d', '2024-01-01T00:00:00Z', ['2020', '2021']);
      // The series rows are read first; a release with other periods is published before the
      // indicator and its periods are.
      let seriesRead!: () => void;
      const seriesDone = new Promise<void>((resolve) => (seriesRead = resolve));
      const racing: Database = {
        ...db,
        async query(text, params) {
          if (text.includes('from observation_series s')) {
            const rows = await db.query(text, params);
            seriesRead();
            return rows as never;
          }
          if (text.includes('from indicators i left join')) {
            await seriesDone;
            await publish('e', '2024-01-02T00:00:00Z', ['2017', '2018', '2019']);
          }
          return db.query(text, params);
        },
      };
      const { series } = await createStatisticsStore(racing).areaSeries({
        indicatorId: '7.7.7',
        asAt: new Date('2024-06-30'),
        series: '',
      });
      assert.deepEqual(
        series.map((s) => s.points.map((p) => [p.period.label, p.value])),
        [
          [
            ['2020', 0],
            ['2021', 1],
          ],
        ],
      );
    });

    it('rewrites series rows that interleave, as migration 004 made them, into runs (005)', async () => {
      const figure = (line: number, period: string, unit: string) => ({
        ...observation(line, period, line),
        unit,
      });
      const [release] = await saveRelease(
        stores,
        {
          indicatorId: '6.6.6',
          releasedAt: '2024-01-01T00:00:00Z',
          loadedBy: 't',
          sourceFile: 'f.csv',
          sha256: 'f',
        },
        [
          figure(2, '2020', '%'),
          figure(3, '2021', 'n'),
          figure(4, '2020', 'n'),
          figure(5, '2021', '%'),
        ],
      );
      // As 004 stored them: one row of each measure's figures in the area, %: lines 2 and 5.
      await db.transaction(async (tx) => {
        await tx.query(
          `create temporary table whole on commit drop as
           select release_id, measure, area_code, array_agg(line order by line) as lines,
                  array_agg(period order by line) as periods, array_agg(value order by line) as v,
                  array_agg(status order by line) as statuses
           from observation_series s
           cross join lateral unnest(s.lines, s.periods, s."values", s.statuses) as f (line, period, value, status)
           where release_id = $1 group by release_id, measure, area_code`,
          [release!.id],
        );
        await tx.query('delete from observation_series where release_id = $1', [release!.id]);
        await tx.query(
          `insert into observation_series (release_id, measure, area_code, lines, periods, "values", statuses)
           select release_id, measure, area_code, lines, periods, v, statuses from whole`,
        );
      });
      const sql = fs.readFileSync(
        new URL(
          '../../src/platform/db/migrations/005_series_runs_in_line_order.sql',
          import.meta.url,
        ),
        'utf8',
      );
      await db.transaction((tx) => tx.exec(sql));
      const [{ rows }] = (await db.query<{ rows: number }>(
        'select count(*)::int as rows from observation_series where release_id = $1',
        [release!.id],
      )) as [{ rows: number }];
      assert.equal(rows, 3);
      const at = new Date('2024-06-30');
      const { series } = await stores.statistics.areaSeries({
        indicatorId: '6.6.6',
        asAt: at,
        series: '',
      });
      const observations = await stores.statistics.observations({ indicatorId: '6.6.6', asAt: at });
      assert.deepEqual(
        series[0]!.points.map((p) => p.value),
        observations.map((o) => o.value),
      );
      assert.deepEqual(
        observations.map((o) => o.line),
        [2, 4, 3, 5],
      );
    });

    it('rolls a failed transaction back completely', async () => {
      const before = (await stores.statistics.listReleases('9.9.9')).length;
      await assert.rejects(
        stores.audit.change({ actor: 't', reason: 'test' }, async (change) => {
          await saveReleaseIn(
            stores,
            change,
            {
              indicatorId: '9.9.9',
              releasedAt: new Date().toISOString(),
              loadedBy: 't',
              sourceFile: 'c.csv',
              sha256: 'c',
            },
            [observation(2, '2022', 1)],
          );
          throw new Error('fail midway');
        }),
        /fail midway/,
      );
      assert.equal((await stores.statistics.listReleases('9.9.9')).length, before);
    });

    it('chains audit events by hash', async () => {
      const events = (await stores.audit.list()).reverse();
      assert.ok(events.length >= 7);
      let prev = GENESIS_HASH;
      for (const e of events) {
        assert.equal(e.prevHash, prev);
        const { id: _id, prevHash: _p, hash, ...entry } = e;
        assert.equal(auditHash(prev, entry), hash, `event ${e.id} hashes to its stored hash`);
        prev = hash;
      }
    });
  });
}
