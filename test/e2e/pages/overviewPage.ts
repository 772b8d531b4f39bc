import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** `/`: every mission with a table of its goals. */
export class OverviewPage extends Page {
  readonly missionSections: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.missionSections = page.locator('section.ns-mission');
  }

  goalLink(missionSlug: string, goalSlug: string): Locator {
    return this.page.locator(`a[href="/missions/${missionSlug}/goals/${goalSlug}"]`);
  }
}
