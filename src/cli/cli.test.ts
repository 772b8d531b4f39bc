// The northstar command as a user runs it: real processes, real files, exit codes and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../config.ts';
import { createPgliteDatabase } from '../platform/db/pglite.ts';

const bin = path.join(ROOT, 'bin', 'northstar.js');
const fixtures = path.join(ROOT, 'test', 'fixtures');

function workdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-cli-'));
}

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PORT: '0', DATABASE_URL: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Releases and copied rows of observations: an import writes the rows first. */
async function storedCounts(cwd: string) {
  const db = await createPgliteDatabase(path.join(cwd, '.northstar'));
  const [row] = await db.query<{ releases: number; series: number }>(
    'select (select count(*)::int from releases) as releases, (select count(*)::int from observation_series) as series',
  );
  await db.close();
  return row;
}

async function releaseCount(cwd: string) {
  const db = await createPgliteDatabase(path.join(cwd, '.northstar'));
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from releases');
  await db.close();
  return row?.n;
}

test('check validates without writing: a malformed CSV fails with its file and line', () => {
  const cwd = workdir();
  const bad = path.join(fixtures, 'open-sdg-with-problems', 'data', 'indicator_1-1-1.csv');
  const result = run(cwd, 'check', bad);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /indicator_1-1-1\.csv:3: error: expected 5 fields as in the header, found 6/,
  );
  assert.match(result.stderr, /indicator_1-1-1\.csv:5:5: error: Value "n\/a" is not a number/);
  assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace');
  assert.equal(fs.existsSync(path.join(cwd, '.northstar')), false, 'no database was created');

  const good = run(cwd, 'check', path.join(fixtures, 'open-sdg-good'));
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /checked\s+1\.2\.1\s+5 rows/);
});

test('check and import refuse a number beyond a double and a NUL, with the file and line', () => {
  const cwd = workdir();
  const file = path.join(cwd, 'data', 'indicator_1-2-1.csv');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'Year,Sex,Value\n2019,,1e309\n2020,Female,3\n');
  const checked = run(cwd, 'check', file);
  assert.equal(checked.code, 1);
  assert.match(
    checked.stderr,
    /indicator_1-2-1\.csv:2:3: error: Value "1e309" is outside the range/,
  );
  fs.writeFileSync(file, 'Year,Sex,Value\n2019,,1\n2020,Fe\u0000male,3\n');
  for (const command of ['check', 'import']) {
    const result = run(cwd, command, file);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /indicator_1-2-1\.csv:3:2: error: the field holds a NUL character/);
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace');
  }
});

test('import is all or nothing: a failed import leaves the stored releases as they were', async () => {
  const cwd = workdir();
  const ok = run(cwd, 'import', path.join(fixtures, 'open-sdg-good'));
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Imported 1 release/);
  const failed = run(
    cwd,
    'import',
    path.join(fixtures, 'open-sdg-good'),
    path.join(fixtures, 'open-sdg-with-problems'),
  );
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /nothing was imported/);
  assert.equal(await releaseCount(cwd), 1);
  const same = run(cwd, 'import', path.join(fixtures, 'open-sdg-good'));
  assert.match(same.stdout, /Imported 0 releases; 1 unchanged/);
  const embargo = run(
    cwd,
    'import',
    '--release-at',
    'tomorrow',
    path.join(fixtures, 'open-sdg-good'),
  );
  assert.equal(embargo.code, 2);
  assert.match(embargo.stderr, /--release-at must be an ISO 8601/);
});

test('a second server on the same database exits with a lock message while the first keeps serving', async (t) => {
  const cwd = workdir();
  const first = spawn(process.execPath, [bin, 'serve'], {
    cwd,
    env: { ...process.env, PORT: '0', DATABASE_URL: '' },
  });
  t.after(() => first.kill('SIGKILL'));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server not ready in 120 s:\n${output}`)),
      120_000,
    );
    first.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /ready at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    first.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  assert.match(output, /Missions: loaded .*uk\.yaml/);
  assert.match(output, /Statistics: 50 indicators/);

  const second = run(cwd, 'serve');
  assert.equal(second.code, 3);
  assert.match(second.stderr, /database in .*\.northstar is locked: process \d+ is using it/);
  const health = await fetch(`${url}/health`);
  assert.equal(health.status, 200);

  const stopped = new Promise((resolve) => first.on('exit', resolve));
  first.kill('SIGTERM');
  assert.equal(await stopped, 0);

  // Camden's missions loaded on first start: loading them again changes nothing, a changed
  // file records its changes.
  const camdenFile = path.join(ROOT, 'missions', 'camden.yaml');
  const again = run(cwd, 'missions', 'load', camdenFile, '--reason', 'Camden again');
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /camden\.yaml: no changes/);
  const changed = path.join(cwd, 'camden.yaml');
  fs.writeFileSync(
    changed,
    fs.readFileSync(camdenFile, 'utf8').replace('title: Diverse leadership', 'title: Leaders'),
  );
  const camden = run(cwd, 'missions', 'load', changed, '--reason', 'Camden renames a mission');
  assert.equal(camden.code, 0, camden.stderr);
  assert.match(camden.stdout, /changes recorded in the audit log/);

  const broken = path.join(cwd, 'broken.yaml');
  fs.writeFileSync(
    broken,
    'government:\n  slug: x\n  name: X\n  area: K02000001\nmissions:\n  - slug: Bad Slug\n',
  );
  const invalid = run(cwd, 'missions', 'load', broken);
  assert.equal(invalid.code, 1);
  assert.match(
    invalid.stderr,
    /broken\.yaml:6: error: missions\.0\.slug: expected a lowercase slug/,
  );

  const intact = run(cwd, 'audit', 'verify');
  assert.equal(intact.code, 0, intact.stderr);
  assert.match(intact.stdout, /Audit chain intact: \d+ events/);
  const db = await createPgliteDatabase(path.join(cwd, '.northstar'));
  await db.query("update audit_events set reason = 'quietly moved the goalposts' where id = 3");
  await db.close();
  const altered = run(cwd, 'audit', 'verify');
  assert.equal(altered.code, 1);
  assert.match(altered.stderr, /event 3 has been altered: its content no longer matches its hash/);
});

test('every import writes its report: files, counts and located problems, failed ones too', async () => {
  const cwd = workdir();
  const tidy = path.join(fixtures, 'tidy', fs.readdirSync(path.join(fixtures, 'tidy'))[0]!);
  const ok = run(cwd, 'import', '--report', 'report.json', tidy);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Report: report\.json/);
  const report = JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8'));
  assert.equal(report.outcome, 'imported');
  assert.ok(report.files.length > 0);
  for (const f of report.files) {
    assert.equal(f.outcome, 'imported');
    assert.ok(f.rows > 0 && f.series > 0 && f.areas > 0 && f.periods > 0, JSON.stringify(f));
  }

  // Without --report it goes beside the database; a failed import's report says why.
  const bad = run(cwd, 'import', path.join(fixtures, 'open-sdg-with-problems'));
  assert.equal(bad.code, 1);
  const [file] = fs.readdirSync(path.join(cwd, '.northstar', 'reports'));
  assert.match(bad.stderr, new RegExp(`Report: .*${file}`));
  const failed = JSON.parse(
    fs.readFileSync(path.join(cwd, '.northstar', 'reports', file!), 'utf8'),
  );
  assert.equal(failed.outcome, 'failed');
  assert.ok(
    failed.problems.some((p: { line?: number }) => p.line! > 0),
    'problems have lines',
  );
});

test('an import killed part way leaves the previous state intact and the store usable', async () => {
  const cwd = workdir();
  assert.equal(run(cwd, 'import', path.join(fixtures, 'open-sdg-good')).code, 0);
  const before = await storedCounts(cwd);
  // Rows are copied as each file is read, inside the import's one transaction. A named pipe
  // among the inputs holds the import there: the import blocks opening it for reading, and the
  // test's open for writing returns once it has, so every file before the pipe has been copied.
  const data = path.join(ROOT, 'data', 'uk-sdg', 'data');
  const files = fs
    .readdirSync(data)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(data, f));
  const pipe = path.join(cwd, 'pipe.csv');
  assert.equal(spawnSync('mkfifo', [pipe]).status, 0, 'mkfifo');
  for (const copied of [0, 25, files.length]) {
    const child = spawn(
      process.execPath,
      [bin, 'import', ...files.slice(0, copied), pipe, ...files.slice(copied)],
      { cwd, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const reached = await Promise.race([
      fs.promises.open(pipe, 'w'),
      exited.then(() => {
        // Release the open still waiting for a reader, so the test can end.
        fs.closeSync(fs.openSync(pipe, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
        return undefined;
      }),
    ]);
    assert.ok(
      reached,
      `the import ended before reaching the pipe after ${copied} files:\n${stderr}`,
    );
    child.kill('SIGKILL');
    await exited;
    await reached.close();
    // The killed process's lock is seen as stale; the store opens with what it had.
    assert.deepEqual(
      await storedCounts(cwd),
      before,
      `killed after copying ${copied} files: nothing kept`,
    );
  }
  const again = run(cwd, 'import', path.join(ROOT, 'data', 'uk-sdg'));
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Imported 50 releases/);
  assert.equal(run(cwd, 'audit', 'verify').code, 0, 'the audit chain is whole');
});

test('a file over the size limit is refused before it is read, with a clear message', async () => {
  const cwd = workdir();
  const file = path.join(fixtures, 'open-sdg-good', 'data', 'indicator_1-2-1.csv');
  const limited = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', NORTHSTAR_MAX_IMPORT_MIB: '0.00005' },
    });
  for (const command of ['check', 'import']) {
    const result = limited(command, file);
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /indicator_1-2-1\.csv: error: the file is 113 bytes, over the limit of 52 bytes; split it into smaller files/,
    );
  }
  assert.equal(await releaseCount(cwd), 0, 'nothing imported');
  const bad = spawnSync(process.execPath, [bin, 'check', file], {
    encoding: 'utf8',
    env: { ...process.env, NORTHSTAR_MAX_IMPORT_MIB: 'lots' },
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /NORTHSTAR_MAX_IMPORT_MIB must be a positive number/);
});
