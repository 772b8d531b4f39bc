// Import at scale: a synthetic tidy file through `northstar import`'s service, side by side
// in the same run with a raw COPY of the same file into a bare table on the same engine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UK_CODE } from '../src/domain/area.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createPgliteDatabase } from '../src/platform/db/pglite.ts';
import { openRuntime } from '../src/compose.ts';
import { postgresDatabase, testConfig } from '../test/support/runtime.ts';
import { indicatorId, writeTidyFile } from './synthetic.ts';
import { ms, report, time } from './measure.ts';

const BARE_TABLE = `create table bench_copy (indicator text, series text, unit text, area text,
  period text, value double precision, sex text)`;

export async function benchImport(options: {
  engine: 'pglite' | 'postgres';
  indicators: number;
  areas: number;
  years: number;
  breakdowns: string[];
}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-import-'));
  const open = async (): Promise<Database> =>
    options.engine === 'pglite'
      ? createPgliteDatabase(path.join(dir, 'db'))
      : postgresDatabase('northstar_bench_import');
  try {
    const runtime = await openRuntime(testConfig, { db: await open() });
    const { db, stores, services, geography } = runtime;
    await stores.areas.save(geography.areas);
    const file = path.join(dir, 'statistics.csv');
    const areas = geography.areas
      .filter((a) => a.code !== UK_CODE)
      .slice(0, options.areas)
      .map((a) => a.code);
    const rows = await writeTidyFile(file, {
      indicators: options.indicators,
      areas,
      years: options.years,
      breakdowns: options.breakdowns,
    });
    const before = process.memoryUsage().rss;
    const ours = await time(() =>
      services.statistics.import([file], { actor: 'bench', format: 'tidy' }),
    );
    // The peak before the reference runs, so it is the import's own (PGlite's engine shares
    // the process, and a COPY of a whole file takes the file into its memory).
    const peak = process.resourceUsage().maxRSS * 1024;
    await db.exec(BARE_TABLE);
    const copy = await time(() =>
      db.copyFrom('copy bench_copy from stdin (format csv, header true)', file),
    );
    const [{ n }] = (await db.query<{ n: number }>(
      'select count(*)::int as n from observations',
    )) as [{ n: number }];
    if (n !== rows) throw new Error(`imported ${n} observations of ${rows}`);

    // What a chart or the API asks for: one indicator's series in one area.
    const latencies: number[] = [];
    for (let i = 0; i < 300; i++) {
      const areaCode = areas[(i * 7919) % areas.length]!;
      latencies.push(
        await time(() =>
          services.statistics.observations({
            indicatorId: indicatorId((i * 31) % options.indicators),
            areaCode,
          }),
        ),
      );
    }
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
    await runtime.close();
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    report(
      `Import (${options.engine}; ${rows.toLocaleString('en-GB')} observations, ${mb(fs.statSync(file).size)} tidy CSV)`,
      [
        ['northstar import', ms(ours)],
        ['raw COPY into a bare table', ms(copy)],
        ['ratio (target ≤ 2)', (ours / copy).toFixed(2)],
        ['peak memory of the process (target < 1 GiB)', `${mb(peak)} (${mb(before)} before)`],
        ['one indicator × area query, p95 of 300 (target < 20 ms)', ms(p95)],
      ],
    );
    return { ours, copy, ratio: ours / copy, peak, p95 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
