// An embargoed release is invisible on every surface until its time, then visible on each:
// the pages, the API, the open data export and the published static site.
import { createWebApp, type Runtime } from '../src/compose.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportOpenData } from '../src/features/statistics/openData.ts';
import { publishSite } from '../src/publish/site.ts';
import { folderEffects } from '../src/publish/folder.ts';
import { pgliteRuntime } from './support/runtime.ts';
import { fixedClock } from '../src/clock.ts';

/** Publishes the site as it stands into `site`: each page's and data file's path there, and its text. */
async function publishedFiles(runtime: Runtime, site: string): Promise<[string, string][]> {
  const publisher = await createWebApp(runtime.services, { production: true, staticSite: true });
  await publishSite(publisher, runtime.services, folderEffects(site));
  await publisher.close();
  return fs
    .readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /\.(html|json|csv|md)$/.test(f.name))
    .map((f) => {
      const file = path.join(f.parentPath, f.name);
      return [path.relative(site, file), fs.readFileSync(file, 'utf8')];
    });
}

const SERIES = 'Percentage of people who are current cigarette smokers aged 18 years and older';

/**
 * The smoke-free goal measured by the bundled ONS indicator 3.a.1, whose releases these tests
 * make (the UK file measures it by OHID's figures), as a mission editor would set it.
 */
async function measureSmokeFreeBy3a1(runtime: Runtime) {
  const { missions } = runtime.services;
  const goal = (await missions.stored('uk'))
    .find((m) => m.slug === 'nhs')!
    .goals.find((g) => g.slug === 'smoke-free')!;
  await missions.saveGoal(
    { ...goal, indicatorId: '3.a.1', series: SERIES, unit: 'Percentage (%)', staleAfter: 20 },
    { actor: 'test', reason: 'Measure the goal by indicator 3.a.1' },
    missions.versionOf(goal),
  );
}

test('an embargoed release shows nowhere before its time, and everywhere after', async () => {
  const clock = fixedClock(new Date());
  const runtime = await pgliteRuntime({ seed: true, clock });
  // The seeded releases were published as the copy was made: start the clock after them.
  clock.set(new Date());
  await measureSmokeFreeBy3a1(runtime);
  const app = await createWebApp(runtime.services, { production: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-embargo-'));
  try {
    // A revision of 3.a.1: today's figures (the API's CSV imports again as they are) and a
    // new figure for England, 2.7183% in 2025, the marker looked for everywhere.
    const csv = (await app.inject('/api/v1/indicators/3.a.1/observations?format=csv')).body;
    const header = csv.split('\n')[0]!.split(',');
    const row = header.map(
      (column) =>
        ({
          indicator: '3.a.1',
          series: `"${SERIES}"`,
          unit: 'Percentage (%)',
          area: 'E92000001',
          period: '2025',
          value: '2.7183',
        })[column.replace(/"/g, '')] ?? '',
    );
    const file = path.join(dir, 'revision.csv');
    fs.writeFileSync(file, `${csv.trimEnd()}\r\n${row.join(',')}\r\n`); // the download's CRLF
    const releasedAt = new Date(clock.now().getTime() + 60_000);
    await runtime.services.statistics.import([file], { actor: 'analyst', releasedAt });

    const pages = [
      '/',
      '/missions/nhs',
      '/missions/nhs/goals/smoke-free',
      '/indicators/3.a.1?area=E92000001',
      '/areas/E92000001',
      '/api/v1/missions/nhs/goals/smoke-free',
      '/api/v1/assessments',
      '/api/v1/indicators/3.a.1/observations?pageSize=10000',
      '/api/v1/indicators/3.a.1/observations?format=csv',
      '/api/v1/indicators/3.a.1/observations?asAt=2030-01-01T00:00:00Z',
    ];
    const surfaces = async (label: string) => {
      const seen = new Map<string, string>();
      for (const url of pages) seen.set(url, (await app.inject(url)).body);
      const exported = new Map<string, string>();
      await exportOpenData(runtime.services, {
        writeFile: async (name, contents) => void exported.set(name, contents),
      });
      // Only the files the figure belongs in: other indicators' figures may share the digits.
      const concerned = /3[-.]a[-.]1|smoke-free|nhs|^index\.html$/;
      seen.set(
        'export',
        [...exported]
          .filter(([name]) => concerned.test(name))
          .map(([, text]) => text)
          .join('\n'),
      );
      seen.set(
        'published site',
        (await publishedFiles(runtime, path.join(dir, label)))
          .filter(([name]) => concerned.test(name) && /\.(html|json|csv)$/.test(name))
          .map(([, text]) => text)
          .join('\n'),
      );
      return seen;
    };
    // As stored, exported and in the API: 2.7183; in words, to three figures: 2.72%; to one
    // place, as pages show it among the series' one-place figures: 2.7% and a table's 2.7.
    const marker = /(?<![\d.])2\.718|(?<![\d.])2\.72?%|>2\.7</;

    // The last moment of the embargo.
    clock.set(new Date(releasedAt.getTime() - 1));
    const before = await surfaces('before');
    for (const [surface, text] of before) assert.doesNotMatch(text, marker, `${surface} leaked`);

    // Past its time, and past the cache's next look at the version.
    clock.set(new Date(releasedAt.getTime() + 1100));
    const after = await surfaces('after');
    for (const surface of [
      '/',
      '/missions/nhs/goals/smoke-free',
      '/indicators/3.a.1?area=E92000001',
      '/api/v1/indicators/3.a.1/observations?pageSize=10000',
      'export',
      'published site',
    ]) {
      assert.match(after.get(surface)!, marker, `${surface} shows the released figure`);
    }
  } finally {
    await app.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an embargoed release brings its metadata, a new indicator and its change-log entries only at its time', async () => {
  const clock = fixedClock(new Date());
  const runtime = await pgliteRuntime({ seed: true, clock });
  clock.set(new Date());
  await measureSmokeFreeBy3a1(runtime);
  const app = await createWebApp(runtime.services, { production: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-embargo-meta-'));
  try {
    // A revision of 3.a.1 whose definition and unit are replaced, and a new indicator 99.1.1.
    const bundled = path.join('data', 'uk-sdg');
    fs.mkdirSync(path.join(dir, 'data'));
    fs.mkdirSync(path.join(dir, 'meta'));
    const data = fs.readFileSync(path.join(bundled, 'data', 'indicator_3-a-1.csv'), 'utf8');
    const meta = fs.readFileSync(path.join(bundled, 'meta', '3-a-1.md'), 'utf8');
    fs.writeFileSync(path.join(dir, 'data', 'indicator_3-a-1.csv'), data);
    fs.writeFileSync(
      path.join(dir, 'meta', '3-a-1.md'),
      meta
        .replace(
          /^national_indicator_description: .*$/m,
          'national_indicator_description: Redefinedmarker smokers',
        )
        .replace(/^computation_units: .*$/m, 'computation_units: Unitmarker'),
    );
    fs.writeFileSync(path.join(dir, 'data', 'indicator_99-1-1.csv'), data);
    fs.writeFileSync(
      path.join(dir, 'meta', '99-1-1.md'),
      meta
        .replace(/^indicator_number: .*$/m, 'indicator_number: 99.1.1')
        .replace(/^indicator_available: .*$/m, 'indicator_available: Newindicatormarker title'),
    );
    const smokeFree = async () =>
      (await runtime.services.missions.list())
        .flatMap((m) => m.goals)
        .find((g) => g.slug === 'smoke-free')!.assessment;
    const statusBefore = await smokeFree();
    const releasedAt = new Date(clock.now().getTime() + 60_000);
    const report = await runtime.services.statistics.import([dir], {
      actor: 'analyst',
      releasedAt,
    });
    assert.deepEqual(
      report.files.map((f) => [f.indicatorId, f.outcome]),
      [
        ['3.a.1', 'imported'],
        ['99.1.1', 'imported'],
      ],
    );

    const urls = [
      '/',
      '/missions/nhs',
      '/missions/nhs/goals/smoke-free',
      '/indicators',
      '/indicators/3.a.1',
      '/indicators/99.1.1',
      '/changes',
      '/api/v1/indicators',
      '/api/v1/indicators/3.a.1',
      '/api/v1/indicators/99.1.1',
      '/api/v1/indicators/99.1.1/observations',
      '/api/v1/assessments',
      '/api/v1/missions/nhs/goals/smoke-free',
    ];
    const surfaces = async (label: string) => {
      const seen = new Map<string, string>();
      for (const url of urls) seen.set(url, (await app.inject(url)).body);
      seen.set('assess', JSON.stringify(await runtime.services.missions.list()));
      const exported: string[] = [];
      await exportOpenData(runtime.services, {
        writeFile: async (name, contents) => void exported.push(name, contents),
      });
      seen.set('export', exported.join('\n'));
      seen.set(
        'published site',
        (await publishedFiles(runtime, path.join(dir, `site-${label}`)))
          .map(([name, text]) => `${name}\n${text}`)
          .join('\n'),
      );
      return seen;
    };
    const marker = /Redefinedmarker|Unitmarker|Newindicatormarker|99[.-]1[.-]1/;

    clock.set(new Date(releasedAt.getTime() - 1));
    for (const [surface, text] of await surfaces('before')) {
      // Asked for by its id, the new indicator is simply not found (the answer names the id asked).
      if (surface.includes('99.1.1')) assert.equal((await app.inject(surface)).statusCode, 404);
      else assert.doesNotMatch(text, marker, `${surface} leaked the embargoed release`);
    }
    assert.deepEqual(await smokeFree(), statusBefore, 'the status changed before the release');
    assert.equal((await runtime.services.statistics.getIndicator('3.a.1'))?.unit, 'Percentage (%)');

    clock.set(new Date(releasedAt.getTime() + 1100));
    const after = await surfaces('after');
    for (const surface of ['/indicators/3.a.1', '/api/v1/indicators/3.a.1', 'export'])
      assert.match(after.get(surface)!, /Redefinedmarker/, `${surface} shows the new definition`);
    for (const surface of ['/indicators', '/api/v1/indicators', 'published site', 'export'])
      assert.match(after.get(surface)!, /Newindicatormarker/, `${surface} lists the new indicator`);
    assert.match(after.get('/changes')!, /Unitmarker/, 'the change log shows the new unit');
    assert.equal((await smokeFree()).reason, 'definition-changed');
    assert.equal((await app.inject('/api/v1/indicators/99.1.1')).statusCode, 200);
    assert.ok((await runtime.services.audit.verify()).ok);
  } finally {
    await app.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
