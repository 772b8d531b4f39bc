import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** "How is my area doing?": the search form, and one area's goals beside its region's and the nation's. */
export class AreaPage extends Page {
  readonly searchInput: Locator;
  readonly findButton: Locator;
  readonly areaLinks: Locator;
  readonly goalRows: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.searchInput = page.locator('input#q');
    this.findButton = page.getByRole('button', { name: 'Find' });
    this.areaLinks = page.locator('main a.govuk-link[href^="/areas/"]');
    this.goalRows = page.locator('main table tbody tr');
  }
}
