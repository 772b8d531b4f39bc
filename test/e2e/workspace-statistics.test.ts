// Publishing statistics in Chromium without JavaScript, as a statistics publisher meets it:
// sign in, upload a release with an error, fix it, see what it changes, embargo it with a
// reason, give a colleague pre-release access, and see it reach the public site at its time
// (the server's clock is set, not waited for). Axe (WCAG 2.2 AA) on every page of it, error
// states included; screenshots for a person to look at.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../src/compose.ts';
import { fixedClock } from '../../src/clock.ts';
import { ROOT } from '../../src/config.ts';
import { pgliteRuntime } from '../support/runtime.ts';
import { addPerson, TEST_PASSWORD } from '../support/workspace.ts';
import { analyzeWithAxe, describeViolations, launchBrowser, SCREENSHOTS } from './browser.ts';
import { CheckAnswersPage, FormPage, SignInPage } from './pages/workspace/peoplePages.ts';
import {
  PreviewPage,
  ReleasePage,
  StatisticsReleasesPage,
  UploadPage,
} from './pages/workspace/statisticsPages.ts';

const SERIES = 'Annual growth rate of real GDP per capita,Percentage (%),Units,Normal value';
const ORIGINAL = fs.readFileSync(
  path.join(ROOT, 'data', 'uk-sdg', 'data', 'indicator_8-1-1.csv'),
  'utf8',
);
/** 2022 revised from 3.4 to 3.9, and 2023 first published: 2.7183, looked for everywhere. */
const FIXED = `${ORIGINAL.trimEnd().replace(/^2022,(.*),3\.4$/m, '2022,$1,3.9')}\n2023,${SERIES},2.7183\n`;
/** The same with 2023's figure written with a comma. */
const BROKEN = FIXED.replace('2.7183', '"2,7183"');
/**
 * The public page's 2023 row with that figure, shown to the one place 8.1.1's other figures
 * have (the release's own pages show it as written).
 */
const PUBLIC_2023 = /scope="row" class="govuk-table__header">2023<\/th>\s*<td[^>]*>2\.7</;

describe(
  'the statistics workspace in Chromium: upload, check, embargo',
  { timeout: 300_000 },
  () => {
    const clock = fixedClock(new Date());
    let runtime: Runtime;
    let app: FastifyInstance;
    let browser: Browser;
    let context: BrowserContext;
    let readerContext: BrowserContext;
    let axeContext: BrowserContext;
    let page: PlaywrightPage;
    let dir: string;
    let releasedAt: Date;
    let releaseUrl: string;

    /** Axe on `on` as shown, and a screenshot of it. */
    async function check(name: string, on: PlaywrightPage = page) {
      const results = await analyzeWithAxe(on, axeContext);
      await on.screenshot({
        path: path.join(SCREENSHOTS, `workspace-statistics-${name}.png`),
        fullPage: true,
      });
      assert.equal(
        results.violations.length,
        0,
        `${name}:\n${describeViolations(results.violations)}`,
      );
    }

    /** A file as the publisher has it on their computer. */
    const file = (name: string, text: string) => {
      const at = path.join(dir, name);
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.writeFileSync(at, text);
      return at;
    };

    /** The public indicator page's text, as anyone sees it. */
    const publicPage = async () => {
      const response = await fetch(`${origin()}/indicators/8.1.1`);
      assert.equal(response.status, 200);
      return response.text();
    };
    const origin = () => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    before(async () => {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-e2e-statistics-'));
      runtime = await pgliteRuntime({ seed: true, clock });
      // The seeded releases were published as the copy was made: start the clock after them.
      clock.set(new Date());
      await addPerson(
        runtime,
        'sam@example.gov.uk',
        { role: 'statistics-publisher', scope: '8.1.1' },
        'Sam Publisher',
      );
      await addPerson(runtime, 'pat@example.gov.uk', { role: 'reviewer', scope: '' }, 'Pat Reader');
      app = await createWebApp(runtime.services);
      await app.listen({ port: 0, host: '127.0.0.1' });
      ({ browser, context, axeContext } = await launchBrowser(origin()));
      readerContext = await browser.newContext({
        baseURL: origin(),
        timezoneId: 'Europe/London',
        locale: 'en-GB',
        javaScriptEnabled: false,
      });
      page = await context.newPage();
    });
    after(async () => {
      await context?.close();
      await readerContext?.close();
      await axeContext?.close();
      await browser?.close();
      await app?.close();
      await runtime?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('signs the publisher in to the releases of their indicator', async () => {
      await page.goto('/manage/statistics');
      const signIn = await SignInPage.verifyOnPage(page, 'Sign in to the Northstar workspace');
      await signIn.signIn('sam@example.gov.uk', TEST_PASSWORD);
      const releases = await StatisticsReleasesPage.verifyOnPage(page, 'Statistics releases');
      assert.equal(await releases.rows.count(), 1);
      assert.match(await releases.rows.first().innerText(), /8\.1\.1[^]*Published/);
      await check('releases');
    });

    it('shows the problems of a file with an error, where they are', async () => {
      await page.getByRole('button', { name: 'Upload a release' }).click();
      const upload = await UploadPage.verifyOnPage(page, 'Upload a release');
      await check('upload');
      await upload.upload(file('broken/indicator_8-1-1.csv', BROKEN));
      const problems = await upload.errors();
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /^indicator_8-1-1\.csv, row 25, column 6: /);
      assert.match(
        await upload.problemRows.first().innerText(),
        /indicator_8-1-1\.csv\s+25\s+6\s+/,
      );
      assert.match(await page.title(), /^Error: /);
      await check('upload-problems');
    });

    it('previews the fixed file: a new period and a revised figure', async () => {
      const upload = new UploadPage(page);
      await upload.upload(file('indicator_8-1-1.csv', FIXED));
      const preview = await PreviewPage.verifyOnPage(page, 'Check what the release changes');
      assert.equal(await preview.count('New periods'), '2023');
      assert.equal(await preview.count('Revised figures'), '1');
      const [revision] = await preview.revisions();
      assert.deepEqual(revision?.slice(2), ['2022', '3.4', '3.9']);
      await check('preview');
      await preview.press('Continue');
      assert.deepEqual(await preview.errors(), [
        'Select when to publish the release',
        'Enter the reason for publishing this release',
      ]);
      await check('preview-errors');
    });

    it('embargoes it until a time, after checking the answers', async () => {
      const preview = new PreviewPage(page);
      releasedAt = new Date(Math.ceil(clock.now().getTime() / 3_600_000 + 1) * 3_600_000);
      await preview.embargoUntil(releasedAt, 'GDP per head for 2023, for the quarterly release');
      await preview.press('Continue');
      const answers = await CheckAnswersPage.verifyOnPage(
        page,
        'Check the release before publishing it',
      );
      assert.match(await answers.answer('Published'), /^Embargoed until .* \(UK time\)$/);
      await check('check-answers');
      await answers.press('Publish under embargo');
      await FormPage.verifyOnPage(page, 'Release embargoed');
      await check('embargoed');
      assert.doesNotMatch(await publicPage(), PUBLIC_2023, 'not public before its time');
    });

    it('gives a colleague pre-release access, and logs their view', async () => {
      await page.getByRole('link', { name: /Indicator 8\.1\.1/ }).click();
      releaseUrl = new URL(page.url()).pathname;
      const release = await ReleasePage.verifyOnPage(page, /GDP per capita/);
      await check('release');
      await release.addReader('pat@example.gov.uk', 'Briefs the Chancellor on the day');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /Pat Reader/);
      await check('release-reader-added');

      const readerPage = await readerContext.newPage();
      await readerPage.goto('/manage/statistics/pre-release');
      await (
        await SignInPage.verifyOnPage(readerPage, 'Sign in to the Northstar workspace')
      ).signIn('pat@example.gov.uk', TEST_PASSWORD);
      await FormPage.verifyOnPage(readerPage, 'Pre-release access');
      await check('pre-release', readerPage);
      await readerPage.getByRole('link', { name: /Indicator 8\.1\.1/ }).click();
      const seen = await ReleasePage.verifyOnPage(readerPage, /GDP per capita/);
      assert.match(await seen.figures.allInnerTexts().then((r) => r.join('\n')), /2\.718/);
      await check('release-pre-release-view', readerPage);
      await readerPage.close();

      await page.goto(releaseUrl);
      assert.match((await release.log.allInnerTexts()).join('\n'), /Pat Reader\s+Viewed before/);
    });

    it('is public at its time, and not a moment before', async () => {
      clock.set(new Date(releasedAt.getTime() - 1));
      assert.doesNotMatch(await publicPage(), PUBLIC_2023);
      // Past its time, and past the response cache's next look at the version.
      clock.set(new Date(releasedAt.getTime() + 1100));
      assert.match(await publicPage(), PUBLIC_2023);
    });
  },
);
