// What every browser test shares: how Chromium is started (src/platform/pdf.ts, which prints
// PDFs with the same Chromium), where screenshots go, and axe run on a page exactly as it was
// rendered without JavaScript.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { ROOT } from '../../src/config.ts';
import { CHROMIUM_ARGS, launchChromium } from '../../src/platform/pdf.ts';

export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export { CHROMIUM_ARGS };

export function describeViolations(
  violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations'],
): string {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
        v.nodes
          .map(
            (n) =>
              `    target: ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}

/**
 * Runs axe on the page exactly as it was rendered without JavaScript. Chromium's "scripts
 * disabled" also stops timers, which axe needs, so axe runs in a second page of a context with
 * JavaScript on, given the first page's DOM at the same address and a policy that lets none of
 * the page's own scripts run (axe is injected by the browser's debugging protocol, which that
 * policy does not restrict). Stylesheets and fonts still come from the app.
 */
export async function analyzeWithAxe(
  page: PlaywrightPage,
  axeContext: BrowserContext,
  /** The page's own policy, where it states one (a frozen report's HTML allows its styles). */
  contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'",
) {
  const html = await page.content();
  const url = page.url();
  const axePage = await axeContext.newPage();
  try {
    await axePage.route(
      (u) => u.href === url,
      (route) =>
        route.request().isNavigationRequest()
          ? route.fulfill({
              status: 200,
              contentType: 'text/html; charset=utf-8',
              headers: { 'content-security-policy': contentSecurityPolicy },
              body: html,
            })
          : route.continue(),
    );
    await axePage.goto(url);
    assert.equal(
      await axePage.evaluate(() => document.body.className),
      'govuk-template__body',
      'no script of the page ran for axe',
    );
    return await new AxeBuilder({ page: axePage }).withTags(WCAG_TAGS).analyze();
  } finally {
    await axePage.close();
  }
}

/**
 * Chromium from Debian with a context for the pages (JavaScript off: everything must work
 * without it) and one for axe (see analyzeWithAxe), both at `origin`, in London's time.
 */
export async function launchBrowser(origin: string) {
  const browser = await launchChromium();
  const options = { baseURL: origin, timezoneId: 'Europe/London', locale: 'en-GB' };
  const context = await browser.newContext({ ...options, javaScriptEnabled: false });
  const axeContext = await browser.newContext(options);
  return { browser, context, axeContext };
}

/**
 * Saves a screenshot of `page` as `name`, then checks it has no axe violations and does not
 * scroll sideways in a 320 px window.
 */
export async function checkPage(
  page: PlaywrightPage,
  axeContext: BrowserContext,
  name: string,
  contentSecurityPolicy?: string,
) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const { violations } = await analyzeWithAxe(page, axeContext, contentSecurityPolicy);
  assert.deepEqual(
    violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    ),
    [],
    `axe violations on ${name} (${page.url()})`,
  );
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    const { width, scrollWidth } = await page.evaluate(() => ({
      width: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
    }));
    assert.ok(scrollWidth <= width, `${name} is ${scrollWidth}px wide in a ${width}px window`);
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}
