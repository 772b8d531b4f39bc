// The missions in the workspace, in process through the real sign-in form: a target changed
// with a reason reaches the public goal page and the change log, bad answers and a missing
// reason are refused with the GOV.UK error summary, a save over someone else's change is
// refused with what they changed, an editor of another government is refused, and a milestone
// is marked done. Each refusal is checked to have changed nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { ROOT } from '../../config.ts';
import { formFields, summaryErrors, inlineError } from '../../../test/support/forms.ts';
import { pgliteRuntime, postgresRuntime } from '../../../test/support/runtime.ts';
import { addPerson, signedIn, type Client } from '../../../test/support/workspace.ts';
import { StaleVersionError } from './writes.ts';

const GOAL_FORM = '/manage/missions/mission/nhs/goals/smoke-free';

describe('missions in the workspace', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let editor: Client;
  const smokeFree = async () =>
    (await runtime.services.missions.stored('uk'))
      .find((m) => m.slug === 'nhs')!
      .goals.find((g) => g.slug === 'smoke-free')!;
  // Ids may skip (a sequence restored from a dump), so events are counted.
  const eventCount = async () => (await runtime.services.audit.chain()).length;

  before(async () => {
    runtime = await pgliteRuntime({ seed: true });
    app = await createWebApp(runtime.services, { limits: false });
    const grant = { role: 'mission-editor', scope: 'uk' } as const;
    await addPerson(runtime, 'ada@example.gov.uk', grant, 'Ada Lovelace');
    editor = await signedIn(app, runtime, grant, 'ada@example.gov.uk');
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  it('lists the missions of the government the person edits', async () => {
    const page = await editor.get('/manage/missions');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/manage\/missions\/mission\/nhs"/);
    assert.match(page.body, /href="\/manage\/missions\/government\/uk"/);
    assert.match(page.body, /are not changed here/, 'says where an indicator’s title comes from');
    const home = await editor.get('/manage');
    assert.match(home.body, /href="\/manage\/missions"/, 'the workspace home offers it');
  });

  it('changes a target with a reason: check your answers, then saved, public and verifiable', async () => {
    const form = await editor.get(GOAL_FORM);
    assert.equal(form.statusCode, 200);
    const fields = formFields(form.body);
    assert.equal(fields.targetValue, '5', 'the form holds the stored target');
    assert.equal(fields.targetComparator, '<=');
    assert.ok(fields.version, 'the form carries the version it opened');
    const answers = {
      ...fields,
      targetValue: '4',
      targetDeadline: '2031-03-31',
      reason: 'Ministers lowered the ambition after the Tobacco and Vapes Act',
    };
    const events = await eventCount();

    const check = await editor.post(GOAL_FORM, answers);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check the changes to the goal/);
    assert.match(
      check.body,
      /Target value<\/th>\s*<td class="govuk-table__cell">5<\/td>\s*<td class="govuk-table__cell">4</,
    );
    assert.match(check.body, /2030-12-31<\/td>\s*<td class="govuk-table__cell">2031-03-31/);
    assert.doesNotMatch(check.body, /Statement<\/th>/, 'only what changes is in the diff');
    assert.equal(await eventCount(), events, 'nothing is saved before it is confirmed');

    const saved = await editor.post(GOAL_FORM, { ...formFields(check.body), confirm: 'yes' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/manage/missions/mission/nhs?saved=goal');
    assert.equal(await eventCount(), events + 1, 'one event: the goal');
    const goal = await smokeFree();
    assert.deepEqual(goal.target, { value: 4, comparator: '<=', deadline: '2031-03-31' });
    assert.equal(goal.statement, fields.statement, 'what was not changed stays');

    const banner = await editor.get(saved.headers.location);
    assert.match(banner.body, /Saved\. The change is in the public change log/);

    const publicGoal = await app.inject('/missions/nhs/goals/smoke-free');
    assert.match(publicGoal.body, /at most 4% by 31 March 2031/);
    assert.match(
      publicGoal.body,
      /updated by Ada Lovelace, because: Ministers lowered the ambition after the Tobacco and Vapes Act/,
    );
    const changes = await app.inject('/changes');
    assert.match(changes.body, /Update goal <span class="ns-break">nhs\/smoke-free<\/span>/);
    assert.match(
      changes.body,
      /Ada Lovelace: Ministers lowered the ambition after the Tobacco and Vapes Act/,
    );
    assert.equal((await runtime.services.audit.verify()).ok, true);
  });

  it('refuses answers the missions file would refuse, with the error summary, and saves nothing', async () => {
    const fields = formFields((await editor.get(GOAL_FORM)).body);
    const before = await smokeFree();
    const events = await eventCount();
    const response = await editor.post(GOAL_FORM, {
      ...fields,
      statement: '',
      targetValue: 'lots',
      targetDeadline: '2030-02-30',
      tolerance: '2',
      trajectory: '2026-03-31 20\nsoon',
      reason: 'Trying bad answers',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: /);
    assert.match(response.body, /There is a problem/);
    const summary = Object.fromEntries(summaryErrors(response.body));
    assert.equal(summary.statement, 'Enter the goal’s statement');
    assert.equal(summary.targetValue, 'Target value must be a number, like 12.5');
    assert.equal(summary.targetDeadline, 'Target deadline must be a date as YYYY-MM-DD');
    assert.equal(summary.tolerance, 'Tolerance must be at most 1');
    assert.match(summary.trajectory!, /^Trajectory, line 2: write a date and a value/);
    assert.equal(inlineError(response.body, 'targetValue'), summary.targetValue);
    assert.equal(inlineError(response.body, 'statement'), summary.statement);
    assert.equal(formFields(response.body).targetValue, 'lots', 'the answers stay as typed');
    assert.equal(await eventCount(), events);
    assert.deepEqual(await smokeFree(), before);
  });

  it('refuses what the file’s cross-checks refuse: a target measured without a baseline', async () => {
    const fields = formFields((await editor.get(GOAL_FORM)).body);
    const response = await editor.post(GOAL_FORM, {
      ...fields,
      baselinePeriod: '',
      baselineValue: '',
      reason: 'No baseline',
    });
    assert.equal(response.statusCode, 400);
    assert.match(inlineError(response.body, 'baselinePeriod'), /needs a baseline/);
  });

  it('refuses a change without a reason', async () => {
    const fields = formFields((await editor.get(GOAL_FORM)).body);
    const events = await eventCount();
    for (const confirm of [undefined, 'yes']) {
      const response = await editor.post(GOAL_FORM, {
        ...fields,
        targetValue: '3',
        reason: '',
        ...(confirm ? { confirm } : {}),
      });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(summaryErrors(response.body), [
        ['reason', 'Enter the reason for this change'],
      ]);
    }
    assert.equal(await eventCount(), events);
    assert.equal((await smokeFree()).target?.value, 4);
  });

  it('refuses a save over someone else’s change, shows what they changed, and keeps the answers', async () => {
    const opened = formFields((await editor.get(GOAL_FORM)).body);
    // Someone else changes the goal after Ada opened it.
    const grace = await signedIn(
      app,
      runtime,
      { role: 'administrator', scope: '' },
      'grace@example.gov.uk',
    );
    const theirs = formFields((await grace.get(GOAL_FORM)).body);
    const graceSaved = await grace.post(GOAL_FORM, {
      ...theirs,
      targetValue: '6',
      reason: 'Corrected to the published milestone',
      confirm: 'yes',
    });
    assert.equal(graceSaved.statusCode, 303);
    const afterGrace = await smokeFree();
    const events = await eventCount();

    const mine = { ...opened, targetValue: '3.5', reason: 'A tougher target', confirm: 'yes' };
    const refused = await editor.post(GOAL_FORM, mine);
    assert.equal(refused.statusCode, 409);
    assert.match(
      summaryErrors(refused.body)[0]![1]!,
      /Someone else has changed this since you opened it/,
    );
    assert.match(refused.body, /What changed since you opened this page/);
    assert.match(
      refused.body,
      /grace@example\.gov\.uk changed it, because: Corrected to the published milestone/,
    );
    assert.match(
      refused.body,
      /Target value<\/th>\s*<td class="govuk-table__cell">4<\/td>\s*<td class="govuk-table__cell">6<\/td>\s*<td class="govuk-table__cell">3\.5<\/td>/,
      'their value then and now, and mine',
    );
    assert.equal(await eventCount(), events, 'nothing saved');
    assert.deepEqual(await smokeFree(), afterGrace);
    const kept = formFields(refused.body);
    assert.equal(kept.targetValue, '3.5', 'my answers stay in the form');
    assert.equal(kept.reason, 'A tougher target');
    assert.notEqual(kept.version, opened.version, 'the form now carries the version seen');

    // Having seen their change, Ada saves over it knowingly.
    const saved = await editor.post(GOAL_FORM, { ...kept, confirm: 'yes' });
    assert.equal(saved.statusCode, 303);
    assert.equal((await smokeFree()).target?.value, 3.5);
  });

  it('refuses an editor of another government, changing nothing', async () => {
    await runtime.services.missions.loadFile(
      path.join(ROOT, 'missions', 'camden.yaml'),
      'test',
      'A second government',
    );
    const camden = await signedIn(app, runtime, { role: 'mission-editor', scope: 'camden' });
    const list = await camden.get('/manage/missions');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /\/manage\/missions\/mission\/nhs"/, 'sees no UK mission');
    assert.match(list.body, /\/manage\/missions\/mission\/young-people"/);

    const before = await smokeFree();
    const events = await eventCount();
    assert.equal((await camden.get(GOAL_FORM)).statusCode, 403);
    const fields = formFields((await editor.get(GOAL_FORM)).body);
    const posted = await camden.post(
      GOAL_FORM,
      { ...fields, targetValue: '50', reason: 'Not mine to change', confirm: 'yes' },
      { formPage: '/manage/missions' },
    );
    assert.equal(posted.statusCode, 403);
    for (const url of [
      '/manage/missions/government/uk',
      '/manage/missions/mission/nhs/goals/smoke-free/delete',
      '/manage/missions/government/uk/indicators/3.a.1',
    ]) {
      const response = await camden.post(
        url,
        { reason: 'Not mine', confirm: 'yes' },
        { formPage: '/manage/missions' },
      );
      assert.equal(response.statusCode, 403, url);
    }
    assert.equal(await eventCount(), events);
    assert.deepEqual(await smokeFree(), before);
  });

  it('marks a milestone done with its date', async () => {
    const missions = await runtime.services.missions.stored('uk');
    const mission = missions.find((m) =>
      m.projects.some((p) => p.milestones.some((s) => !s.done)),
    )!;
    const project = mission.projects.find((p) => p.milestones.some((s) => !s.done))!;
    const index = project.milestones.findIndex((s) => !s.done);
    const url = `/manage/missions/mission/${mission.slug}/projects/${project.slug}/milestones/${index}`;

    const page = await editor.get(`/manage/missions/mission/${mission.slug}`);
    assert.match(page.body, new RegExp(`href="${url}" aria-label="Mark done: `));
    const form = formFields((await editor.get(url)).body);
    assert.match(form.done!, /^\d{4}-\d{2}-\d{2}$/, 'today is offered');

    const badDate = await editor.post(url, { ...form, done: '12/03/2026', reason: 'Done' });
    assert.equal(badDate.statusCode, 400);
    assert.equal(inlineError(badDate.body, 'done'), 'Done must be a date as YYYY-MM-DD');

    const answers = { ...form, done: '2026-03-12', reason: 'Laid before Parliament on the day' };
    const check = await editor.post(url, answers);
    assert.match(
      check.body,
      /Done<\/th>\s*<td class="govuk-table__cell">Not set<\/td>\s*<td class="govuk-table__cell">2026-03-12</,
    );
    const saved = await editor.post(url, { ...answers, confirm: 'yes' });
    assert.equal(saved.statusCode, 303);

    const stored = (await runtime.services.missions.stored('uk'))
      .find((m) => m.slug === mission.slug)!
      .projects.find((p) => p.slug === project.slug)!;
    assert.equal(stored.milestones[index]!.done, '2026-03-12');
    assert.deepEqual(
      stored.milestones.filter((_, i) => i !== index),
      project.milestones.filter((_, i) => i !== index),
      'the other milestones stay',
    );
    const [event] = await runtime.services.audit.list({ limit: 1 });
    assert.equal(event!.entityId, `${mission.slug}/${project.slug}`);
    assert.equal(event!.actor, 'Ada Lovelace');
    assert.equal((await runtime.services.audit.verify()).ok, true);
  });

  it('adds a goal and deletes it, each with a reason', async () => {
    const url = '/manage/missions/mission/nhs/new-goal';
    const form = formFields((await editor.get(url)).body);
    const answers = {
      ...form,
      slug: 'fewer-vapes',
      statement: 'Fewer children vaping',
      sourceTitle: 'Tobacco and Vapes Bill',
      reason: 'A new goal of the bill',
    };
    const taken = await editor.post(url, { ...answers, slug: 'smoke-free' });
    assert.equal(
      inlineError(taken.body, 'slug'),
      'There is already a goal with this slug in this mission',
    );
    const check = await editor.post(url, answers);
    assert.match(check.body, /Check the new goal/);
    assert.equal((await editor.post(url, { ...answers, confirm: 'yes' })).statusCode, 303);
    const added = (await runtime.services.missions.stored('uk'))
      .find((m) => m.slug === 'nhs')!
      .goals.find((g) => g.slug === 'fewer-vapes');
    assert.equal(added?.areaCode, 'K02000001', 'the government’s area unless another is given');

    const deleteUrl = '/manage/missions/mission/nhs/goals/fewer-vapes/delete';
    const deleteForm = formFields((await editor.get(deleteUrl)).body);
    const deleteCheck = await editor.post(deleteUrl, {
      ...deleteForm,
      reason: 'Merged into smoke-free',
    });
    assert.match(
      deleteCheck.body,
      /Fewer children vaping<\/td>\s*<td class="govuk-table__cell">Deleted/,
    );
    const deleted = await editor.post(deleteUrl, {
      ...deleteForm,
      reason: 'Merged into smoke-free',
      confirm: 'yes',
    });
    assert.equal(deleted.statusCode, 303);
    const [event] = await runtime.services.audit.list({ limit: 1 });
    assert.equal(event!.action, 'delete');
    assert.equal(event!.reason, 'Merged into smoke-free');
    assert.equal((await runtime.services.audit.verify()).ok, true);
  });

  it('keeps a list given one item a line through "check your answers"', async () => {
    const url = '/manage/missions/mission/nhs/edit';
    const form = formFields((await editor.get(url)).body);
    const stewards = 'Department of Health and Social Care\nNHS England';
    const check = await editor.post(url, { ...form, stewards, reason: 'NHS England co-leads' });
    assert.match(
      check.body,
      /Stewards<\/th>\s*<td class="govuk-table__cell">Department of Health and Social Care<\/td>\s*<td class="govuk-table__cell">Department of Health and Social Care; NHS England</,
    );
    const saved = await editor.post(url, { ...formFields(check.body), confirm: 'yes' });
    assert.equal(saved.statusCode, 303);
    const nhs = (await runtime.services.missions.stored('uk')).find((m) => m.slug === 'nhs')!;
    assert.deepEqual(nhs.stewards, ['Department of Health and Social Care', 'NHS England']);
    assert.equal((await runtime.services.audit.verify()).ok, true);
  });

  it('changes which way is better for an indicator of the government’s goals', async () => {
    const url = '/manage/missions/government/uk/indicators/ohid-smoking';
    const form = formFields((await editor.get(url)).body);
    assert.equal(form.direction, 'lower');
    const saved = await editor.post(url, {
      ...form,
      direction: 'higher',
      reason: 'Testing the direction',
      confirm: 'yes',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(
      (await runtime.services.statistics.getIndicator('ohid-smoking'))?.direction,
      'higher',
    );
    assert.equal(
      (await editor.get('/manage/missions/government/uk/indicators/9.9.9')).statusCode,
      404,
      'only indicators its goals are measured by',
    );
  });
});

describe('saves racing on PostgreSQL', () => {
  it('lets one of two saves from the same version through, and refuses the other', async () => {
    const runtime = await postgresRuntime('northstar_missions_race');
    try {
      const { missions, audit, areas } = runtime.services;
      await areas.save(runtime.geography.areas);
      await missions.loadFile(path.join(ROOT, 'missions', 'uk.yaml'), 'test', 'The UK missions');
      const goal = (await missions.stored('uk'))
        .find((m) => m.slug === 'nhs')!
        .goals.find((g) => g.slug === 'smoke-free')!;
      const version = missions.versionOf(goal);
      // Two connections open already, so neither save waits for one and they overlap.
      await Promise.all([runtime.db.query('select 1'), runtime.db.query('select 1')]);
      // Both opened the same goal; their saves reach the server at once, on two connections.
      const results = await Promise.allSettled(
        [4, 6].map((value) =>
          missions.saveGoal(
            { ...goal, target: { ...goal.target!, value } },
            { actor: `Editor ${value}`, reason: 'Racing' },
            version,
          ),
        ),
      );
      const saved = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(saved.length, 1, JSON.stringify(results));
      assert.ok(refused[0]!.reason instanceof StaleVersionError);
      const stored = (await missions.stored('uk'))
        .find((m) => m.slug === 'nhs')!
        .goals.find((g) => g.slug === 'smoke-free')!;
      const [event] = await audit.list({
        entityTypes: ['goal'],
        entityId: 'nhs/smoke-free',
        limit: 1,
      });
      assert.equal(
        event!.actor,
        `Editor ${stored.target!.value}`,
        'the stored target is the saved one',
      );
      assert.equal((await audit.verify()).ok, true);
    } finally {
      await runtime.close();
    }
  });
});
