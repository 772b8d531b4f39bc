// As at a past date, goals are judged against the targets in force then, on the data
// published by then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixedClock } from '../../clock.ts';
import { ROOT } from '../../config.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { healthMissions, smokingGoal } from '../../../test/support/missions.ts';

const missions = (target: number, extraGoal = '') =>
  healthMissions(smokingGoal('smoking', target), extraGoal);

test('as at a date, the targets in force then and the data published by then', async () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  /** A minute on: events after it are later than anything before. */
  const tick = () => clock.set(new Date(clock.now().getTime() + 60_000));
  const runtime = await pgliteRuntime({ clock });
  const { services, stores, geography } = runtime;
  await stores.areas.save(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-history-'));
  const file = path.join(dir, 'uk.yaml');

  fs.writeFileSync(file, missions(11));
  await services.missions.loadFile(file, 'tester', 'first targets');
  await services.statistics.import([path.join(ROOT, 'test/fixtures/open-sdg-good')], {
    actor: 'tester',
  });
  tick();
  const between = clock.now();
  tick();
  fs.writeFileSync(
    file,
    missions(
      9,
      '      - { slug: new-goal, statement: A goal added later, source: { title: Plan } }',
    ),
  );
  await services.missions.loadFile(file, 'tester', 'target tightened, goal added');

  const [then] = await services.missions.list(between);
  const [now] = await services.missions.list();
  assert.equal(then?.goals[0]?.target?.value, 11, 'the target in force then');
  assert.equal(now?.goals[0]?.target?.value, 9, 'the target in force now');
  assert.deepEqual(
    then?.goals.map((g) => g.slug),
    ['smoking'],
  );
  assert.deepEqual(
    now?.goals.map((g) => g.slug),
    ['smoking', 'new-goal'],
  );
  // The latest figure (11.5 in 2020) fails a target of at most 11 too, but the judgement
  // uses each target's own path: from 10 in 2019 the plans differ.
  assert.equal(then?.goals[0]?.assessment.trajectory.at(-1)?.value, 11);
  assert.equal(now?.goals[0]?.assessment.trajectory.at(-1)?.value, 9);

  // Before anything was loaded there were no missions and no data.
  assert.deepEqual(await services.missions.list(new Date('2000-01-01')), []);
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a statistic redefined after its goal was set: not judged until the goal is restated', async () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  /** A minute on: events after it are later than anything before. */
  const tick = () => clock.set(new Date(clock.now().getTime() + 60_000));
  const runtime = await pgliteRuntime({ clock });
  const { services, stores, geography } = runtime;
  await stores.areas.save(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-redefined-'));
  const file = path.join(dir, 'uk.yaml');
  fs.writeFileSync(file, missions(11));
  await services.missions.loadFile(file, 'tester', 'first targets');
  const fixture = path.join(dir, 'open-sdg');
  fs.cpSync(path.join(ROOT, 'test/fixtures/open-sdg-good'), fixture, { recursive: true });
  const meta = path.join(fixture, 'meta/1-2-1.md');
  const withUnit = (unit: string) =>
    fs.writeFileSync(
      meta,
      fs
        .readFileSync(meta, 'utf8')
        .replace(/^computation_units: .*\n/m, '')
        .replace('---\n', `---\ncomputation_units: ${unit}\n`),
    );
  withUnit('Percentage (%)');
  await services.statistics.import([fixture], { actor: 'tester' });
  const smoking = async (at?: Date) =>
    (await services.missions.assessments(at)).goals.find((a) => a.goal === 'smoking')!;
  const judged = (await smoking()).status;
  assert.notEqual(judged, 'not-assessable', 'judged before the redefinition');

  tick();
  const beforeRedefinition = clock.now();
  tick();
  withUnit('Rate per 1,000');
  await services.statistics.import([fixture], { actor: 'tester' });
  const redefined = await smoking();
  assert.equal(redefined.status, 'not-assessable');
  assert.equal(redefined.reason, 'definition-changed');
  assert.match(redefined.summary, /unit "Percentage \(%\)" to "Rate per 1,000"/);
  // As at a moment before the redefinition, the old judgement stands.
  assert.equal((await smoking(beforeRedefinition)).status, judged);

  // Restating the goal (here a new target) after the redefinition lets it be judged again.
  fs.writeFileSync(file, missions(10));
  await services.missions.loadFile(file, 'tester', 'target restated per 1,000');
  assert.equal((await smoking()).reason, null);
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every area of a goal whose statistic was redefined is not assessable, as the goal is, until it is restated', async () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  /** A minute on: events after it are later than anything before. */
  const tick = () => clock.set(new Date(clock.now().getTime() + 60_000));
  const runtime = await pgliteRuntime({ clock });
  const { services, stores, geography } = runtime;
  await stores.areas.save(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-redefined-areas-'));
  const file = path.join(dir, 'uk.yaml');
  fs.writeFileSync(file, missions(11));
  await services.missions.loadFile(file, 'tester', 'first targets');
  const fixture = path.join(dir, 'open-sdg');
  fs.cpSync(path.join(ROOT, 'test/fixtures/open-sdg-good'), fixture, { recursive: true });
  // England's own figures before and after the baseline, so England can be judged.
  fs.appendFileSync(
    path.join(fixture, 'data/indicator_1-2-1.csv'),
    '2019,,England,E92000001,8\n2021,,England,E92000001,8.5\n',
  );
  const meta = path.join(fixture, 'meta/1-2-1.md');
  const withUnit = (unit: string) =>
    fs.writeFileSync(
      meta,
      fs
        .readFileSync(meta, 'utf8')
        .replace(/^computation_units: .*\n/m, '')
        .replace('---\n', `---\ncomputation_units: ${unit}\n`),
    );
  withUnit('Percentage (%)');
  await services.statistics.import([fixture], { actor: 'tester' });
  const england = async (at?: Date) => {
    const goal = (await services.missions.get('health', at))!.goals.find(
      (g) => g.slug === 'smoking',
    )!;
    const areas = (await services.missions.byArea(goal, at))!.areas;
    assert.deepEqual(
      areas.map((a) => a.code),
      ['E92000001'],
    );
    return areas[0]!.assessment;
  };
  const judged = await england();
  assert.notEqual(judged.status, 'not-assessable', 'judged before the redefinition');

  tick();
  const beforeRedefinition = clock.now();
  tick();
  withUnit('Rate per 1,000');
  await services.statistics.import([fixture], { actor: 'tester' });
  const redefined = await england();
  assert.equal(redefined.status, 'not-assessable');
  assert.equal(redefined.reason, 'definition-changed');
  assert.match(redefined.summary, /unit "Percentage \(%\)" to "Rate per 1,000"/);
  assert.match(
    redefined.summary,
    /On the figures as they stand: the target \(at most 11 by 31 December 2030\) has been met: the latest figure is 8\.5 in 2021\./,
  );
  // As at a moment before the redefinition, the old judgement stands.
  assert.equal((await england(beforeRedefinition)).status, judged.status);

  fs.writeFileSync(file, missions(10));
  await services.missions.loadFile(file, 'tester', 'target restated per 1,000');
  assert.equal((await england()).reason, null);
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
