// `northstar assess --json` gives the same Open SDG progress scores and statuses as an
// independent implementation of the published method (Python, written from the rules alone),
// for goals on every bundled real indicator: with and without targets, met and not met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../../src/config.ts';
import { createPgliteDatabase } from '../../src/platform/db/pglite.ts';
import { openSdgStatuses } from '../../src/domain/openSdgProgress.ts';

const northstar = (cwd: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/northstar.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(result.status, 0, `northstar ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

interface Series {
  indicator: string;
  series: string;
  unit: string;
  area: string;
  points: { year: string; value: number | null }[];
}

/** Each indicator's national series without breakdowns that has the most figures. */
async function headlineSeries(dataDir: string): Promise<Series[]> {
  const db = await createPgliteDatabase(dataDir);
  try {
    const rows = await db.query<{ indicator: string; series: string; unit: string; area: string }>(
      `select distinct on (r.indicator_id) r.indicator_id as indicator, o.series, o.unit, o.area_code as area
       from observations o join releases r on r.id = o.release_id
       where o.dimensions = '{}'::jsonb and o.value is not null
         and o.area_code in ('K02000001', 'K03000001', 'K04000001', 'E92000001')
       group by 1, 2, 3, 4 order by 1, count(*) desc`,
    );
    const result: Series[] = [];
    for (const row of rows) {
      const points = await db.query<{ year: string; value: number | null }>(
        `select o.period_label as year, o.value from observations o join releases r on r.id = o.release_id
         where r.indicator_id = $1 and o.series = $2 and o.unit = $3 and o.area_code = $4
           and o.dimensions = '{}'::jsonb
         order by o.period_time, o.line`,
        [row.indicator, row.series, row.unit, row.area],
      );
      result.push({ ...row, points });
    }
    return result;
  } finally {
    await db.close();
  }
}

test('Open SDG progress: Northstar agrees with an independent implementation on real series', async () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-open-sdg-'));
  northstar(cwd, 'init');
  const series = await headlineSeries(path.join(cwd, '.northstar'));
  assert.ok(series.length >= 30, `headline series for ${series.length} indicators`);

  // Three goals on each series: no target, a target not yet met, and one already met.
  // Directions alternate so both signs of d are exercised on real figures.
  const cases = series.flatMap((s, i) => {
    const direction = i % 2 === 0 ? 'positive' : 'negative';
    const latest = s.points.filter((p) => p.value !== null).at(-1)!.value!;
    const towards = direction === 'positive' ? 1 : -1;
    const beyond = latest + towards * Math.max(Math.abs(latest) * 0.2, 1);
    const met = latest - towards * Math.max(Math.abs(latest) * 0.1, 0.5);
    const key = `g${i}`;
    return [
      { key: `${key}-trend`, s, direction, target: null },
      { key: `${key}-ahead`, s, direction, target: Number(beyond.toPrecision(6)) },
      { key: `${key}-met`, s, direction, target: Number(met.toPrecision(6)) },
    ];
  });
  const missions = {
    government: { slug: 'reference', name: 'Reference', area: 'K02000001' },
    indicators: series.map((s, i) => ({
      id: s.indicator,
      direction: i % 2 === 0 ? 'higher' : 'lower',
    })),
    missions: [
      {
        slug: 'reference',
        title: 'Reference',
        ambition: 'Goals on every bundled indicator',
        start: '2024-01-01',
        horizon: '2030-12-31',
        source: { title: 'Test' },
        goals: cases.map((c) => ({
          slug: c.key,
          statement: `${c.s.indicator} ${c.key}`,
          indicator: c.s.indicator,
          series: c.s.series,
          unit: c.s.unit,
          area: c.s.area,
          ...(c.target === null
            ? {}
            : {
                baseline: { period: c.s.points[0]!.year },
                target: {
                  value: c.target,
                  comparator: c.direction === 'positive' ? '>=' : '<=',
                  deadline: '2030-12-31',
                },
              }),
          source: { title: 'Test' },
        })),
      },
    ],
  };
  fs.writeFileSync(path.join(cwd, 'reference.yaml'), YAML.stringify(missions));
  northstar(cwd, 'missions', 'load', 'reference.yaml', '--reason', 'reference check');
  const { goals } = JSON.parse(northstar(cwd, 'assess', '--json')) as {
    goals: { mission: string; goal: string; openSdg: { status: string; score: number | null } }[];
  };
  const ours = new Map(goals.filter((g) => g.mission === 'reference').map((g) => [g.goal, g]));

  const reference = spawnSync('python3', [path.join(import.meta.dirname, 'open_sdg_progress.py')], {
    input: JSON.stringify(
      cases.map((c) => ({
        key: c.key,
        points: c.s.points,
        direction: c.direction,
        target: c.target,
        targetYear: c.target === null ? null : 2030,
      })),
    ),
    encoding: 'utf8',
  });
  assert.equal(reference.status, 0, reference.stderr);
  const theirs = JSON.parse(reference.stdout) as Record<
    string,
    { status: string; score: number | null }
  >;

  const statuses = new Map<string, number>();
  for (const c of cases) {
    const mine = ours.get(c.key)?.openSdg;
    const expected = theirs[c.key]!;
    assert.ok(mine, `${c.key} was assessed`);
    const where = `${c.key} on ${c.s.indicator} (${c.direction}, target ${c.target})`;
    assert.equal(mine.status, expected.status, where);
    if (expected.score === null) assert.equal(mine.score, null, where);
    else
      assert.ok(
        Math.abs(mine.score! - expected.score) < 1e-9,
        `${where}: ${mine.score} ≠ ${expected.score}`,
      );
    statuses.set(expected.status, (statuses.get(expected.status) ?? 0) + 1);
  }
  // The comparison means something only if the cases reach every outcome.
  for (const status of openSdgStatuses) {
    assert.ok(statuses.get(status), `some case is ${status}: ${JSON.stringify([...statuses])}`);
  }
  fs.rmSync(cwd, { recursive: true, force: true });
});
