import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepReads } from './keptReads.ts';

function countingStore() {
  const asked: string[] = [];
  return {
    asked,
    store: {
      async figures(query: { area: string; asAt: Date }) {
        asked.push(query.area);
        if (query.area === 'refused') throw new Error('no such area');
        return [query.area];
      },
      async inTransaction(sql: { query(): void }, area: string) {
        asked.push(`tx:${area}`);
        return sql ? [area] : [];
      },
      async write(area: string) {
        asked.push(`write:${area}`);
      },
    },
  };
}

test('a read is asked once for the same arguments, until the answers are forgotten', async () => {
  const { asked, store } = countingStore();
  const kept = keepReads(store, ['figures', 'inTransaction']);
  const at = new Date('2026-12-05T12:00:00Z');
  const first = await kept.store.figures({ area: 'E09000007', asAt: at });
  const again = await kept.store.figures({ area: 'E09000007', asAt: new Date(at) });
  assert.equal(again, first, 'the same answer, not asked again');
  await kept.store.figures({ area: 'E09000007', asAt: new Date('2026-12-05T12:00:01Z') });
  await kept.store.figures({ area: 'E08000003', asAt: at });
  assert.deepEqual(asked, ['E09000007', 'E09000007', 'E08000003']);
  kept.forget();
  await kept.store.figures({ area: 'E09000007', asAt: at });
  assert.equal(asked.length, 4, 'asked again after forgetting');
});

test('a refused read, a read given a connection and a write are asked every time', async () => {
  const { asked, store } = countingStore();
  const kept = keepReads(store, ['figures', 'inTransaction']);
  const at = new Date('2026-12-05T12:00:00Z');
  for (let i = 0; i < 2; i++)
    await assert.rejects(kept.store.figures({ area: 'refused', asAt: at }), /no such area/);
  const sql = { query() {} };
  await kept.store.inTransaction(sql, 'E09000007');
  await kept.store.inTransaction(sql, 'E09000007');
  await kept.store.write('E09000007');
  await kept.store.write('E09000007');
  assert.deepEqual(asked, [
    'refused',
    'refused',
    'tx:E09000007',
    'tx:E09000007',
    'write:E09000007',
    'write:E09000007',
  ]);
});
