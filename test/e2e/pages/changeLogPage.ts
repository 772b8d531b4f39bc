import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** The public change log with each entry's hash. */
export class ChangeLogPage extends Page {
  readonly hashes: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.hashes = page.locator('main td.ns-hash code');
  }
}
