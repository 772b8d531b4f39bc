import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** `/indicators/:id`: one indicator's chart, figures and the form choosing what and where. */
export class IndicatorPage extends Page {
  readonly seriesSelect: Locator;
  readonly unitSelect: Locator;
  readonly areaSelect: Locator;
  readonly showButton: Locator;
  readonly chart: Locator;
  readonly measureHeading: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.seriesSelect = page.locator('select#series');
    this.unitSelect = page.locator('select#unit');
    this.areaSelect = page.locator('select#area');
    this.showButton = page.getByRole('button', { name: 'Show' });
    this.chart = page.locator('svg[role="img"]');
    this.measureHeading = page.locator('main h2#figures');
  }

  /** The options of the area select, and which one is chosen. */
  async areaOptions(): Promise<{ value: string; text: string; selected: boolean }[]> {
    return this.areaSelect.locator('option').evaluateAll((options) =>
      options.map((o) => ({
        value: (o as HTMLOptionElement).value,
        text: o.textContent?.trim() ?? '',
        selected: (o as HTMLOptionElement).selected,
      })),
    );
  }
}
