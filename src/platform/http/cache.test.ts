// Rendered answers are reused only while nothing they show can have changed: a new release,
// a changed mission, or an embargoed release reaching its time each make the next answer new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROOT } from '../../config.ts';
import { createWebApp } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { SESSION_COOKIE } from '../auth/session.ts';
import { setUpResponseCache } from './cache.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';

test('the response cache is invalidated by imports, mission changes and embargo times', async () => {
  const clock = fixedClock(new Date());
  const runtime = await pgliteRuntime({ seed: true, clock });
  // The seeded releases were published as the copy was made: start the clock after them.
  clock.set(new Date());
  const app = await createWebApp(runtime.services);
  // Over HTTP, so that hits answered before routing are judged too.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const get = async (url: string) => {
    const res = await fetch(origin + url);
    assert.equal(res.status, 200, url);
    return { body: await res.text(), cache: res.headers.get('x-cache') };
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-cache-'));
  try {
    const first = await get('/indicators/3.a.1');
    assert.equal(first.cache, 'miss');
    const again = await get('/indicators/3.a.1');
    assert.equal(again.cache, 'hit');
    assert.equal(again.body, first.body, 'the same page');
    assert.equal((await get('/api/v1/indicators/3.a.1')).cache, 'miss', 'keyed by URL');

    // An embargoed release: not shown, and not cached past its time.
    const csv = path.join(dir, 'smoking.csv');
    fs.writeFileSync(
      csv,
      'indicator,series,unit,area,period,value\n3.a.1,,Percentage (%),E92000001,2031,4.2\n',
    );
    const at = new Date(clock.now().getTime() + 1500);
    await runtime.services.statistics.import([csv], { actor: 'tester', releasedAt: at });
    const embargoed = await get('/indicators/3.a.1');
    assert.equal(embargoed.cache, 'miss', 'the import changed what may be shown');
    assert.doesNotMatch(embargoed.body, />2031</);
    assert.equal((await get('/indicators/3.a.1')).cache, 'hit');
    // Still embargoed a moment before its time, whenever the cache asks again.
    clock.set(new Date(at.getTime() - 1));
    assert.doesNotMatch((await get('/indicators/3.a.1')).body, />2031</);
    // The version is asked of the database at most once a second, so the page may be a second late.
    clock.set(new Date(at.getTime() + 1100));
    const released = await get('/indicators/3.a.1');
    assert.equal(released.cache, 'miss', 'the embargo ended');
    assert.match(released.body, />2031</);

    // A mission change shows at once on every page that names it.
    assert.equal((await get('/')).cache, 'miss');
    assert.equal((await get('/')).cache, 'hit');
    const yaml = path.join(dir, 'uk.yaml');
    fs.writeFileSync(
      yaml,
      fs
        .readFileSync(path.join(ROOT, 'missions/uk.yaml'), 'utf8')
        .replace('title: Kickstart economic growth', 'title: Kickstart growth everywhere'),
    );
    await runtime.services.missions.loadFile(yaml, 'tester', 'renamed');
    const renamed = await get('/');
    assert.equal(renamed.cache, 'miss');
    assert.match(renamed.body, /Kickstart growth everywhere/);
  } finally {
    await app.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache serves and keeps only anonymous reads: a request with a session bypasses it', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const app = await createWebApp(runtime.services);
  const signedIn = { cookie: `theme=dark; ${SESSION_COOKIE}=s3cr3t` };
  try {
    // Asked first by someone signed in: answered, but neither served from nor kept in the cache.
    const personal = await app.inject({ url: '/methodology', headers: signedIn });
    assert.equal(personal.statusCode, 200);
    assert.equal(personal.headers['x-cache'], undefined);
    assert.equal((await app.inject('/methodology')).headers['x-cache'], 'miss', 'nothing was kept');
    assert.equal((await app.inject('/methodology')).headers['x-cache'], 'hit');
    // A cached page is not served to someone signed in either.
    const again = await app.inject({ url: '/methodology', headers: signedIn });
    assert.equal(again.headers['x-cache'], undefined);
    // Another cookie of a similar name is not a session.
    const other = await app.inject({
      url: '/methodology',
      headers: { cookie: `${SESSION_COOKIE}_hint=1` },
    });
    assert.equal(other.headers['x-cache'], 'hit');
    // HEAD is answered from the same entry, without its body.
    const head = await app.inject({ method: 'HEAD', url: '/methodology' });
    assert.equal(head.headers['x-cache'], 'hit');
    assert.equal(head.body, '');
  } finally {
    await app.close();
    await runtime.close();
  }
});

test('an unknown parameter is a 400 and kept nowhere; one address however its parameters are written', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const app = await createWebApp(runtime.services);
  const stats = app.responseCache!;
  const cache = async (url: string) => {
    const res = await app.inject(url);
    return `${res.statusCode} ${res.headers['x-cache'] ?? '-'}`;
  };
  try {
    for (const url of [
      '/methodology?utm_source=mail',
      '/missions/nhs?bust=1',
      '/indicators/3.a.1?area=E92000001&x=1',
      '/api/v1/missions?cachebust=2',
    ])
      assert.equal(await cache(url), '400 -', url);
    assert.equal(stats.entries, 0, 'nothing was kept');

    const observations = '/api/v1/indicators/3.a.1/observations';
    assert.equal(await cache(`${observations}?area=E92000001&from=2015`), '200 miss');
    for (const same of [
      `${observations}?from=2015&area=E92000001`,
      `${observations}?from=2015&area=%4592000001`,
      `${observations}?area=E92000001&from=2015&from=2015`,
      `${observations}/?from=2015&area=E92000001`,
    ])
      assert.equal(await cache(same), '200 hit', same);
    assert.equal(await cache('/missions/nhs'), '200 miss');
    for (const same of ['/missions/%6Ehs', '/missions/nhs/', '/missions/nhs?'])
      assert.equal(await cache(same), '200 hit', same);
    assert.equal(stats.entries, 2);
  } finally {
    await app.close();
    await runtime.close();
  }
});

test('the cache holds at most its bound in bytes, however many variants are asked for', async () => {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  const maxBytes = 2 * 2 ** 20;
  const { stats } = setUpResponseCache(
    app,
    { clock: fixedClock('2026-12-04T12:00:00Z'), version: async () => 'v1', onChange() {} },
    { maxBytes },
  );
  // A large answer (100 kB) in as many variants as a client cares to ask for.
  const large = 'x'.repeat(100_000);
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/large',
      { schema: { querystring: z.strictObject({ variant: z.string() }) } },
      async (req) => `${large}${req.query.variant}`,
    );
  // One answer larger than a sixteenth of the bound: served, never kept.
  app.get('/huge', async () => 'y'.repeat(maxBytes / 8));
  try {
    let most = 0;
    for (let variant = 0; variant < 1000; variant++) {
      const res = await app.inject(`/large?variant=${variant}`);
      assert.equal(res.statusCode, 200);
      most = Math.max(most, stats.bytes);
      assert.ok(stats.bytes <= maxBytes, `${stats.bytes} bytes kept after ${variant + 1}`);
    }
    assert.ok(most > maxBytes * 0.9, 'the bound is used');
    assert.ok(stats.entries >= 18 && stats.entries <= 21, `${stats.entries} entries`);
    // The most recently asked for are the ones kept.
    assert.equal((await app.inject('/large?variant=999')).headers['x-cache'], 'hit');
    assert.equal((await app.inject('/large?variant=0')).headers['x-cache'], 'miss');
    const before = stats.bytes;
    assert.equal((await app.inject('/huge')).headers['x-cache'], 'miss');
    assert.equal((await app.inject('/huge')).headers['x-cache'], 'miss', 'never kept');
    assert.equal(stats.bytes, before);
  } finally {
    await app.close();
  }
});

test('over HTTP, a hit at a plain address is answered before routing, the same answer as the miss', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const app = await createWebApp(runtime.services);
  // Counts the answers fastify itself gives: a direct answer is none of them.
  let routed = 0;
  app.addHook('onResponse', async () => void routed++);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const ask = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(origin + url, init);
    const headers = Object.fromEntries(res.headers);
    return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  /** The headers any two answers of the same version share: all but the date and the cache's word. */
  const lasting = (headers: Record<string, string>) => {
    const { date: _date, 'x-cache': _cache, ...rest } = headers;
    return Object.fromEntries(
      Object.entries(rest).filter(([name]) => !name.startsWith('x-ratelimit-')),
    );
  };
  try {
    for (const url of ['/missions/nhs', '/cy/missions/nhs', '/api/v1/missions']) {
      const miss = await ask(url);
      assert.equal(miss.status, 200, url);
      assert.equal(miss.headers['x-cache'], 'miss', url);
      const before = routed;
      const hit = await ask(url);
      assert.equal(routed, before, `${url}: answered before routing`);
      assert.equal(hit.headers['x-cache'], 'hit', url);
      assert.deepEqual(lasting(hit.headers), lasting(miss.headers), url);
      assert.ok(hit.body.equals(miss.body), `${url}: the same body`);

      const head = await ask(url, { method: 'HEAD' });
      assert.equal(head.headers['x-cache'], 'hit', url);
      assert.equal(head.body.length, 0);
      assert.equal(head.headers['content-length'], String(miss.body.length));

      const unchanged = await ask(url, { headers: { 'if-none-match': miss.headers.etag! } });
      assert.equal(unchanged.status, 304, url);
      assert.equal(unchanged.headers.etag, miss.headers.etag);
      assert.equal(unchanged.headers['content-type'], undefined);
      assert.equal(unchanged.headers['x-frame-options'], 'DENY', 'the security headers stay');
      assert.equal(routed, before, `${url}: HEAD and 304 answered before routing too`);
    }
    assert.match((await ask('/cy/missions/nhs')).body.toString(), /<html lang="cy"/);
    assert.equal((await ask('/api/v1/missions')).headers['access-control-allow-origin'], '*');
    // Someone signed in, and any address not plain, go the whole way.
    const before = routed;
    const signedIn = await ask('/missions/nhs', {
      headers: { cookie: `${SESSION_COOKIE}=s3cr3t` },
    });
    assert.equal(signedIn.headers['x-cache'], undefined);
    assert.equal((await ask('/missions/nhs/')).headers['x-cache'], 'hit', 'the same entry, routed');
    assert.equal(routed, before + 2);
  } finally {
    await app.close();
    await runtime.close();
  }
});
