// `northstar publish` as an operator runs it: the folder is swapped whole, so a deleted
// mission's pages are gone, a publish killed part way leaves the folder byte for byte as it
// was, and a folder Northstar did not publish is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../config.ts';
import { pageContentSecurityPolicy, securityHeaders } from '../platform/http/security.ts';
import { PUBLIC_CACHE_CONTROL } from '../platform/http/cache.ts';
import { CORS_HEADERS } from '../platform/http/cors.ts';

const bin = path.join(ROOT, 'bin', 'northstar.js');
const env = { ...process.env, DATABASE_URL: '' };

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every folder and file under `dir`, each file with the SHA-256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    entries[path.relative(dir, full)] = entry.isDirectory()
      ? 'folder'
      : createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return entries;
}

test('publish swaps the whole site in: killed part way it leaves the old one, stale pages go', async (t) => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-publish-'));
  t.after(() => fs.rmSync(cwd, { recursive: true, force: true }));
  // A small store: one indicator's release, the areas, the UK's missions and Camden's.
  const imported = run(cwd, 'import', path.join(ROOT, 'test', 'fixtures', 'open-sdg-good'));
  assert.equal(imported.code, 0, imported.stderr);
  const camdenFile = path.join(ROOT, 'missions', 'camden.yaml');
  const camden = run(cwd, 'missions', 'load', camdenFile, '--reason', 'Camden joins');
  assert.equal(camden.code, 0, camden.stderr);
  const out = path.join(cwd, 'site');
  const first = run(cwd, 'publish', '--out', out);
  assert.equal(first.code, 0, first.stderr);
  // Timed by the machine's timer, not the snapshot's clock, which stands still.
  const [, rate, seconds] = /\((\d+) pages\/s\).* in (\d+\.\d) s\.$/m.exec(first.stdout) ?? [];
  assert.ok(Number(rate) > 0 && Number(seconds) > 0, first.stdout);
  assert.ok(fs.existsSync(path.join(out, 'missions', 'food', 'index.html')));

  // Camden drops its food mission, and the next publish is killed while writing pages.
  const camdenText = fs.readFileSync(camdenFile, 'utf8');
  const withoutFood = camdenText.replace(/^ {2}- slug: food\n[\s\S]*?(?=^ {2}- slug: )/m, '');
  assert.notEqual(withoutFood, camdenText);
  fs.writeFileSync(path.join(cwd, 'camden.yaml'), withoutFood);
  const loaded = run(cwd, 'missions', 'load', 'camden.yaml', '--reason', 'food mission ended');
  assert.equal(loaded.code, 0, loaded.stderr);
  const before = snapshot(out);
  // Watched, not timed: killed once the publish has written a hundred files of the new site,
  // wherever it writes them (anywhere but the database).
  const watcher = fs.watch(cwd, { recursive: true });
  t.after(() => watcher.close());
  const child = spawn(process.execPath, [bin, 'publish', '--out', out], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const written = new Set<string>();
  const reached = await new Promise<boolean>((resolve) => {
    watcher.on('change', (_event, file) => {
      if (!String(file).startsWith('.northstar')) written.add(String(file));
      if (written.size >= 100) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  assert.ok(reached, `the publish ended before it was killed:\n${stderr}`);
  child.kill('SIGKILL');
  await exited;
  const after = snapshot(out);
  const changed = Object.keys({ ...before, ...after }).filter((f) => before[f] !== after[f]);
  assert.deepEqual(changed, [], 'the published folder is exactly as it was');

  const again = run(cwd, 'publish', '--out', out);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(fs.existsSync(path.join(out, 'missions', 'food')), false, "food's pages are gone");
  assert.ok(fs.existsSync(path.join(out, 'missions', 'young-people', 'index.html')));
  assert.deepEqual(fs.readdirSync(cwd).sort(), ['.northstar', 'camden.yaml', 'site']);

  // Every page carries the security policy, and the header files are shipped beside them.
  const pages = Object.keys(snapshot(out)).filter((file) => file.endsWith('.html'));
  assert.ok(pages.length > 100, `${pages.length} pages`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${pageContentSecurityPolicy.replace(/'/g, '&#39;')}">`;
  const without = pages.filter(
    (file) => !fs.readFileSync(path.join(out, file), 'utf8').includes(meta),
  );
  assert.deepEqual(without, [], 'pages without the policy');
  // The same security and caching headers as the server sends, in each file's own syntax.
  const sent = { ...securityHeaders, 'cache-control': PUBLIC_CACHE_CONTROL };
  const shipped = (file: string, line: RegExp) =>
    Object.fromEntries(
      [...fs.readFileSync(path.join(out, file), 'utf8').matchAll(line)].map((m) => [
        m[1]!.toLowerCase(),
        m[2],
      ]),
    );
  // `_headers`: the security headers for every file (`/*`), and the API's cross-origin ones.
  const [everyFile, api] = fs
    .readFileSync(path.join(out, '_headers'), 'utf8')
    .split(/^\/api\/\*$/m)
    .map((block) =>
      Object.fromEntries(
        [...block.matchAll(/^ {2}([\w-]+): (.*)$/gm)].map((m) => [m[1]!.toLowerCase(), m[2]]),
      ),
    );
  assert.deepEqual(everyFile, sent);
  assert.match(fs.readFileSync(path.join(out, '_headers'), 'utf8'), /^\/\*$/m, 'for every file');
  assert.deepEqual(api, CORS_HEADERS);
  assert.deepEqual(
    shipped('nginx-security-headers.conf', /^add_header ([\w-]+) "([^"]*)" always;$/gm),
    sent,
  );
});

test('publish refuses a folder it did not publish, before doing anything', (t) => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-publish-'));
  t.after(() => fs.rmSync(cwd, { recursive: true, force: true }));
  fs.mkdirSync(path.join(cwd, 'home'));
  fs.writeFileSync(path.join(cwd, 'home', 'thesis.tex'), 'years of work');
  const result = run(cwd, 'publish', '--out', 'home');
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /home holds files that Northstar did not publish/);
  assert.deepEqual(fs.readdirSync(cwd), ['home'], 'no database opened, nothing written');
  assert.deepEqual(fs.readdirSync(path.join(cwd, 'home')), ['thesis.tex']);
});
