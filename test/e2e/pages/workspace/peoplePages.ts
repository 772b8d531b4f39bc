// Page objects of the workspace's own pages: signing in, the home page, users.
import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from '../page.ts';

/** A page with a GOV.UK form: fields by their label, the error summary, buttons by name. */
export class FormPage extends Page {
  readonly errorSummary: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.errorSummary = page.locator('.govuk-error-summary');
  }

  async fill(label: string, value: string) {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async choose(label: string) {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  /** Clicks a button and waits for the page it leads to. */
  async press(name: string) {
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('button', { name, exact: true }).click(),
    ]);
  }

  async errors(): Promise<string[]> {
    return this.errorSummary.locator('li').allInnerTexts();
  }
}

export class SignInPage extends FormPage {
  async signIn(email: string, password: string) {
    await this.fill('Email address', email);
    await this.fill('Password', password);
    await this.press('Sign in');
  }
}

export class WorkspaceHomePage extends FormPage {
  readonly places: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.places = page.locator('main ul.govuk-list a');
  }

  async signOut() {
    await this.press('Sign out');
  }
}

export class UsersPage extends FormPage {
  readonly rows: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.rows = page.locator('main table tbody tr');
  }
}

export class CheckAnswersPage extends FormPage {
  async answer(key: string): Promise<string> {
    return (
      await this.page
        .locator('.govuk-summary-list__row', { has: this.page.locator('dt', { hasText: key }) })
        .locator('dd')
        .innerText()
    ).trim();
  }
}

export class UserAddedPage extends FormPage {
  readonly temporaryPassword: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.temporaryPassword = page.locator('code.ns-secret');
  }
}
