import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** Any address the site does not have. */
export class NotFoundPage extends Page {
  readonly links: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.links = page.locator('main a.govuk-link');
  }
}
