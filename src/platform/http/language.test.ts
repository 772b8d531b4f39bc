// Welsh pages: the addresses under /cy, the catalogue's coverage of every interface string, and
// each public page type read in Welsh with nothing of the interface left in English.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { ROOT } from '../../config.ts';
import { features } from '../../features/index.ts';
import { statusLabels } from '../../domain/status.ts';
import { levelNames } from '../../domain/area.ts';
import { standingLabels } from '../../domain/partners.ts';
import { formatDate, formatValue, targetPhrase } from '../../domain/format.ts';
import { addressIn, linksIn, routeWelsh, translator, welshCatalogue } from './language.ts';
import { seededSite } from '../../../test/support/runtime.ts';

const viewFolders = [
  path.join(ROOT, 'src/platform/http/views'),
  ...features.flatMap((f) => (f.views ? [f.views] : [])),
];
const catalogue = welshCatalogue(viewFolders);

/** Files under `dir` whose names end with `ending`. */
function filesEnding(dir: string, ending: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesEnding(full, ending);
    return entry.name.endsWith(ending) ? [full] : [];
  });
}

/**
 * Every string literal passed to `t(…)` (a template's, or a handler's translator) or to
 * `translate(…)`, as written.
 */
function translatedLiterals(source: string): string[] {
  const literals = source.matchAll(
    /(?<![\w.])(?:t|translate)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g,
  );
  return [...literals].map((m) => (m[1] ?? m[2]!).replace(/\\(.)/g, '$1'));
}

describe('addresses in Welsh', () => {
  const route = (url: string) => {
    const req = { url } as IncomingMessage;
    return routeWelsh(req);
  };

  test('a Welsh address is routed as its English one; others are left alone', () => {
    assert.equal(route('/cy'), '/');
    assert.equal(route('/cy/'), '/');
    assert.equal(route('/cy?x=1'), '/?x=1');
    assert.equal(route('/cy/missions/nhs?area=W92000004'), '/missions/nhs?area=W92000004');
    assert.equal(route('/cy/indicators/3.4.2'), '/indicators/3.4.2');
    assert.equal(route('/missions/nhs'), '/missions/nhs');
    // Not Welsh: a page whose address merely begins with the letters.
    assert.equal(route('/cymru'), '/cymru');
    // Files and the API have one address for both languages.
    assert.equal(route('/cy/api/v1/missions'), '/cy/api/v1/missions');
    assert.equal(route('/cy/assets/northstar.css'), '/cy/assets/northstar.css');
    assert.equal(route('/cy/open-data/goals.csv'), '/cy/open-data/goals.csv');
  });

  test('a page’s address in Welsh, and its links kept in Welsh', () => {
    assert.equal(addressIn('cy', '/'), '/cy');
    assert.equal(addressIn('cy', '/?page=2'), '/cy?page=2');
    assert.equal(addressIn('cy', '/changes'), '/cy/changes');
    assert.equal(addressIn('cy', '/api/v1/goals'), '/api/v1/goals');
    assert.equal(addressIn('en', '/changes'), '/changes');
    const html = [
      '<a href="/missions/nhs">',
      '<form action="/search">',
      '<link href="/assets/northstar.css">',
      '<a href="/open-data/goals.csv">',
      '<a href="/missions/nhs/stocktakes/1/council-pack.pdf">',
      '<a href="https://example.org/x">',
      '<a href="#goals">',
      '<a rel="alternate" lang="en" hreflang="en" href="/missions/nhs">',
    ].join('');
    assert.equal(
      linksIn('cy', html),
      [
        '<a href="/cy/missions/nhs">',
        '<form action="/cy/search">',
        '<link href="/assets/northstar.css">',
        '<a href="/open-data/goals.csv">',
        '<a href="/missions/nhs/stocktakes/1/council-pack.pdf">',
        '<a href="https://example.org/x">',
        '<a href="#goals">',
        '<a rel="alternate" lang="en" hreflang="en" href="/missions/nhs">',
      ].join(''),
    );
    assert.equal(linksIn('en', html), html);
  });

  test('strings are translated from the catalogue, with their values filled in', () => {
    const t = translator('cy', { 'number {id}': 'rhif {id}' });
    assert.equal(t('number {id}', { id: 42 }), 'rhif 42');
    assert.equal(t('Not in the catalogue'), 'Not in the catalogue');
    assert.equal(translator('en', catalogue)('number {id}', { id: 7 }), 'number 7');
  });

  test('dates, figures and targets are written in Welsh', () => {
    assert.equal(formatDate('2028-08-31', 'cy'), '31 Awst 2028');
    assert.equal(
      formatValue(9.7, 'Rate per 100000 population', 1, 'cy'),
      '9.7 fesul 100,000 o bobl',
    );
    assert.equal(formatValue(742, 'Watts per capita', 0, 'cy'), '742 wat y pen');
    assert.equal(formatValue(6000, 'dwellings', 0, 'cy'), '6,000 o anheddau');
    // The neighbourhood policing goal's own unit.
    assert.match(
      formatValue(30175, 'people in neighbourhood roles', 0, 'cy'),
      /^30,175 o bobl mewn rolau/,
    );
    assert.equal(
      formatValue(4.1, 'Rate per 1,000 live births', 1, 'cy'),
      '4.1 fesul 1,000 o enedigaethau byw',
    );
    assert.equal(
      targetPhrase({ value: 75, comparator: '>=', deadline: '2028-08-31' }, '%', 'cy'),
      'o leiaf 75% erbyn 31 Awst 2028',
    );
    assert.equal(targetPhrase(null, null, 'cy'), 'Dim wedi’i osod');
  });
});

describe('the Welsh catalogue', () => {
  test('has Welsh for every string a template or the code translates', () => {
    const code = filesEnding(path.join(ROOT, 'src'), '.ts').filter((f) => !f.endsWith('.test.ts'));
    const sources = [...viewFolders.flatMap((dir) => filesEnding(dir, '.njk')), ...code];
    const missing = sources.flatMap((file) =>
      translatedLiterals(fs.readFileSync(file, 'utf8'))
        .filter((english) => !(english in catalogue))
        .map((english) => `${path.relative(ROOT, file)}: ${english}`),
    );
    assert.deepEqual(missing, []);
  });

  test('has Welsh for the navigation, statuses, area levels and pledge standings', () => {
    const labels = [
      ...features.flatMap((f) => f.navigation ?? []).map((item) => item.text),
      ...Object.values(statusLabels),
      ...Object.values(levelNames),
      ...Object.values(standingLabels),
      // Words a chart is given to translate.
      'Break in series',
    ];
    assert.deepEqual(
      labels.filter((english) => !(english in catalogue)),
      [],
    );
  });

  test('keeps each placeholder of the English in the Welsh', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
    for (const [english, welsh] of Object.entries(catalogue))
      assert.deepEqual(placeholders(welsh), placeholders(english), english);
  });
});

/** Elements that are not read as text. */
const HIDDEN = /<(script|style|svg|template)\b[\s\S]*?<\/\1>/gi;
const VOID = /^(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i;

/**
 * The text of a page outside any element marked `lang="en"`: what a Welsh reader meets as Welsh.
 */
function textOutsideEnglish(html: string, skipEnglish = true): string[] {
  const texts: string[] = [];
  let englishDepth = 0;
  let depth = 0;
  for (const token of html.replace(HIDDEN, '').split(/(<[^>]*>)/)) {
    if (token.startsWith('</')) {
      depth--;
      if (englishDepth > depth) englishDepth = 0;
    } else if (token.startsWith('<')) {
      const name = /^<([a-z0-9-]+)/i.exec(token)?.[1] ?? '';
      if (token.startsWith('<!') || VOID.test(name) || token.endsWith('/>')) continue;
      depth++;
      // Content marked English, and code (commands, identifiers), are the same in either language.
      if (skipEnglish && !englishDepth && (/\blang="en(-GB)?"/.test(token) || name === 'code'))
        englishDepth = depth;
    } else if (!englishDepth && token.trim()) texts.push(token.trim());
  }
  return texts;
}

/** Words the same in both languages (names, abbreviations) and hashes. */
const SAME_IN_BOTH =
  /^(Northstar|Beta|Map|API|Cymraeg|OpenAPI|CSV|JSON|PDF|Atom|GOV\.UK|[0-9a-f]{16,})$/;

/** Text a Welsh page shows outside English-marked content that its English page shows too. */
function untranslated(english: string, welsh: string): string[] {
  const englishTexts = new Set(textOutsideEnglish(english, false));
  return textOutsideEnglish(welsh).filter(
    (text) => englishTexts.has(text) && /[a-z]{3,}/i.test(text) && !SAME_IN_BOTH.test(text),
  );
}

describe('public pages in Welsh', () => {
  const site = seededSite();
  // One of each public page type the seeded site has.
  const pages = [
    '/',
    '/camden',
    '/missions/nhs',
    '/missions/nhs/goals/smoke-free',
    '/missions/growth/goals/youth-neet',
    '/missions/nhs/projects/tobacco-and-vapes',
    '/missions/nhs/governance',
    '/missions/nhs/stocktakes/2025-09-30/council-pack',
    '/missions/nhs/pledges',
    '/methodology',
    '/areas',
    '/areas?q=nowhere-at-all',
    '/areas/E12000001',
    '/map',
    '/indicators',
    '/indicators/3.4.2',
    '/release-calendar',
    '/open-data',
    '/changes',
    '/reports',
    '/partners',
    '/settlements',
    '/search',
    '/search?q=smoking',
    '/accessibility',
    '/feedback',
    '/api',
  ];

  for (const page of pages)
    test(`${page} in Welsh: its own language, a way back to English, links in Welsh`, async () => {
      const res = await site.app.inject(addressIn('cy', page));
      assert.equal(res.statusCode, 200);
      const html = res.body;
      assert.match(html, /<html lang="cy"/);
      assert.ok(html.includes(`hreflang="en" href="${page}"`), 'a link to the English page');
      const links = [...html.matchAll(/(?<!hreflang="en" )\bhref="(\/[^"]*)"/g)].map((m) => m[1]!);
      const welsh = (url: string) => /^\/cy(?=$|[/?#])/.test(url) || addressIn('cy', url) === url;
      const english = links.filter((url) => !welsh(url));
      assert.deepEqual(english, [], 'every page link stays in Welsh');
      const englishPage = await site.app.inject(page);
      assert.match(englishPage.body, /<html lang="en"/);
      assert.ok(englishPage.body.includes(`hreflang="cy" href="${addressIn('cy', page)}"`));
    });

  test('the response cache keeps a Welsh page apart from its English one', async () => {
    for (let i = 0; i < 2; i++) {
      assert.match((await site.app.inject('/changes')).body, /<html lang="en"/);
      assert.match((await site.app.inject('/cy/changes')).body, /<html lang="cy"/);
    }
  });

  test('a page not found is answered in the language asked for', async () => {
    const res = await site.app.inject('/cy/no-such-page');
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /<html lang="cy"/);
    assert.equal((await site.app.inject('/cy/api/v1/missions')).statusCode, 404);
  });

  for (const page of pages)
    test(`${page} in Welsh shows nothing of the interface in English`, async () => {
      const english = (await site.app.inject(page)).body;
      const welsh = (await site.app.inject(addressIn('cy', page))).body;
      assert.deepEqual(untranslated(english, welsh), []);
    });
});
