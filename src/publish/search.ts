// Search for the published copy, where no server can answer `/search?q=`: Pagefind indexes the
// pages as they are written, and its files (under /pagefind/) let the copy's search page search
// in the reader's browser. Pagefind runs as a native program from its npm package; nothing is
// fetched at run time.
import * as pagefind from 'pagefind';
import type { PublishEffects } from './site.ts';

/**
 * Starts Pagefind's UI on the published /search page (a file: the policy allows no inline
 * script), bringing its stylesheet, which only a page running it needs.
 */
const startScript = `// Starts Pagefind's search on the published search page.
const style = document.createElement('link');
style.rel = 'stylesheet';
style.href = '/pagefind/pagefind-ui.css';
document.head.append(style);
// A Welsh page gives Pagefind its words in Welsh; an English one leaves Pagefind's own.
const translations = JSON.parse(document.querySelector('#search')?.dataset.translations ?? '{}');
new PagefindUI({
  element: '#search',
  showSubResults: false,
  showImages: false,
  resetStyles: false,
  translations,
});
`;

/** `index.html` pages and where a reader finds them: `missions/nhs/index.html` → `/missions/nhs/`. */
const pageUrl = (relativePath: string) =>
  relativePath.endsWith('index.html')
    ? `/${relativePath.slice(0, -'index.html'.length)}`
    : undefined;

/** A table Pagefind is told to pass over: a table of figures (see `indexable`). */
const ignoredTable = /<table\b[^>]*\bdata-pagefind-ignore\b[^>]*>[\s\S]*?<\/table>/g;

/**
 * What Pagefind reads of a page: its language and its `<main>`, the only part it indexes (see
 * `data-pagefind-body` in layout.njk), without its tables of figures. The header, navigation
 * and footer are most of a short page, the tables most of a long one, and every byte given to
 * Pagefind crosses to it encoded as base64 in JSON. A table of figures (marked
 * `data-pagefind-ignore`, which Pagefind itself also honours) holds numbers no one searches
 * for and the names of the goals or areas it lists, each of which has its own page: indexed,
 * a search for an area or a goal found every page that listed it.
 */
export function indexable(html: string): string {
  const language = /<html lang="([\w-]+)"/.exec(html)?.[1];
  const start = html.indexOf('<main');
  const end = html.lastIndexOf('</main>');
  if (language === undefined || start < 0 || end < start) return html;
  const main = html.slice(start, end + '</main>'.length).replace(ignoredTable, '');
  return `<html lang="${language}"><body>${main}</body></html>`;
}

/**
 * Effects that also give every page written to a Pagefind index, and `finish`, which writes the
 * index and its scripts under `pagefind/` through the same effects once the pages are written.
 */
export async function searchIndexed(effects: PublishEffects) {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const added: Promise<unknown>[] = [];
  const failures: string[] = [];
  const indexed: PublishEffects = {
    ...effects,
    async writeFile(relativePath, contents) {
      await effects.writeFile(relativePath, contents);
      const url = pageUrl(relativePath);
      if (url !== undefined && typeof contents === 'string')
        added.push(
          index
            .addHTMLFile({ url, content: indexable(contents) })
            .then((r) => failures.push(...r.errors)),
        );
    },
  };
  return {
    effects: indexed,
    async finish() {
      try {
        await Promise.all(added);
        if (failures.length) throw new Error(`Pagefind could not index: ${failures.join('; ')}`);
        const { files, errors: fileErrors } = await index.getFiles();
        if (fileErrors.length) throw new Error(`Pagefind: ${fileErrors.join('; ')}`);
        for (const file of files)
          await effects.writeFile(`pagefind/${file.path}`, Buffer.from(file.content));
        await effects.writeFile('pagefind/northstar-search.js', startScript);
        return { pages: added.length, files: files.length + 1 };
      } finally {
        await pagefind.close();
      }
    },
  };
}
