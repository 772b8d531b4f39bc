// Arbitrary bytes never crash an import: generated mutations of real ONS files are each either
// rejected with located errors (and nothing stored) or loaded in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../../config.ts';
import { checkFiles, ImportError } from '../importer.ts';
import { pgliteRuntime } from '../../../../test/support/runtime.ts';

const sources = [
  'data/uk-sdg/data/indicator_3-a-1.csv',
  'data/uk-sdg/data/indicator_8-6-1.csv',
  'data/templates/tidy-template.csv',
].map((f) => fs.readFileSync(path.join(ROOT, f)));

let seed = 20261122;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const at = (b: Buffer) => Math.floor(random() * (b.length + 1));

const nasty = [
  '"',
  ',',
  '\r',
  '\n',
  '\u0000',
  '\uFEFF',
  'Ã©',
  '=cmd|',
  '1e999',
  'NaN',
  '-',
  '2019/20 [Note',
  '[',
  ']',
  '"""',
  ',,,,,,,,,,,,',
];
const mutations: ((b: Buffer) => Buffer)[] = [
  (b) => b.subarray(0, at(b)), // truncated anywhere
  (b) => {
    const copy = Buffer.from(b);
    for (let i = 0; i < 1 + random() * 20; i++) copy[at(copy) % copy.length] = random() * 256;
    return copy; // random bytes flipped, invalid UTF-8 included
  },
  (b) => {
    const i = at(b);
    return Buffer.concat([b.subarray(0, i), Buffer.from(pick(nasty)), b.subarray(i)]);
  },
  (b) => {
    const i = at(b);
    return Buffer.concat([b.subarray(0, i), b.subarray(i + Math.floor(random() * 200))]);
  },
  () => Buffer.from(Array.from({ length: random() * 4000 }, () => random() * 256)),
  // Changes that keep a file valid: it must then load.
  (b) =>
    Buffer.from(b.toString('latin1').replaceAll('\r\n', '\n').replaceAll('\n', '\r\n'), 'latin1'),
  (b) => Buffer.concat([Buffer.from('\uFEFF'), b]),
  (b) => b.subarray(0, b.length - (b.at(-1) === 10 ? 1 : 0)),
  (b) => Buffer.concat([b.subarray(0, at(b)), Buffer.from('x'.repeat(100_000)), b]),
];

function mutate(b: Buffer): Buffer {
  let out = b;
  for (let i = 0; i < 1 + random() * 3; i++) out = pick(mutations)(out);
  return out;
}

test('fuzz: 400 malformed files are each rejected with located errors or loaded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-fuzz-'));
  const runtime = await pgliteRuntime();
  await runtime.stores.areas.save(runtime.geography.areas);
  let rejected = 0;
  let loaded = 0;
  try {
    for (let i = 0; i < 400; i++) {
      const source = pick(sources);
      const file = path.join(dir, `case-${i}`, 'indicator_9-9-1.csv');
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, mutate(source));
      const report = await checkFiles([file], runtime.geography);
      const errors = report.problems.filter((p) => p.severity === 'error');
      for (const e of errors) {
        assert.equal(e.file, file, `case ${i}: the error names the file`);
        assert.ok(Number.isInteger(e.line) && e.line! >= 1, `case ${i}: no line in ${e.message}`);
      }
      // A sample goes all the way into the store: all or nothing.
      if (i % 10 === 0) {
        const count = async () =>
          (await runtime.db.query<{ n: number }>('select count(*)::int as n from observations'))[0]!
            .n;
        const before = await count();
        try {
          const imported = await runtime.services.statistics.import([file], { actor: 'fuzz' });
          assert.equal(errors.length, 0, `case ${i}: imported although check found errors`);
          const rows = imported.files.reduce((n, f) => n + f.rows, 0);
          const stored = imported.files.some((f) => f.outcome === 'imported') ? rows : 0;
          assert.equal(await count(), before + stored, `case ${i}: every row or none`);
        } catch (error) {
          assert.ok(error instanceof ImportError, `case ${i}: ${String(error)}`);
          assert.equal(await count(), before, `case ${i}: nothing stored`);
        }
      }
      if (errors.length) rejected++;
      else loaded++;
      fs.rmSync(path.dirname(file), { recursive: true });
    }
  } finally {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // Both outcomes occur, or the mutations test nothing.
  assert.ok(rejected > 50 && loaded > 5, `rejected ${rejected}, loaded ${loaded}`);
});
