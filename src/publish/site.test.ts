// The published site served by nginx: a crawl from the overview reaches every mission, goal,
// indicator and area page, and no link is broken.
import { createWebApp } from '../compose.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../config.ts';
import { publishSite } from './site.ts';
import { indexable } from './search.ts';
import { securityHeaders } from '../platform/http/security.ts';
import { PUBLIC_CACHE_CONTROL } from '../platform/http/cache.ts';
import { folderEffects } from './folder.ts';
import { pgliteRuntime } from '../../test/support/runtime.ts';
import { startNginx } from '../../test/support/nginx.ts';

test('the published site is complete and has no broken link', async (t) => {
  // As `northstar publish` opens it: one instant's view, each question asked once.
  const runtime = await pgliteRuntime({ seed: true, snapshot: true });
  t.after(() => runtime.close());
  const app = await createWebApp(runtime.services, { production: true, staticSite: true });
  t.after(() => app.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-site-'));
  fs.chmodSync(dir, 0o755);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'site');
  const result = await publishSite(app, runtime.services, folderEffects(out));

  // Served as the shipped nginx snippet says, with the server's own security headers.
  const nginx = await startNginx(out, dir, {
    include: path.join(out, 'nginx-security-headers.conf'),
  });
  t.after(() => nginx.stop());
  const base = nginx.origin;

  const seen = new Set<string>();
  const queue = ['/'];
  const broken: string[] = [];
  const needsServer = new Set<string>();
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await fetch(base + url);
    if (res.status !== 200) broken.push(`${url} ${res.status}`);
    const body = await res.text();
    if (!body.startsWith('<!DOCTYPE html>')) continue;
    for (const m of body.matchAll(/(?:href|src)="(\/[^"?#]*)"/g))
      if (!seen.has(m[1]!)) queue.push(m[1]!);
    // A static host answers a file, whatever the query: a link or form that asks a server
    // something would show the reader the wrong page.
    for (const m of body.matchAll(/href="(\/[^"]*\?[^"]*)"|<form\b[^>]*>/g))
      needsServer.add(`${url}: ${m[1] ?? m[0]}`);
  }
  assert.deepEqual(broken, []);
  assert.deepEqual([...needsServer], [], 'links and forms only a server could answer');

  // The files a stock nginx lacks a type for, and the API's answers for any web page.
  const csv = await fetch(`${base}/open-data/data/indicator_3-a-1.csv`);
  assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(csv.headers.get('x-frame-options'), 'DENY', 'with the security headers');
  const api = await fetch(`${base}/api/v1/missions.json`);
  assert.equal(api.headers.get('access-control-allow-origin'), '*');
  assert.equal(api.headers.get('x-frame-options'), 'DENY', 'with the security headers');
  const home = await fetch(`${base}/`);
  assert.equal(home.headers.get('access-control-allow-origin'), null, 'pages are not shared');

  const missions = await runtime.services.missions.list();
  for (const m of missions) {
    assert.ok(seen.has(`/missions/${m.slug}`), m.slug);
    for (const g of m.goals) assert.ok(seen.has(`/missions/${m.slug}/goals/${g.slug}`), g.slug);
  }
  for (const a of ['E92000001', 'E12000001', 'E09000007'])
    assert.ok(fs.existsSync(path.join(out, 'areas', a, 'index.html')), a);
  assert.ok(seen.has('/indicators/3.a.1'));
  assert.ok(
    seen.has('/open-data/data/indicator_3-a-1.csv'),
    'downloads point at the open data files',
  );
  assert.ok(result.pages > 500, `${result.pages} pages`);
  const missionsJson = JSON.parse(fs.readFileSync(path.join(out, 'api/v1/missions.json'), 'utf8'));
  assert.equal(missionsJson.missions.length, missions.length);

  // Nothing published says where the server keeps its files: the seeded data was imported
  // from this repository's folder, and names only its files.
  const leaks = fs
    .readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /\.(html|json|csv)$/.test(f.name))
    .map((f) => path.join(f.parentPath, f.name))
    .filter((file) => fs.readFileSync(file, 'utf8').includes(ROOT));
  assert.deepEqual(leaks, [], 'no published file holds a server path');
  const release = JSON.parse(
    fs.readFileSync(path.join(out, 'api/v1/indicators/3.a.1.json'), 'utf8'),
  ).releases[0];
  assert.equal(release.sourceFile, 'indicator_3-a-1.csv');

  const notFound = await fetch(`${base}/no-such-page`);
  assert.equal(notFound.status, 404);
  assert.match(await notFound.text(), /Page not found/);
  for (const res of [await fetch(`${base}/missions/nhs`), notFound]) {
    const served = Object.fromEntries(
      Object.keys(securityHeaders).map((name) => [name, res.headers.get(name)]),
    );
    assert.deepEqual(served, securityHeaders, "the server's security headers");
  }

  // Every page in Welsh too, reached by the language toggle, with its own page not found.
  for (const page of ['/cy', '/cy/missions/nhs', '/cy/indicators/3.a.1', '/cy/areas/E12000001'])
    assert.ok(seen.has(page), page);
  const welshNotFound = await fetch(`${base}/cy/no-such-page`);
  assert.equal(welshNotFound.status, 404);
  assert.match(await welshNotFound.text(), /<html lang="cy"/);

  // The copy's search indexes each page's words, not its tables of figures: a search for a
  // goal or an area finds its own page, not every page whose table lists it.
  const wordsOfPages = {
    'areas/E06000001': 'Hartlepool',
    'missions/nhs/goals/smoke-free': 'smoke',
    'indicators/3.a.1': '3.a.1',
  };
  for (const [page, words] of Object.entries(wordsOfPages)) {
    const html = fs.readFileSync(path.join(out, page, 'index.html'), 'utf8');
    assert.match(html, /<table class="govuk-table" data-pagefind-ignore>/, page);
    const indexed = indexable(html);
    assert.ok(!indexed.includes('data-pagefind-ignore'), `${page}: no table of figures`);
    assert.ok(indexed.includes(words), `${page}: its words`);
  }

  // Kept by a browser or cache, checked before each use, and answered 304 when unchanged.
  const page = await fetch(`${base}/missions/nhs`);
  assert.equal(page.headers.get('cache-control'), PUBLIC_CACHE_CONTROL);
  const etag = page.headers.get('etag');
  assert.ok(etag && page.headers.get('last-modified'), 'validators are sent');
  const again = await fetch(`${base}/missions/nhs`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});

test('a snapshot stops the clock once open, and forgets the answers it kept at a change', async (t) => {
  const runtime = await pgliteRuntime({ seed: true, snapshot: true });
  t.after(() => runtime.close());
  const { services } = runtime;
  const opened = services.clock.now();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(services.clock.now().getTime(), opened.getTime(), 'the clock stands still');
  const before = await services.areas.profile('E09000007');
  assert.equal(await services.areas.profile('E09000007').then((p) => p?.area), before?.area);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-snapshot-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const yaml = path.join(dir, 'uk.yaml');
  fs.writeFileSync(
    yaml,
    fs
      .readFileSync(path.join(ROOT, 'missions/uk.yaml'), 'utf8')
      .replace('title: Kickstart economic growth', 'title: Kickstart growth everywhere'),
  );
  await services.missions.loadFile(yaml, 'tester', 'renamed');
  const titles = (await services.missions.list()).map((m) => m.title);
  assert.ok(titles.includes('Kickstart growth everywhere'), titles.join(', '));
  const after = await services.areas.profile('E09000007');
  assert.ok(
    after?.governments.some((g) =>
      g.goals.some((row) => row.mission.title === 'Kickstart growth everywhere'),
    ),
    'the area page reads the renamed mission, not the kept answer',
  );
});
