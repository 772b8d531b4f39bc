// Hostile HTTP requests, generated from the app's own route list with a seeded PRNG: the same
// seed gives the same requests, so a failure names a request that can be sent again.
import type { InjectOptions } from 'fastify';

/** mulberry32: small, fast and good enough to pick test cases reproducibly. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;

/**
 * Every route path from `app.printRoutes({ commonPrefix: false })`: the tree's lines, each
 * name joined to its parent's path by its indentation. `/missions/:slug/goals/:goal`, …
 */
export function routePaths(printed: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^([│ ]*)[└├]── (\S+) \(([^)]*)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const parent = stack[depth - 1] ?? '';
    const name = match[2]!;
    const full = parent.endsWith('/') || name.startsWith('/') ? parent + name : `${parent}/${name}`;
    stack[depth] = full;
    stack.length = depth + 1;
    paths.push(full);
  }
  return paths;
}

/** What a route's path parameters may be filled with: real values first. */
export interface RealValues {
  [param: string]: string[];
}

/** Encoded segments and values no route should fall over on. */
const HOSTILE = [
  '',
  '%00',
  'nhs%00',
  '%00%00%00',
  '%E0%A4%A', // a sequence cut short
  '%C0%AE%C0%AE', // overlong UTF-8 for ".."
  '%C0%80', // overlong NUL
  '%ED%A0%80', // a lone surrogate
  '%FF%FE',
  '%F4%90%80%80', // beyond U+10FFFF
  '%',
  '%%',
  '%2',
  '%G0',
  '%25',
  '..',
  '%2e%2e',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%5c%2e%2e%5cwindows',
  '%0d%0aSet-Cookie:%20x=1',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  "'%20OR%201=1--",
  '%7B%7B7*7%7D%7D',
  '%24%7Bjndi:ldap://x%7D',
  '__proto__',
  'constructor',
  'prototype',
  '-1',
  '0',
  '1e309',
  'NaN',
  '99999999999999999999999',
  '%E2%80%AE', // right-to-left override
  '%F0%9F%92%A9',
  '%EF%BF%BF',
  'a'.repeat(300),
  'x'.repeat(5000),
  '%20',
  '+',
  '%2F',
  '%5C', // a backslash (raw, inject cannot send it: the socket cases do)
];

const IMPOSSIBLE_DATES = [
  '0000-01-01',
  '2024-02-30',
  '2024-13-45',
  '2023-02-29',
  '9999-12-31T23:59:59-23:59',
  '0001-01-01T00:00:00%2B23:59',
  '%2B275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2024-06-30T25:00:00Z',
  '2024-06-30T23:59:60Z',
  '2024-06-30T12:00:00',
  '2024-06-30T12:00:00%2B99:99',
  '20240630',
  '2024',
  '99999',
  '0000',
  'yesterday',
  '1e9',
];

const PARAMETERS = [
  'asAt',
  'area',
  'series',
  'unit',
  'from',
  'to',
  'format',
  'q',
  'goal',
  'measure',
];
const UNKNOWN = [
  'utm_source',
  'x',
  '__proto__',
  'constructor',
  'a[]',
  'area[0]',
  'q[]',
  'y'.repeat(300),
];
const GOOD_VALUES = [
  'E92000001',
  'csv',
  'json',
  '2015',
  '2020-01-01',
  '2030-06-30T12:00:00Z',
  'nhs',
];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

function fill(path: string, random: Random, real: RealValues) {
  return path.replace(/:(\w+)|\*/g, (_whole, name?: string) => {
    const known = real[name ?? '*'] ?? ['x'];
    return random.chance(0.45) ? random.pick(known) : random.pick(HOSTILE);
  });
}

function query(random: Random) {
  const pairs: string[] = [];
  const count = Math.floor(random.next() * 4);
  for (let i = 0; i < count; i++) {
    const name = random.chance(0.8) ? random.pick(PARAMETERS) : random.pick(UNKNOWN);
    const value = random.pick([
      ...GOOD_VALUES,
      ...IMPOSSIBLE_DATES,
      ...HOSTILE,
      random.pick(IMPOSSIBLE_DATES),
    ]);
    pairs.push(`${name}=${value}`);
    // Repeated: the same value again, or another.
    if (random.chance(0.2))
      pairs.push(`${name}=${random.chance(0.5) ? value : random.pick(HOSTILE)}`);
  }
  if (random.chance(0.05)) pairs.push('&&&=&=');
  return pairs.length ? `?${pairs.join('&')}` : random.chance(0.1) ? '?' : '';
}

function body(random: Random): Pick<InjectOptions, 'payload' | 'headers'> {
  return random.pick<Pick<InjectOptions, 'payload' | 'headers'>>([
    { payload: '{bad', headers: { 'content-type': 'application/json' } },
    { payload: '{"__proto__":{"polluted":1}}', headers: { 'content-type': 'application/json' } },
    { payload: 'x'.repeat(2 * 2 ** 20), headers: { 'content-type': 'application/json' } },
    { payload: 'a=1&a=2&b[c]=3', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { payload: '--x\r\ngarbage', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
    { payload: '\u0000\u0001\u0002', headers: { 'content-type': 'text/plain' } },
    { payload: 'abc', headers: { 'content-type': 'application/json; charset=utf-7' } },
    { payload: 'abc', headers: { 'content-type': '../../etc/passwd' } },
    { payload: 'abc', headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' } },
  ]);
}

function headers(random: Random): Record<string, string> {
  return random.pick<Record<string, string>>([
    {},
    {},
    { accept: 'application/json' },
    { accept: '*/*;q=0.1, text/html;q=abc' },
    { cookie: 'northstar_session=%00; theme=dark' },
    { cookie: `c=${'z'.repeat(10_000)}` },
    { 'accept-language': '\u0000' },
    { 'if-none-match': '"x"'.repeat(100) },
    { range: 'bytes=0-1,2-3,5-' },
    { 'x-forwarded-for': '1.2.3.4, ::1, nonsense' },
    { host: 'evil.example' },
  ]);
}

/** `count` hostile requests over `paths`, each with its label for a failure message. */
export function hostileRequests(
  paths: string[],
  real: RealValues,
  count: number,
  seed: number,
): InjectOptions[] {
  const random = seededRandom(seed);
  const requests: InjectOptions[] = [];
  for (let i = 0; i < count; i++) {
    const path = paths[i % paths.length]!;
    const method = random.pick(METHODS) as InjectOptions['method'];
    const url = fill(path, random, real) + query(random);
    const sent = method !== 'GET' && method !== 'HEAD' && random.chance(0.7) ? body(random) : {};
    requests.push({
      method,
      url,
      payload: sent.payload,
      headers: { ...headers(random), ...sent.headers },
    });
  }
  return requests;
}
