// Chromium from Debian's packages (never a browser downloaded by playwright): the one the
// browser tests drive, and the one that prints a page as a PDF. A PDF printed here is the same
// bytes each time for the same page: the dates Chromium stamps in it are set to the instant the
// document is of, not the moment it was printed.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';
import { ROOT } from '../config.ts';
import { govukDist } from './http/templates.ts';

/** Where Chromium is: Debian's package, unless NORTHSTAR_CHROMIUM names another. */
export const chromiumPath = () => process.env.NORTHSTAR_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** What to tell someone where there is no Chromium to print with. */
export const CHROMIUM_MISSING =
  'PDFs are printed by Chromium, which is not installed here. Install the chromium package ' +
  '(on Debian or Ubuntu: sudo apt-get install chromium fonts-liberation) and restart Northstar.';

export class ChromiumMissingError extends Error {
  constructor() {
    super(CHROMIUM_MISSING);
  }
}

export const chromiumAvailable = () => fs.existsSync(chromiumPath());

/** Starts Chromium, in UTC, so nothing it writes depends on the machine's time zone. */
export function launchChromium(options: LaunchOptions = {}) {
  if (!chromiumAvailable()) throw new ChromiumMissingError();
  return chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    env: { ...process.env, TZ: 'UTC' },
    ...options,
  });
}

/** `D:YYYYMMDDHHmmSS+00'00'`, the PDF date Chromium writes, for `at`. */
const pdfDate = (at: Date) => `D:${at.toISOString().slice(0, 19).replace(/[-T:]/g, '')}+00'00'`;

/**
 * Sets every date Chromium stamps in a PDF (its creation and modification dates) to `at`. The
 * new text is as long as the old, so the cross-reference table's offsets still hold.
 */
export function fixPdfDates(pdf: Buffer, at: Date): Buffer {
  const text = pdf.toString('latin1');
  const fixed = text.replace(
    /\/(CreationDate|ModDate) \((D:[0-9]{14}[^)]*)\)/g,
    (whole, field: string, date: string) => {
      const wanted = pdfDate(at);
      return wanted.length === date.length ? `/${field} (${wanted})` : whole;
    },
  );
  return Buffer.from(fixed, 'latin1');
}

let styles: Promise<string> | undefined;
/** GOV.UK Frontend's styles and Northstar's, to inline in a printed document: it fetches nothing. */
export const printStyles = () =>
  (styles ??= Promise.all([
    fsp.readFile(path.join(govukDist, 'govuk', 'govuk-frontend.min.css'), 'utf8'),
    fsp.readFile(path.join(ROOT, 'src', 'platform', 'http', 'public', 'northstar.css'), 'utf8'),
  ]).then((sheets) => sheets.join('\n').replaceAll('</style', '<\\/style')));

/** Two documents at a time, in one Chromium: it is heavy and the machine may be small. */
const AT_ONCE = 2;
let printing = 0;
const waiting: (() => void)[] = [];
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (printing >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  printing++;
  try {
    return await work();
  } finally {
    printing--;
    waiting.shift()?.();
  }
}

/** How long Chromium is kept after a print, so a run of prints (a publish) starts it once. */
const IDLE_MS = 2000;
let kept: { browser: Promise<Browser>; using: number; idle?: NodeJS.Timeout } | undefined;

/** A page of its own in Chromium that fetches nothing: what it shows is exactly what it is given. */
function withPage<T>(work: (page: Page) => Promise<T>, deviceScaleFactor = 1): Promise<T> {
  return inTurn(async () => {
    kept ??= { browser: launchChromium(), using: 0 };
    const chromium = kept;
    clearTimeout(chromium.idle);
    chromium.using++;
    try {
      const context = await (
        await chromium.browser
      ).newContext({
        javaScriptEnabled: false,
        timezoneId: 'UTC',
        locale: 'en-GB',
        deviceScaleFactor,
      });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        return await work(page);
      } finally {
        await context.close();
      }
    } catch (error) {
      // A Chromium that failed to start or died is not kept: the next print starts another.
      if (
        kept === chromium &&
        !(await chromium.browser.then(
          (b) => b.isConnected(),
          () => false,
        ))
      )
        kept = undefined;
      throw error;
    } finally {
      // Closed once nothing has been printed for a while; a process with nothing else to do
      // exits without waiting (Chromium, its child, is closed with it).
      if (--chromium.using === 0) {
        chromium.idle = setTimeout(() => {
          if (kept === chromium) kept = undefined;
          void chromium.browser.then((b) => b.close()).catch(() => undefined);
        }, IDLE_MS);
        chromium.idle.unref();
      }
    }
  });
}

/**
 * Prints a whole HTML document (its styles and images inline: nothing is fetched) as a tagged
 * A4 PDF with an outline from its headings, dated `at`.
 */
export function printPdf(html: string, at: Date): Promise<Buffer> {
  return withPage(async (page) => {
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
      displayHeaderFooter: false,
    });
    return fixPdfDates(pdf, at);
  });
}

/**
 * Each SVG drawn as a PNG `width` CSS pixels wide at twice that resolution, for documents that
 * take pictures only (a Word file). The same SVG gives the same bytes.
 */
export function svgsAsPngs(svgs: string[], width: number): Promise<Buffer[]> {
  return withPage(async (page) => {
    await page.setViewportSize({ width, height: 600 });
    const pngs: Buffer[] = [];
    for (const svg of svgs) {
      await page.setContent(
        `<!DOCTYPE html><html><body style="margin:0;background:#fff"><div style="width:${width}px">${svg}</div></body></html>`,
      );
      pngs.push(await page.locator('svg').first().screenshot({ scale: 'device', type: 'png' }));
    }
    return pngs;
  }, 2);
}
