// Devolution in a real browser, with JavaScript off: each government's overview and the switch
// between them, Camden's area page with every government's goals grouped, and the UK's housing
// goal divided among local authorities through the workspace forms, after which Camden's
// editor sets Camden's own target and the goal's page shows the gap. Each page is checked with
// axe (WCAG 2.2 AA) and for reflow at 320 px; screenshots go to test-artifacts/screenshots/.
// The local targets are examples.
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
import { MissionsFormPage, SignInPage, WorkspacePage } from './pages/workspace/missionsPages.ts';

const UK_EDITOR = { email: 'uk.editor@example.gov.uk', name: 'Una Editor' };
const CAMDEN_EDITOR = { email: 'camden.editor@example.gov.uk', name: 'Cam Editor' };
const TARGETS = '/manage/missions/mission/growth/goals/homes/local-targets';

describe('devolution in Chromium, without JavaScript', { timeout: 600_000 }, () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  let page: PlaywrightPage;

  before(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    runtime = await pgliteRuntime({ seed: true });
    await addPerson(
      runtime,
      UK_EDITOR.email,
      { role: 'mission-editor', scope: 'uk' },
      UK_EDITOR.name,
    );
    await addPerson(
      runtime,
      CAMDEN_EDITOR.email,
      { role: 'mission-editor', scope: 'camden' },
      CAMDEN_EDITOR.name,
    );
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

  const checkPage = (name: string) => checkPageIn(page, axeContext, `devolution-${name}`);
  const signIn = async (person: { email: string }, next: string) => {
    await context.clearCookies();
    await page.goto(next);
    await (
      await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace')
    ).signIn(person.email, TEST_PASSWORD);
  };
  /** Fills a missions form, continues to "check your answers", and saves. */
  const saveForm = async (heading: string, fields: Record<string, string>, reason: string) => {
    const form = await MissionsFormPage.verifyOnPage(page, heading);
    for (const [label, value] of Object.entries(fields)) await form.fill(label, value);
    await form.giveReason(reason);
    assert.equal((await form.press('Continue')).status(), 200);
    assert.equal((await form.press('Save')).status(), 200);
  };

  it('each government has its own overview, and the header switches between them', async () => {
    await page.goto('/');
    await checkPage('uk-overview');
    await page
      .getByRole('navigation', { name: 'Governments' })
      .getByRole('link', { name: 'Camden Council' })
      .click();
    assert.equal(new URL(page.url()).pathname, '/camden');
    assert.ok(
      await page
        .getByRole('heading', { name: 'Economic opportunity for every young person' })
        .isVisible(),
    );
    assert.equal(await page.getByRole('heading', { name: 'Kickstart economic growth' }).count(), 0);
    await checkPage('camden-overview');
    await page.goto('/areas/E09000007');
    assert.ok(await page.getByRole('heading', { name: 'UK Government', level: 2 }).isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Camden Council', level: 2 }).isVisible());
    await checkPage('camden-area');
  });

  it('the UK divides its housing goal; Camden sets its own target; the gap shows', async () => {
    await signIn(UK_EDITOR, TARGETS);
    await WorkspacePage.verifyOnPage(page, 'Local targets');
    await checkPage('workspace-not-divided');
    // A GOV.UK start-style button: a link with the button role.
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Divide it among areas' }).click(),
    ]);
    await MissionsFormPage.verifyOnPage(page, 'Divide the goal among areas');
    await page.getByLabel('Local authority', { exact: true }).check();
    await page.getByLabel('Counts: the local targets add up by their sum').check();
    await checkPage('division-form');
    await saveForm('Divide the goal among areas', {}, 'Each authority’s share (an example)');
    await WorkspacePage.verifyOnPage(page, 'Local targets');
    await checkPage('workspace-divided');

    await signIn(CAMDEN_EDITOR, '/manage/missions');
    const missions = await WorkspacePage.verifyOnPage(page, 'Missions');
    await missions.follow('1.5 million homes built in England in this Parliament');
    const camden = await WorkspacePage.verifyOnPage(page, 'Local targets');
    await camden.follow('Set Camden’s target');
    await checkPage('target-form');
    await saveForm('Camden’s target', { Target: '6000' }, 'Camden’s own ambition (an example)');

    await page.goto('/missions/growth/goals/homes');
    const section = page.locator('#local-targets ~ dl').first();
    assert.match(await section.innerText(), /294,000 dwellings not taken on by any area/);
    assert.ok(await page.getByRole('cell', { name: 'Camden Council' }).isVisible());
    await checkPage('goal-local-targets');
  });
});
