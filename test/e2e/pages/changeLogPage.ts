import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** The public change log with each entry's hash, and its filters. */
export class ChangeLogPage extends Page {
  readonly hashes: Locator;
  readonly caption: Locator;
  readonly missionSelect: Locator;
  readonly showButton: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.hashes = page.locator('main td.ns-hash code');
    this.caption = page.locator('main table caption');
    this.missionSelect = page.locator('main select#mission');
    this.showButton = page.getByRole('button', { name: 'Show changes' });
  }
}
