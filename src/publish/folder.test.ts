// Publishing replaces the folder whole, by renames: stale files go, a failure or a killed
// publish leaves the folder as it was, and a folder that is not Northstar's is never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { publishedMarker, publishToFolder, PublishFolderError } from './folder.ts';
import type { PublishEffects } from './site.ts';

function tempDir(t: { after: (fn: () => void) => void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-folder-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under `dir` with its contents, the marker left out. */
function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.relative(dir, path.join(entry.parentPath, entry.name));
    if (entry.isFile() && file !== publishedMarker)
      files[file] = fs.readFileSync(path.join(dir, file), 'utf8');
  }
  return files;
}

const site = (files: Record<string, string>) => async (effects: PublishEffects) => {
  for (const [file, contents] of Object.entries(files)) await effects.writeFile(file, contents);
  return Object.keys(files).length;
};

/** The id of a process that has ended. */
const endedPid = () => spawnSync('true').pid!;

test('a publish replaces the folder whole: a page no longer published is gone', async (t) => {
  const out = path.join(tempDir(t), 'site');
  await publishToFolder(out, site({ 'index.html': 'old', 'missions/food/index.html': 'food' }));
  assert.equal(fs.existsSync(path.join(out, publishedMarker)), true);
  assert.equal(await publishToFolder(out, site({ 'index.html': 'new' })), 1);
  assert.deepEqual(filesIn(out), { 'index.html': 'new' });
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['site'], 'nothing left beside it');
});

test('a publish that fails leaves the folder as it was and nothing beside it', async (t) => {
  const out = path.join(tempDir(t), 'site');
  await publishToFolder(out, site({ 'index.html': 'old', 'a/index.html': 'a' }));
  const failing = async (effects: PublishEffects) => {
    await effects.writeFile('index.html', 'half');
    throw new Error('a page answered 500');
  };
  await assert.rejects(publishToFolder(out, failing), /a page answered 500/);
  assert.deepEqual(filesIn(out), { 'index.html': 'old', 'a/index.html': 'a' });
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['site']);
});

test('a folder Northstar did not publish, or a file, is refused and left untouched', async (t) => {
  const dir = tempDir(t);
  const theirs = path.join(dir, 'home');
  fs.mkdirSync(theirs);
  fs.writeFileSync(path.join(theirs, 'thesis.tex'), 'years of work');
  const file = path.join(dir, 'notes.txt');
  fs.writeFileSync(file, 'notes');
  for (const out of [theirs, file]) {
    const write = site({ 'index.html': 'new' });
    await assert.rejects(publishToFolder(out, write), PublishFolderError);
  }
  await assert.rejects(publishToFolder(theirs, site({})), /did not publish/);
  assert.deepEqual(filesIn(theirs), { 'thesis.tex': 'years of work' });
  assert.equal(fs.readFileSync(file, 'utf8'), 'notes');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['home', 'notes.txt']);

  // An empty folder, and one published before the marker existed, are Northstar's to replace.
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  await publishToFolder(empty, site({ 'index.html': 'new' }));
  assert.deepEqual(filesIn(empty), { 'index.html': 'new' });
  const earlier = path.join(dir, 'earlier');
  fs.mkdirSync(path.join(earlier, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(earlier, 'assets', 'northstar.css'), 'css');
  await publishToFolder(earlier, site({ 'index.html': 'new' }));
  assert.deepEqual(filesIn(earlier), { 'index.html': 'new' });
});

test("a killed publish's leftovers are cleared by the next, and only those", async (t) => {
  const dir = tempDir(t);
  const out = path.join(dir, 'site');
  await publishToFolder(out, site({ 'index.html': 'old' }));
  const killed = endedPid();
  // Killed while writing: an unfinished new site beside the old.
  fs.mkdirSync(path.join(dir, `site.publishing-${killed}`));
  fs.writeFileSync(path.join(dir, `site.publishing-${killed}`, publishedMarker), '');
  fs.writeFileSync(path.join(dir, `site.publishing-${killed}`, 'index.html'), 'half');
  // Left alone: a publish still running (this process's parent), and a folder not Northstar's.
  fs.mkdirSync(path.join(dir, `site.publishing-${process.ppid}`));
  fs.writeFileSync(path.join(dir, `site.publishing-${process.ppid}`, publishedMarker), '');
  fs.mkdirSync(path.join(dir, `site.previous-${killed + 1}`));
  fs.writeFileSync(path.join(dir, `site.previous-${killed + 1}`, 'mine.txt'), 'keep');

  await publishToFolder(out, site({ 'index.html': 'new' }));
  assert.deepEqual(filesIn(out), { 'index.html': 'new' });
  assert.deepEqual(fs.readdirSync(dir).sort(), [
    'site',
    `site.previous-${killed + 1}`,
    `site.publishing-${process.ppid}`,
  ]);
});

test('killed between its two renames, the old site is moved back before anything else', async (t) => {
  const dir = tempDir(t);
  const out = path.join(dir, 'site');
  await publishToFolder(out, site({ 'index.html': 'old' }));
  const killed = endedPid();
  fs.renameSync(out, path.join(dir, `site.previous-${killed}`));
  const failing = async () => {
    throw new Error('the database is locked');
  };
  await assert.rejects(publishToFolder(out, failing), /locked/);
  assert.deepEqual(filesIn(out), { 'index.html': 'old' });
  assert.deepEqual(fs.readdirSync(dir), ['site']);
});

test('the published files are readable by the web server whatever the umask', async (t) => {
  const out = path.join(tempDir(t), 'site');
  const umask = process.umask(0o077);
  t.after(() => process.umask(umask));
  await publishToFolder(out, site({ 'missions/index.html': 'page' }));
  assert.equal(fs.statSync(out).mode & 0o777, 0o755);
  assert.equal(fs.statSync(path.join(out, 'missions')).mode & 0o777, 0o755);
  assert.equal(fs.statSync(path.join(out, 'missions', 'index.html')).mode & 0o777, 0o644);
});
