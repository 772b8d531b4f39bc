// Validators and CORS: readers and other sites can follow pages, API answers and feeds cheaply,
// asking again with what they hold and getting 304 until something they show has changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../config.ts';
import { createWebApp } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { SESSION_COOKIE } from '../auth/session.ts';
import { PUBLIC_CACHE_CONTROL, etagMatches } from './cache.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';

test('If-None-Match lists are compared weakly', () => {
  assert.ok(etagMatches('W/"a"', 'W/"a"'));
  assert.ok(etagMatches('"b", "a"', 'W/"a"'));
  assert.ok(etagMatches('*', 'W/"a"'));
  assert.ok(!etagMatches('W/"ab"', 'W/"a"'));
});

test('pages, API answers and feeds carry validators, answer 304, and change with the data', async () => {
  const clock = fixedClock(new Date());
  const runtime = await pgliteRuntime({ seed: true, clock });
  clock.set(new Date());
  const app = await createWebApp(runtime.services);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-conditional-'));
  const urls = ['/', '/api/v1/missions', '/api/openapi.json', '/releases.atom'];
  try {
    const first = new Map<string, { etag: string; modified: string }>();
    for (const url of urls) {
      // The first answer (a miss) and a later one (a hit) carry the same validators.
      const miss = await app.inject(url);
      const hit = await app.inject(url);
      assert.equal(miss.statusCode, 200, url);
      assert.equal(hit.headers['x-cache'], 'hit', url);
      const etag = String(miss.headers.etag);
      const modified = String(miss.headers['last-modified']);
      assert.match(etag, /^W\/"[\w-]+"$/, url);
      assert.ok(!Number.isNaN(Date.parse(modified)), url);
      assert.equal(miss.headers['cache-control'], PUBLIC_CACHE_CONTROL, url);
      assert.equal(hit.headers.etag, etag, url);
      assert.equal(hit.headers['last-modified'], modified, url);
      first.set(url, { etag, modified });

      for (const headers of [{ 'if-none-match': etag }, { 'if-modified-since': modified }]) {
        const again = await app.inject({ url, headers });
        assert.equal(again.statusCode, 304, `${url} ${JSON.stringify(headers)}`);
        assert.equal(again.body, '');
        assert.equal(again.headers.etag, etag);
        assert.equal(again.headers['x-content-type-options'], 'nosniff', 'security headers');
      }
      // HEAD answers the same headers, with no body.
      const head = await app.inject({ method: 'HEAD', url });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
      assert.equal(head.headers.etag, etag);
      // Another ETag, or an earlier date, is answered in full.
      const other = await app.inject({ url, headers: { 'if-none-match': 'W/"other"' } });
      assert.equal(other.statusCode, 200);
      assert.equal(other.body, hit.body);
      const earlier = new Date(Date.parse(modified) - 1000).toUTCString();
      assert.equal(
        (await app.inject({ url, headers: { 'if-modified-since': earlier } })).statusCode,
        200,
      );
      // A date in an HTTP-date's older forms is read; what is not an HTTP-date is ignored.
      const later = new Date(Date.parse(modified) + 86_400_000);
      const [day, date, month, year, time] = later.toUTCString().split(' ');
      const asctime = `${day!.slice(0, 3)} ${month} ${date!.padStart(2, ' ')} ${time} ${year}`;
      const sinceWith = async (value: string) =>
        (await app.inject({ url, headers: { 'if-modified-since': value } })).statusCode;
      assert.equal(await sinceWith(asctime), 304, asctime);
      for (const bad of ['Mon, 01 Jan 10000 00:00:00 GMT', '2099-01-01', 'tomorrow'])
        assert.equal(await sinceWith(bad), 200, bad);
    }
    // Another URL, another ETag.
    assert.notEqual(first.get('/')!.etag, first.get('/api/v1/missions')!.etag);

    // A change through the services: what was held is no longer current.
    const yaml = path.join(dir, 'uk.yaml');
    fs.writeFileSync(
      yaml,
      fs
        .readFileSync(path.join(ROOT, 'missions/uk.yaml'), 'utf8')
        .replace('title: Kickstart economic growth', 'title: Kickstart growth everywhere'),
    );
    clock.set(new Date(clock.now().getTime() + 5000));
    await runtime.services.missions.loadFile(yaml, 'tester', 'renamed');
    for (const url of ['/', '/api/v1/missions']) {
      const held = first.get(url)!;
      const changed = await app.inject({ url, headers: { 'if-none-match': held.etag } });
      assert.equal(changed.statusCode, 200, url);
      assert.notEqual(changed.headers.etag, held.etag, url);
      assert.match(changed.body, /Kickstart growth everywhere/, url);
      const since = await app.inject({ url, headers: { 'if-modified-since': held.modified } });
      assert.equal(since.statusCode, 200, url);
      assert.ok(Date.parse(String(since.headers['last-modified'])) > Date.parse(held.modified));
      // And the new ones are honoured at once.
      const now = await app.inject({
        url,
        headers: { 'if-none-match': String(changed.headers.etag) },
      });
      assert.equal(now.statusCode, 304, url);
    }

    // Errors carry no validators.
    const missing = await app.inject('/api/v1/missions/no-such-mission');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.headers.etag, undefined);
    assert.equal(missing.headers['last-modified'], undefined);
    assert.equal(missing.headers['access-control-allow-origin'], '*', 'CORS on API errors');

    // Someone with a session is answered without shared validators, and never a 304.
    const etag = String((await app.inject('/methodology')).headers.etag);
    const personal = await app.inject({
      url: '/methodology',
      headers: { cookie: `${SESSION_COOKIE}=s3cr3t`, 'if-none-match': etag },
    });
    assert.equal(personal.statusCode, 200);
    assert.equal(personal.headers.etag, undefined);
    assert.equal(personal.headers['last-modified'], undefined);
    assert.notEqual(personal.headers['cache-control'], PUBLIC_CACHE_CONTROL);
  } finally {
    await app.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the read-only API may be read from any origin; the workspace may not', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const app = await createWebApp(runtime.services);
  const origin = { origin: 'https://example.org' };
  try {
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await app.inject({ method, url: '/api/v1/missions', headers: origin });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*', method);
      assert.match(
        String(res.headers['access-control-expose-headers']),
        /ETag, Last-Modified, Retry-After/,
      );
      assert.equal(res.headers['access-control-allow-credentials'], undefined);
      const held = await app.inject({
        method,
        url: '/api/v1/missions',
        headers: { ...origin, 'if-none-match': String(res.headers.etag) },
      });
      assert.equal(held.statusCode, 304);
      assert.equal(held.headers['access-control-allow-origin'], '*', 'CORS on 304s');
    }
    // Asked before a conditional GET from another origin, whatever its query holds: the query
    // is the GET's, checked when the GET is sent.
    for (const url of ['/api/v1/missions', '/api/v1/areas?level=la&pageSize=1', '/api/v1/x?y=1']) {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          ...origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
      });
      assert.equal(preflight.statusCode, 204, url);
      assert.equal(preflight.headers['access-control-allow-origin'], '*');
      assert.match(String(preflight.headers['access-control-allow-methods']), /^GET, HEAD$/);
      assert.match(String(preflight.headers['access-control-allow-headers']), /If-None-Match/);
      assert.equal(preflight.headers['x-frame-options'], 'DENY', 'security headers still apply');
    }

    for (const url of ['/manage', '/', '/sign-in']) {
      const res = await app.inject({ url, headers: origin });
      assert.equal(res.headers['access-control-allow-origin'], undefined, url);
    }
    const manage = await app.inject({ url: '/manage', headers: origin });
    assert.equal(manage.headers.etag, undefined);
    assert.equal(manage.headers['cache-control'], 'no-store');
    // State-changing requests are not shared, and not answered for other origins.
    const post = await app.inject({ method: 'POST', url: '/api/v1/missions', headers: origin });
    assert.equal(post.headers['access-control-allow-origin'], undefined);
    assert.notEqual((await app.inject({ method: 'OPTIONS', url: '/manage' })).statusCode, 204);
  } finally {
    await app.close();
    await runtime.close();
  }
});
