// Page objects of the missions in the workspace: signing in, the list of missions, a mission
// with its goals and route map, the forms, and "check your answers".
import assert from 'node:assert/strict';
import type { Locator, Page as PlaywrightPage, Response } from 'playwright-core';
import { Page, type PageClass } from '../page.ts';

/** The sign-in form (a public page, not of the workspace). */
export class SignInPage extends Page {
  /** Signs in and answers the page the form sends the browser to. */
  async signIn(email: string, password: string) {
    await this.page.getByLabel('Email address', { exact: true }).fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    return submit(this.page, this.page.getByRole('button', { name: 'Sign in', exact: true }));
  }
}

/** Clicks a button that posts a form, and answers the page finally shown (after redirects). */
async function submit(page: PlaywrightPage, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().isNavigationRequest() && (r.status() < 300 || r.status() >= 400),
    ),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Any page of the workspace: its own service name, its error summary, its forms. */
export class WorkspacePage extends Page {
  readonly errorSummary: Locator;
  readonly banner: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.errorSummary = page.locator('.govuk-error-summary');
    this.banner = page.locator('.govuk-notification-banner');
  }

  /** Checks the page's one h1, the workspace's title and navigation, and who is signed in. */
  static override async verifyOnPage<T extends Page>(
    this: PageClass<T>,
    page: PlaywrightPage,
    title: string | RegExp,
  ): Promise<T> {
    const instance = new this(page);
    assert.equal(await instance.h1.count(), 1, `expected one h1 on ${page.url()}`);
    const text = (await instance.h1.innerText()).trim();
    if (typeof title === 'string') assert.equal(text, title, `h1 on ${page.url()}`);
    else assert.match(text, title, `h1 on ${page.url()}`);
    assert.match(await page.title(), / – Workspace – Northstar$/, 'the title names the workspace');
    assert.ok(await instance.serviceNavigation.isVisible(), 'the workspace navigation is shown');
    assert.ok(
      await page.getByRole('button', { name: 'Sign out' }).isVisible(),
      'the person can sign out',
    );
    assert.equal(await instance.skipLink.getAttribute('href'), '#main-content');
    return instance;
  }

  /** The error summary's messages, in order. */
  async errors(): Promise<string[]> {
    return (await this.errorSummary.locator('li').allInnerTexts()).map((t) => t.trim());
  }

  /** The message shown by a field (its inline error), found by the field's id. */
  async inlineError(id: string): Promise<string> {
    return (await this.page.locator(`#${id}-error`).innerText()).replace(/^Error:\s*/, '').trim();
  }

  async fill(label: string, value: string) {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async value(label: string) {
    return this.page.getByLabel(label, { exact: true }).inputValue();
  }

  /** Presses a button that posts the form; answers the page it leads to. */
  press(name: string) {
    return submit(this.page, this.page.getByRole('button', { name, exact: true }));
  }

  /** Follows a link by its accessible name. */
  async follow(name: string | RegExp) {
    await Promise.all([
      this.page.waitForEvent('load'),
      this.page.getByRole('link', { name, exact: typeof name === 'string' }).click(),
    ]);
  }
}

/** `/manage/missions`: the governments and missions the person may change. */
export class MissionsListPage extends WorkspacePage {
  missionLink(title: string) {
    return this.page.locator('main').getByRole('link', { name: title, exact: true });
  }
}

/** `/manage/missions/mission/:mission`: a mission's goals and route map, with their forms. */
export class ManageMissionPage extends WorkspacePage {
  readonly goalRows: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.goalRows = page.locator('main table').first().locator('tbody tr');
  }

  /** The "Change" link of a goal, named for screen readers by the goal's statement. */
  changeGoalLink(statement: string) {
    return this.page.getByRole('link', { name: `Change the goal: ${statement}`, exact: true });
  }
}

/** Any form of the missions: its fields, the reason, and Continue. */
export class MissionsFormPage extends WorkspacePage {
  readonly stale: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.stale = page.locator('#stale');
  }

  async giveReason(reason: string) {
    await this.fill('Reason for the change', reason);
  }

  /** The rows of "Their values and yours": field, then, now, yours. */
  async staleRows(): Promise<string[][]> {
    return this.stale
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
      );
  }
}

/** "Check your answers": what changes, then Save or Change your answers. */
export class CheckAnswersPage extends WorkspacePage {
  /** The rows of "What changes": field, before, after. */
  async changes(): Promise<string[][]> {
    return this.page
      .locator('table', { hasText: 'What changes' })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
      );
  }

  async summary(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row', {
      has: this.page.locator('dt', { hasText: key }),
    });
    return (await row.locator('dd').innerText()).trim();
  }
}
