// Printed PDFs kept by what was printed: a page printed again is read from the kept print, a
// changed page is printed afresh, prints long unused go, and a folder that cannot be written
// costs a print, never the PDF. Chromium's pages are used again without changing a print.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable, keepPrintsIn, printPdf } from './pdf.ts';

// With a table: Chromium names a tagged table's cells by its renderer's count of nodes.
const page = (words: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>${words}</title></head><body><h1>${words}</h1>` +
  '<table><tr><th scope="col">Goal</th><th scope="col">Status</th></tr>' +
  '<tr><th scope="row">A goal</th><td>On track</td></tr></table></body></html>';
const at = new Date('2031-01-10T00:00:00Z');
const kept = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith('.pdf'));

const readProc = (pid: number, file: string) => {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return '';
  }
};
/** Every process under `pid` (Chromium and its children), from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const stat = readProc(Number(name), 'stat');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const under = (p: number): number[] => (children.get(p) ?? []).flatMap((c) => [c, ...under(c)]);
  return under(pid);
}

describe('kept prints', { skip: !chromiumAvailable() && 'no Chromium' }, () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-prints-'));
    keepPrintsIn(path.join(dir, 'prints'));
  });
  after(() => {
    keepPrintsIn(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints a page once and reads it from the kept print after', async () => {
    const prints = path.join(dir, 'prints');
    const first = await printPdf(page('A stocktake'), at);
    assert.match(first.subarray(0, 5).toString('latin1'), /^%PDF-/);
    const [name] = kept(prints);
    assert.equal(kept(prints).length, 1);
    assert.equal(fs.statSync(prints).mode & 0o777, 0o700, 'a private folder');
    assert.equal(fs.statSync(path.join(prints, name!)).mode & 0o777, 0o600, 'a private file');
    assert.deepEqual(fs.readFileSync(path.join(prints, name!)), first);

    // What is kept is what is given: marked bytes come back, so Chromium was not asked.
    const marked = Buffer.concat([first, Buffer.from('%kept\n')]);
    fs.writeFileSync(path.join(prints, name!), marked);
    assert.deepEqual(await printPdf(page('A stocktake'), at), marked);

    // Another page, or the same page of another day, is printed afresh.
    const other = await printPdf(page('Another stocktake'), at);
    assert.notDeepEqual(other, marked);
    const otherDay = await printPdf(page('A stocktake'), new Date('2031-04-10T00:00:00Z'));
    assert.match(otherDay.toString('latin1'), /\/CreationDate \(D:20310410000000\+00'00'\)/);
    assert.equal(kept(prints).length, 3);
  });

  it('removes prints unused for a month when it keeps another', async () => {
    const prints = path.join(dir, 'prints');
    const [stale, recent] = kept(prints);
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    fs.utimesSync(path.join(prints, stale!), longAgo, longAgo);
    await printPdf(page('A third stocktake'), at);
    const now = kept(prints);
    assert.ok(!now.includes(stale!), 'the print unused for a month is gone');
    assert.ok(now.includes(recent!), 'a print used lately stays');
    assert.equal(now.length, 3);
  });

  it('prints the same bytes on a page used before as on a fresh one', async () => {
    keepPrintsIn(undefined);
    try {
      const first = await printPdf(page('A stocktake'), at);
      await printPdf(page('Another stocktake'), at);
      assert.deepEqual(await printPdf(page('A stocktake'), at), first, 'after another document');
      // Chromium is closed once idle for two seconds: the next print is on a new one's new page.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.deepEqual(await printPdf(page('A stocktake'), at), first, 'in a new Chromium');
    } finally {
      keepPrintsIn(path.join(dir, 'prints'));
    }
  });

  it('prints again after a renderer died between prints', async () => {
    keepPrintsIn(undefined);
    try {
      const first = await printPdf(page('A stocktake'), at);
      const renderers = descendants(process.pid).filter((pid) =>
        readProc(pid, 'cmdline').includes('--type=renderer'),
      );
      assert.ok(renderers.length > 0, 'Chromium has a renderer for its kept page');
      for (const pid of renderers) process.kill(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(await printPdf(page('A stocktake'), at), first);
    } finally {
      keepPrintsIn(path.join(dir, 'prints'));
    }
  });

  it('still prints when the folder cannot be written', async () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    keepPrintsIn(path.join(blocked, 'prints'));
    try {
      const pdf = await printPdf(page('Unkept'), at);
      assert.match(pdf.subarray(0, 5).toString('latin1'), /^%PDF-/);
    } finally {
      keepPrintsIn(path.join(dir, 'prints'));
    }
  });
});
