// The record cannot be cut or rewritten unseen: ten ways of tampering with a seeded store, each
// found by `audit verify` — the last two only against a head published before the tampering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../src/config.ts';
import { createWebApp, type Runtime } from '../src/compose.ts';
import { auditHash, type AuditEntry } from '../src/domain/audit.ts';
import { parsePublishedHead } from '../src/features/audit/verify.ts';
import { createPgliteDatabase } from '../src/platform/db/pglite.ts';
import { pgliteRuntime } from './support/runtime.ts';

/** Recomputes every event's hash from `fromId` on, as a forger who rewrote history would. */
async function rehashFrom(runtime: Runtime, fromId: number) {
  const events = await runtime.services.audit.chain();
  let prev = events.find((e) => e.id === fromId - 1)?.hash;
  assert.ok(prev);
  for (const { id, prevHash: _p, hash: _h, ...entry } of events.filter((e) => e.id >= fromId)) {
    const hash = auditHash(prev, entry as AuditEntry);
    await runtime.db.query('update audit_events set prev_hash = $1, hash = $2 where id = $3', [
      prev,
      hash,
      id,
    ]);
    prev = hash;
  }
}

const SQL = (sql: string) => async (runtime: Runtime) => void (await runtime.db.query(sql));

const tampering: [kind: string, tamper: (runtime: Runtime) => Promise<void>, found: RegExp][] = [
  [
    "an event's reason reworded",
    SQL("update audit_events set reason = 'nothing to see' where id = 3"),
    /event 3 has been altered/,
  ],
  [
    'an event in the middle deleted',
    SQL('delete from audit_events where id = 4'),
    /event 5 does not follow/,
  ],
  [
    'two events swapped',
    SQL(`update audit_events set entity_id = case id when 5 then (select entity_id from audit_events where id = 6)
         else (select entity_id from audit_events where id = 5) end where id in (5, 6)`),
    /event 5 has been altered/,
  ],
  [
    "a goal's target changed in its table",
    SQL("update goals set target_value = 999 where slug = 'smoke-free'"),
    /goal nhs\/smoke-free is not as its last recorded change/,
  ],
  [
    'a goal deleted from its table',
    SQL("delete from goals where slug = 'smoke-free'"),
    /goal nhs\/smoke-free was recorded \(event \d+\) but is not stored/,
  ],
  [
    'a mission renamed in its table',
    SQL("update missions set title = 'Something else' where slug = 'nhs'"),
    /mission nhs is not as its last recorded change/,
  ],
  [
    'a figure changed',
    SQL(`update observation_series set "values"[1] = "values"[1] + 1
         where release_id = (select id from releases where indicator_id = '3.a.1')
           and lines[1] = (select min(lines[1]) from observation_series
                           where release_id = (select id from releases where indicator_id = '3.a.1'))`),
    /release 3\.a\.1#\d+: its figures are not the figures it stored/,
  ],
  [
    "a release's date moved",
    SQL(
      "update releases set released_at = released_at - interval '1 year' where indicator_id = '3.a.1'",
    ),
    /release 3\.a\.1#\d+ is not as its last recorded change/,
  ],
  [
    'the newest events deleted (against the published head)',
    async (runtime) => {
      const latest = await runtime.services.audit.latestId();
      await runtime.db.query('delete from audit_events where id > $1', [latest - 3]);
      // The rows those events recorded go too, so the tables agree with the shortened log.
      const orphans = `select id from releases where id not in (
        select (split_part(entity_id, '#', 2))::bigint from audit_events where entity_type = 'release')`;
      for (const table of ['observation_series', 'measures', 'periods'])
        await runtime.db.query(`delete from ${table} where release_id in (${orphans})`);
      await runtime.db.query(`delete from releases where id in (${orphans})`);
      await runtime.db.query(`delete from governance_records g where not exists (
        select 1 from audit_events e where e.entity_type = g.kind and e.entity_id = g.mission_slug || '/' || g.id)`);
    },
    /the published head, event \d+, is not in the log: the log was cut short/,
  ],
  [
    'an event rewritten and every later hash recomputed (against the published head)',
    async (runtime) => {
      await runtime.db.query("update audit_events set reason = 'rewritten' where id = 2");
      await rehashFrom(runtime, 2);
    },
    /event \d+ does not have the published head's hash: the log was rewritten/,
  ],
];

test('audit verify finds each of ten kinds of tampering, and nothing on an untouched store', async () => {
  const intact = await pgliteRuntime({ seed: true });
  const app = await createWebApp(intact.services, { production: true });
  // The head as every page and /api/v1/audit/head publish it, before anything is touched.
  const page = (await app.inject('/')).body;
  const published = parsePublishedHead(page);
  assert.ok(published, 'the overview shows the head');
  assert.deepEqual(parsePublishedHead((await app.inject('/api/v1/audit/head')).body), published);
  assert.equal(published.id, await intact.services.audit.latestId());
  const clean = await intact.services.audit.verify(published);
  assert.ok(clean.ok, JSON.stringify(clean));
  await app.close();
  await intact.close();

  for (const [kind, tamper, found] of tampering) {
    const runtime = await pgliteRuntime({ seed: true });
    try {
      await tamper(runtime);
      const result = await runtime.services.audit.verify(published);
      assert.equal(result.ok, false, `${kind}: not found`);
      if (!result.ok) assert.match(result.problems.join('\n'), found, kind);
      if (kind.includes('published head')) {
        // Without the published head, these two leave a log that holds together.
        assert.ok((await runtime.services.audit.verify()).ok, `${kind}: seen without the head`);
      }
    } finally {
      await runtime.close();
    }
  }
});

test('northstar audit verify --against a published page fails once the log is cut', async () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-tamper-'));
  try {
    const seeded = await pgliteRuntime({ seed: true });
    const dump = await (
      seeded.db as unknown as Awaited<ReturnType<typeof createPgliteDatabase>>
    ).dumpDataDir();
    const app = await createWebApp(seeded.services, { production: true });
    const pageFile = path.join(cwd, 'overview.html');
    fs.writeFileSync(pageFile, (await app.inject('/')).body);
    await app.close();
    await seeded.close();
    const db = await createPgliteDatabase(path.join(cwd, '.northstar'), { loadDataDir: dump });
    await db.close();

    const verify = () =>
      spawnSync(
        process.execPath,
        [path.join(ROOT, 'bin', 'northstar.js'), 'audit', 'verify', '--against', pageFile],
        { cwd, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
      );
    const before = verify();
    assert.equal(before.status, 0, before.stderr);
    assert.match(before.stdout, /the published head, event \d+, is in the log unchanged/);

    const store = await createPgliteDatabase(path.join(cwd, '.northstar'));
    await store.query('delete from audit_events where id = (select max(id) from audit_events)');
    await store.close();
    const after = verify();
    assert.equal(after.status, 1);
    assert.match(after.stderr, /the log was cut short/);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
