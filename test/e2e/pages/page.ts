// Page objects for the browser tests, in the style of hmpps-template-typescript: a base
// `Page` whose static `verifyOnPage` checks the h1 and returns the page type's object.
import assert from 'node:assert/strict';
import type { Locator, Page as PlaywrightPage } from 'playwright-core';

export type PageClass<T extends Page> = new (page: PlaywrightPage) => T;
/** A page type: its constructor with the static `verifyOnPage`. */
export type PageType<T extends Page> = PageClass<T> & Pick<typeof Page, 'verifyOnPage'>;

/** A chart on the page and the table of figures that follows it. */
export interface ChartAndTable {
  /** The chart's accessible name (its SVG title). */
  title: string;
  /** Points of the published-figures line, from its path's vertices. */
  points: number;
  /** Dots drawn on that line (the chart leaves them out beyond 60 points). */
  dots: number;
  /** Caption of the first table after the chart, or null when no table follows it. */
  tableCaption: string | null;
  /** Rows of that table that hold a figure ("No figure" rows have no point). */
  rowsWithFigures: number;
  rows: number;
}

export abstract class Page {
  readonly h1: Locator;
  readonly header: Locator;
  readonly serviceNavigation: Locator;
  readonly footer: Locator;
  readonly skipLink: Locator;
  readonly breadcrumbs: Locator;

  constructor(readonly page: PlaywrightPage) {
    this.h1 = page.locator('h1');
    this.header = page.locator('header.govuk-template__header');
    this.serviceNavigation = page.locator('.govuk-service-navigation');
    this.footer = page.locator('footer.govuk-template__footer .govuk-footer');
    this.skipLink = page.locator('a.govuk-skip-link');
    this.breadcrumbs = page.locator('.govuk-breadcrumbs__link');
  }

  /** Checks the page has exactly one h1 with this text (and the usual furniture). */
  static async verifyOnPage<T extends Page>(
    this: PageClass<T>,
    page: PlaywrightPage,
    title: string | RegExp,
  ): Promise<T> {
    const instance = new this(page);
    assert.equal(await instance.h1.count(), 1, `expected one h1 on ${page.url()}`);
    const text = (await instance.h1.innerText()).trim();
    if (typeof title === 'string') assert.equal(text, title, `h1 on ${page.url()}`);
    else assert.match(text, title, `h1 on ${page.url()}`);
    assert.ok(await instance.header.isVisible(), 'the header landmark is shown');
    assert.ok(await instance.serviceNavigation.isVisible(), 'the service navigation is shown');
    assert.ok(await instance.footer.isVisible(), 'the footer is shown in the footer landmark');
    assert.equal(
      await instance.skipLink.getAttribute('href'),
      '#main-content',
      'the skip link goes to the main content',
    );
    assert.match(await page.title(), / – Northstar$/, 'the document title names the service');
    return instance;
  }

  async breadcrumbTexts(): Promise<string[]> {
    return (await this.breadcrumbs.allInnerTexts()).map((t) => t.trim());
  }

  /**
   * Every line chart (`svg.ns-chart[role=img]`) with the first table that follows it in the
   * document, and the earlier figures folded after that table.
   */
  async chartsAndTables(): Promise<ChartAndTable[]> {
    return this.page.locator('svg.ns-chart[role="img"]').evaluateAll((svgs) =>
      svgs.map((svg) => {
        const labelledBy = svg.getAttribute('aria-labelledby');
        const title =
          (labelledBy
            ? document.getElementById(labelledBy)?.textContent
            : svg.querySelector('title')?.textContent) ?? '';
        // The published-figures line is the chart's solid, undashed path; count its vertices.
        const line = [...svg.querySelectorAll('path')].find(
          (p) => !p.hasAttribute('stroke-dasharray'),
        );
        const points = (line?.getAttribute('d')?.match(/[ML]/g) ?? []).length;
        const dots = svg.querySelectorAll('circle[r="3"]').length;
        const table = [...document.querySelectorAll('table')].find(
          (t) => svg.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING,
        );
        if (!table) return { title, points, dots, tableCaption: null, rowsWithFigures: 0, rows: 0 };
        const headers = [...table.querySelectorAll('thead th')].map(
          (th) => th.textContent?.trim() ?? '',
        );
        const valueColumn = headers.findIndex((h) => /^(Published figure|Value)$/.test(h));
        // A long series' earlier figures are folded into the details after its table.
        const after = (table.closest('.ns-scroll') ?? table).nextElementSibling;
        const folded = after?.matches('details') ? [...after.querySelectorAll('tbody tr')] : [];
        const rows = [...table.querySelectorAll('tbody tr'), ...folded];
        const rowsWithFigures = rows.filter((tr) => {
          const cell = tr.children[valueColumn];
          return (
            cell && /\d/.test(cell.textContent ?? '') && !/No figure/.test(cell.textContent ?? '')
          );
        }).length;
        return {
          title,
          points,
          dots,
          tableCaption: table.caption?.textContent?.trim() ?? '',
          rowsWithFigures,
          rows: rows.length,
        };
      }),
    );
  }
}
