// The public site in a real browser: every page type on the seeded UK missions and ONS data,
// with JavaScript off (the site must work without it), checked for its heading, status code,
// accessibility (axe, WCAG 2.2 AA), charts backed by tables, and no request leaving the site.
// Full-page screenshots go to test-artifacts/screenshots/ for a person to look at.
import { createWebApp } from '../../src/compose.ts';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page as PlaywrightPage, Response } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../src/compose.ts';
import { pgliteRuntime } from '../support/runtime.ts';
import { startNginx } from '../support/nginx.ts';
import { publishSite } from '../../src/publish/site.ts';
import { folderEffects } from '../../src/publish/folder.ts';
import { Page, type PageType } from './pages/page.ts';
import { analyzeWithAxe, describeViolations, launchBrowser, SCREENSHOTS } from './browser.ts';
import { OverviewPage } from './pages/overviewPage.ts';
import { MissionPage } from './pages/missionPage.ts';
import { GoalPage } from './pages/goalPage.ts';
import { IndicatorsPage } from './pages/indicatorsPage.ts';
import { IndicatorPage } from './pages/indicatorPage.ts';
import { NotFoundPage } from './pages/notFoundPage.ts';
import { AreaPage } from './pages/areaPage.ts';
import { ChangeLogPage } from './pages/changeLogPage.ts';
import { ContentPage } from './pages/contentPage.ts';

/** What the tests know of the seeded content, read from the services rather than repeated here. */
interface Expected {
  missionTitle: string;
  smokeFree: string;
  /** A goal no published statistic measures yet. */
  neighbourhoodPolice: string;
  /** A goal judged in every English region. */
  earlyYears: string;
  indicatorTitle: string;
}

interface PageCase<T extends Page> {
  /** Names the screenshot. */
  type: string;
  path: string;
  status: number;
  pageClass: PageType<T>;
  title: (expected: Expected) => string | RegExp;
  /** How many charts the page should have; each must be followed by a table of its figures. */
  charts: number;
  /** Optional steps after loading `path`; returns the response of the page finally shown. */
  act?: (page: PlaywrightPage) => Promise<{ response: Response | null; note?: string }>;
  /** Further checks particular to the page type. */
  check?: (pageObject: T, expected: Expected) => Promise<void>;
  /** Only where a server answers queries (forms), or only in the published static copy. */
  only?: 'server' | 'published';
}

/** The page at 320 CSS pixels wide scrolls only in its marked table regions (WCAG 1.4.10). */
async function assertReflows(page: PlaywrightPage, screenshot: string) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.ns-scroll'))
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)}px)`,
        );
      return {
        width,
        scrollWidth: document.documentElement.scrollWidth,
        wide: [...new Set(wide)].slice(0, 10),
      };
    });
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(
      overflow.scrollWidth <= overflow.width,
      `${page.url()} is ${overflow.scrollWidth}px wide in a ${overflow.width}px window; too wide: ${overflow.wide.join(', ')}`,
    );
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

/** Picks an area other than the one shown (preferring a region) and submits the form with Show. */
async function chooseAnotherArea(page: PlaywrightPage) {
  const indicator = await IndicatorPage.verifyOnPage(page, /./);
  const options = await indicator.areaOptions();
  const current = options.find((o) => o.selected);
  const others = options.filter((o) => !o.selected);
  const choice = others.find((o) => o.text.startsWith('London ')) ?? others[0];
  assert.ok(
    current && choice,
    `the area select offers more than one area: ${JSON.stringify(options.slice(0, 5))}`,
  );
  await indicator.areaSelect.selectOption(choice.value);
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.url().includes(`area=${choice.value}`),
    ),
    indicator.showButton.click(),
  ]);
  await page.waitForLoadState('load');
  return {
    response,
    note: JSON.stringify({ from: current.value, to: choice.value, text: choice.text }),
  };
}

const cases: PageCase<Page>[] = [
  {
    type: 'overview',
    path: '/',
    status: 200,
    pageClass: OverviewPage,
    title: () => 'Is it working? Progress on the missions',
    charts: 0,
    async check(po) {
      const overview = po as OverviewPage;
      assert.ok((await overview.missionSections.count()) >= 5, 'every UK mission is listed');
      assert.equal(
        await overview.goalLink('nhs', 'smoke-free').count(),
        1,
        'the smoke-free goal is linked',
      );
    },
  },
  {
    type: 'mission',
    path: '/missions/nhs',
    status: 200,
    pageClass: MissionPage,
    title: (e) => e.missionTitle,
    charts: 0,
    async check(po) {
      const mission = po as MissionPage;
      assert.ok((await mission.goalLinks.count()) > 0, 'the mission lists its goals');
      assert.deepEqual(await mission.breadcrumbTexts(), ['Missions']);
    },
  },
  {
    type: 'goal',
    path: '/missions/nhs/goals/smoke-free',
    status: 200,
    pageClass: GoalPage,
    title: (e) => e.smokeFree,
    charts: 1,
    async check(po, e) {
      const goal = po as GoalPage;
      assert.deepEqual(await goal.breadcrumbTexts(), ['Missions', e.missionTitle]);
      assert.notEqual(await goal.summaryValue('Latest'), 'Awaiting data');
    },
  },
  {
    type: 'goal-awaiting-data',
    path: '/missions/safer-streets/goals/neighbourhood-police',
    status: 200,
    pageClass: GoalPage,
    title: (e) => e.neighbourhoodPolice,
    charts: 0,
    async check(po) {
      const goal = po as GoalPage;
      assert.equal(await goal.summaryValue('Latest'), 'Awaiting data');
      assert.equal(await goal.figuresTable.count(), 0, 'no table of figures that do not exist');
      const main = await goal.page.locator('main').innerText();
      assert.match(main, /There are no figures for this goal yet/);
      assert.match(main, /Home Office's count of neighbourhood officers/, 'what it awaits');
      assert.match(
        await goal.summaryValue('Baseline'),
        /^17,1\d\d people in neighbourhood roles on 31 March 2025$/,
        'the baseline set with the goal is shown',
      );
    },
  },
  {
    type: 'indicators',
    path: '/indicators',
    status: 200,
    pageClass: IndicatorsPage,
    title: () => 'Official statistics',
    charts: 0,
    async check(po) {
      const indicators = po as IndicatorsPage;
      assert.ok((await indicators.rows.count()) > 0, 'indicators are listed');
      assert.equal(await indicators.indicatorLink('3.a.1').count(), 1, 'indicator 3.a.1 is linked');
    },
  },
  {
    type: 'indicator',
    path: '/indicators/3.a.1',
    only: 'server',
    status: 200,
    pageClass: IndicatorPage,
    title: (e) => e.indicatorTitle,
    charts: 1,
    async check(po) {
      const indicator = po as IndicatorPage;
      assert.equal(await indicator.seriesSelect.count(), 1, 'the series can be chosen');
      assert.equal(await indicator.unitSelect.count(), 1, 'the unit can be chosen');
      assert.equal(await indicator.areaSelect.count(), 1, 'the area can be chosen');
      assert.equal(
        await indicator.page.locator('main form[method="get"]').count(),
        1,
        'the form is a GET form',
      );
    },
  },
  {
    type: 'indicator-area-chosen',
    only: 'server',
    path: '/indicators/3.a.1',
    status: 200,
    pageClass: IndicatorPage,
    title: (e) => e.indicatorTitle,
    charts: 1,
    act: chooseAnotherArea,
    async check(po) {
      const indicator = po as IndicatorPage;
      const url = new URL(indicator.page.url());
      const area = url.searchParams.get('area');
      assert.ok(area, `the form sent the area in the address: ${url}`);
      assert.ok(
        url.searchParams.get('series') && url.searchParams.get('unit'),
        `the form sent the series and unit in the address: ${url}`,
      );
      const chosen = (await indicator.areaOptions()).find((o) => o.selected);
      assert.equal(chosen?.value, area, 'the chosen area stays selected');
      const name = chosen.text.replace(/ \([^)]*\)$/, '');
      assert.match(
        await indicator.measureHeading.innerText(),
        new RegExp(`, ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        'the heading names the chosen area',
      );
    },
  },
  {
    type: 'areas',
    path: '/areas',
    only: 'server',
    status: 200,
    pageClass: AreaPage,
    title: () => 'How is my area doing?',
    charts: 0,
    async act(page) {
      const areas = await AreaPage.verifyOnPage(page, 'How is my area doing?');
      await areas.searchInput.fill('North East');
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().isNavigationRequest() && r.url().includes('q=North'),
        ),
        areas.findButton.click(),
      ]);
      await page.waitForLoadState('load');
      return { response };
    },
    async check(po) {
      const areas = po as AreaPage;
      assert.equal(
        await areas.page.locator('main a[href="/areas/E12000001"]').count(),
        1,
        'the search finds the region',
      );
    },
  },
  {
    type: 'area',
    path: '/areas/E12000001',
    status: 200,
    pageClass: AreaPage,
    title: () => 'North East',
    charts: 0,
    async check(po) {
      const area = po as AreaPage;
      assert.ok((await area.goalRows.count()) > 0, 'goals with figures for the region are listed');
    },
  },
  {
    type: 'map',
    path: '/map',
    status: 200,
    pageClass: ContentPage,
    title: () => 'Map of local authorities',
    charts: 0,
    async check(po) {
      const hexes = po.page.locator('svg.ns-hexmap[role="img"] polygon');
      assert.equal(await hexes.count(), 361, 'one hexagon for every local authority');
      assert.ok(
        (await po.page.locator('main table tbody tr').count()) > 100,
        'the same figures in a table',
      );
    },
  },
  {
    type: 'open-data',
    path: '/open-data',
    status: 200,
    pageClass: ContentPage,
    title: () => 'Open data',
    charts: 0,
    async check(po) {
      assert.ok(
        (await po.page.locator('main table tbody tr').count()) > 40,
        'every indicator with figures is listed',
      );
    },
  },
  {
    type: 'release-calendar',
    path: '/release-calendar',
    status: 200,
    pageClass: ContentPage,
    title: () => 'Release calendar',
    charts: 0,
    async check(po) {
      const main = await po.page.locator('main').innerText();
      // NEET 1's sheets give its next publication date: 27 August 2026, now passed.
      assert.match(main, /27 August 2026/);
      assert.match(main, /Overdue/);
      assert.equal(await po.page.locator('a[href="/release-calendar.ics"]').count(), 1);
      assert.equal(await po.page.locator('a[href="/releases.atom"]').count(), 1);
    },
  },
  {
    type: 'changes',
    path: '/changes',
    status: 200,
    pageClass: ChangeLogPage,
    title: () => 'Change log',
    charts: 0,
    async check(po) {
      const changes = po as ChangeLogPage;
      assert.ok((await changes.hashes.count()) > 10, 'entries are listed');
      assert.match(
        await changes.hashes.first().innerText(),
        /^[0-9a-f]{64}$/,
        'each entry shows its hash',
      );
    },
  },
  {
    // The form as a reader sends it: the fields left empty go too (`kind=&from=&to=`).
    type: 'changes-filtered',
    path: '/changes',
    only: 'server',
    status: 200,
    pageClass: ChangeLogPage,
    title: () => 'Change log',
    charts: 0,
    async act(page) {
      const changes = await ChangeLogPage.verifyOnPage(page, 'Change log');
      await changes.missionSelect.selectOption('nhs');
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().isNavigationRequest() && r.url().includes('mission=nhs'),
        ),
        changes.showButton.click(),
      ]);
      await page.waitForLoadState('load');
      return { response };
    },
    async check(po) {
      const changes = po as ChangeLogPage;
      assert.match(changes.page.url(), /[?&]kind=&/, 'the empty fields were sent');
      assert.match(await changes.caption.innerText(), /changes? match/);
      assert.ok((await changes.hashes.count()) > 0, "the mission's changes are listed");
      assert.equal(await changes.missionSelect.inputValue(), 'nhs', 'the choice stays');
    },
  },
  {
    type: 'search',
    path: '/search',
    only: 'server',
    status: 200,
    pageClass: ContentPage,
    title: () => 'Search Northstar',
    charts: 0,
    async act(page) {
      await page.locator('main input#q').fill('smoking');
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().isNavigationRequest() && r.url().includes('q=smoking'),
        ),
        page.getByRole('button', { name: 'Search', exact: true }).click(),
      ]);
      await page.waitForLoadState('load');
      return { response };
    },
    async check(po) {
      assert.match(po.page.url(), /[?&]type=(&|$)/, '"Everything" was sent as an empty type');
      assert.equal(
        await po.page.locator('main a[href="/missions/nhs/goals/smoke-free"]').count(),
        1,
        'the smoke-free goal is found',
      );
    },
  },
  {
    type: 'methodology',
    path: '/methodology',
    status: 200,
    pageClass: ContentPage,
    title: () => 'How progress is judged',
    charts: 0,
  },
  {
    type: 'accessibility',
    path: '/accessibility',
    status: 200,
    pageClass: ContentPage,
    title: () => 'Accessibility statement',
    charts: 0,
    async check(po) {
      // The parts the 2018 accessibility regulations ask every statement for.
      const headings = await po.page.locator('main h2, main h3').allInnerTexts();
      for (const part of [
        'Reporting accessibility problems with this website',
        'Enforcement procedure',
        'Compliance status',
        'Non-accessible content',
        'Preparation of this accessibility statement',
      ])
        assert.ok(headings.includes(part), `the statement has "${part}": ${headings.join(', ')}`);
    },
  },
  {
    type: 'api',
    path: '/api',
    // The published copy has the API's snapshots, not the API: it has no page about it.
    only: 'server',
    status: 200,
    pageClass: ContentPage,
    title: () => 'The Northstar API',
    charts: 0,
  },
  {
    type: 'feedback',
    path: '/feedback',
    status: 200,
    pageClass: ContentPage,
    title: () => 'Give feedback on Northstar',
    charts: 0,
    async check(po) {
      const banner = po.page.locator('.govuk-phase-banner a[href="/feedback"]');
      assert.equal(await banner.count(), 1, 'the phase banner leads here');
    },
  },
  {
    type: 'indicator',
    path: '/indicators/3.a.1',
    only: 'published',
    status: 200,
    pageClass: IndicatorPage,
    title: (e) => e.indicatorTitle,
    charts: 1,
    async check(po) {
      const links = po.page.locator('main a[href^="/open-data/"]');
      assert.ok((await links.count()) >= 2, 'every figure is offered as downloads');
    },
  },
  {
    type: 'areas',
    path: '/areas',
    only: 'published',
    status: 200,
    pageClass: AreaPage,
    title: () => 'How is my area doing?',
    charts: 0,
    async check(po) {
      assert.equal(await po.page.locator('main form').count(), 0, 'no search without a server');
      assert.ok(
        (await po.page.locator('main a[href^="/areas/"]').count()) > 400,
        'every area is listed',
      );
    },
  },
  {
    type: 'not-found',
    path: '/no-such-page',
    status: 404,
    pageClass: NotFoundPage,
    title: () => 'Page not found',
    charts: 0,
    async check(po) {
      const notFound = po as NotFoundPage;
      assert.ok((await notFound.links.count()) >= 2, 'the page offers a way back');
    },
  },
];

// The same tests for the site served by Northstar and for its published copy served by nginx.
// Generous limits, so that a stuck browser fails the run instead of hanging it.
for (const published of [false, true]) {
  describe(
    `the public site in Chromium, without JavaScript, ${published ? 'published and served by nginx' : 'served by Northstar'}`,
    { timeout: 600_000 },
    () => {
      let runtime: Runtime;
      let app: FastifyInstance;
      let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
      let origin: string;
      let browser: Browser;
      let context: BrowserContext;
      let axeContext: BrowserContext;
      let expected: Expected;

      before(async () => {
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        runtime = await pgliteRuntime({ seed: true });
        const nhs = await runtime.services.missions.get('nhs');
        const streets = await runtime.services.missions.get('safer-streets');
        const goal = (slug: string) => nhs?.goals.find((g) => g.slug === slug)?.statement;
        const police = streets?.goals.find((g) => g.slug === 'neighbourhood-police')?.statement;
        const opportunity = await runtime.services.missions.get('opportunity');
        const earlyYears = opportunity?.goals.find((g) => g.slug === 'early-years')?.statement;
        const indicator = await runtime.services.statistics.getIndicator('3.a.1');
        assert.ok(
          nhs && goal('smoke-free') && police && earlyYears && indicator,
          'the seed has the NHS and safer streets missions, their goals and indicator 3.a.1',
        );
        expected = {
          missionTitle: nhs.title,
          smokeFree: goal('smoke-free')!,
          neighbourhoodPolice: police,
          earlyYears,
          indicatorTitle: indicator.title,
        };

        if (published) {
          app = await createWebApp(runtime.services, { production: true, staticSite: true });
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-published-'));
          fs.chmodSync(dir, 0o755);
          await publishSite(app, runtime.services, folderEffects(path.join(dir, 'site')));
          nginx = await startNginx(path.join(dir, 'site'), dir);
          origin = nginx.origin;
        } else {
          app = await createWebApp(runtime.services);
          await app.listen({ port: 0, host: '127.0.0.1' });
          origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        }

        ({ browser, context, axeContext } = await launchBrowser(origin));
      });

      after(async () => {
        await context?.close();
        await axeContext?.close();
        await browser?.close();
        await nginx?.stop();
        await app?.close();
        await runtime?.close();
      });

      for (const c of cases.filter((c) => c.only !== (published ? 'server' : 'published'))) {
        const shot = `${published ? 'published-' : ''}${c.type}`;
        describe(
          `${c.type} page (${c.path}${c.act ? ', form submitted' : ''})`,
          { timeout: 120_000 },
          () => {
            let page: PlaywrightPage;
            let response: Response | null;
            const requests: string[] = [];
            let note = '';

            before(async () => {
              page = await context.newPage();
              page.on('request', (r) => requests.push(r.url()));
              response = await page.goto(c.path);
              if (c.act) ({ response, note = '' } = await c.act(page));
            });

            after(async () => {
              await page?.close();
            });

            it(`responds ${c.status}`, () => {
              assert.ok(response, 'a response was received');
              assert.equal(response.status(), c.status, `status of ${response.url()} ${note}`);
            });

            it('shows its heading and the GOV.UK furniture', async () => {
              const pageObject = await c.pageClass.verifyOnPage(page, c.title(expected));
              await c.check?.(pageObject, expected);
            });

            it('has no axe violations (WCAG 2.2 A and AA)', async () => {
              const results = await analyzeWithAxe(page, axeContext);
              assert.equal(
                results.violations.length,
                0,
                `axe violations on ${page.url()}:\n${describeViolations(results.violations)}`,
              );
            });

            it(`has ${c.charts} chart(s), each followed by a table with a row per point`, async () => {
              const charts = await new c.pageClass(page).chartsAndTables();
              assert.equal(charts.length, c.charts, `charts on ${page.url()}`);
              for (const chart of charts) {
                assert.ok(chart.title.length > 0, 'the chart has an accessible name');
                assert.notEqual(
                  chart.tableCaption,
                  null,
                  `a table follows the chart "${chart.title}"`,
                );
                assert.ok(chart.points > 0, 'the chart draws points');
                assert.equal(
                  chart.rowsWithFigures,
                  chart.points,
                  `table "${chart.tableCaption}" has a row for each of the chart's ${chart.points} points`,
                );
                if (chart.dots) assert.equal(chart.dots, chart.points, 'every point is marked');
              }
            });

            it('makes no request to any other host', () => {
              assert.ok(requests.length > 0, 'requests were recorded');
              const elsewhere = requests.filter(
                (url) => !url.startsWith('data:') && new URL(url).origin !== origin,
              );
              assert.deepEqual(elsewhere, [], `requests that left ${origin}`);
            });

            it('saves a full-page screenshot', async () => {
              const file = path.join(SCREENSHOTS, `${shot}.png`);
              await page.screenshot({ path: file, fullPage: true });
              assert.ok(fs.statSync(file).size > 0);
            });

            it('reflows to 320 CSS pixels without scrolling sideways (WCAG 1.4.10)', () =>
              assertReflows(page, path.join(SCREENSHOTS, `${shot}-narrow.png`)));
          },
        );
      }

      it(
        "reaches an area's goal from the overview with the keyboard alone",
        { timeout: 120_000 },
        async () => {
          const page = await context.newPage();
          /** Presses Tab until the focus is on the link to `href`, or on the field with id `#id`. */
          const tabTo = async (target: string) => {
            const visited: string[] = [];
            for (let i = 0; i < 600; i++) {
              await page.keyboard.press('Tab');
              const at = await page.evaluate(() => {
                const el = document.activeElement;
                return el?.getAttribute('href') ?? (el?.id ? `#${el.id}` : (el?.tagName ?? ''));
              });
              if (at === target) return;
              visited.push(at);
            }
            assert.fail(
              `Tab never reached ${target}; focus went through ${visited.slice(-15).join(', ')}`,
            );
          };
          const follow = async (href: string) => {
            await tabTo(href);
            await Promise.all([page.waitForURL(`**${href}`), page.keyboard.press('Enter')]);
          };
          try {
            await page.goto('/');
            await follow('/areas');
            if (!published) {
              // The search: type a name into the field and send it with Enter.
              await tabTo('#q');
              await page.keyboard.type('North East');
              await Promise.all([
                page.waitForURL('**/areas?q=North*'),
                page.keyboard.press('Enter'),
              ]);
            }
            await follow('/areas/E12000001');
            await AreaPage.verifyOnPage(page, /North East/);
            // DfE's early years figures cover every region.
            await follow('/missions/opportunity/goals/early-years');
            await GoalPage.verifyOnPage(page, expected.earlyYears);
          } finally {
            await page.close();
          }
        },
      );

      it(
        'reaches a goal from the overview with the keyboard alone',
        { timeout: 60_000 },
        async () => {
          const page = await context.newPage();
          try {
            await page.goto('/');
            const target = '/missions/nhs/goals/smoke-free';
            const focused = () =>
              page.evaluate(() => {
                const el = document.activeElement;
                return {
                  tag: el?.tagName ?? '',
                  href: el?.getAttribute('href') ?? '',
                  text: (el?.textContent ?? '').trim(),
                };
              });
            await page.keyboard.press('Tab');
            assert.deepEqual(
              await focused(),
              { tag: 'A', href: '#main-content', text: 'Skip to main content' },
              'the first Tab reaches the skip link',
            );
            const visited: string[] = [];
            for (let presses = 1; presses < 200; presses++) {
              const now = await focused();
              if (now.href === target) break;
              visited.push(now.href || now.tag);
              await page.keyboard.press('Tab');
            }
            assert.equal(
              (await focused()).href,
              target,
              `Tab reached the smoke-free goal; focus went through ${visited.join(', ')}`,
            );
            const outline = await page.evaluate(() => {
              const el = document.activeElement as HTMLElement;
              const style = getComputedStyle(el);
              return { outline: style.outlineStyle, background: style.backgroundColor };
            });
            assert.ok(
              outline.outline !== 'none' || outline.background !== 'rgba(0, 0, 0, 0)',
              `the focused link is visibly focused: ${JSON.stringify(outline)}`,
            );
            await page.screenshot({
              path: path.join(SCREENSHOTS, `${published ? 'published-' : ''}keyboard-focus.png`),
            });
            await Promise.all([page.waitForURL(`**${target}`), page.keyboard.press('Enter')]);
            await GoalPage.verifyOnPage(page, expected.smokeFree);
          } finally {
            await page.close();
          }
        },
      );

      it('folds the navigation behind a Menu button on a phone, with JavaScript only', async () => {
        const viewport = { width: 390, height: 844 };
        const scripted = await browser.newContext({ baseURL: origin, viewport });
        const plain = await context.newPage();
        try {
          const navigation = (p: typeof plain) =>
            p.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your area' });
          // Without JavaScript the links are simply there.
          await plain.setViewportSize(viewport);
          await plain.goto('/');
          assert.equal(await navigation(plain).isVisible(), true, 'links shown without JavaScript');

          const page = await scripted.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(e.message));
          page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
          await page.goto('/');
          const menu = page.getByRole('button', { name: 'Menu' });
          await menu.waitFor();
          assert.equal(await menu.getAttribute('aria-expanded'), 'false');
          assert.equal(await navigation(page).isVisible(), false, 'folded with JavaScript');
          await menu.click();
          assert.equal(await menu.getAttribute('aria-expanded'), 'true');
          assert.equal(await navigation(page).isVisible(), true, 'shown once the menu is opened');
          await page.screenshot({
            path: path.join(SCREENSHOTS, `${published ? 'published-' : ''}menu-open-390.png`),
          });
          // The policy lets GOV.UK Frontend's module and the template's one inline script run.
          assert.deepEqual(errors, []);
        } finally {
          await plain.close();
          await scripted.close();
        }
      });

      // The copy has no server to answer a search: Pagefind's index answers it in the browser,
      // each language from its own pages.
      if (published)
        it('searches the copy in the browser, in English and in Welsh', async () => {
          const scripted = await browser.newContext({ baseURL: origin });
          try {
            const page = await scripted.newPage();
            const errors: string[] = [];
            page.on('pageerror', (e) => errors.push(e.message));
            // A new page for each search: a second one would at first still show the first's results.
            const found = async (words: string, language = '') => {
              await page.goto(`${language}/search`);
              const input = page.locator('.pagefind-ui__search-input');
              await input.fill(words);
              const results = page.locator('.pagefind-ui__result-link');
              await results.first().waitFor({ timeout: 15_000 });
              return results.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
            };
            assert.ok(
              (await found('smoke-free')).includes('/missions/nhs/goals/smoke-free/'),
              'the goal is found by a word of its statement',
            );
            const byName = await found('Hartlepool');
            assert.ok(
              byName.includes('/areas/E06000001/'),
              `an area by name: ${byName.join(', ')}`,
            );
            const welsh = await found('Hartlepool', '/cy');
            assert.ok(welsh.includes('/cy/areas/E06000001/'), 'the Welsh page of the area');
            assert.ok(
              welsh.every((href) => href?.startsWith('/cy/')),
              `only Welsh pages: ${welsh.join(', ')}`,
            );
            await page.screenshot({ path: path.join(SCREENSHOTS, 'published-search-cy.png') });
            assert.deepEqual(errors, []);
          } finally {
            await scripted.close();
          }
        });

      // The Welsh pages are the same templates in another environment: checked once, served.
      if (!published)
        describe('in Welsh', { timeout: 300_000 }, () => {
          let page: PlaywrightPage;
          before(async () => {
            page = await context.newPage();
          });
          after(async () => {
            await page?.close();
          });

          it('switches language with the toggle and back', async () => {
            await page.goto('/missions/nhs');
            await Promise.all([
              page.waitForURL('**/cy/missions/nhs'),
              page.getByRole('link', { name: 'Cymraeg' }).click(),
            ]);
            assert.equal(await page.getAttribute('html', 'lang'), 'cy');
            await Promise.all([
              page.waitForURL((url) => url.pathname === '/missions/nhs'),
              page.getByRole('link', { name: 'English' }).click(),
            ]);
            assert.equal(await page.getAttribute('html', 'lang'), 'en');
          });

          for (const c of cases.filter(
            (c) => !c.act && c.only !== (published ? 'server' : 'published'),
          )) {
            const welsh = c.path === '/' ? '/cy' : `/cy${c.path}`;
            it(`${welsh}: in Welsh, with no axe violations, reflowing to 320 px`, async () => {
              const response = await page.goto(welsh);
              assert.equal(response?.status(), c.status, `status of ${welsh}`);
              assert.equal(await page.getAttribute('html', 'lang'), 'cy');
              const results = await analyzeWithAxe(page, axeContext);
              assert.equal(
                results.violations.length,
                0,
                `axe violations on ${page.url()}:\n${describeViolations(results.violations)}`,
              );
              await page.screenshot({ path: path.join(SCREENSHOTS, `${c.type}-cy.png`) });
              await assertReflows(page, path.join(SCREENSHOTS, `${c.type}-cy-narrow.png`));
            });
          }
        });
    },
  );
}
