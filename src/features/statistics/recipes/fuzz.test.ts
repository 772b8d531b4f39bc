// Mutated publishers' workbooks never crash an import: each is read with its recipe into
// figures, or refused with located errors, and an import of one stores all or nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { ROOT } from '../../../config.ts';
import { checkFiles, ImportError } from '../importer.ts';
import { loadRecipe } from './recipe.ts';
import { pgliteRuntime } from '../../../../test/support/runtime.ts';

const sources = [
  { file: 'data/milestones/01-nhs-rtt/latest-waiting-list.xlsx', recipe: 'nhs-rtt' },
  { file: 'data/milestones/05-housing/houses.xlsx', recipe: 'ons-house-building' },
].map((s) => ({
  ...s,
  bytes: fs.readFileSync(path.join(ROOT, s.file)),
  recipe: loadRecipe(s.recipe).loaded!,
}));

let seed = 20261204;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const junk: unknown[] = [
  '',
  'abc',
  '[x]',
  '[c]',
  '..',
  '12.3 [p]',
  '1,234',
  '52+',
  '-',
  '=1+1',
  '\u0000',
  '2025 Q5',
  'Aprill 2025',
  -1e308,
  0,
  new Date(Date.UTC(2199, 0, 1)),
  true,
  'x'.repeat(10_000),
];

type Workbook = XLSX.WorkBook;
const cellMutations: ((w: Workbook) => void)[] = [
  (w) => {
    // Any cell of any sheet, the tables' own included, becomes something odd.
    const sheet = w.Sheets[pick(w.SheetNames)]!;
    const range = XLSX.utils.decode_range(sheet['!ref'] ?? 'A1');
    const r = range.s.r + Math.floor(random() * (range.e.r - range.s.r + 1));
    const c = range.s.c + Math.floor(random() * (range.e.c - range.s.c + 1));
    XLSX.utils.sheet_add_aoa(sheet, [[pick(junk)]], { origin: { r, c } });
  },
  (w) => {
    // A row removed or repeated: later editions move tables up and down.
    const name = pick(w.SheetNames);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(w.Sheets[name]!, {
      header: 1,
      raw: true,
      defval: null,
      blankrows: true,
    });
    const at = Math.floor(random() * rows.length);
    if (random() < 0.5) rows.splice(at, 1);
    else rows.splice(at, 0, rows[at] ?? []);
    w.Sheets[name] = XLSX.utils.aoa_to_sheet(rows, { cellDates: true });
  },
  (w) => {
    if (random() < 0.7) return; // renamed sheets are refused early: less often than the rest
    const i = Math.floor(random() * w.SheetNames.length);
    const old = w.SheetNames[i]!;
    const renamed = `${old.slice(0, 20)} (${i})`;
    w.SheetNames[i] = renamed;
    w.Sheets[renamed] = w.Sheets[old]!;
    delete w.Sheets[old];
  },
];
const byteMutations: ((b: Buffer) => Buffer)[] = [
  (b) => b.subarray(0, Math.floor(random() * b.length)),
  (b) => {
    const copy = Buffer.from(b);
    for (let i = 0; i < 1 + random() * 20; i++)
      copy[Math.floor(random() * copy.length)] = random() * 256;
    return copy;
  },
];

function mutate(bytes: Buffer): Buffer {
  if (random() < 0.2) return pick(byteMutations)(bytes);
  const workbook = XLSX.read(bytes, { cellDates: true });
  for (let i = 0; i < 1 + random() * 3; i++) pick(cellMutations)(workbook);
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

test('fuzz: 60 mutated workbooks are each read with their recipe or refused with located errors', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-fuzz-recipes-'));
  const runtime = await pgliteRuntime();
  await runtime.stores.areas.save(runtime.geography.areas);
  const count = async () =>
    (await runtime.db.query<{ n: number }>('select count(*)::int as n from observations'))[0]!.n;
  let rejected = 0;
  let loaded = 0;
  try {
    for (let i = 0; i < 60; i++) {
      const source = pick(sources);
      const file = path.join(dir, `case-${i}.xlsx`);
      fs.writeFileSync(file, mutate(source.bytes));
      // A damaged workbook can make the parser loop: it is stopped, and refused, in seconds.
      const options = {
        recipe: source.recipe,
        publishedOn: '2026-06-11',
        workbookLimits: { timeoutMs: 5000 },
      };
      const report = await checkFiles([file], runtime.geography, options);
      const errors = report.problems.filter((p) => p.severity === 'error');
      for (const e of errors) {
        assert.equal(e.file, file, `case ${i}: the error names the file`);
        assert.ok(e.message.length > 10, `case ${i}: says why`);
      }
      if (i % 6 === 0) {
        const before = await count();
        try {
          const imported = await runtime.services.statistics.import([file], {
            actor: 'fuzz',
            ...options,
          });
          assert.equal(errors.length, 0, `case ${i}: imported although check found errors`);
          const rows = imported.files.reduce((n, f) => n + f.rows, 0);
          const stored = imported.files.some((f) => f.outcome === 'imported') ? rows : 0;
          assert.equal(await count(), before + stored, `case ${i}: every figure or none`);
        } catch (error) {
          assert.ok(error instanceof ImportError, `case ${i}: ${String(error)}`);
          assert.equal(await count(), before, `case ${i}: nothing stored`);
        }
      }
      if (errors.length) rejected++;
      else loaded++;
      fs.rmSync(file);
    }
  } finally {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // Both outcomes occur, or the mutations test nothing.
  assert.ok(rejected > 10 && loaded > 5, `rejected ${rejected}, loaded ${loaded}`);
});
