// The hostile suite: thousands of generated requests over every route the app has (path
// parameters real and hostile, bad %-sequences, overlong UTF-8, NULs, impossible dates,
// repeated and array parameters, odd methods, bodies and headers), then what only a socket
// can send (huge headers, broken request lines). No answer may be a 5xx, show a stack trace
// or a server path, or fail to come. Seeded: HOSTILE_SEED=n replays another set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ROOT } from '../../src/config.ts';
import { createWebApp, type Runtime } from '../../src/compose.ts';
import { pgliteRuntime } from '../support/runtime.ts';
import { hostileRequests, routePaths, type RealValues } from './requests.ts';

const SEED = Number(process.env.HOSTILE_SEED ?? 12);
const COUNT = 2400;
const TIMEOUT_MS = 10_000;

/** What no answer may show: a stack frame, a source file, or where the server's files are. */
const LEAKS = [/\n\s+at \S/, /\.ts:\d/, /\/work\//, /\/tmp\//, /node_modules/, /file:\/\//];

let runtime: Runtime;
let app: FastifyInstance;

before(async () => {
  runtime = await pgliteRuntime({ seed: true });
  // Limits high enough that every request reaches its route (the limits have their own tests).
  app = await createWebApp(runtime.services, { limits: { perWindow: 1e9, atOnce: 64 } });
  await app.ready();
});
after(async () => {
  await app.close();
  await runtime.close();
});

/** Real values for each path parameter: small answers, so the run stays quick. */
async function realValues(): Promise<RealValues> {
  const missions = await runtime.services.missions.definitions();
  return {
    slug: missions.map((m) => m.slug),
    mission: missions.map((m) => m.slug),
    stocktake: ['2025-09-30', '2025-02-30'],
    kind: ['board', 'risk', 'stocktake'],
    record: ['board', '1', '2025-09-30'],
    goal: missions.flatMap((m) => m.goals.map((g) => g.slug)),
    id: ['3.a.1', '16.1.3'],
    code: ['E92000001', 'E09000007', 'K02000001'],
    page: ['1', '2'],
    '*': ['assets/northstar.css', 'northstar.css', 'assets/../package.json'],
  };
}

function checkAnswer(label: string, status: number, text: string) {
  assert.ok(status >= 200 && status < 500, `${label}: answered ${status}\n${text.slice(0, 500)}`);
  for (const leak of LEAKS) assert.doesNotMatch(text, leak, `${label}: shows ${leak}`);
  assert.ok(!text.includes(ROOT), `${label}: shows the server's folder`);
}

async function withTimeout<T>(label: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label}: no answer in ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

test(`${COUNT} generated hostile requests over every route: no 5xx, no stack, no server path, no hang`, async () => {
  const paths = routePaths(app.printRoutes({ commonPrefix: false }));
  for (const route of [
    '/missions/:slug/goals/:goal',
    '/api/v1/indicators/:indicator/observations',
    '/health',
  ])
    assert.ok(paths.includes(route), `the route list has ${route}: ${paths.join(' ')}`);
  const requests = hostileRequests(paths, await realValues(), COUNT, SEED);
  const statuses = new Map<number, number>();
  for (const [index, request] of requests.entries()) {
    const label = `#${index} (seed ${SEED}) ${request.method} ${request.url}`;
    const res = await withTimeout(label, app.inject(request as InjectOptions));
    checkAnswer(label, res.statusCode, `${JSON.stringify(res.headers)}\n${res.body}`);
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  }
  // The run reached the routes themselves, not only their refusals (fewer each as routes grow).
  assert.ok((statuses.get(200) ?? 0) > 80, JSON.stringify([...statuses]));
  assert.ok((statuses.get(400) ?? 0) > 500, JSON.stringify([...statuses]));
});

/** Sends raw bytes, half-closes, and reads the whole answer. */
function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      // The server may close on a request it refuses before reading all of it.
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(answer) : reject(error),
    );
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('no answer in time')));
  });
}

test('what only a socket can send: huge headers, broken request lines, odd framing', async () => {
  const served = await createWebApp(runtime.services);
  await served.listen({ port: 0, host: '127.0.0.1' });
  const { port } = served.server.address() as AddressInfo;
  const head = (line: string, headers = '') =>
    `${line}\r\nHost: localhost\r\nConnection: close\r\n${headers}\r\n`;
  const cases: [string, string | Buffer][] = [
    ['a 20 kB header', head('GET / HTTP/1.1', `X-Big: ${'a'.repeat(20_000)}\r\n`)],
    [
      'a 100 kB cookie on the API',
      head('GET /api/v1/missions HTTP/1.1', `Cookie: ${'c'.repeat(100_000)}\r\n`),
    ],
    ['2,000 headers', head('GET /missions HTTP/1.1', 'X-A: b\r\n'.repeat(2000))],
    ['a NUL in the request line', head('GET /\x00 HTTP/1.1')],
    ['a space in the path', head('GET /missions nhs HTTP/1.1')],
    ['no version', 'GET /\r\n\r\n'],
    ['HTTP/9.9', head('GET / HTTP/9.9')],
    ['HTTP/0.9', 'GET /\n'],
    ['a lower-case method', head('get / HTTP/1.1')],
    ['an unknown method', head('BREW / HTTP/1.1')],
    ['a CONNECT', head('CONNECT localhost:80 HTTP/1.1')],
    ['an absolute URL', head('GET http://evil.example/missions/nhs HTTP/1.1')],
    ['an asterisk', head('OPTIONS * HTTP/1.1')],
    ['a path without a slash', head('GET missions HTTP/1.1')],
    ['a backslash path', head('GET /\\evil.example/x HTTP/1.1')],
    ['a raw UTF-8 path', head('GET /missions/\xc3\xa9 HTTP/1.1')],
    [
      'overlong UTF-8 raw bytes',
      Buffer.concat([
        Buffer.from('GET /missions/'),
        Buffer.from([0xc0, 0xae]),
        Buffer.from(` HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      ]),
    ],
    ['a bad %-sequence', head('GET /areas/%E0%A4%A HTTP/1.1')],
    ['a header without a colon', head('GET / HTTP/1.1', 'Broken header\r\n')],
    ['a header name with a space', head('GET / HTTP/1.1', 'Bad Name: x\r\n')],
    ['a CR alone in a header', head('GET / HTTP/1.1', 'X-A: a\rb\r\n')],
    [
      'two Content-Lengths',
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabc`,
    ],
    [
      'Content-Length and chunked',
      `POST /api/v1/missions HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
    ],
    [
      'a bad chunk size',
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    ],
    [
      'a negative Content-Length',
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`,
    ],
    [
      'a body shorter than its length',
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"a":1}`,
    ],
    [
      'a 2 MiB JSON body',
      `POST /api/v1/missions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * 2 ** 20}\r\nConnection: close\r\n\r\n${'x'.repeat(2 * 2 ** 20)}`,
    ],
    [
      'pipelined requests',
      `${head('GET /health HTTP/1.1').replace('Connection: close\r\n', '')}${head('GET /?x=1 HTTP/1.1')}`,
    ],
    ['no Host on HTTP/1.1', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'],
    [
      'TLS bytes on the plain port',
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]),
    ],
    ['nothing but line ends', '\r\n\r\n\r\n'],
  ];
  try {
    for (const [label, bytes] of cases) {
      const answer = await rawExchange(port, bytes);
      const statuses = [...answer.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      for (const status of statuses) checkAnswer(label, status, answer);
      if (statuses.length === 0) checkAnswer(label, 200, answer); // closed without a word
    }
    // Still serving after all of that.
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
  } finally {
    await served.close();
  }
});
