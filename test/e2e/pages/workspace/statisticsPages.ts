// Page objects of the statistics workspace: the releases, uploading a file, the preview with
// the publish form, and a release's page with its pre-release access list.
import type { Locator, Page as PlaywrightPage } from 'playwright-core';
import { FormPage } from './peoplePages.ts';

export class StatisticsReleasesPage extends FormPage {
  readonly rows: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.rows = page.locator('main table tbody tr');
  }
}

export class UploadPage extends FormPage {
  readonly problemRows: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.problemRows = page.locator('main table tbody tr');
  }

  /** Chooses `file` and sends it to be checked. */
  async upload(file: string) {
    await this.page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
    await this.press('Upload and check');
  }
}

export class PreviewPage extends FormPage {
  /** A count in an indicator's summary of changes ("New figures", "Revised figures"…). */
  async count(key: string): Promise<string> {
    return (
      await this.page
        .locator('.govuk-summary-list__row', {
          has: this.page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }),
        })
        .locator('dd')
        .first()
        .innerText()
    ).trim();
  }

  /** The revised figures' rows: line, figure, period, before, after. */
  async revisions(): Promise<string[][]> {
    return this.page
      .locator('table', { hasText: 'Revised figures' })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
      );
  }

  /** Chooses an embargo until `at`, on the UK clock, and gives the reason. */
  async embargoUntil(at: Date, reason: string) {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    }).formatToParts(at);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    await this.choose('At a set time: embargoed until then');
    await this.fill('Day', part('day'));
    await this.fill('Month', part('month'));
    await this.fill('Year', part('year'));
    await this.fill('Hour', part('hour'));
    await this.fill('Minute', part('minute'));
    await this.fill('Reason', reason);
  }
}

export class ReleasePage extends FormPage {
  readonly figures: Locator;
  readonly log: Locator;

  constructor(page: PlaywrightPage) {
    super(page);
    this.figures = page.locator('table', { hasText: 'Value' }).last().locator('tbody tr');
    this.log = page.locator('table', { hasText: 'Who published it' }).locator('tbody tr');
  }

  async addReader(email: string, reason: string) {
    const form = this.page.locator('form', { hasText: 'Add to the list' });
    await form.getByLabel('Email address', { exact: true }).fill(email);
    await form.getByLabel('Reason', { exact: true }).fill(reason);
    await this.press('Add to the list');
  }
}
