import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeConformance } from '../../../test/conformance/store.conformance.ts';
import { createPgliteDatabase } from './pglite.ts';
import { DatabaseLockedError } from './lock.ts';

storeConformance('PGlite', () => createPgliteDatabase());

test('the embedded directory is locked against a second opener, and reopens with its data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-lock-'));
  const first = await createPgliteDatabase(dir);
  await first.exec('create table kept (n int); insert into kept values (42)');
  await assert.rejects(
    createPgliteDatabase(dir),
    (e: unknown) => e instanceof DatabaseLockedError && /locked: process \d+/.test(e.message),
  );
  await first.close();
  const again = await createPgliteDatabase(dir);
  assert.deepEqual(await again.query('select n from kept'), [{ n: 42 }]);
  await again.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a lock left by a dead process is taken over', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-lock-'));
  fs.writeFileSync(path.join(dir, 'lock'), '2147483646'); // no such process
  const db = await createPgliteDatabase(dir);
  assert.equal(fs.readFileSync(path.join(dir, 'lock'), 'utf8'), String(process.pid));
  await db.close();
  assert.equal(fs.existsSync(path.join(dir, 'lock')), false);
  fs.rmSync(dir, { recursive: true, force: true });
});
