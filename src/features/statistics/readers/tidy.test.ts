import { createWebApp } from '../../../compose.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../../config.ts';
import { loadGeography } from '../../areas/geography.ts';
import { checkFiles } from '../importer.ts';
import { formatProblem } from './problem.ts';
import { pgliteRuntime } from '../../../../test/support/runtime.ts';

const geography = loadGeography(path.join(ROOT, 'data/geography/area_all_codes.csv'));
const fixtures = path.join(ROOT, 'test/fixtures/tidy');

test('a tidy file holds several indicators, breakdowns, blanks and statuses', async () => {
  const runtime = await pgliteRuntime();
  await runtime.stores.areas.save(geography.areas);
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
  const app = await createWebApp(source.services);
  const csv = (await app.inject('/api/v1/indicators/3.a.1/observations?format=csv')).body;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-tidy-'));
  fs.writeFileSync(path.join(dir, 'download.csv'), csv);
  const target = await pgliteRuntime();
  await target.stores.areas.save(geography.areas);
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

test('a value beyond a double or a NUL in a stored cell is an error at its line and column', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-tidy-'));
  const file = path.join(dir, 'cells.csv');
  const header = 'indicator,series,unit,area,period,value,status,note,Sex';
  const check = async (...rows: string[]) => {
    fs.writeFileSync(file, [header, ...rows].join('\n'));
    return (await checkFiles([file], geography)).problems
      .map(formatProblem)
      .map((l) => l.slice(l.indexOf('cells.csv')));
  };
  const huge = `1${'0'.repeat(400)}`; // too many digits for the fast path: Infinity as a double
  assert.deepEqual(
    await check(
      'jobs,S,U,E92000001,2019,1e309,,,',
      'jobs,S,U,E92000001,2020,-1e400,,,',
      'jobs,S,U,E92000001,2021,"1e309",,,',
      `jobs,S,U,E92000001,2022,${huge},,,`,
      'jobs,S,U,E92000001,2023,Infinity,,,',
      'jobs,S,U,E92000001,2024,NaN,,,',
      'jobs,S,U,E92000001,2025,1e308,,,',
    ),
    [
      'cells.csv:2:6: error: value "1e309" is outside the range of numbers that can be stored (about ±1.8e308)',
      'cells.csv:3:6: error: value "-1e400" is outside the range of numbers that can be stored (about ±1.8e308)',
      'cells.csv:4:6: error: value "1e309" is outside the range of numbers that can be stored (about ±1.8e308)',
      `cells.csv:5:6: error: value "${huge}" is outside the range of numbers that can be stored (about ±1.8e308)`,
      'cells.csv:6:6: error: value "Infinity" is not a number (use a full stop for decimals and no thousands separators)',
      'cells.csv:7:6: error: value "NaN" is not a number (use a full stop for decimals and no thousands separators)',
    ],
  );
  // A NUL stops the file, as bytes that are not text do; each cell the store keeps is checked.
  const nul = (line: number, column: number) =>
    `cells.csv:${line}:${column}: error: the field holds a NUL character (U+0000), which cannot be stored; if the file was saved as UTF-16, save it as UTF-8`;
  const ok = 'jobs,S,U,E92000001,2019,1,,,';
  for (const [row, column] of [
    ['jobs,S\0,U,E92000001,2020,1,,,', 2],
    ['jobs,S,"U\0",E92000001,2020,1,,,', 3],
    ['jobs,S,U,E920\u00000001,2020,1,,,', 4],
    ['jobs,S,U,E92000001,2020,1,,a\0note,', 8],
    ['jobs,S,U,E92000001,2020,1,,,Fe\0male', 9],
  ] as const)
    assert.deepEqual(await check(ok, row), [nul(3, column)], JSON.stringify(row));
  fs.writeFileSync(file, `${header.replace('Sex', 'S\0ex')}\n${ok}\n`);
  assert.deepEqual(
    (await checkFiles([file], geography)).problems.map((p) => [p.line, p.column]),
    [[1, 9]],
    'a breakdown name in the header',
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
