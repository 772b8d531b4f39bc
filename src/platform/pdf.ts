// Chromium from Debian's packages (never a browser downloaded by playwright): the one the
// browser tests drive, and the one that prints a page as a PDF. A PDF printed here is the same
// bytes each time for the same page (see `steadyPdf`).
import { createHash } from 'node:crypto';
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
 * Makes a printed PDF depend only on its document and `at`, each change keeping the text's
 * length so the cross-reference table's offsets still hold:
 * - every date Chromium stamps in it (its creation and modification dates) is set to `at`;
 * - the names Chromium gives a tagged table's cells (`node00000050`) come from its renderer's
 *   count of nodes, which runs on across the documents a page has shown. They are numbered
 *   again from 1 in the same order, which keeps the tree of names sorted.
 */
function steadyPdf(pdf: Buffer, at: Date): Buffer {
  const text = pdf.toString('latin1');
  // The names given as a structure element's `/ID`, wherever they are used.
  const nodes = [...new Set([...text.matchAll(/\/ID (\(node[0-9]{8}\))/g)].map((m) => m[1]!))];
  const renumbered = new Map(
    nodes.sort().map((node, i) => [node, `(node${String(i + 1).padStart(8, '0')})`]),
  );
  const fixed = text
    .replace(
      /\/(CreationDate|ModDate) \((D:[0-9]{14}[^)]*)\)/g,
      (whole, field: string, date: string) => {
        const wanted = pdfDate(at);
        return wanted.length === date.length ? `/${field} (${wanted})` : whole;
      },
    )
    .replace(/\(node[0-9]{8}\)/g, (node) => renumbered.get(node) ?? node);
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
let kept:
  | {
      browser: Promise<Browser>;
      using: number;
      idle?: NodeJS.Timeout;
      /** Pages free for the next document, by device scale factor. */
      free: Map<number, Page[]>;
    }
  | undefined;

/** A page in a context of its own that runs no scripts, in UTC, and fetches nothing. */
async function openPage(browser: Browser, deviceScaleFactor: number): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    timezoneId: 'UTC',
    locale: 'en-GB',
    deviceScaleFactor,
  });
  const page = await context.newPage();
  await page.route('**/*', (route) => route.abort());
  // A page whose renderer died while it waited is closed, so it is not used again.
  page.on('crash', () => void context.close().catch(() => undefined));
  return page;
}

/**
 * A page in Chromium that fetches nothing: what it shows is exactly what it is given. Pages are
 * used again while Chromium is kept. Starting one (a renderer process) takes Chromium longer
 * than printing a pack, and a page that runs no scripts and fetches nothing keeps nothing of
 * one document for the next but its count of nodes, which `steadyPdf` takes out of a PDF.
 */
function withPage<T>(work: (page: Page) => Promise<T>, deviceScaleFactor = 1): Promise<T> {
  return inTurn(async () => {
    kept ??= { browser: launchChromium(), using: 0, free: new Map() };
    const chromium = kept;
    clearTimeout(chromium.idle);
    chromium.using++;
    const free = chromium.free.get(deviceScaleFactor) ?? [];
    chromium.free.set(deviceScaleFactor, free);
    let page: Page | undefined;
    try {
      do page = free.pop();
      while (page?.isClosed());
      page ??= await openPage(await chromium.browser, deviceScaleFactor);
      const result = await work(page);
      free.push(page);
      return result;
    } catch (error) {
      // A page that failed is not used again.
      await page
        ?.context()
        .close()
        .catch(() => undefined);
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
 * Printed documents kept on disk by what was printed. A page prints as the same bytes each
 * time, and Chromium takes about a second of CPU a document, so a pack printed once (at a
 * publish, or when first asked for) is not printed again until its page changes: a publish on
 * every release prints only what is new. None are kept until a directory is given (see
 * `openRuntime`); it is in the private data directory, as a board pack is internal.
 */
let printsDir: string | undefined;
export const keepPrintsIn = (dir: string | undefined) => {
  printsDir = dir;
};

/** A kept print not used for this long is removed when another is kept. */
const UNUSED_MS = 30 * 24 * 60 * 60 * 1000;

async function keptPrint(dir: string, key: string): Promise<Buffer | undefined> {
  const file = path.join(dir, `${key}.pdf`);
  try {
    const pdf = await fsp.readFile(file);
    const now = new Date();
    await fsp.utimes(file, now, now);
    return pdf;
  } catch {
    return undefined;
  }
}

/** Keeping is a saving, not a duty: a print that cannot be kept is printed again next time. */
async function keepPrint(dir: string, key: string, pdf: Buffer): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${key}.pdf`);
    // Written aside and renamed, so a print is read whole or not at all.
    const partial = `${file}.${process.pid}.partial`;
    await fsp.writeFile(partial, pdf, { mode: 0o600 });
    await fsp.rename(partial, file);
    for (const name of await fsp.readdir(dir)) {
      const kept = path.join(dir, name);
      if (Date.now() - (await fsp.stat(kept)).mtimeMs > UNUSED_MS)
        await fsp.rm(kept, { force: true });
    }
  } catch {
    // Not kept: printed again when next asked for.
  }
}

const PDF_OPTIONS = {
  format: 'A4',
  printBackground: true,
  tagged: true,
  outline: true,
  margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
  displayHeaderFooter: false,
} as const;

/**
 * Prints a whole HTML document (its styles and images inline: nothing is fetched) as a tagged
 * A4 PDF with an outline from its headings, dated `at`.
 */
export async function printPdf(html: string, at: Date): Promise<Buffer> {
  const dir = printsDir;
  const key = createHash('sha256')
    .update(JSON.stringify([PDF_OPTIONS, at.toISOString(), html]))
    .digest('hex');
  const kept = dir === undefined ? undefined : await keptPrint(dir, key);
  if (kept) return kept;
  const pdf = await withPage(async (page) => {
    await page.setContent(html, { waitUntil: 'load' });
    return steadyPdf(await page.pdf(PDF_OPTIONS), at);
  });
  if (dir !== undefined) await keepPrint(dir, key, pdf);
  return pdf;
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
