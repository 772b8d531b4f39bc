import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../config.ts';
import { loadGeography } from '../../areas/geography.ts';
import { checkFiles, ImportError } from '../importer.ts';
import { readCsvRecords } from '../../../platform/csv/read.ts';
import { formatProblem } from './problem.ts';
import { parseOpenSdgData, parseOpenSdgMeta } from './openSdg.ts';
import { pgliteRuntime } from '../../../../test/support/runtime.ts';

const geography = loadGeography(path.join(ROOT, 'data/geography/area_all_codes.csv'));
const sdg = path.join(ROOT, 'data/uk-sdg');
const fixtures = path.join(ROOT, 'test/fixtures');

interface ManifestRow {
  data_path: string;
  data_rows: string;
  blank_values: string;
  distinct_geocodes: string;
}
const manifest = readCsvRecords(
  fs.readFileSync(path.join(sdg, 'MANIFEST.csv')),
) as unknown as ManifestRow[];

test('the manifest lists all 50 bundled indicator files', () => {
  assert.equal(manifest.length, 50);
});

for (const row of manifest) {
  test(`reads ${row.data_path} as the manifest describes it`, () => {
    const file = path.join(sdg, row.data_path);
    const parsed = parseOpenSdgData(file, fs.readFileSync(file), geography);
    assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error').map(formatProblem), []);
    // The manifest counts a placeholder record as a data row and its empty Value as a blank.
    const placeholderRows = parsed.placeholder ? 1 : 0;
    assert.equal(parsed.observations.length, Number(row.data_rows) - placeholderRows, 'rows');
    assert.equal(
      parsed.observations.filter((o) => o.value === null).length,
      Number(row.blank_values) - placeholderRows,
      'blank values',
    );
    assert.ok(parsed.observations.every((o) => o.period.start <= o.period.end));
  });
}

test('known irregularities are handled deliberately', () => {
  const read = (name: string) =>
    parseOpenSdgData(
      path.join(sdg, 'data', name),
      fs.readFileSync(path.join(sdg, 'data', name)),
      geography,
    );
  // Header on line 2 after a blank line; data lines keep their physical numbers.
  assert.equal(read('indicator_3-3-5.csv').observations[0]?.line, 3);
  // Derby's rows carry the East Midlands code; the name decides the area.
  const derby = read('indicator_4-c-1.csv').observations.find((o) => o.line === 2);
  assert.equal(derby?.areaCode, 'E06000015');
  // Conflicting duplicates are kept and named with both lines.
  assert.ok(
    read('indicator_4-3-1.csv').problems.some((p) => p.line === 56 && /line 40/.test(p.message)),
  );
  // A unit encoded twice (`TJ/Â£ million`) is read as meant, and the import says so, where.
  const energy = read('indicator_7-3-1.csv');
  assert.ok(energy.observations.some((o) => o.unit.includes('TJ/£ million')));
  assert.ok(energy.observations.every((o) => !/Â/.test(o.unit + o.series)));
  assert.deepEqual(
    energy.problems.filter((p) => /encoded twice/.test(p.message)).map((p) => [p.line, p.message]),
    [
      [
        2,
        '"Terajoules per million pounds (TJ/Â£ million)" is UTF-8 encoded twice in the file; it is read as "Terajoules per million pounds (TJ/£ million)"',
      ],
    ],
  );
  // A footnote marker leaves the period and is kept as a note.
  const noted = read('indicator_8-8-1.csv').observations.find((o) => o.line === 327);
  assert.equal(noted?.period.label, '2019/20');
  assert.match(noted?.note ?? '', /Note 5/);
});

test('check reports each problem with its file, line and column, and the reason', async () => {
  const report = await checkFiles([path.join(fixtures, 'open-sdg-with-problems')], geography);
  const lines = report.problems.map(formatProblem).map((l) => l.slice(l.indexOf('indicator_')));
  assert.deepEqual(lines, [
    'indicator_1-1-1.csv:3: error: expected 5 fields as in the header, found 6',
    'indicator_1-1-1.csv:4:1: error: "2021/19" is not a period: end year must be after start year',
    'indicator_1-1-1.csv:5:5: error: Value "n/a" is not a number',
    'indicator_1-1-2.csv:3:6: error: the file is not valid UTF-8 (save it as UTF-8 and try again)',
    'indicator_1-1-3.csv:1: error: the header must have Year and Value columns; found: Period, Value',
  ]);
});

test('import is all or nothing, identical data is left alone, and an embargo hides a release', async () => {
  const runtime = await pgliteRuntime();
  const { stores, services } = runtime;
  const store = stores.statistics;
  await stores.areas.save(geography.areas);
  const importFiles = (paths: string[], options: { actor: string; releasedAt?: Date }) =>
    services.statistics.import(paths, options);
  const good = path.join(fixtures, 'open-sdg-good');
  const bad = path.join(fixtures, 'open-sdg-with-problems', 'data', 'indicator_1-1-1.csv');

  await assert.rejects(importFiles([good, bad], { actor: 't' }), ImportError);
  assert.deepEqual(await store.listReleases(), [], 'the good file was not imported either');

  const first = await importFiles([good], { actor: 't' });
  assert.deepEqual(
    first.files.map((f) => [f.outcome, f.rows, f.areas, f.periods]),
    [['imported', 5, 2, 3]],
  );
  const again = await importFiles([good], { actor: 't' });
  assert.equal(again.files[0]?.outcome, 'unchanged');
  assert.equal((await store.listReleases()).length, 1);

  const headline = await runtime.services.statistics.observations({
    indicatorId: '1.2.1',
    areaCode: 'K02000001',
    dimensions: {},
  });
  assert.deepEqual(
    headline.map((o) => [o.period.label, o.value, o.status]),
    [
      ['2019', 10, 'normal'],
      ['2020', 11.5, 'normal'],
      ['2021', null, 'missing'],
    ],
  );
  assert.equal((await store.getIndicator('1.2.1', new Date()))?.title, 'A test indicator');

  // An embargoed revision is stored but invisible until its time, even when asked for that time.
  const future = new Date(Date.now() + 86_400_000);
  const copy = fs.mkdtempSync('/tmp/northstar-revision-');
  fs.cpSync(good, copy, { recursive: true });
  fs.appendFileSync(path.join(copy, 'data/indicator_1-2-1.csv'), '2022,,,,8\r\n');
  await importFiles([copy], { actor: 't', releasedAt: future });
  assert.equal((await store.listReleases('1.2.1')).length, 2);
  const visible = () =>
    runtime.services.statistics.observations({
      indicatorId: '1.2.1',
      areaCode: 'K02000001',
      dimensions: {},
      asAt: new Date(future.getTime() + 1000),
    });
  assert.deepEqual(
    (await visible()).map((o) => o.period.label),
    ['2019', '2020', '2021'],
  );
  assert.equal((await runtime.services.statistics.releases('1.2.1')).length, 1);
  // Once its time has come, the revision is what everyone sees.
  const seen = await store.observations({
    indicatorId: '1.2.1',
    asAt: new Date(future.getTime() + 1000),
    areaCode: 'K02000001',
    dimensions: {},
  });
  assert.deepEqual(
    seen.map((o) => o.period.label),
    ['2019', '2020', '2021', '2022'],
  );
  fs.rmSync(copy, { recursive: true, force: true });
  await runtime.close();
});

test('split years are academic where the metadata says the dates are academic years', () => {
  const read = (id: string) => {
    const file = path.join(sdg, 'data', `indicator_${id}.csv`);
    const meta = parseOpenSdgMeta(
      path.join(sdg, 'meta', `${id}.md`),
      fs.readFileSync(path.join(sdg, 'meta', `${id}.md`)),
    ).meta!;
    return {
      splitYear: meta.splitYear,
      observations: parseOpenSdgData(file, fs.readFileSync(file), geography, {
        splitYear: meta.splitYear,
      }).observations,
    };
  };
  // Early years foundation stage profile: "Dates represent academic year".
  const eyfsp = read('4-2-1');
  assert.equal(eyfsp.splitYear, 'academic');
  const year = eyfsp.observations.find((o) => o.period.label === '2021/22')!.period;
  assert.deepEqual(
    [year.kind, year.start, year.end],
    ['academic-year', '2021-09-01', '2022-08-31'],
  );
  // Homicides are counted by financial year.
  const homicide = read('16-1-1');
  assert.equal(homicide.splitYear, 'financial');
  assert.equal(
    homicide.observations.find((o) => /^\d{4}\/\d{2}$/.test(o.period.label))?.period.kind,
    'financial-year',
  );
});

test('a value beyond a double or a NUL in a stored cell is an error at its line and column', () => {
  const file = '/data/indicator_1-2-1.csv';
  const header = 'Year,Series,Units,Sex,Country,GeoCode,Observation status,Value';
  const check = (...rows: string[]) =>
    parseOpenSdgData(file, Buffer.from([header, ...rows].join('\n')), geography).problems.map(
      formatProblem,
    );
  assert.deepEqual(
    check(
      '2019,S,U,,,,,1e309',
      '2020,S,U,,,,,-1e400',
      `2021,S,U,,,,,"1${'0'.repeat(400)}"`,
      '2022,S,U,,,,,Infinity',
      '2023,S,U,,,,,NaN',
      '2024,S,U,,,,,-1e308',
    ),
    [
      `${file}:2:8: error: Value "1e309" is outside the range of numbers that can be stored (about ±1.8e308)`,
      `${file}:3:8: error: Value "-1e400" is outside the range of numbers that can be stored (about ±1.8e308)`,
      `${file}:4:8: error: Value "1${'0'.repeat(400)}" is outside the range of numbers that can be stored (about ±1.8e308)`,
      `${file}:5:8: error: Value "Infinity" is not a number`,
      `${file}:6:8: error: Value "NaN" is not a number`,
    ],
  );
  const nul = (line: number, column: number) =>
    `${file}:${line}:${column}: error: the field holds a NUL character (U+0000), which cannot be stored; if the file was saved as UTF-16, save it as UTF-8`;
  const ok = '2019,S,U,,,,,1';
  for (const [row, column] of [
    ['2020,S\0,U,,,,,1', 2],
    ['2020,S,U\0,,,,,1', 3],
    ['2020,S,U,"Fe\0male",,,,1', 4],
    ['2020,S,U,,Eng\0land,,,1', 5],
    ['2020,S,U,,,E92\u0000000001,,1', 6],
    ['2020,S,U,,,,Provisional\0 figure,1', 7],
  ] as const)
    assert.deepEqual(check(ok, row), [nul(3, column)], JSON.stringify(row));
  const named = parseOpenSdgData(
    file,
    Buffer.from(`${header.replace('Sex', 'S\0ex')}\n${ok}\n`),
    geography,
  );
  assert.deepEqual(named.problems.map(formatProblem), [nul(1, 4)], 'a breakdown name');
});

test('a source_url that is not a web address is an error at its line, whatever its case or spacing', () => {
  const file = '/meta/1-2-1.md';
  const meta = [
    '---',
    'indicator_number: 1.2.1',
    'source_url_1: https://www.ons.gov.uk/',
    'source_url_2: javascript:alert(1)',
    'source_url_3: "data:text/html,<script>alert(1)</script>"',
    'source_url_4: vbscript:msgbox(1)',
    'source_url_5: " JaVaScRiPt:alert(1)"',
    'source_url_6: "<a href=\'https://x\'>java\\tscript:alert(1)</a>"',
    'source_url_7:',
    'source_url_8: http://example.org/',
    '---',
    'Notes.',
  ].join('\n');
  const rule = 'expected a web address starting https:// or http://';
  const { meta: parsed, problems } = parseOpenSdgMeta(file, Buffer.from(meta));
  assert.equal(parsed, undefined, 'nothing of the metadata is used');
  assert.deepEqual(problems.map(formatProblem), [
    `/meta/1-2-1.md:4: error: source_url_2: ${rule}`,
    `/meta/1-2-1.md:5: error: source_url_3: ${rule}`,
    `/meta/1-2-1.md:6: error: source_url_4: ${rule}`,
    `/meta/1-2-1.md:7: error: source_url_5: ${rule}`,
    `/meta/1-2-1.md:8: error: source_url_6: ${rule}`,
  ]);
  const safe = meta.replace(/^source_url_[2-6]:.*\n/gm, '');
  assert.deepEqual(parseOpenSdgMeta(file, Buffer.from(safe)).problems, []);
});
