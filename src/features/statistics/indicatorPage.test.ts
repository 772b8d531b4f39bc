// The public indicator page as a statistician reads it, on the seeded indicators: it opens on
// the national figure, chooses series, unit and breakdowns with a plain GET form, shows the
// source's duplicate rows as such, draws axes that hold every point, and gives the metadata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededSite } from '../../../test/support/runtime.ts';
import { publishedDate } from './indicatorMetadata.ts';

const site = seededSite();

async function page(url: string): Promise<string> {
  const res = await site.app.inject(url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
  return res.body;
}

/** The value of the option chosen in the select named `name`. */
function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  assert.ok(select, `a select named ${name}`);
  return /<option value="([^"]*)"[^>]*\sselected/.exec(select[1]!)?.[1];
}

test('each indicator opens on its national figure, not on the first area in the list', async () => {
  const cases: [id: string, area: string, name: string][] = [
    // Local authorities come first in the list; England is the widest area with figures.
    ['ohid-smoking', 'E92000001', 'England'],
    ['4.2.1', 'E92000001', 'England'],
    // Regions first; England and Wales is the widest.
    ['5.2.1', 'K04000001', 'England and Wales'],
    // Great Britain, beside its nations and local authorities.
    ['11.3.1', 'K03000001', 'Great Britain'],
    // The UK whenever it has figures.
    ['3.a.1', 'K02000001', 'United Kingdom'],
  ];
  for (const [id, area, name] of cases) {
    const [first] = await site.runtime.services.statistics.measures(id);
    assert.notEqual(first!.areas[0], area, `${id}: the national area is not simply first`);
    const html = await page(`/indicators/${id}`);
    assert.equal(selected(html, 'area'), area, id);
    assert.match(html, new RegExp(`<h2 class="govuk-heading-l"[^>]*>[^<]*, ${name}</h2>`), id);
  }
  // An area asked for is still shown.
  assert.equal(
    selected(await page('/indicators/ohid-smoking?area=E06000001'), 'area'),
    'E06000001',
  );
});

/** The table of figures: its column headings, and each row's period and cells' texts. */
function figures(html: string) {
  const table =
    /<table class="govuk-table"[^>]*>\s*<caption[^>]*id="figures-caption"[\s\S]*?<\/table>/.exec(
      html,
    );
  assert.ok(table, 'the table of figures');
  const cellText = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const headings = [...table[0].matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
    cellText(m[1]!),
  );
  const rows = [
    ...table[0].matchAll(/<tr class="govuk-table__row">\s*<th scope="row"[\s\S]*?<\/tr>/g),
  ].map((m) => [...m[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => cellText(c[1]!)));
  return { headings, rows };
}

const checkedBreakdowns = (html: string) =>
  [...html.matchAll(/<input[^>]*name="breakdown"[^>]*value="([^"]*)"[^>]*\schecked/g)].map(
    (m) => m[1],
  );

test("an indicator a goal measures opens on the goal's own figure: its series, unit and breakdown", async () => {
  const missions = await site.runtime.services.missions.definitions();
  const measured = missions
    .flatMap((m) => m.goals)
    .filter((g) => g.indicatorId && (g.series || Object.keys(g.dimensions).length));
  assert.ok(measured.length >= 3, `${measured.length} goals name a series or breakdown`);
  // An indicator two goals measure (onshore and offshore wind) opens on one of them.
  const shows = (heading: string, goal: (typeof measured)[number]) =>
    (!goal.series || heading.startsWith(goal.series)) &&
    Object.entries(goal.dimensions).every(([name, value]) => heading.includes(`${name}: ${value}`));
  for (const id of new Set(measured.map((g) => g.indicatorId!))) {
    const html = await page(`/indicators/${encodeURIComponent(id)}`);
    const heading = /<h2 class="govuk-heading-l"[^>]*>([^<]*)/.exec(html)![1]!;
    const goals = measured.filter((g) => g.indicatorId === id);
    assert.ok(
      goals.some((goal) => shows(heading, goal)),
      `${id} opens on ${heading}, not on ${goals.map((g) => g.slug).join(' or ')}`,
    );
  }
});

test("another unit opens on the headline's breakdown where it has one", async () => {
  // NEET's headline is the share of people aged 16 to 24, seasonally adjusted; as a count, the
  // same people, not the first breakdown in the file (men aged 16 to 17, not adjusted).
  const html = await page('/indicators/ons-neet?unit=People');
  const heading = /<h2 class="govuk-heading-l"[^>]*>([^<]*)/.exec(html)![1]!;
  assert.match(heading, /Age: 16 to 24/);
  assert.match(heading, /Sex: People/);
  assert.match(heading, /Seasonally adjusted or not: Seasonally adjusted/);
});

test('series, unit and breakdowns are chosen apart, in one plain GET form', async () => {
  const html = await page('/indicators/8.5.2');
  const forms = [...html.matchAll(/<form method="get" action="\/indicators\/8.5.2"/g)];
  assert.equal(forms.length, 1);
  // It opens on the series the file gives first, as Open SDG does: the seasonally adjusted one.
  assert.equal(selected(html, 'series'), 'Seasonally adjusted');
  assert.equal(selected(html, 'unit'), 'Percentage (%)');
  assert.ok(
    html.includes('<option value="Not seasonally adjusted"'),
    'the other series can be chosen',
  );
  assert.doesNotMatch(html, /name="measure"/);
  // Tick boxes, no script: the headline figure is ticked, its breakdowns can be.
  assert.deepEqual(checkedBreakdowns(html), ['No breakdown']);
  for (const b of ['Sex: Female', 'Sex: Male', 'Age: 16 to 17'])
    assert.match(html, new RegExp(`type="checkbox" value="${b}"`));
  // A unit the series does not have falls back to one it has; so does a breakdown.
  const fallback = await page('/indicators/8.5.2?unit=Watts&breakdown=Sex%3A+Nobody');
  assert.equal(selected(fallback, 'unit'), 'Percentage (%)');
  assert.deepEqual(checkedBreakdowns(fallback), ['No breakdown']);
});

test('several breakdowns are compared on one chart and in one table', async () => {
  const query =
    '?series=Not+seasonally+adjusted&unit=Percentage+(%25)&breakdown=Sex%3A+Male&breakdown=Sex%3A+Female';
  const html = await page(`/indicators/8.5.2${query}`);
  assert.deepEqual(checkedBreakdowns(html), ['Sex: Female', 'Sex: Male']);
  const charts = html.match(/<svg class="ns-chart"/g) ?? [];
  assert.equal(charts.length, 1, 'one chart');
  const svg = /<svg class="ns-chart"[\s\S]*?<\/svg>/.exec(html)![0];
  const strokes = new Set(
    [...svg.matchAll(/<path d="M[^"]*" fill="none" stroke="([^"]+)"/g)].map((m) => m[1]),
  );
  assert.equal(strokes.size, 2, 'a line of its own colour for each breakdown');
  const { headings, rows } = figures(html);
  assert.deepEqual(headings, ['Period', 'Sex: Female', 'Sex: Male']);
  // The figures with no breakdown are "All" in the key and the table.
  const withAll = await page(`/indicators/8.5.2${query}&breakdown=No+breakdown`);
  assert.deepEqual(figures(withAll).headings, ['Period', 'All', 'Sex: Female', 'Sex: Male']);
  assert.match(withAll, /<ul class="ns-key"><li>[^<]*<svg[\s\S]*?<\/svg> All<\/li>/);
  assert.match(
    withAll,
    /value="No breakdown" checked[^>]*>\s*<label[^>]*>\s*All, with no breakdown/,
  );
  // Each column holds that breakdown's figures, as the service gives them, newest first.
  const { statistics } = site.runtime.services;
  for (const [column, sex] of [
    [1, 'Female'],
    [2, 'Male'],
  ] as const) {
    const published = await statistics.observations({
      indicatorId: '8.5.2',
      series: 'Not seasonally adjusted',
      unit: 'Percentage (%)',
      dimensions: { Sex: sex },
      areaCode: 'K02000001',
    });
    assert.ok(published.length > 10);
    const newest = published.at(-1)!;
    const row = rows.find((r) => r[0] === newest.period.label);
    assert.ok(row, newest.period.label);
    // Shown to the places its publisher wrote: the figure, rounded to them.
    const shown = row[column]!.replace(/,/g, '');
    const places = shown.split('.')[1]?.length ?? 0;
    assert.equal(Number(shown), Number(newest.value!.toFixed(places)), sex);
    assert.equal(rows[0]![0], newest.period.label, 'newest first');
  }
  assert.equal(rows.length, new Set(rows.map((r) => r[0])).size, 'a row for each period');
});

test('a link naming one measure the older way still opens it', async () => {
  const measure = JSON.stringify(['Not seasonally adjusted', 'Percentage (%)', { Sex: 'Male' }]);
  const html = await page(`/indicators/8.5.2?measure=${encodeURIComponent(measure)}`);
  assert.deepEqual(checkedBreakdowns(html), ['Sex: Male']);
});

test("the source's duplicate rows are marked in the table and not drawn as two dots", async () => {
  // Homicide rates: the file has two rows for England and Wales in 2012/13.
  const rowsIn = await site.runtime.services.statistics.observations({
    indicatorId: '16.1.1',
    series: '',
    unit: 'Rate per 100,000 population',
    dimensions: {},
    areaCode: 'K04000001',
  });
  const twice = rowsIn.filter((o) => o.period.label === '2012/13');
  assert.equal(twice.length, 2, 'the seeded file has the duplicate');
  assert.notEqual(twice[0]!.value, twice[1]!.value);
  const html = await page('/indicators/16.1.1');
  const note = /<div class="govuk-inset-text" id="duplicates">([\s\S]*?)<\/div>/.exec(html);
  assert.ok(note, 'a note says the source has duplicates');
  assert.match(note[1]!, /<li>2012\/13<\/li>/);
  const { rows } = figures(html);
  const marked = rows.filter((r) => r[1]!.includes('[d]'));
  assert.deepEqual(
    marked.map((r) => r[0]),
    ['2012/13'],
  );
  assert.equal(marked[0]![1]!.match(/\[d\]/g)!.length, 2, 'both rows are shown, each marked');
  // One dot a period, none for the period whose two rows disagree.
  const svg = /<svg class="ns-chart"[\s\S]*?<\/svg>/.exec(html)![0];
  const dots = [...svg.matchAll(/<circle cx="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(dots).size, dots.length, 'no two dots at one period');
  assert.equal(dots.length, rows.length - 1);
  // Figures without duplicates have no note.
  assert.doesNotMatch(await page('/indicators/8.5.2'), /id="duplicates"/);
});

test('the chart holds every point, negative ones too, titles its axis and names its source', async () => {
  // Real GDP growth: 2020's figure is far below zero.
  const values = (
    await site.runtime.services.statistics.observations({
      indicatorId: '8.1.1',
      areaCode: 'K02000001',
    })
  ).map((o) => o.value!);
  assert.ok(Math.min(...values) < -5, 'the seeded figures include a fall');
  const html = await page('/indicators/8.1.1');
  const svg = /<svg class="ns-chart"[\s\S]*?<\/svg>/.exec(html)![0];
  const grid = [...svg.matchAll(/y1="([^"]+)" y2="[^"]+" stroke="#b1b4b6"/g)].map((m) =>
    Number(m[1]),
  );
  const dots = [...svg.matchAll(/<circle cx="[^"]+" cy="([^"]+)"/g)].map((m) => Number(m[1]));
  assert.equal(dots.length, values.length);
  for (const cy of dots) assert.ok(cy >= Math.min(...grid) && cy <= Math.max(...grid), String(cy));
  const labels = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) =>
    Number(m[1]!.replace(/,/g, '')),
  );
  assert.ok(Math.min(...labels) <= Math.min(...values), `${labels} below ${Math.min(...values)}`);
  assert.match(svg, /class="ns-chart__axis-title"><tspan x="0">Percentage \(%\)<\/tspan>/);
  const indicator = (await site.runtime.services.statistics.getIndicator('8.1.1'))!;
  const source = /class="ns-chart__source">([\s\S]*?)<\/text>/.exec(svg);
  assert.ok(source, 'a source line under the chart');
  const text = source[1]!.replace(/<\/tspan><tspan[^>]*>/g, ' ').replace(/<[^>]+>/g, '');
  assert.ok(indicator.source.organisation);
  assert.ok(text.includes(indicator.source.organisation.replace(/&/g, '&amp;')), text);
  // Its table is beside it.
  assert.ok(html.indexOf('id="figures-caption"') > html.indexOf('class="ns-chart__source"'));
});

test("the chart's title names the indicator, its series where different, and the unit once", async () => {
  const title = (html: string) => /<title id="chart-title-[^"]*">([^<]*)</.exec(html)![1]!;
  // 7.b.1's series is named as the indicator is.
  const same = title(await page('/indicators/7.b.1'));
  assert.equal(same.split('Installed capacity').length - 1, 1, same);
  assert.equal(same.split('Watts per capita').length - 1, 1, same);
  assert.match(same, /^Installed capacity[^:]*, All \(Watts per capita\)\. /);
  // 5.2.1's series says more than its title: both are named.
  const indicator = (await site.runtime.services.statistics.getIndicator('5.2.1'))!;
  const [measure] = await site.runtime.services.statistics.measures('5.2.1');
  assert.notEqual(measure!.series.toLowerCase(), indicator.title.toLowerCase());
  const differs = title(await page('/indicators/5.2.1'));
  assert.ok(differs.startsWith(`${indicator.title}: `), differs);
});

/** The "About these statistics" list: each key's value as HTML and as text. */
function metadata(html: string) {
  const list = /<dl class="govuk-summary-list" id="metadata">([\s\S]*?)<\/dl>/.exec(html);
  assert.ok(list, 'the metadata list');
  return new Map(
    [
      ...list[1]!.matchAll(
        /<dt class="govuk-summary-list__key">([^<]*)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g,
      ),
    ].map((m) => [
      m[1]!,
      {
        html: m[2]!,
        text: m[2]!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      },
    ]),
  );
}

/** Text as the page escapes it. */
const escaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test("the metadata lists publisher, releases, contact, methodology and caveats from the source's", async () => {
  const keys = ['Publisher', 'Release date', 'Next release', 'Contact', 'Methodology', 'Caveats'];
  const { statistics } = site.runtime.services;
  // An Open SDG file: numbered sources.
  const sdg = (await statistics.getIndicator('8.5.2'))!;
  const m = sdg.meta as Record<string, string>;
  const rows = metadata(await page('/indicators/8.5.2'));
  for (const key of keys) assert.ok(rows.has(key), key);
  assert.equal(rows.get('Publisher')!.text, escaped(m.source_organisation_1!));
  assert.match(m.source_release_date_1!, /^16\/05\/2023$/);
  assert.equal(rows.get('Release date')!.text, '16 May 2023');
  assert.match(m.source_next_release_2!, /^15\/08\/2023$/);
  assert.match(rows.get('Next release')!.text, /15 August 2023/);
  assert.ok(rows.get('Contact')!.html.includes(`href="mailto:${m.source_contact_1}"`));
  assert.ok(rows.get('Methodology')!.text.includes(escaped(m.computation_calculations!)));
  assert.ok(rows.get('Methodology')!.html.includes(`href="${m.goal_meta_link!.trim()}"`));
  const footnote = m
    .data_footnote!.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  assert.ok(rows.get('Caveats')!.text.includes(escaped(footnote.slice(0, 60))), 'the footnote');
  assert.doesNotMatch(rows.get('Caveats')!.html, /&lt;p&gt;/, 'no HTML shown as text');
  // A publisher's own file: what it holds, and "Not published" for what it does not.
  const own = (await statistics.getIndicator('ohid-smoking'))!;
  const o = own.meta as Record<string, string>;
  const ownRows = metadata(await page('/indicators/ohid-smoking'));
  assert.equal(ownRows.get('Publisher')!.text, escaped(o.publisher!));
  assert.equal(ownRows.get('Release date')!.text, '30 April 2026');
  assert.equal(o.published, '2026-04-30');
  assert.match(ownRows.get('Next release')!.text, /^30 April 2027 \(expected/);
  // How often it comes out, which the expected date is worked out from.
  assert.equal(ownRows.get('How often')!.text, 'Annually');
  assert.equal(ownRows.get('Methodology')!.text, escaped(o.methodology!));
  assert.equal(o.contact, undefined);
  assert.equal(ownRows.get('Contact')!.text, 'Not published');
  assert.equal(ownRows.get('Caveats')!.text, escaped(o.caveats!));
  // The page's heading says when the publisher published the figures, not when they came here.
  const publishedLine = async (id: string) =>
    /Figures published<\/dt>\s*<dd[^>]*>([^]*?)<\/dd>/
      .exec(await page(`/indicators/${id}`))![1]!
      .replace(/\s+/g, ' ')
      .trim();
  assert.match(await publishedLine('8.5.2'), /^16 May 2023 by /);
  assert.match(await publishedLine('ohid-smoking'), /^30 April 2026 by /);
  const undated = (await statistics.listIndicators()).find(
    (i) => !publishedDate(i.meta) && i.id !== '8.5.2',
  )!;
  assert.match(
    await publishedLine(undated.id),
    /^Date not stated( by [^.]+)?\. The figures were added here on \d{1,2} \w+ \d{4}\.$/,
  );
  // "NA" in a file says nothing was published.
  const na = (await statistics.getIndicator('4.3.1'))!.meta as Record<string, string>;
  assert.equal(na.source_next_release_1, 'NA');
  assert.equal(
    metadata(await page('/indicators/4.3.1')).get('Next release')!.text,
    'Not published',
  );
});

test('breakdowns with commas in them are one address each, in the cache too', async () => {
  const wind = 'Renewable and waste source: Wind, wave, tidal';
  const one = await page(`/indicators/7.2.1?breakdown=${encodeURIComponent(wind)}`);
  assert.deepEqual(checkedBreakdowns(one), [wind]);
  // Split at its comma, the same words name two breakdowns the indicator does not have.
  const [first, rest] = [wind.slice(0, wind.indexOf(',')), wind.slice(wind.indexOf(',') + 1)];
  const two = await page(
    `/indicators/7.2.1?breakdown=${encodeURIComponent(first)}&breakdown=${encodeURIComponent(rest)}`,
  );
  assert.deepEqual(checkedBreakdowns(two), ['No breakdown']);
  // The same breakdowns in another order are the same page.
  const ab = await page('/indicators/8.5.2?breakdown=Sex%3A+Male&breakdown=Sex%3A+Female');
  const ba = await page('/indicators/8.5.2?breakdown=Sex%3A+Female&breakdown=Sex%3A+Male');
  assert.equal(ab, ba);
});

test('a long indicator page opens with a contents list, each link to a heading on the page', async () => {
  for (const url of ['/indicators/nhs-rtt', '/cy/indicators/3.a.1']) {
    const html = await page(url);
    const nav = /<nav class="ns-contents"[\s\S]*?<\/nav>/.exec(html)?.[0];
    assert.ok(nav, `${url} has a contents list`);
    const targets = [...nav.matchAll(/href="#([\w-]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(targets, ['figures', 'download', 'about', 'releases'], url);
    for (const id of targets)
      assert.match(html, new RegExp(`<h2 [^>]*id="${id}"`), `${url} #${id}`);
  }
});

test('figures are shown to the places their publisher wrote, alike down a column', async () => {
  // Homicide rates published unrounded (0.947761…): three significant figures of their size.
  const { rows } = figures(await page('/indicators/16.1.1'));
  const shown = rows.flatMap((r) => r[1]!.match(/\d[\d,]*(\.\d+)?/g) ?? []);
  assert.ok(shown.length > 10);
  const places = new Set(shown.map((figure) => figure.split('.')[1]?.length ?? 0));
  assert.deepEqual([...places], [3], rows.map((r) => r[1]).join(' '));
});

test('the next release the sources state in words is given where they give no date', async () => {
  // 3.2.1's sources say "February 2024 (provisional)" and "Discontinued": the summary at the
  // top says so too, rather than "Not announced" above them.
  const html = await page('/indicators/3.2.1');
  const summary = html.split('Next release</dt>')[1]?.split('</dd>')[0] ?? '';
  assert.match(summary, /February 2024 \(provisional\); Discontinued/);
  assert.doesNotMatch(summary, /Not announced/);
  // 8.5.2's give dates (15/08/2023, 13/06/2023): the next of them, marked overdue once passed,
  // as the page writes dates, in Welsh on a Welsh page.
  const next = (html: string) =>
    html.split('Next release</dt>')[1]?.split('</dd>')[0] ??
    html.split('Cyhoeddiad nesaf</dt>')[1]!.split('</dd>')[0]!;
  const dated = next(await page('/indicators/8.5.2'));
  assert.match(dated, /15 August 2023/);
  assert.match(dated, /Overdue/);
  assert.doesNotMatch(dated, /See source link|13 June/);
  assert.match(next(await page('/cy/indicators/8.5.2')), /15 Awst 2023/);
});

test('the list of statistics names the units of one whose series come in several', async () => {
  const html = await page('/indicators');
  const row = html.split('href="/indicators/desnz-energy-trends-6-1"')[1]?.split('</tr>')[0] ?? '';
  assert.match(row, /MW/);
  assert.match(row, /GWh/);
  assert.match(row, /Percentage \(%\)/);
});

test('the table starts at the first figure, and says why a figure is missing in the page’s language', async () => {
  // NEET's sheets list every quarter from 1992, with ".." before the series begins.
  const { rows } = figures(await page('/indicators/ons-neet'));
  assert.doesNotMatch(rows.at(-1)![1]!, /No figure/, `oldest row: ${rows.at(-1)}`);
  assert.ok(rows.length > 50, `${rows.length} rows`);
  // A missing figure within the series ("52+" weeks in February 2021) is still listed, its
  // status in words.
  const rtt = await page(
    '/cy/indicators/nhs-rtt?series=92nd%20percentile%20wait%20of%20incomplete%20pathways',
  );
  const welsh = figures(rtt).rows.flat().join(' ');
  assert.doesNotMatch(welsh, /\(missing\)/);
  assert.match(welsh, /Dim ffigur \(ar goll\)/);
});

test('the area list starts with the country, then its regions, then authorities', async () => {
  const areaCodes = async (url: string) => {
    const select = /<select[^>]*name="area"[^>]*>([\s\S]*?)<\/select>/.exec(await page(url))![1]!;
    return [...select.matchAll(/value="([A-Z]\d{8})"/g)].map((m) => m[1]!);
  };
  const nations = await areaCodes('/indicators/3.a.1');
  assert.deepEqual(nations.slice(0, 2), ['K02000001', 'E92000001'], 'the UK, then England');
  const firstRegion = nations.findIndex((c) => c.startsWith('E12'));
  assert.equal(firstRegion, 5, `${nations.slice(0, 6)}: the four nations before the regions`);
  const local = await areaCodes('/indicators/ohid-smoking');
  assert.equal(local[0], 'E92000001');
  assert.ok(local.length > 300 && local.slice(1).every((c) => /^E0[6-9]/.test(c)));
});

test('an area the chosen figures do not have is said, not silently swapped', async () => {
  // 8.5.2's not seasonally adjusted series is for the UK alone.
  const html = await page('/indicators/8.5.2?series=Not+seasonally+adjusted&area=E92000001');
  assert.match(
    html,
    /England has no figures for this series and unit: these are United Kingdom’s\./,
  );
  assert.equal((await page('/indicators/8.5.2')).includes('has no figures for this series'), false);
  // An area asked for by a code no one knows is named by its code.
  const odd = await page('/indicators/8.5.2?area=E99999999');
  assert.match(odd, /E99999999 has no figures for this series and unit/);
});
