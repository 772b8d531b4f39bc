// The missions in the workspace in a real browser, with JavaScript off (the forms must work
// without it): a mission editor signs in through the form, changes a goal's target with a
// reason, checks the answers and saves, and sees the new target on the public goal page and in
// the change log with their name and reason; a save that comes after someone else's change is
// refused with what they changed. Every missions page of the workspace is checked with axe
// (WCAG 2.2 AA) and for reflow at 320 px; screenshots go to test-artifacts/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../src/compose.ts';
import { pgliteRuntime } from '../support/runtime.ts';
import { addPerson, TEST_PASSWORD } from '../support/workspace.ts';
import { checkPage as checkPageIn, launchBrowser, SCREENSHOTS } from './browser.ts';
import { GoalPage } from './pages/goalPage.ts';
import { ChangeLogPage } from './pages/changeLogPage.ts';
import {
  CheckAnswersPage,
  ManageMissionPage,
  MissionsFormPage,
  MissionsListPage,
  SignInPage,
  WorkspacePage,
} from './pages/workspace/missionsPages.ts';

const EDITOR = { email: 'ada@example.gov.uk', name: 'Ada Lovelace' };
const GOAL_FORM = '/manage/missions/mission/nhs/goals/smoke-free';

describe(
  'the missions in the workspace in Chromium, without JavaScript',
  { timeout: 600_000 },
  () => {
    let runtime: Runtime;
    let app: FastifyInstance;
    let browser: Browser;
    let context: BrowserContext;
    let axeContext: BrowserContext;
    let page: PlaywrightPage;
    let missionTitle: string;
    let smokeFree: string;

    before(async () => {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      runtime = await pgliteRuntime({ seed: true });
      const nhs = (await runtime.services.missions.stored('uk')).find((m) => m.slug === 'nhs');
      assert.ok(nhs, 'the seed has the NHS mission');
      missionTitle = nhs.title;
      smokeFree = nhs.goals.find((g) => g.slug === 'smoke-free')!.statement;
      await addPerson(runtime, EDITOR.email, { role: 'mission-editor', scope: 'uk' }, EDITOR.name);
      app = await createWebApp(runtime.services, { limits: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      ({ browser, context, axeContext } = await launchBrowser(origin));
      page = await context.newPage();
    });

    after(async () => {
      await context?.close();
      await axeContext?.close();
      await browser?.close();
      await app?.close();
      await runtime?.close();
    });

    const checkPage = (name: string) => checkPageIn(page, axeContext, `workspace-missions-${name}`);

    it('signs in through the form and changes a goal’s target with a reason', async () => {
      await page.goto('/manage/missions');
      assert.match(page.url(), /\/sign-in\?next=%2Fmanage%2Fmissions$/, 'asked to sign in first');
      const signIn = await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace');
      const signedIn = await signIn.signIn(EDITOR.email, TEST_PASSWORD);
      assert.equal(signedIn.status(), 200);
      assert.match(page.url(), /\/manage\/missions$/, 'back where they were going');

      const list = await MissionsListPage.verifyOnPage(page, 'Missions');
      await checkPage('list');
      await list.follow(missionTitle);
      const mission = await ManageMissionPage.verifyOnPage(page, missionTitle);
      await checkPage('mission');
      await Promise.all([page.waitForEvent('load'), mission.changeGoalLink(smokeFree).click()]);

      const form = await MissionsFormPage.verifyOnPage(page, 'Change the goal');
      assert.equal(await form.value('Target value'), '5');
      await checkPage('goal');

      // Answers the missions file would refuse: the error summary and the field's own message.
      await form.fill('Target value', 'lots');
      const refused = await form.press('Continue');
      assert.equal(refused.status(), 400);
      const withErrors = await MissionsFormPage.verifyOnPage(page, 'Change the goal');
      assert.deepEqual(await withErrors.errors(), [
        'Target value must be a number, like 12.5',
        'Enter the reason for this change',
      ]);
      assert.equal(
        await withErrors.inlineError('targetValue'),
        'Target value must be a number, like 12.5',
      );
      assert.match(await page.title(), /^Error: /);
      await checkPage('goal-errors');

      await withErrors.fill('Target value', '4');
      await withErrors.fill('Target deadline', '2031-03-31');
      await withErrors.giveReason('Ministers lowered the ambition after the Tobacco and Vapes Act');
      await withErrors.press('Continue');
      const check = await CheckAnswersPage.verifyOnPage(page, 'Check the changes to the goal');
      assert.deepEqual(await check.changes(), [
        ['Target value', '5', '4'],
        ['Target deadline', '2030-12-31', '2031-03-31'],
      ]);
      assert.equal(
        await check.summary('Reason'),
        'Ministers lowered the ambition after the Tobacco and Vapes Act',
      );
      await checkPage('check-answers');

      const saved = await check.press('Save the goal');
      assert.equal(saved.status(), 200);
      const after = await ManageMissionPage.verifyOnPage(page, missionTitle);
      assert.match(
        await after.banner.innerText(),
        /Saved\. The change is in the public change log/,
      );
      await checkPage('saved');

      await page.goto('/missions/nhs/goals/smoke-free');
      const goal = await GoalPage.verifyOnPage(page, smokeFree);
      assert.equal(await goal.summaryValue('Target'), 'at most 4% by 31 March 2031');
      assert.match(
        await page.locator('main').innerText(),
        /updated by Ada Lovelace, because: Ministers lowered the ambition after the Tobacco and Vapes Act/,
      );
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'workspace-missions-public-goal.png'),
        fullPage: true,
      });

      await page.goto('/changes');
      const changes = await ChangeLogPage.verifyOnPage(page, 'Change log');
      const latest = changes.page.locator('main tbody tr').first();
      assert.match(
        await latest.innerText(),
        /Target for ‘A smoke-free England[^’]*’ changed from at most 5% by 31 December 2030 to at most 4% by 31 March 2031/,
      );
      assert.match(
        await latest.innerText(),
        /Ada Lovelace: Ministers lowered the ambition after the Tobacco and Vapes Act/,
      );
      assert.equal((await runtime.services.audit.verify()).ok, true);
    });

    it('refuses a save that comes after someone else’s, showing their change and keeping the answers', async () => {
      await page.goto(GOAL_FORM);
      const form = await MissionsFormPage.verifyOnPage(page, 'Change the goal');
      await form.fill('Target value', '3.5');
      await form.giveReason('A tougher target');
      await form.press('Continue');
      const check = await CheckAnswersPage.verifyOnPage(page, 'Check the changes to the goal');

      // Meanwhile someone else saves a change to the same goal.
      const { missions } = runtime.services;
      const goal = (await missions.stored('uk'))
        .find((m) => m.slug === 'nhs')!
        .goals.find((g) => g.slug === 'smoke-free')!;
      await missions.saveGoal(
        { ...goal, target: { ...goal.target!, value: 6 } },
        { actor: 'Grace Hopper', reason: 'Corrected to the published milestone' },
        missions.versionOf(goal),
      );

      const refused = await check.press('Save the goal');
      assert.equal(refused.status(), 409);
      const again = await MissionsFormPage.verifyOnPage(page, 'Change the goal');
      assert.match((await again.errors())[0]!, /Someone else has changed this since you opened it/);
      assert.match(
        await again.stale.innerText(),
        /Grace Hopper changed it, because: Corrected to the published milestone/,
      );
      assert.deepEqual(await again.staleRows(), [['Target value', '4', '6', '3.5']]);
      assert.equal(await again.value('Target value'), '3.5', 'their answer stays in the form');
      await checkPage('stale');
    });

    it('has no axe violations and reflows on every other missions page of the workspace', async () => {
      const project = '/manage/missions/mission/growth/projects/planning-reform';
      const pages: [string, string][] = [
        ['government', '/manage/missions/government/uk'],
        ['new-mission', '/manage/missions/government/uk/new-mission'],
        ['indicator', '/manage/missions/government/uk/indicators/ohid-smoking'],
        ['mission-form', '/manage/missions/mission/nhs/edit'],
        ['new-goal', '/manage/missions/mission/nhs/new-goal'],
        ['delete-goal', `${GOAL_FORM}/delete`],
        ['project', project],
        ['new-project', '/manage/missions/mission/growth/new-project'],
        ['new-milestone', `${project}/new-milestone`],
        ['milestone-done', `${project}/milestones/0`],
      ];
      for (const [name, url] of pages) {
        const response = await page.goto(url);
        assert.equal(response?.status(), 200, url);
        await WorkspacePage.verifyOnPage(page, /\w/);
        await checkPage(name);
      }
    });
  },
);
