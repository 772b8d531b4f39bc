import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportOpenData } from './openData.ts';
import { folderEffects } from '../../publish/folder.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { formatProblem } from './readers/problem.ts';
import type { Observation } from './store.ts';

const comparable = (o: Observation) => ({
  series: o.series,
  unit: o.unit,
  areaCode: o.areaCode,
  dimensions: o.dimensions,
  period: o.period.label,
  value: o.value,
  status: o.status,
});

test('exported open data imports again to the same observations, with CSVW metadata', async () => {
  const source = await pgliteRuntime({ seed: true });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-export-'));
  const files = await exportOpenData(source.services, folderEffects(out));
  assert.ok(files.includes('data/indicator_3-a-1.csv'));
  const csvw = JSON.parse(
    fs.readFileSync(path.join(out, 'data/indicator_3-a-1.csv-metadata.json'), 'utf8'),
  );
  assert.equal(csvw['@context'], 'http://www.w3.org/ns/csvw');
  assert.match(csvw['dc:license'], /open-government-licence/);
  const header = fs
    .readFileSync(path.join(out, 'data/indicator_3-a-1.csv'), 'utf8')
    .split('\r\n')[0];
  assert.deepEqual(
    csvw.tableSchema.columns.map((c: { titles: string }) => c.titles).join(','),
    header,
  );

  const target = await pgliteRuntime();
  await target.stores.areas.save(target.geography.areas);
  const report = await target.services.statistics.import([out], { actor: 'test' });
  assert.deepEqual(report.problems.filter((p) => p.severity === 'error').map(formatProblem), []);
  const indicators = await source.services.statistics.listIndicators();
  let compared = 0;
  for (const { id } of indicators) {
    const before = (await source.services.statistics.observations({ indicatorId: id })).map(
      comparable,
    );
    const after = (await target.services.statistics.observations({ indicatorId: id })).map(
      comparable,
    );
    assert.deepEqual(after, before, `indicator ${id}`);
    compared += before.length;
  }
  assert.ok(compared > 100_000, `${compared} observations compared`);
  await source.close();
  await target.close();
  fs.rmSync(out, { recursive: true, force: true });
});

test('a source address stored from before imports refused it is passed on by no surface', async (t) => {
  const runtime = await pgliteRuntime({ seed: true });
  t.after(() => runtime.close());
  await runtime.db.query(
    `update releases set meta = jsonb_set(meta, '{source,url}', '" JaVaScRiPt:alert(1)"')
     where indicator_id = '3.a.1'`,
  );
  const indicator = await runtime.services.statistics.getIndicator('3.a.1');
  assert.ok(indicator);
  assert.equal('url' in indicator.source, false);
  assert.match(JSON.stringify(indicator.source), /Office for National Statistics/);
  const exported: string[] = [];
  await exportOpenData(runtime.services, {
    writeFile: async (name, contents) => void exported.push(contents),
  });
  assert.doesNotMatch(exported.join('\n'), /javascript:/i);
});
