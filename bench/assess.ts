// Every part of the country, at scale: 100,000 goal × area series judged on PostgreSQL through
// the same service the pages and API use, side by side with a bare SQL regr_slope aggregate
// over the same rows (which fits a trend and does nothing else).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UK_CODE } from '../src/domain/area.ts';
import type { Goal } from '../src/domain/mission.ts';
import { openRuntime } from '../src/compose.ts';
import { postgresDatabase, testConfig } from '../test/support/runtime.ts';
import { indicatorId, writeTidyFile } from './synthetic.ts';
import { ms, report, sideBySide } from './measure.ts';

export async function benchAssess(options: { goals: number; areas: number; years: number }) {
  const runtime = await openRuntime(testConfig, {
    db: await postgresDatabase('northstar_bench_assess'),
  });
  try {
    const { db, stores, services, geography } = runtime;
    await stores.areas.save(geography.areas);
    const areas = geography.areas
      .filter((a) => a.code !== UK_CODE)
      .slice(0, options.areas)
      .map((a) => a.code);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-')), 'a.csv');
    const rows = await writeTidyFile(file, {
      indicators: options.goals,
      areas,
      years: options.years,
      breakdowns: [''],
    });
    await services.statistics.import([file], { actor: 'bench', format: 'tidy' });
    fs.rmSync(path.dirname(file), { recursive: true });

    const goals: Goal[] = Array.from({ length: options.goals }, (_, i) => ({
      missionSlug: 'bench',
      slug: `goal-${i}`,
      statement: `Goal ${i}`,
      since: null,
      awaiting: null,
      indicatorId: indicatorId(i),
      proxy: false,
      proxyNote: null,
      series: 'Headline',
      unit: 'Percentage (%)',
      dimensions: {},
      areaCode: UK_CODE,
      baseline: { period: '2001', value: null },
      target: { value: 60, comparator: '>=', deadline: '2035-12-31' },
      trajectory: null,
      tolerance: null,
      staleAfter: 100,
      feeds: [],
      source: { title: 'bench' },
    }));
    let series = 0;
    const result = await sideBySide(
      5,
      async () => {
        series = 0;
        for (const goal of goals) series += (await services.missions.byArea(goal))!.areas.length;
      },
      () =>
        db.query(
          `select r.indicator_id, o.series, o.area_code, regr_slope(o.value, o.period_time)
           from observations o join releases r on r.id = o.release_id
           group by r.indicator_id, o.series, o.area_code`,
        ),
    );
    report(`Assessing every area (PostgreSQL; ${rows.toLocaleString('en-GB')} observations)`, [
      ['goal × area series judged', series.toLocaleString('en-GB')],
      ['Northstar (status, trend, interval, chance)', ms(result.ours)],
      ['SQL regr_slope over the same rows', ms(result.reference)],
      ['ratio (target ≤ 1.5, and under 2 s)', result.ratio.toFixed(2)],
    ]);
    return result;
  } finally {
    await runtime.close();
  }
}
