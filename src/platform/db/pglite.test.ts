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

test('queued statements leave the event loop free between them', async () => {
  const db = await createPgliteDatabase();
  const answered: number[] = [];
  const queued = Array.from({ length: 10 }, (_, i) =>
    db.query('select count(*) from generate_series(1, 50000)').then(() => answered.push(i)),
  );
  // A timer due now stands for /health and every other socket: it must not wait for the queue.
  const seenByTimer = await new Promise<number>((resolve) =>
    setTimeout(() => resolve(answered.length), 0),
  );
  await Promise.all(queued);
  assert.ok(seenByTimer < 10, `the timer ran only after all ${seenByTimer} statements`);
  // A transaction keeps its turn: nothing from outside runs between its statements.
  const order: string[] = [];
  await Promise.all([
    db.transaction(async (tx) => {
      await tx.query('select 1');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.query('select 2');
      order.push('transaction');
    }),
    db.query('select 3').then(() => order.push('outside')),
  ]);
  assert.deepEqual(order, ['transaction', 'outside']);
  await db.close();
});
