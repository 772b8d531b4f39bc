// Governance in the workspace in a real browser, with JavaScript off (the forms must work without
// it): a steward signs in through the form, opens their mission's governance, records a
// stocktake with a green rating on a goal the data puts off track (its computed status is shown
// beside the rating), is refused with the GOV.UK error summary until the answers are complete,
// checks the answers and saves. Every governance page of the workspace is checked with axe
// (WCAG 2.2 AA) and for reflow at 320 px; screenshots go to test-artifacts/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../src/compose.ts';
import { pgliteRuntime } from '../support/runtime.ts';
import { addPerson, TEST_PASSWORD } from '../support/workspace.ts';
import { checkPage as checkPageIn, launchBrowser, SCREENSHOTS } from './browser.ts';
import {
  CheckAnswersPage,
  MissionsFormPage,
  SignInPage,
  WorkspacePage,
} from './pages/workspace/missionsPages.ts';

const STEWARD = { email: 'sam@example.gov.uk', name: 'Sam Steward' };
const WORKSPACE = '/manage/governance/nhs';

describe(
  'governance in the workspace in Chromium, without JavaScript',
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
      // The bundled figures for smoke-free are old; judged with them, it is off track.
      const { missions } = runtime.services;
      const nhs = (await missions.stored('uk')).find((m) => m.slug === 'nhs');
      assert.ok(nhs, 'the seed has the NHS mission');
      missionTitle = nhs.title;
      const goal = nhs.goals.find((g) => g.slug === 'smoke-free')!;
      smokeFree = goal.statement;
      await missions.saveGoal(
        { ...goal, staleAfter: 20 },
        { actor: 'test', reason: 'Judge the goal on its latest figures' },
        missions.versionOf(goal),
      );
      const assessed = await missions.get('nhs');
      assert.equal(
        assessed!.goals.find((g) => g.slug === 'smoke-free')!.assessment.status,
        'off-track',
      );
      await addPerson(runtime, STEWARD.email, { role: 'steward', scope: 'nhs' }, STEWARD.name);
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

    const checkPage = (name: string) =>
      checkPageIn(page, axeContext, `workspace-governance-${name}`);

    /** The fieldset of a goal's or project's rating in the stocktake form. */
    const ratingOf = (name: string) => page.getByRole('group', { name, exact: true });

    it('signs in and records a stocktake with a green rating on an off-track goal', async () => {
      await page.goto('/manage/governance');
      assert.match(page.url(), /\/sign-in\?next=%2Fmanage%2Fgovernance$/, 'asked to sign in');
      const signIn = await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace');
      const signedIn = await signIn.signIn(STEWARD.email, TEST_PASSWORD);
      assert.equal(signedIn.status(), 200);
      assert.match(page.url(), /\/manage\/governance$/, 'back where they were going');

      const list = await WorkspacePage.verifyOnPage(page, 'Governance');
      await checkPage('list');
      await list.follow(missionTitle);
      const mission = await WorkspacePage.verifyOnPage(page, missionTitle);
      await checkPage('mission');
      await Promise.all([
        page.waitForEvent('load'),
        mission.page.getByRole('button', { name: 'Record a stocktake', exact: true }).click(),
      ]);

      const form = await MissionsFormPage.verifyOnPage(page, 'Record a stocktake');
      const rating = ratingOf(smokeFree);
      assert.match(
        await rating.innerText(),
        /What the data says: Off track\. A rating greener than amber\/red is flagged as an optimism gap/,
        'the computed status is beside the rating',
      );
      await checkPage('stocktake');

      // A rating without its narrative, and no reason: refused, by the fields.
      await form.fill('Held on', '2026-03-31');
      await form.fill('Title', 'Quarter 4 stocktake, 2025 to 2026');
      await rating.getByLabel('Green', { exact: true }).check();
      const refused = await form.press('Continue');
      assert.equal(refused.status(), 400);
      const withErrors = await MissionsFormPage.verifyOnPage(page, 'Record a stocktake');
      assert.deepEqual(await withErrors.errors(), [
        `Enter the narrative for ${smokeFree}`,
        'Enter the reason for this change',
      ]);
      assert.equal(
        await withErrors.inlineError('narrative-goal-smoke-free'),
        `Enter the narrative for ${smokeFree}`,
      );
      assert.match(await page.title(), /^Error: /);
      assert.ok(await rating.getByLabel('Green', { exact: true }).isChecked(), 'answers kept');
      await checkPage('stocktake-errors');

      await withErrors.fill(
        `Narrative for ${smokeFree}`,
        'The Tobacco and Vapes Bill will turn the trend, the board believes',
      );
      await page.getByLabel('Public', { exact: true }).check();
      await withErrors.giveReason('The board met on 31 March');
      await withErrors.press('Continue');
      const check = await CheckAnswersPage.verifyOnPage(page, 'Check the new stocktake');
      assert.equal(await check.summary(`Rating: ${smokeFree}`), 'Green');
      assert.equal(await check.summary('Who may see it'), 'Public');
      assert.match(
        await check.summary('Optimism gap'),
        /^Green for A smoke-free England.*, which the data puts off track: the mission’s pages will flag it$/,
      );
      assert.equal(await check.summary('Reason'), 'The board met on 31 March');
      await checkPage('check-answers');

      const saved = await check.press('Add the stocktake');
      assert.equal(saved.status(), 200);
      const after = await WorkspacePage.verifyOnPage(page, missionTitle);
      assert.match(await after.banner.innerText(), /Saved the stocktake/);
      const ratings = page.locator('table', { hasText: 'Ratings' });
      assert.match(
        await ratings.locator('tbody tr').first().innerText(),
        /Goal: .*\s+Green\s+Off track\s+Optimism gap/,
        'the rating beside what the data says, and the gap flagged',
      );
      await checkPage('saved');

      const stored = await runtime.services.governance.get('nhs', 'stocktake', '2026-03-31');
      assert.equal(stored?.visibility, 'public');
      const [event] = await runtime.services.audit.list({ limit: 1, internal: true });
      assert.equal(event!.actor, STEWARD.name);
      assert.equal(event!.reason, 'The board met on 31 March');
    });

    it('has no axe violations and reflows on every other governance page of the workspace', async () => {
      // The seed may have given the mission its board already: then it is changed, not added.
      const board = await runtime.services.governance.get('nhs', 'board', 'board');
      const pages: [string, string][] = [
        ['board', board ? `${WORKSPACE}/board/board` : `${WORKSPACE}/add/board`],
        ['letter', `${WORKSPACE}/add/mandate-letter`],
        ['decision', `${WORKSPACE}/add/decision`],
        ['action', `${WORKSPACE}/add/action`],
        ['risk', `${WORKSPACE}/add/risk`],
        ['stocktake-change', `${WORKSPACE}/stocktake/2026-03-31`],
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
