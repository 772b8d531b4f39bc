import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** `/missions/:slug/goals/:goal`: a goal's status, chart and figures. */
export class GoalPage extends Page {
  readonly status: Locator;
  readonly summaryList: Locator;
  readonly chart: Locator;
  readonly figuresTable: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.status = page.locator('main .govuk-tag').first();
    this.summaryList = page.locator('.govuk-summary-list');
    this.chart = page.locator('svg[role="img"]');
    this.figuresTable = page.locator('main table.govuk-table');
  }

  async summaryValue(key: string): Promise<string> {
    const row = this.summaryList.locator('.govuk-summary-list__row', {
      has: this.page.locator('dt', { hasText: key }),
    });
    return (await row.locator('dd').innerText()).trim();
  }
}
