import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** `/indicators`: the official statistics. */
export class IndicatorsPage extends Page {
  readonly rows: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.rows = page.locator('main table tbody tr');
  }

  indicatorLink(id: string): Locator {
    return this.page.locator(`main table a[href="/indicators/${id}"]`);
  }
}
