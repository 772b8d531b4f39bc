// The annual report in a real browser, with JavaScript off: a mission editor signs in, is
// refused with the GOV.UK error summary for an impossible date, makes the UK's report as at a
// date with the workspace's button, lands on its public page with each file's SHA-256, and reads
// the report's own HTML. Each page is checked with axe (WCAG 2.2 AA) and for reflow at 320 px;
// screenshots go to test-artifacts/screenshots/.
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

const EDITOR = { email: 'mo@example.gov.uk', name: 'Mo Editor' };

describe('the annual report in Chromium, without JavaScript', { timeout: 600_000 }, () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  let page: PlaywrightPage;

  before(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    runtime = await pgliteRuntime({ seed: true, clock: fixedClock('2026-12-04T10:00:00Z') });
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

  const checkPage = (name: string, policy?: string) =>
    checkPageIn(page, axeContext, `reports-${name}`, policy);

  it('is made from the workspace and published with its hashes', async () => {
    await page.goto('/manage/reports');
    const signIn = await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace');
    await signIn.signIn(EDITOR.email, TEST_PASSWORD);
    const list = await WorkspacePage.verifyOnPage(page, 'Reports to Parliament');
    await checkPage('workspace');
    await list.follow('Make the annual report of the UK Government');
    const form = await WorkspacePage.verifyOnPage(
      page,
      'Make the annual report of the UK Government',
    );
    await checkPage('form');

    await form.fill('As at', '2026-02-30');
    await form.fill('Reason', 'The annual report for 2025 to 2026');
    const refused = await form.press('Make and publish the report');
    assert.equal(refused.status(), 400);
    assert.deepEqual(await form.errors(), ['Enter the date the report is as at, as YYYY-MM-DD']);
    await checkPage('form-error');

    await form.fill('As at', '2026-03-31');
    const made = await form.press('Make and publish the report');
    assert.equal(made.status(), 200);
    assert.match(page.url(), /\/reports\/uk\/annual\/2026-03-31\?made=1$/);
    const hashes = await page.locator('.ns-hash code').allInnerTexts();
    assert.ok(hashes.length >= 4, `${hashes.length} hashes shown`);
    for (const hash of hashes) assert.match(hash.trim(), /^[0-9a-f]{64}$/);
    await checkPage('published');

    const [report] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('.html')),
      page.getByRole('link', { name: 'Read the report as a web page' }).click(),
    ]);
    await page.waitForLoadState('load');
    const policy = await report.headerValue('content-security-policy');
    assert.match(policy ?? '', /^default-src 'none'; style-src 'sha256-/);
    assert.equal(
      await page.locator('h1').innerText(),
      'Annual report to Parliament on the missions, as at 31 March 2026',
    );
    // Its inline styles are allowed by their hash: GOV.UK's text colour applies, not black.
    const colour = await page.locator('h1').evaluate((h) => getComputedStyle(h).color);
    assert.equal(colour, 'rgb(11, 12, 12)');
    // Axe reads the report as served: with its own policy, which lets its styles apply.
    await checkPage('html', policy!);
  });
});
