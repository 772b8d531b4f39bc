// The workspace's own pages in Chromium without JavaScript, as an administrator meets them:
// sign in (a wrong password first), the home page, users, adding a user through "check your
// answers", the new user's first sign-in with the temporary password, and signing out. Axe
// (WCAG 2.2 AA) on every page, error states included; screenshots for a person to look at.
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
import { analyzeWithAxe, describeViolations, launchBrowser, SCREENSHOTS } from './browser.ts';
import {
  CheckAnswersPage,
  FormPage,
  SignInPage,
  UserAddedPage,
  UsersPage,
  WorkspaceHomePage,
} from './pages/workspace/peoplePages.ts';

describe('the workspace in Chromium: signing in and managing users', { timeout: 300_000 }, () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  let page: PlaywrightPage;

  /** Axe on the page as shown, and a screenshot of it. */
  async function check(name: string) {
    const results = await analyzeWithAxe(page, axeContext);
    await page.screenshot({
      path: path.join(SCREENSHOTS, `workspace-${name}.png`),
      fullPage: true,
    });
    assert.equal(
      results.violations.length,
      0,
      `${name}:\n${describeViolations(results.violations)}`,
    );
  }

  before(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    runtime = await pgliteRuntime({ seed: true });
    await addPerson(
      runtime,
      'ada@example.gov.uk',
      { role: 'administrator', scope: '' },
      'Ada Admin',
    );
    app = await createWebApp(runtime.services);
    await app.listen({ port: 0, host: '127.0.0.1' });
    ({ browser, context, axeContext } = await launchBrowser(
      `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    ));
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await axeContext?.close();
    await browser?.close();
    await app?.close();
    await runtime?.close();
  });

  it('signs an administrator in after a wrong password, to their workspace', async () => {
    await page.goto('/manage/users');
    assert.match(page.url(), /\/sign-in\?next=%2Fmanage%2Fusers$/);
    const signIn = await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace');
    await check('sign-in');
    await signIn.signIn('ada@example.gov.uk', 'not my password');
    assert.deepEqual(await signIn.errors(), ['Enter a correct email address and password']);
    assert.match(await page.title(), /^Error: /);
    await check('sign-in-error');
    await signIn.signIn('ada@example.gov.uk', TEST_PASSWORD);
    assert.match(page.url(), /\/manage\/users$/, 'back where they were going');
  });

  it('lists users and their roles', async () => {
    const users = await UsersPage.verifyOnPage(page, 'Users');
    assert.equal(await users.rows.count(), 1);
    assert.match(
      await users.rows.first().innerText(),
      /Ada Admin\s+ada@example\.gov\.uk\s+Administrator\s+Active/,
    );
    await check('users');
  });

  it('adds a user through check your answers, showing the temporary password once', async () => {
    await page.getByRole('button', { name: 'Add a user' }).click();
    const form = await FormPage.verifyOnPage(page, 'Add a user');
    await check('add-user');
    await form.press('Continue');
    assert.deepEqual(await form.errors(), [
      'Enter their email address',
      'Enter their full name',
      'Select a role',
      'Enter the reason for adding them',
    ]);
    await check('add-user-errors');
    await form.fill('Email address', 'sam@example.gov.uk');
    await form.fill('Full name', 'Sam Steward');
    await form.choose('Steward');
    await form.fill('What the role is for', 'nhs');
    await form.fill('Reason', 'Leads the NHS mission board');
    await form.press('Continue');
    const answers = await CheckAnswersPage.verifyOnPage(page, 'Check the new user’s details');
    assert.equal(await answers.answer('Role'), 'Steward for nhs');
    await check('add-user-check');
    await answers.press('Add user');
    const added = await UserAddedPage.verifyOnPage(page, 'User added');
    assert.equal(await added.temporaryPassword.count(), 1);
    await check('user-added');
    await page.getByRole('link', { name: 'See their account' }).click();
    await FormPage.verifyOnPage(page, 'Sam Steward');
    await check('user');
  });

  it('shows the home page with what the person may do, and signs out on the server', async () => {
    await page.goto('/manage');
    const home = await WorkspaceHomePage.verifyOnPage(page, 'Your workspace');
    assert.ok((await home.places.allInnerTexts()).includes('Users'));
    await check('home');
    await home.signOut();
    await FormPage.verifyOnPage(page, 'You have signed out');
    await check('signed-out');
    await page.goto('/manage');
    assert.match(page.url(), /\/sign-in\?next=/);
  });
});
