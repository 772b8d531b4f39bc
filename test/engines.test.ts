// The embedded engine and PostgreSQL, seeded the same way, must tell the same story.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pgliteRuntime, postgresRuntime } from './support/runtime.ts';

test('PGlite and PostgreSQL give the same missions, statuses and figures', async (t) => {
  const embedded = await pgliteRuntime({ seed: true });
  t.after(() => embedded.close());
  const server = await postgresRuntime('northstar_engines', { seed: true });
  t.after(() => server.close());

  const [a, b] = await Promise.all([
    embedded.services.missions.list(),
    server.services.missions.list(),
  ]);
  assert.equal(a.length, 9, 'the UK’s five missions and Camden’s four');
  assert.deepEqual(b, a);
  const query = { indicatorId: '8.5.2', areaCode: 'K02000001' };
  const [x, y] = await Promise.all([
    embedded.services.statistics.observations(query),
    server.services.statistics.observations(query),
  ]);
  assert.ok(x.length > 100);
  assert.deepEqual(y, x);
  assert.equal((await server.services.health()).database, 'postgres');
});
