// The server and its data directory as an operator runs them: real processes on a seeded
// database. One database is seeded by `init` (the slow part) and copied for each test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../config.ts';

const bin = path.join(ROOT, 'bin', 'northstar.js');
const fixtures = path.join(ROOT, 'test', 'fixtures');

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PORT: '0', DATABASE_URL: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let seeding: string | undefined;
/** A folder whose `.northstar` a fresh `init` made, before anything else touched it. */
function seeded(): string {
  if (seeding) return seeding;
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-ops-seed-'));
  const result = run(cwd, ['init']);
  assert.equal(result.code, 0, result.stderr);
  seeding = cwd;
  return cwd;
}

/** A new working folder holding a copy of the seeded data directory. */
function seededCopy(): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-ops-'));
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

test("a new data directory is its owner's alone: the database and the import reports", () => {
  const dataDir = path.join(seeded(), '.northstar');
  assert.ok(fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION')));
  assert.deepEqual(openToOthers(dataDir), [], 'nothing readable or writable by others');

  const cwd = seededCopy();
  const imported = run(cwd, ['import', path.join(fixtures, 'open-sdg-good')]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(fs.readdirSync(path.join(cwd, '.northstar', 'reports')).length, 1);
  assert.deepEqual(openToOthers(path.join(cwd, '.northstar')), [], 'after an import too');
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
