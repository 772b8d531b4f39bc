// `missions load` writes the differences between a file and the store, one entity at a time:
// each created, updated or deleted goal, project or mission is one audit event, and nothing
// that did not change is written or recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deleteMilestone, saveMilestone } from './writes.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { healthMissions, smokingGoal } from '../../../test/support/missions.ts';
import { fixedClock } from '../../clock.ts';

const project = (slug: string, milestone: string) => `    projects:
      - slug: ${slug}
        title: Project ${slug}
        lead: DHSC
        status: in-progress
        milestones: [{ title: ${milestone}, due: 2026-06-30 }]`;

test('a missions file is written as the changes of single entities, each recorded once', async (t) => {
  const runtime = await pgliteRuntime();
  t.after(() => runtime.close());
  const { services, stores, geography } = runtime;
  await stores.areas.save(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-load-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'uk.yaml');
  const load = async (yaml: string, reason: string) => {
    fs.writeFileSync(file, yaml);
    const since = await services.audit.latestId();
    const { changes } = await services.missions.loadFile(file, 'tester', reason);
    const events = (await services.audit.list({ ids: [since + 1, Number.MAX_SAFE_INTEGER] }))
      .reverse()
      .map((e) => `${e.action} ${e.entityType} ${e.entityId}`);
    assert.equal(changes, events.length, 'the count is what was recorded');
    return events;
  };
  const goalSlugs = async () =>
    (await services.missions.definitions())[0]!.goals.map((g) => g.slug);

  const three = [smokingGoal('a', 5), smokingGoal('b', 6), smokingGoal('c', 7)];
  assert.deepEqual(await load(healthMissions(...three) + project('ban', 'Bill'), 'first'), [
    'create government uk',
    'create indicator 1.2.1',
    'create mission health',
    'create goal health/a',
    'create goal health/b',
    'create goal health/c',
    'create project health/ban',
  ]);
  assert.deepEqual(await load(healthMissions(...three) + project('ban', 'Bill'), 'again'), []);

  // A new order is stored and records nothing: order is not part of what a goal says.
  const reordered = [three[2]!, three[0]!, three[1]!];
  assert.deepEqual(await load(healthMissions(...reordered) + project('ban', 'Bill'), 'order'), []);
  assert.deepEqual(await goalSlugs(), ['c', 'a', 'b']);

  // One goal changed, one removed, one milestone renamed: three events, nothing else.
  const changed = [smokingGoal('c', 8), smokingGoal('a', 5)];
  assert.deepEqual(
    await load(healthMissions(...changed) + project('ban', 'Royal Assent'), 'edit'),
    ['update goal health/c', 'delete goal health/b', 'update project health/ban'],
  );
  assert.deepEqual(await goalSlugs(), ['c', 'a']);
  const [goal] = (await services.missions.definitions())[0]!.goals;
  assert.equal(goal?.target?.value, 8);

  // The goals not named were not rewritten: their recorded history is only their creation.
  const history = await services.audit.list({ entityTypes: ['goal'], entityId: 'health/a' });
  assert.deepEqual(
    history.map((e) => e.action),
    ['create'],
  );
});

test('one milestone is written on its own, as an update of its project', async (t) => {
  const runtime = await pgliteRuntime();
  t.after(() => runtime.close());
  const { services, stores, geography } = runtime;
  await stores.areas.save(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-milestone-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'uk.yaml');
  fs.writeFileSync(file, healthMissions(smokingGoal('a', 5)) + project('ban', 'Bill'));
  await services.missions.loadFile(file, 'tester', 'first');

  const meta = { actor: 'editor', reason: 'Royal Assent given' };
  await services.audit.change(meta, (change) =>
    saveMilestone(change, 'health', 'ban', {
      title: 'Bill',
      due: '2026-06-30',
      done: '2026-05-01',
    }),
  );
  await services.audit.change(meta, (change) =>
    saveMilestone(change, 'health', 'ban', { title: 'Rules', due: '2027-01-31' }),
  );
  const projectOf = async () => (await services.missions.definitions())[0]!.projects[0]!;
  assert.deepEqual((await projectOf()).milestones, [
    { title: 'Bill', due: '2026-06-30', done: '2026-05-01' },
    { title: 'Rules', due: '2027-01-31' },
  ]);
  await services.audit.change(meta, (change) => deleteMilestone(change, 'health', 'ban', 'Rules'));
  assert.deepEqual(
    (await projectOf()).milestones.map((m) => m.title),
    ['Bill'],
  );
  const events = await services.audit.list({ entityTypes: ['project'] });
  assert.deepEqual(
    events.map((e) => [e.action, e.actor, e.reason]),
    [
      ['update', 'editor', 'Royal Assent given'],
      ['update', 'editor', 'Royal Assent given'],
      ['update', 'editor', 'Royal Assent given'],
      ['create', 'tester', 'first'],
    ],
  );
  assert.deepEqual((await services.audit.verify()).ok, true);
});

test('commitments take effect from when they were made, not when they were loaded', async (t) => {
  const clock = fixedClock('2026-12-01T12:00:00Z');
  const runtime = await pgliteRuntime({ clock });
  t.after(() => runtime.close());
  const { services, stores, geography } = runtime;
  await stores.areas.save(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-since-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'uk.yaml');
  const dated = healthMissions(
    `${smokingGoal('dated', 5)}\n        since: 2024-12-05`,
    smokingGoal('undated', 5),
  ).replace('    start: 2024-07-05', '    since: 2024-07-05\n    start: 2024-07-05');
  fs.writeFileSync(file, dated);
  await services.missions.loadFile(file, 'tester', 'Missions loaded');
  const goalsAt = async (date: string) =>
    (await services.missions.definitions(new Date(date))).flatMap((m) =>
      m.goals.map((g) => `${g.slug}${g.since ? ` since ${g.since}` : ''}`),
    );
  // Recorded on 1 December 2026; the mission in force from July 2024, the goal from December.
  assert.deepEqual(await goalsAt('2024-06-30'), []);
  assert.deepEqual(await goalsAt('2024-08-01'), [], 'the mission, but not yet its goals');
  assert.equal((await services.missions.definitions(new Date('2024-08-01'))).length, 1);
  assert.deepEqual(await goalsAt('2025-01-01'), ['dated since 2024-12-05']);
  assert.deepEqual(await goalsAt('2026-12-02'), ['dated since 2024-12-05', 'undated']);
  // The change log keeps both: when it took effect and when it was recorded.
  const [created] = await services.audit.list({ entityTypes: ['goal'], entityId: 'health/dated' });
  assert.equal(created!.effectiveAt, '2024-12-05T00:00:00.000Z');
  assert.equal(created!.at, '2026-12-01T12:00:00.000Z');
  assert.ok((await services.audit.verify()).ok, 'the chain holds');
});
