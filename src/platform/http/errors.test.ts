// Bad input is a 4xx naming the problem, never a 500; a 500 is logged with its stack and shown
// with one only in development; every error on a page is a GOV.UK page, on the API a problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createWebApp, type Services } from '../../compose.ts';
import { seededSite } from '../../../test/support/runtime.ts';

const site = seededSite();

const STACK = /\n\s+at |\.ts:\d/;

test('bad input is a 4xx that says what is wrong, never a 500', async () => {
  for (const url of [
    '/api/v1/assessments?asAt=0000-01-01',
    '/api/v1/assessments?asAt=9999-12-31T23:59:59-23:59',
    '/api/v1/missions?asAt=9999-12-31T23:59:59-23:59',
    '/api/v1/indicators/3.a.1%00',
    '/api/v1/indicators/3.a.1%00/observations',
    '/api/v1/areas/E09000007%00',
    '/api/v1/missions/nhs%00/goals/smoke-free',
    '/api/v1/indicators/3.a.1/observations?series=a%00',
    '/api/v1/indicators/3.a.1/observations?unit=%00',
    '/api/v1/indicators/3.a.1/observations?from=2024-02-30',
    '/api/v1/indicators/3.a.1/observations?to=2024-13-45',
    '/api/v1/indicators/3.a.1/observations?from=0000',
    '/api/v1/indicators/3.a.1/observations?format=csv&format=json',
    '/areas?q=a&q=b',
    '/areas?q=%00',
    '/areas/E09000007%00',
    '/indicators/3.a.1%00',
    '/indicators/3.a.1?measure=%00',
    '/missions/nhs%00',
    '/map?goal=nhs%00',
  ]) {
    const res = await site.app.inject(url);
    assert.equal(res.statusCode, 400, url);
    assert.doesNotMatch(res.body, STACK, url);
    if (url.startsWith('/api/')) {
      const body = res.json();
      assert.equal(body.title, 'Bad Request', url);
      assert.ok(body.detail.length > 5, url);
    } else {
      assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      assert.match(res.body, /There is a problem with your request/, url);
    }
  }
  // The same parameter twice with the same value is the parameter once.
  for (const url of ['/areas?q=camden&q=camden', '/api/v1/pledges?status=active&status=active'])
    assert.equal((await site.app.inject(url)).statusCode, 200, url);
  // The earliest and latest instants an asAt may name still answer.
  for (const asAt of ['0100-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '9999-12-31'])
    assert.equal((await site.app.inject(`/api/v1/missions?asAt=${asAt}`)).statusCode, 200, asAt);
});

/** The services with every mission read failing, as a lost database would. */
const broken = (): Services =>
  ({
    ...site.runtime.services,
    missions: {
      ...site.runtime.services.missions,
      list: async () => {
        throw new Error('database unreachable');
      },
    },
  }) as Services;

test('a 500 shows no details by default, and is logged with its stack and request id', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  const failing = await createWebApp(broken(), { logger: { level: 'info', stream } });
  try {
    const page = await failing.inject('/');
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /Sorry, there is a problem with the service/);
    assert.doesNotMatch(page.body, /database unreachable/);
    assert.doesNotMatch(page.body, STACK);
    const logged = lines.map((line) => JSON.parse(line));
    const fault = logged.find((entry) => entry.level === 50);
    assert.ok(fault, 'the 500 is logged as an error');
    assert.match(fault.err.stack, /database unreachable\n\s+at /);
    assert.ok(fault.reqId, 'with its request id');
    const completed = logged.find((entry) => entry.msg === 'request completed');
    assert.equal(completed?.reqId, fault.reqId, 'the request and its fault share an id');
    assert.equal(completed?.res.statusCode, 500);
  } finally {
    await failing.close();
  }
  const developing = await createWebApp(broken(), { production: false });
  try {
    const page = await developing.inject('/');
    assert.match(page.body, /database unreachable/);
    assert.match(page.body, /\n\s+at /, 'development shows the stack');
  } finally {
    await developing.close();
  }
});

test('an address that does not decode is a GOV.UK page, or a problem on the API', async () => {
  const page = await site.app.inject('/missions/%E0%A4%A');
  assert.equal(page.statusCode, 400);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  assert.match(page.body, /There is a problem with your request/);
  assert.match(page.body, /not followed by a valid encoded character/);
  assert.match(page.headers['content-security-policy'] as string, /default-src 'self'/);
  const api = await site.app.inject('/api/v1/missions/%E0%A4%A');
  assert.equal(api.statusCode, 400);
  assert.equal(api.json().title, 'Bad Request');
});

test('a body too large is a 413 that says so, on a page and on the API', async () => {
  const payload = JSON.stringify({ text: 'x'.repeat(2 * 2 ** 20) });
  const headers = { 'content-type': 'application/json' };
  const page = await site.app.inject({ method: 'POST', url: '/', payload, headers });
  assert.equal(page.statusCode, 413);
  assert.match(page.body, /<h1[^>]*>Payload too large/);
  assert.doesNotMatch(page.body, /Bad Request/);
  const api = await site.app.inject({ method: 'POST', url: '/api/v1/missions', payload, headers });
  assert.equal(api.statusCode, 413);
  assert.equal(api.json().title, 'Payload Too Large');
});

/** Sends `request` as raw bytes to a listening site.app; the whole answer as text. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer in 5 s')));
  });
}

test('what Node refuses before fastify (headers too large, a broken request) is a GOV.UK page', async () => {
  const served = await createWebApp(site.runtime.services);
  await served.listen({ port: 0, host: '127.0.0.1' });
  const { port } = served.server.address() as AddressInfo;
  try {
    const huge = `X-Padding: ${'a'.repeat(20_000)}\r\n`;
    const page = await rawRequest(port, `GET /missions HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
    assert.match(page, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    assert.match(page, /\r\ncontent-type: text\/html/i);
    assert.match(page, /\r\ncontent-security-policy: default-src 'self'/i);
    assert.match(page, /<h1[^>]*>Request header fields too large/);
    const api = await rawRequest(port, `GET /api/v1/missions HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
    assert.match(api, /^HTTP\/1\.1 431 /);
    assert.match(api, /\r\ncontent-type: application\/problem\+json/i);
    assert.match(api, /"title":"Request Header Fields Too Large"/);
    const garbled = await rawRequest(port, 'GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(garbled, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(garbled, /There is a problem with your request/);
  } finally {
    await served.close();
  }
});
