// Pledges in a real browser, with JavaScript off: a partner signs in and is refused with the
// GOV.UK error summary for a script link, sends a pledge, and it is nowhere public; a mission
// editor approves it; then its page, the goal page, the mission's mobilisation map and the
// register show it, with its text escaped. Each page is checked with axe (WCAG 2.2 AA) and for
// reflow at 320 px; screenshots go to test-artifacts/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../src/compose.ts';
import { fixedClock } from '../../src/clock.ts';
import { pgliteRuntime } from '../support/runtime.ts';
import { addPerson, TEST_PASSWORD } from '../support/workspace.ts';
import { checkPage as checkPageIn, launchBrowser, SCREENSHOTS } from './browser.ts';
import { SignInPage, WorkspacePage } from './pages/workspace/missionsPages.ts';

const PARTNER = { email: 'pat@example.org', name: 'Pat Partner' };
const EDITOR = { email: 'mo@example.gov.uk', name: 'Mo Editor' };
const TITLE = 'Example: apprenticeships on Tyneside';

describe('pledges in Chromium, without JavaScript', { timeout: 600_000 }, () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  let page: PlaywrightPage;

  before(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    runtime = await pgliteRuntime({ seed: true, clock: fixedClock('2026-12-04T10:00:00Z') });
    await runtime.services.partners.saveOrganisation(
      undefined,
      {
        name: 'Example Builders',
        sector: 'business',
        size: 'small',
        areas: ['E08000021'],
        contact: 'pledges@example.org',
        description: 'An example organisation for this test.',
      },
      { actor: 'test', reason: 'An example' },
    );
    await addPerson(
      runtime,
      PARTNER.email,
      { role: 'partner', scope: 'example-builders' },
      PARTNER.name,
    );
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

  const checkPage = (name: string) => checkPageIn(page, axeContext, `partners-${name}`);

  it('is sent by a partner, approved by an editor, then shown everywhere it serves', async () => {
    await page.goto('/manage/partners');
    await (
      await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace')
    ).signIn(PARTNER.email, TEST_PASSWORD);
    const home = await WorkspacePage.verifyOnPage(page, 'Your organisation');
    await checkPage('workspace');
    await home.follow('Make a pledge for Example Builders');
    const form = await WorkspacePage.verifyOnPage(page, 'Make a pledge');
    await checkPage('form');

    await page.getByLabel('The goal it serves').selectOption('growth/gdp-per-head');
    await form.fill('Title', TITLE);
    await form.fill('What you commit to', 'We will train apprentices. <script>alert(1)</script>');
    await form.fill('Deliverables', '2027-03-31 Train 200 apprentices');
    await form.fill('Areas (optional)', 'E12000001');
    await form.fill('Evidence (optional)', 'javascript:alert(1) Click me');
    await form.fill('Why you are sending this', 'Our board agreed it');
    const refused = await form.press('Send for approval');
    assert.equal(refused.status(), 400);
    assert.deepEqual(await form.errors(), [
      'Evidence, line 1 must be a web address starting https:// or http://',
    ]);
    await checkPage('form-error');
    await form.fill('Evidence (optional)', 'https://example.org/plan Our plan');
    assert.equal((await form.press('Send for approval')).status(), 200);
    await WorkspacePage.verifyOnPage(page, 'Your organisation');
    assert.equal((await page.goto('/pledges/1'))!.status(), 404);

    await context.clearCookies();
    await page.goto('/manage/pledges');
    await (
      await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace')
    ).signIn(EDITOR.email, TEST_PASSWORD);
    const queue = await WorkspacePage.verifyOnPage(page, 'Partners’ pledges');
    await checkPage('queue');
    await queue.follow(`1: ${TITLE}`);
    const decision = await WorkspacePage.verifyOnPage(page, 'Pledge 1: approve or refuse');
    await checkPage('decision');
    await page.getByLabel('Approve and publish it').check();
    await decision.fill('Reason', 'A clear commitment to a goal');
    assert.equal((await decision.press('Save the decision')).status(), 200);

    for (const [name, url, shows] of [
      ['pledge', '/pledges/1', TITLE],
      ['goal', '/missions/growth/goals/gdp-per-head', TITLE],
      ['map', '/missions/growth/pledges', TITLE],
      ['register', '/partners', 'Example Builders'],
      ['organisation', '/partners/example-builders', TITLE],
    ]) {
      assert.equal((await page.goto(url!))!.status(), 200, url);
      assert.ok(await page.getByText(shows!).first().isVisible(), `${url} shows ${shows}`);
      await checkPage(name!);
    }
    await page.goto('/pledges/1');
    assert.ok(await page.getByText('<script>alert(1)</script>', { exact: false }).isVisible());
  });
});
