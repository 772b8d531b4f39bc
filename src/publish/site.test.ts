// The published site served by a plain static file server: a crawl from the overview reaches
// every mission, goal, indicator and area page, and no link is broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { publishSite } from './site.ts';
import { folderEffects } from './folder.ts';
import { createApp } from '../web/app.ts';
import { pgliteRuntime } from '../../test/support/runtime.ts';

/** The least a static host does: a file, or a folder's index.html, or 404.html. */
function serveFolder(root: string) {
  return http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, urlPath);
    const candidates = [file, path.join(file, 'index.html')];
    const found = candidates.find(
      (f) => f.startsWith(root) && fs.existsSync(f) && fs.statSync(f).isFile(),
    );
    if (found) {
      res.writeHead(200).end(fs.readFileSync(found));
    } else {
      res.writeHead(404).end(fs.readFileSync(path.join(root, '404.html')));
    }
  });
}

test('the published site is complete and has no broken link', async (t) => {
  const runtime = await pgliteRuntime({ seed: true });
  t.after(() => runtime.close());
  const app = await createApp(runtime.services, { production: true, staticSite: true });
  t.after(() => app.close());
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-site-'));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const result = await publishSite(app, runtime.services, folderEffects(out));

  const server = serveFolder(out).listen(0, '127.0.0.1');
  t.after(() => server.close());
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const seen = new Set<string>();
  const queue = ['/'];
  const broken: string[] = [];
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
  }
  assert.deepEqual(broken, []);

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
  const notFound = await fetch(`${base}/no-such-page`);
  assert.equal(notFound.status, 404);
  assert.match(await notFound.text(), /Page not found/);
});
