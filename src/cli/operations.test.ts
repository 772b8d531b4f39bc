// The server and its data directory as an operator runs them: real processes on a seeded
// database. One database is seeded by `init` (the slow part) and copied for each test.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../config.ts';
import { run, startServer } from '../../test/support/cli.ts';

const fixtures = path.join(ROOT, 'test', 'fixtures');

/** Every folder a test made: each holds a copy of the database (some 70 MB), removed at the end. */
const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
function madeFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-ops-'));
  made.push(dir);
  return dir;
}

let seeding: string | undefined;
/** A folder whose `.northstar` a fresh `init` made, before anything else touched it. */
function seeded(): string {
  if (seeding) return seeding;
  const cwd = madeFolder();
  const result = run(cwd, ['init']);
  assert.equal(result.code, 0, result.stderr);
  seeding = cwd;
  return cwd;
}

/** A new working folder holding a copy of the seeded data directory. */
function seededCopy(): string {
  const cwd = madeFolder();
  fs.cpSync(path.join(seeded(), '.northstar'), path.join(cwd, '.northstar'), { recursive: true });
  return cwd;
}

/** Every path under `dir` (itself included) with a permission bit for group or others. */
function openToOthers(dir: string): string[] {
  const open: string[] = [];
  const visit = (p: string) => {
    const stats = fs.lstatSync(p);
    if (stats.mode & 0o077) open.push(`${(stats.mode & 0o777).toString(8)} ${p}`);
    if (stats.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return open;
}

test("a new data directory is its owner's alone, the database and import reports; open data is not", () => {
  const dataDir = path.join(seeded(), '.northstar');
  assert.ok(fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION')));
  assert.deepEqual(openToOthers(dataDir), [], 'nothing readable or writable by others');

  const cwd = seededCopy();
  const imported = run(cwd, ['import', path.join(fixtures, 'open-sdg-good')]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(fs.readdirSync(path.join(cwd, '.northstar', 'reports')).length, 1);
  assert.deepEqual(openToOthers(path.join(cwd, '.northstar')), [], 'after an import too');

  // Open data, on the other hand, is for anyone to read.
  const exported = run(cwd, ['export', '--out', 'open-data']);
  assert.equal(exported.code, 0, exported.stderr);
  const modes = new Set<string>();
  const visit = (p: string) => {
    const stats = fs.statSync(p);
    modes.add(`${stats.isDirectory() ? 'folder' : 'file'} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(path.join(cwd, 'open-data'));
  assert.deepEqual([...modes].sort(), ['file 644', 'folder 755']);
});

test('init on a data directory others could read or write says so and closes it', () => {
  const cwd = seededCopy();
  const dataDir = path.join(cwd, '.northstar');
  const loosen = (p: string) => {
    const directory = fs.statSync(p).isDirectory();
    fs.chmodSync(p, directory ? 0o777 : 0o666);
    if (directory) for (const name of fs.readdirSync(p)) loosen(path.join(p, name));
  };
  loosen(dataDir);
  const result = run(cwd, ['init']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /warning: \d+ files and folders in \S+\.northstar could be read or written by other users \(.*\.northstar.* among them\); made them its owner's alone \(folders 0700, files 0600\)/,
  );
  assert.deepEqual(openToOthers(dataDir), []);
  const again = run(cwd, ['init']);
  assert.doesNotMatch(again.stderr, /warning/, 'said once, when there was something to close');
});

/**
 * A client that declares a 100,000-byte body, waits until the server has taken the request
 * (its "100 Continue"), then sends one byte and nothing more. `closed` resolves with what the
 * server sent and how long after that byte it ended the connection.
 */
async function slowBodyClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk));
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) =>
    socket.once('close', () => resolve({ received, afterMs: performance.now() - sentAt })),
  );
  socket.on('error', () => {});
  socket.write(
    'POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
      'Content-Length: 100000\r\nExpect: 100-continue\r\n\r\n',
  );
  await new Promise<void>((resolve, reject) => {
    const check = () => (/100 Continue/.test(received) ? resolve() : undefined);
    socket.on('data', check);
    socket.once('close', () => reject(new Error(`closed before 100 Continue: ${received}`)));
  });
  socket.write('{');
  const sentAt = performance.now();
  return { socket, closed };
}

/** `promise`, or a failure saying what did not happen within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

test('a request whose body or headers do not arrive in time is cut off', async (t) => {
  const unreadable = run(os.tmpdir(), ['check', path.join(fixtures, 'open-sdg-good')], {
    NORTHSTAR_REQUEST_TIMEOUT_S: 'soon',
  });
  assert.equal(unreadable.code, 2);
  assert.match(
    unreadable.stderr,
    /NORTHSTAR_REQUEST_TIMEOUT_S must be a positive number of seconds/,
  );
  const server = await startServer(t, seededCopy(), { NORTHSTAR_REQUEST_TIMEOUT_S: '1' });
  const slowBody = await slowBodyClient(server.port);
  const slowHeaders = net.connect(server.port, '127.0.0.1');
  slowHeaders.on('error', () => {});
  let headersAnswer = '';
  slowHeaders.on('data', (chunk: Buffer) => (headersAnswer += chunk));
  const headersStarted = performance.now();
  slowHeaders.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
  const headersClosed = new Promise<number>((resolve) =>
    slowHeaders.once('close', () => resolve(performance.now() - headersStarted)),
  );

  const { received, afterMs } = await within(slowBody.closed, 10_000, 'slow body cut off');
  assert.ok(afterMs < 3000, `cut off ${afterMs} ms after the byte, for a 1 s timeout`);
  assert.match(received, /HTTP\/1\.1 408/, 'told why');
  const headersMs = await within(headersClosed, 10_000, 'slow headers cut off');
  assert.ok(headersMs < 3000, `slow headers cut off after ${headersMs} ms`);
  assert.match(headersAnswer, /HTTP\/1\.1 408/);

  const health = await fetch(`http://localhost:${server.port}/health`);
  assert.equal(health.status, 200, 'the server serves on');
});

test('SIGTERM with a slow client connected: stops within the grace period, frees the lock, exit 0', async (t) => {
  const cwd = seededCopy();
  const server = await startServer(t, cwd, { NORTHSTAR_SHUTDOWN_GRACE_S: '1' });
  const slowBody = await slowBodyClient(server.port);
  const signalledAt = performance.now();
  server.child.kill('SIGTERM');
  const code = await within(server.exited, 10_000, 'exit after SIGTERM');
  const stoppedMs = performance.now() - signalledAt;
  assert.equal(code, 0, server.output());
  assert.ok(stoppedMs < 4000, `stopped ${stoppedMs} ms after SIGTERM, for a 1 s grace period`);
  await within(slowBody.closed, 1000, 'the slow client disconnected');
  assert.match(server.output(), /SIGTERM: finishing the requests in flight \(for at most 1 s\)/);
  assert.equal(fs.existsSync(path.join(cwd, '.northstar', 'lock')), false, 'lock released');
  const next = run(cwd, ['init']);
  assert.equal(next.code, 0, next.stderr);
});

/**
 * A folder on a full file system: a 2 MiB tmpfs, which the embedded database (tens of MiB)
 * or an export fills at once. Mounting one needs root; where it is refused, the commands run
 * with test/support/full-disk.mjs, which fails every write under the folder as a full disk
 * does.
 */
function fullFolder(t: TestContext): {
  dir: string;
  env: Record<string, string>;
  nodeArgs: string[];
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-full-'));
  made.push(dir); // unmounted first, by t.after
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
  if (mounted.status === 0) {
    t.after(() => spawnSync('umount', [dir]));
    return { dir, env: {}, nodeArgs: [] };
  }
  const preload = pathToFileURL(path.join(ROOT, 'test', 'support', 'full-disk.mjs')).href;
  return { dir, env: { NORTHSTAR_TEST_FULL_DIR: dir }, nodeArgs: ['--import', preload] };
}

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a full disk is said plainly, and where: the database on one, an export to one', (t) => {
  const full = fullFolder(t);
  const data = path.join(full.dir, 'data');
  const cwd = madeFolder();
  const init = run(cwd, ['init'], { ...full.env, NORTHSTAR_DATA_DIR: data }, full.nodeArgs);
  assert.equal(init.code, 74, init.stderr);
  assert.match(
    init.stderr,
    new RegExp(`^northstar: No space left on device while writing ${literally(data)}\\b`),
  );
  assert.doesNotMatch(init.stderr, /\[object Object\]|\n\s+at /, 'no [object Object], no stack');

  const site = path.join(full.dir, 'site');
  const exported = run(seededCopy(), ['export', '--out', site], full.env, full.nodeArgs);
  assert.equal(exported.code, 74, exported.stderr);
  assert.match(
    exported.stderr,
    new RegExp(`^northstar: No space left on device while writing ${literally(site)}\\b`),
  );
  assert.doesNotMatch(exported.stderr, /\n\s+at /, 'no stack');
});
