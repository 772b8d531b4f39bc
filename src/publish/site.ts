// The whole public site as files for any static web server or CDN: every page reachable from
// the overview (rendered by the app's own routes), the 404 page, the assets, the open data
// files and JSON snapshots of the API. Reads then scale without the server.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ROOT } from '../config.ts';
import type { Services } from '../compose.ts';
import { features } from '../features/index.ts';
import { exportOpenData, type ExportEffects } from '../features/statistics/openData.ts';
import { headerFiles } from './headers.ts';
import { searchIndexed } from './search.ts';

export interface PublishEffects extends ExportEffects {
  /** A page's HTML, or a file (a pack's PDF) byte for byte. */
  writeFile(relativePath: string, contents: string | Buffer): Promise<void>;
  copyFile(from: string, relativePath: string): Promise<void>;
}

const govukDist = path.join(ROOT, 'node_modules', 'govuk-frontend', 'dist', 'govuk');

/** `/missions/nhs` → `missions/nhs/index.html`, so clean addresses work on any static host. */
function pageFile(urlPath: string): string {
  const clean = urlPath.replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/index.html` : 'index.html';
}

/** An address with an extension: a file (a pack's PDF), or a page at such an address. */
const isFile = (url: string) => /\.[a-z0-9]+$/i.test(url);

/** Internal page links in a page: same-site paths, without query strings, not to files. */
function pageLinks(html: string): string[] {
  const links = [...html.matchAll(/href="(\/[^"?#]*)"/g)].map((m) => m[1]!);
  return links.filter(
    (href) =>
      !href.startsWith('/assets/') && !href.startsWith('/api/') && !href.startsWith('/open-data/'),
  );
}

/** Pages asked for at once while publishing. */
const PAGES_AT_ONCE = 8;

/** Runs the work it is given, at most `limit` at a time, the rest waiting their turn. */
function limited(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * Crawls the site from `/` through `app` (built with `staticSite: true`) and writes it out.
 * Every area page is included, reached from the nations and regions or listed directly.
 */
export async function publishSite(
  app: FastifyInstance,
  services: Services,
  effects: PublishEffects,
) {
  // Every page written is also indexed for the copy's own search (see search.ts).
  const search = await searchIndexed(effects);
  effects = search.effects;
  // The site's own accessibility statement and feedback page, then every page each feature declares public.
  const queue = ['/accessibility', '/feedback'];
  for (const feature of features) queue.push(...((await feature.publicPages?.(services)) ?? []));
  const seen = new Set<string>();
  const inTurn = limited(PAGES_AT_ONCE);
  const visits: Promise<void>[] = [];
  let failure: unknown;
  let pages = 0;
  // Several pages at a time, each link followed as soon as it is found: while one page waits on
  // the database, Chromium (a pack's PDF) or the disk, another is rendered.
  const follow = (url: string) => {
    if (seen.has(url) || failure) return;
    seen.add(url);
    // Files (feeds, tables, the packs' PDFs) are few and mostly wait on Chromium: they take
    // none of the pages' turns.
    const visited = isFile(url) ? visit(url) : inTurn(() => visit(url));
    visits.push(visited.catch((error: unknown) => void (failure ??= error)));
  };
  const visit = async (url: string) => {
    if (failure) return;
    const res = await app.inject(url);
    if (res.statusCode !== 200)
      throw new Error(`${url} answered ${res.statusCode} while publishing`);
    // A file other than a page (a pack's PDF) is kept at its own address, byte for byte.
    if (isFile(url) && !String(res.headers['content-type']).startsWith('text/html')) {
      await effects.writeFile(url.slice(1), res.rawPayload);
      return;
    }
    await effects.writeFile(pageFile(url), res.body);
    pages++;
    pageLinks(res.body).forEach(follow);
  };
  const crawl = async () => {
    // Files first: Chromium prints the packs' PDFs while the pages are rendered.
    queue.sort((a, b) => Number(isFile(b)) - Number(isFile(a))).forEach(follow);
    // Visits found along the way join the list while it is waited on.
    for (let i = 0; i < visits.length; i++) await visits[i];
    if (failure) throw failure;
  };
  // The 404 pages, the headers, the assets and the API's snapshots.
  const writeTheRest = async () => {
    // The page for an address that is not there, in each language: a host that looks for the
    // nearest 404.html (Cloudflare Pages) finds the Welsh one under /cy; nginx is told (README).
    await effects.writeFile('404.html', (await app.inject('/404-page-for-publishing')).body);
    await effects.writeFile('cy/404.html', (await app.inject('/cy/404-page-for-publishing')).body);
    // The server's security headers, for the web server or CDN that serves the copy.
    for (const [name, contents] of Object.entries(headerFiles))
      await effects.writeFile(name, contents);

    for (const file of listFiles(path.join(govukDist, 'assets'))) {
      await effects.copyFile(
        file,
        path.join('assets', path.relative(path.join(govukDist, 'assets'), file)),
      );
    }
    for (const file of ['govuk-frontend.min.js', 'govuk-frontend.min.css'])
      await effects.copyFile(path.join(govukDist, file), `assets/${file}`);
    for (const file of ['northstar.css', 'northstar.js'])
      await effects.copyFile(path.join(ROOT, 'src/platform/http/public', file), `assets/${file}`);
    await effects.copyFile(
      path.join(ROOT, 'data/templates/tidy-template.csv'),
      'open-data/tidy-template.csv',
    );

    // JSON snapshots of the API, at its addresses with `.json` added.
    const snapshots = ['/api/openapi.json'];
    for (const feature of features)
      snapshots.push(...((await feature.apiSnapshots?.(services)) ?? []));
    for (const url of snapshots) {
      const res = await app.inject(url);
      await effects.writeFile(
        url.endsWith('.json') ? url.slice(1) : `${url.slice(1)}.json`,
        res.body,
      );
    }
    return snapshots.length;
  };
  await crawl();
  // Pagefind builds its index in its own process once it has every page: the open data files
  // and the rest are written meanwhile, rather than beside the pages, where they only took
  // turns with them on this one core and left it idle while Pagefind built.
  const [, openData, snapshots] = await Promise.all([
    search.finish(),
    exportOpenData(services, {
      writeFile: (relativePath, contents) =>
        effects.writeFile(`open-data/${relativePath}`, contents),
    }),
    writeTheRest(),
  ]);
  return { pages, openDataFiles: openData.length, snapshots };
}
