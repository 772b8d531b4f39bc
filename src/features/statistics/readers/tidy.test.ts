import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../../config.ts';
import { loadGeography } from '../../areas/geography.ts';
import { checkFiles } from '../importer.ts';
import { formatProblem } from './problem.ts';
import { createApp } from '../../../platform/http/app.ts';
import { pgliteRuntime } from '../../../../test/support/runtime.ts';

const geography = loadGeography(path.join(ROOT, 'data/geography/area_all_codes.csv'));
const fixtures = path.join(ROOT, 'test/fixtures/tidy');

test('a tidy file holds several indicators, breakdowns, blanks and statuses', async () => {
  const runtime = await pgliteRuntime();
  await runtime.store.saveAreas(geography.areas);
  const report = await runtime.services.statistics.import([path.join(fixtures, 'good.csv')], {
    actor: 'test',
  });
  assert.deepEqual(
    report.files.map((f) => [f.indicatorId, f.rows, f.series, f.periods]),
    [
      ['youth-jobs', 3, 1, 2],
      ['homes-built', 1, 1, 1],
    ],
  );
  assert.deepEqual(report.problems, []);
  const youth = await runtime.services.statistics.observations({ indicatorId: 'youth-jobs' });
  const [first, second] = youth;
  assert.deepEqual([first?.period.kind, first?.status, first?.value], ['quarter', 'normal', 71.2]);
  assert.deepEqual([second?.status, second?.note], ['provisional', 'First estimate']);
  assert.deepEqual(
    youth.map((o) => o.dimensions),
    [{}, {}, { Sex: 'Female' }],
  );
  const [homes] = await runtime.services.statistics.observations({ indicatorId: 'homes-built' });
  assert.deepEqual(
    [homes?.value, homes?.period.kind, homes?.status],
    [null, 'financial-year', 'missing'],
  );
  await runtime.close();
});

test('check gives each tidy problem its line, column and reason', async () => {
  const report = await checkFiles([path.join(fixtures, 'with-problems.csv')], geography);
  assert.deepEqual(
    report.problems.map(formatProblem).map((l) => l.slice(l.indexOf('with-problems'))),
    [
      'with-problems.csv:2:2: error: "2023 Q5" is not a period: quarter must be 1 to 4',
      'with-problems.csv:3:3: error: value "1,5" is not a number (use a full stop for decimals and no thousands separators)',
      'with-problems.csv:4:4: error: area "X99999999" is not a known ONS area code',
      'with-problems.csv:5:5: error: status "great" is not one of normal, provisional, estimated, missing, suppressed, low-reliability, definition-differs',
    ],
  );
  const template = await checkFiles(
    [path.join(ROOT, 'data/templates/tidy-template.csv')],
    geography,
  );
  assert.deepEqual(template.problems, [], 'the template checks clean');
});

test("the API's CSV download imports again as the same observations", async () => {
  const source = await pgliteRuntime({ seed: true });
  const app = await createApp(source.services);
  const csv = (await app.inject('/api/v1/indicators/3.a.1/observations?format=csv')).body;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-tidy-'));
  fs.writeFileSync(path.join(dir, 'download.csv'), csv);
  const target = await pgliteRuntime();
  await target.store.saveAreas(geography.areas);
  await target.services.statistics.import([path.join(dir, 'download.csv')], { actor: 'test' });
  const strip = ({ line: _line, ...o }: { line: number }) => o;
  const before = (await source.services.statistics.observations({ indicatorId: '3.a.1' })).map(
    strip,
  );
  const after = (await target.services.statistics.observations({ indicatorId: '3.a.1' })).map(
    strip,
  );
  assert.ok(before.length > 3000);
  assert.deepEqual(after, before);
  await app.close();
  await source.close();
  await target.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('CRLF and LF mixed in one file (rows added in another editor) read as the lines they are', async () => {
  const good = path.join(fixtures, 'good.csv');
  const lines = fs.readFileSync(good, 'utf8').trimEnd().split(/\r?\n/);
  // CRLF for the original lines, LF for the last one, which is also given a problem to locate.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-tidy-'));
  const mixed = path.join(dir, 'mixed.csv');
  fs.writeFileSync(
    mixed,
    `${lines.slice(0, -1).join('\r\n')}\r\n${lines.at(-1)}\nyouth-jobs,,,,2025 Q9,1\n`,
  );
  const rows = (r: { files: { rows: number }[] }) => r.files.reduce((n, f) => n + f.rows, 0);
  const report = await checkFiles([mixed], geography);
  assert.equal(rows(report), rows(await checkFiles([good], geography)));
  assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
  assert.equal(
    report.problems[0]!.line,
    lines.length + 1,
    'the added line is located by its number',
  );
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a tidy file may not give one indicator, series, area, breakdown and period twice', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-tidy-'));
  const file = path.join(dir, 'twice.csv');
  fs.writeFileSync(
    file,
    [
      'indicator,area,period,value,Sex',
      'jobs,E92000001,2023,1,',
      'jobs,E92000001,2023,2,Female',
      'jobs,E92000001,2023,3,',
      'jobs,W92000004,2023,4,',
    ].join('\n'),
  );
  const report = await checkFiles([file], geography);
  assert.deepEqual(report.problems.map(formatProblem), [
    `${file}:4:3: error: the same indicator, series, unit, area, breakdown and period as line 2`,
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});
