// One client cannot exhaust the server: answers worked out afresh are limited per client (a
// 429 with Retry-After beyond the allowance, a queue beyond a few at once), cached answers,
// assets and /health are not, and /health stays fast while a client busts the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createWebApp, type Services } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';

test('a client over its allowance gets a 429 with Retry-After; cached answers, assets and /health are free', async () => {
  const clock = fixedClock(new Date());
  const runtime = await pgliteRuntime({ seed: true, clock });
  clock.set(new Date());
  const app = await createWebApp(runtime.services, { limits: { perWindow: 5 } });
  const status = async (url: string, remoteAddress = '127.0.0.1') =>
    (await app.inject({ url, remoteAddress })).statusCode;
  try {
    // Five answers worked out, a 404 among them: the allowance.
    for (const url of ['/methodology', '/indicators', '/missions/nhs', '/api/v1/indicators'])
      assert.equal(await status(url), 200, url);
    assert.equal(await status('/no-such-page'), 404);
    // Answers from the cache, assets and the health check are not counted.
    for (const url of ['/methodology', '/assets/northstar.css', '/health', '/health'])
      assert.equal(await status(url), 200, url);

    const page = await app.inject('/accessibility');
    assert.equal(page.statusCode, 429);
    assert.equal(page.headers['retry-after'], '60');
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /<h1[^>]*>Too many requests/);
    assert.match(page.body, /Try again in 60 seconds/);
    const api = await app.inject('/api/v1/missions');
    assert.equal(api.statusCode, 429);
    assert.ok(Number(api.headers['retry-after']) > 0);
    assert.equal(api.json().title, 'Too Many Requests');
    assert.equal(await status('/methodology'), 200, 'a cached answer is still served');

    assert.equal(await status('/accessibility', '192.0.2.7'), 200, 'another client is not held');
    clock.set(new Date(clock.now().getTime() + 60_000));
    assert.equal(await status('/accessibility'), 200, 'a new window, a new allowance');
  } finally {
    await app.close();
    await runtime.close();
  }
});

test('one client has a few answers worked out at once; more wait their turn, and past the queue a 429', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  // The overview's missions arrive when the test says so.
  let entered!: () => void;
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const services = {
    ...runtime.services,
    missions: {
      ...runtime.services.missions,
      list: async (...args: Parameters<Services['missions']['list']>) => {
        entered();
        await released;
        return runtime.services.missions.list(...args);
      },
    },
  } as Services;
  const app = await createWebApp(services, { limits: { atOnce: 1, waiting: 1 } });
  try {
    // An inject is sent when its answer is asked for: `then` sends it now.
    const first = app.inject('/').then((res) => res);
    await inHandler;
    const others = ['/methodology', '/accessibility'].map((url) =>
      app.inject(url).then((res) => res.statusCode),
    );
    // One at work and one waiting: whichever comes third is refused at once.
    assert.equal(await Promise.race(others), 429);
    assert.equal((await app.inject('/health')).statusCode, 200, '/health does not queue');
    release();
    assert.equal((await first).statusCode, 200);
    const statuses = (await Promise.all(others)).sort();
    assert.deepEqual(statuses, [200, 429], 'the one waiting is answered in its turn');
  } finally {
    await app.close();
    await runtime.close();
  }
});

test('/health answers within a second while a client busts the cache with unique addresses', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const app = await createWebApp(runtime.services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The client in a process of its own, as an attacker's would be: 32 connections for 4 s,
  // each asking for a page under an address never asked for before.
  const client = `
    const started = performance.now();
    const answers = {};
    let n = 0;
    const pages = ['/', '/missions/nhs', '/missions/nhs/goals/smoke-free', '/indicators/3.a.1'];
    const bust = async () => {
      while (performance.now() - started < 4000) {
        const res = await fetch('${origin}' + pages[n % 4] + '?bust=' + n++);
        await res.arrayBuffer();
        answers[res.status] = (answers[res.status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 32 }, bust));
    console.log(JSON.stringify(answers));`;
  const buster = spawn(process.execPath, ['--input-type=module', '-e', client], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let report = '';
  buster.stdout.on('data', (chunk) => (report += chunk));
  const finished = new Promise((resolve) => buster.on('exit', resolve));
  const waits: number[] = [];
  const started = performance.now();
  try {
    while (performance.now() - started < 4000) {
      const asked = performance.now();
      const res = await fetch(`${origin}/health`);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      waits.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await finished;
    const answers = JSON.parse(report) as Record<string, number>;
    assert.ok(Object.values(answers).reduce((a, b) => a + b, 0) > 100, report);
    assert.ok(!Object.keys(answers).some((code) => Number(code) >= 500), report);
    assert.ok(waits.length >= 10, `${waits.length} health checks in 4 s`);
    const slowest = Math.max(...waits);
    assert.ok(slowest < 1000, `/health took ${slowest.toFixed(0)} ms at worst`);
  } finally {
    buster.kill();
    await app.close();
    await runtime.close();
  }
});
