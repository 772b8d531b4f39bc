import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { Page } from './page.ts';

/** `/missions/:slug`: a mission's goals and route map. */
export class MissionPage extends Page {
  readonly goalLinks: Locator;
  readonly projects: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.goalLinks = page.locator('.ns-goal h3 a');
    this.projects = page.locator('.ns-project');
  }
}
