// The public goal page as its readers need it: the table of figures newest first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededSite } from '../../../test/support/runtime.ts';
import { openSdgDisagreement } from '../../domain/assessmentWords.ts';
import { parseMissionsYaml } from './missionsFile.ts';

const site = seededSite();

test("a goal's table of figures lists the newest period first", async () => {
  const page = await site.app.inject('/missions/growth/goals/youth-neet');
  assert.equal(page.statusCode, 200);
  const table = page.body.split('id="figures-caption"')[1]?.split('</table>')[0] ?? '';
  const periods = [
    ...table.matchAll(/<th scope="row" class="govuk-table__header">([^<]+)<\/th>/g),
  ].map((m) => m[1]!);
  assert.ok(periods.length > 2, `expected several rows, got ${periods.length}`);
  // Rolling quarters are labelled like "Jan-Mar 2026": the year of the first row is the latest.
  const years = periods.map((p) => Number(p.match(/(\d{4})\s*$/)?.[1]));
  assert.ok(
    years.every((y) => Number.isFinite(y)),
    `periods without a year: ${periods.join(', ')}`,
  );
  assert.equal(years[0], Math.max(...years));
  assert.equal(years.at(-1), Math.min(...years));
  for (let i = 1; i < years.length; i++) assert.ok(years[i - 1]! >= years[i]!, periods.join(', '));
});

test("a long series' table shows its recent periods and folds the rest, every figure kept", async () => {
  const html = (await site.app.inject('/missions/nhs/goals/elective-waits')).body;
  const rows = (caption: string) =>
    [
      ...(html.split(`id="${caption}"`)[1]?.split('</table>')[0] ?? '').matchAll(
        /<th scope="row" class="govuk-table__header">([^<]+)<\/th>/g,
      ),
    ].map((m) => m[1]!);
  const recent = rows('figures-caption');
  const earlier = rows('figures-earlier-caption');
  assert.equal(recent.length, 24);
  assert.ok(earlier.length > 100, `${earlier.length} earlier periods`);
  // One month after another, newest first, across the two: none left out.
  const months = [...recent, ...earlier].map((label) => {
    const day = new Date(`1 ${label} UTC`);
    return day.getUTCFullYear() * 12 + day.getUTCMonth();
  });
  for (let i = 1; i < months.length; i++) assert.equal(months[i], months[i - 1]! - 1, `row ${i}`);
  assert.match(
    html,
    new RegExp(
      `<details class="govuk-details">\\s*<summary[^>]*>\\s*<span[^>]*>\\s*Earlier figures: ${earlier.length} periods, ${earlier.at(-1)} to ${earlier[0]}`,
    ),
  );
  // A short series is one table.
  const short = (await site.app.inject('/missions/nhs/goals/smoke-free')).body;
  assert.doesNotMatch(short, /figures-earlier-caption|Earlier figures:/);
});

test("a goal's baseline is shown with its figure from the series", async () => {
  const page = await site.app.inject('/missions/growth/goals/productivity');
  assert.equal(page.statusCode, 200);
  const baseline = page.body.match(/Baseline\s*<\/dt>\s*<dd[^>]*>\s*([^<]*?)\s*<\/dd>/)?.[1];
  assert.ok(baseline, 'no baseline row');
  assert.doesNotMatch(baseline, /no figure yet/);
  assert.match(baseline, /^-?[\d.,]+% in 2021$/);
});

test('long pages open with a contents list of exactly the sections they show', async () => {
  for (const url of [
    '/missions/nhs',
    '/missions/nhs/goals/smoke-free',
    // Awaiting data: no chart, so no "Progress so far".
    '/missions/opportunity/goals/youth-guarantee',
    '/methodology',
  ]) {
    const html = (await site.app.inject(url)).body;
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    const nav = main.match(/<nav class="ns-contents"[\s\S]*?<\/nav>/)?.[0] ?? '';
    const listed = [...nav.matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => `${m[1]} ${m[2]}`);
    const sections = [...main.matchAll(/<h2 class="govuk-heading-[lm]" id="([^"]+)">([^<]+)</g)]
      .map((m) => `${m[1]} ${m[2]}`)
      .filter((s) => !s.startsWith('contents-title'));
    assert.ok(listed.length >= 4, `${url}: a contents list, got ${listed.join(', ')}`);
    assert.deepEqual(listed, sections, `${url}: the contents list matches the sections`);
  }
});

test('a goal page says in one sentence why its status and the Open SDG measure differ, and only then', async () => {
  const said: Record<string, string> = {};
  for (const { slug } of await site.runtime.services.missions.list()) {
    for (const goal of (await site.runtime.services.missions.get(slug))?.goals ?? []) {
      const { openSdg, status } = goal.assessment;
      const theirs = openSdg && openSdg.status !== 'not_available' ? openSdg.status : null;
      const agree = !theirs || (openSdgNames[theirs] ?? 'off-track') === status;
      const sentence = openSdgDisagreement(goal.assessment);
      said[`${slug}/${goal.slug}`] = sentence ? 'explained' : 'none';
      assert.equal(sentence === null, agree, `${slug}/${goal.slug}: ${theirs} and ${status}`);
    }
  }
  assert.equal(said['growth/gdp-per-head'], 'explained');
  const html = (await site.app.inject('/missions/growth/goals/gdp-per-head')).body;
  assert.match(
    html,
    /The Open SDG measure says “target achieved” where this site says “not assessable” because [^<]+\. <a class="govuk-link" href="\/methodology#open-sdg">/,
  );
});

/** Open SDG's statuses by this site's names for them; the rest are off track. */
const openSdgNames: Record<string, string> = {
  target_achieved: 'achieved',
  substantial_progress: 'on-track',
  moderate_progress: 'at-risk',
};

test('a goal page shows its figures to one precision, with their unit in words, under a caption of exactly what is measured', async () => {
  const html = (await site.app.inject('/missions/growth/goals/youth-neet')).body;
  const table = html.split('id="figures-caption"')[1]?.split('</table>')[0] ?? '';
  assert.match(
    table,
    /^>Young people who were NEET; Age: 16 to 24, Sex: People, Seasonally adjusted or not: Seasonally adjusted — Percentage \(%\), United Kingdom</,
  );
  const figures = [...table.matchAll(/govuk-table__cell--numeric">([^<]+)</g)]
    .map((m) => m[1]!)
    .filter((cell) => cell !== 'No figure');
  assert.ok(figures.length > 20);
  // The ONS cells hold unrounded shares: shown to 3 significant figures, all alike.
  for (const figure of figures) assert.match(figure, /^\d{1,2}\.\d$/);
  // The summary's figures carry the same precision, and the unit as a sentence reads it.
  assert.match(html, /Latest\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*\d{1,2}\.\d% in /);

  const capacity = (await site.app.inject('/missions/clean-energy/goals/renewable-capacity')).body;
  assert.match(capacity, /\d+ watts per person in 2021/);
  assert.doesNotMatch(capacity, /Watts per capita in/);
});

test('a goal page shows figures to the places the publisher shows, not those its cells keep', async () => {
  // DESNZ's cells hold hundredths of a megawatt (16649.68) under a format showing whole ones.
  const html = (await site.app.inject('/missions/clean-energy/goals/offshore-wind')).body;
  const table = html.split('id="figures-caption"')[1]?.split('</table>')[0] ?? '';
  const figures = [...table.matchAll(/govuk-table__cell--numeric">([^<]+)</g)].map((m) => m[1]!);
  assert.ok(figures.length > 20, `${figures.length} figures`);
  for (const figure of figures) assert.match(figure, /^\d{1,3}(,\d{3})*$/);
  assert.match(
    html,
    /Latest\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*\d{2},\d{3} MW in /,
  );
  // The words say the gap from the planned path the same way.
  assert.match(
    html,
    /The latest figure is \d{2},\d{3} MW in [^,]+, \d{1,2},\d{3} MW (worse|better) than/,
  );
});

test("a goal's chart names its source under it, as an indicator's does", async () => {
  const html = (await site.app.inject('/missions/nhs/goals/elective-waits')).body;
  const chart = html.split('<svg class="ns-chart"')[1]?.split('</svg>')[0] ?? '';
  assert.match(chart, /class="ns-chart__source"><tspan[^>]*>Source: NHS England/);
});

test("a goal's figures keep its series' precision on the mission, overview and area pages too", async () => {
  const places = (figure: string) => figure.split('.')[1]?.length ?? 0;
  const latestOnGoalPage = async (slug: string, goal: string) => {
    const html = (await site.app.inject(`/missions/${slug}/goals/${goal}`)).body;
    const latest = html.match(/Latest\s*<\/dt>\s*<dd[^>]*>\s*([\d.,-]+)/)?.[1];
    assert.ok(latest, `${slug}/${goal}: a latest figure`);
    return latest;
  };
  let compared = 0;
  for (const { slug, goals } of await site.runtime.services.missions.list()) {
    const missionPage = (await site.app.inject(`/missions/${slug}`)).body;
    for (const goal of goals.filter((g) => g.recent.length >= 2 && !g.areaCode?.startsWith('E0'))) {
      const latest = await latestOnGoalPage(slug, goal.slug);
      // The trend's two figures, under the goal's own heading.
      const trend = missionPage
        .split(
          `<h3 class="govuk-heading-m"><a class="govuk-link" href="/missions/${slug}/goals/${goal.slug}"`,
        )[1]
        ?.split('<h3')[0]
        ?.match(/Recent figures: ([\d.,-]+)[^<]*? to ([\d.,-]+)/);
      assert.ok(trend, `${slug}/${goal.slug}: a trend on the mission page`);
      assert.equal(places(trend[1]!), places(latest), `${slug}/${goal.slug}: ${trend[0]}`);
      assert.equal(places(trend[2]!), places(latest), `${slug}/${goal.slug}: ${trend[0]}`);
      compared++;
    }
  }
  assert.ok(compared >= 5, `goals compared: ${compared}`);
  // An area's row shows the area's, its region's and the national figure alike.
  const area = (await site.app.inject('/areas/E09000007')).body;
  const rows = area.split('<tbody')[1]?.split('</tbody>')[0]?.split('</tr>') ?? [];
  let figuresSeen = 0;
  for (const row of rows.filter((r) => r.includes('numeric'))) {
    // Each with its unit: `11.7% (2024)`; the goal's own area's named before it.
    const figures = [...row.matchAll(/numeric">(?:<span[^>]*>[^<]*<\/span> )?(-?[\d.,]+)%? /g)].map(
      (m) => places(m[1]!),
    );
    figuresSeen += figures.length;
    assert.ok(new Set(figures).size <= 1, `one precision in a row: ${row.slice(-300)}`);
  }
  assert.ok(figuresSeen >= 4, `figures compared: ${figuresSeen}`);
});

test("a mission page's recent figures start after a break in the series", async () => {
  // The early years profile was reformed in 2021/22: earlier figures are not comparable.
  const html = (await site.app.inject('/missions/opportunity')).body;
  const trend = html
    .split(
      '<h3 class="govuk-heading-m"><a class="govuk-link" href="/missions/opportunity/goals/early-years"',
    )[1]
    ?.split('<h3')[0]
    ?.match(/Recent figures: [^<]*? in (\d{4})\/\d{2} to [^<]*? in (\d{4})\/\d{2}/);
  assert.ok(trend, 'a trend for the early years goal');
  assert.ok(Number(trend[1]) >= 2021, trend[0]);
});

test('a target the baseline already meets is drawn as a threshold, not a path down to it', async () => {
  const html = (await site.app.inject('/missions/growth/goals/gdp-per-head')).body;
  assert.match(html, /Threshold: the figure is to stay above 0% by 30 June 2029/);
  assert.doesNotMatch(html, /Planned path from the baseline to the target/);
  const table = html.split('id="figures-caption"')[1]?.split('</table>')[0] ?? '';
  const planned = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .map((row) => [...row[1]!.matchAll(/govuk-table__cell--numeric">([^<]*)</g)][1]?.[1])
    .filter((cell) => cell !== undefined); // the header row has no cells
  assert.ok(planned.length > 5);
  assert.deepEqual(new Set(planned), new Set(['']), 'no planned figure in any period');
  // A goal walking towards its target still has its planned path.
  const smoking = (await site.app.inject('/missions/nhs/goals/smoke-free')).body;
  assert.match(smoking, /Planned path from the baseline to the target/);
});

test('a Welsh goal page gives its summary and the Open SDG note in Welsh; the API keeps English', async () => {
  const welsh = (await site.app.inject('/cy/missions/nhs/goals/smoke-free')).body;
  assert.match(welsh, /<html lang="cy"/);
  assert.match(
    welsh,
    /<p class="govuk-body-l">Y ffigur diweddaraf yw [^<]+ pwynt canran yn waeth na’r llwybr a gynlluniwyd tuag at y targed, dim mwy na 5% erbyn 31 Rhagfyr 2030 \(y cynllun: [^<]+\)\. Ar y gyfradd bresennol, /,
  );
  assert.match(welsh, /Mae mesur Open SDG yn dweud “[^”]+” lle mae’r wefan hon yn dweud “/);
  assert.match(welsh, /<h2 class="govuk-heading-l" id="figures">Y ffigurau<\/h2>/);
  // Months in Welsh, in the sentences and the tables; a label with other words marked English.
  const waits = (await site.app.inject('/cy/missions/nhs/goals/elective-waits')).body;
  assert.match(
    waits,
    /Y ffigur diweddaraf yw [\d.]+% yn (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}/,
  );
  assert.doesNotMatch(
    waits,
    /<th scope="row" class="govuk-table__header"><span lang="en">\w+ \d{4}</,
  );
  assert.match(waits, /<th scope="row" class="govuk-table__header">Ebrill 2025<\/th>/);
  const knives = (await site.app.inject('/cy/missions/safer-streets/goals/knife-crime')).body;
  assert.match(knives, /o droseddau yn y flwyddyn yn diweddu \w+ \d{4}/);
  const offshore = (await site.app.inject('/cy/missions/clean-energy/goals/offshore-wind')).body;
  assert.match(offshore, /<th scope="row" class="govuk-table__header">\d{4} Chwarter \d<\/th>/);
  const english = (await site.app.inject('/missions/nhs/goals/smoke-free')).body;
  assert.match(
    english,
    /<p class="govuk-body-l">The latest figure is [^<]+ percentage points? worse than/,
  );
  const api = await site.app.inject('/api/v1/assessments');
  assert.equal(api.statusCode, 200);
  assert.match(api.body, /The latest figure is/);
  assert.doesNotMatch(api.body, /Y ffigur diweddaraf/);
  assert.equal(
    openSdgDisagreement(
      {
        status: 'not-assessable',
        reason: 'no-target',
        openSdg: { status: 'deterioration' } as never,
      },
      'cy',
    ),
    'Mae mesur Open SDG yn dweud “dirywiad” lle mae’r wefan hon yn dweud “dim modd asesu” oherwydd nad oes gan y nod darged rhifol, a heb un dim ond cyfeiriad y newid y mae mesur Open SDG yn ei raddio.',
  );
});

test('a goal page counts the areas behind their path when there are many, rather than listing them', async () => {
  const url = '/missions/nhs/goals/smoke-free';
  const behind = (await site.app.inject(`/api/v1${url}`)).json().byArea.holdingBack as {
    name: string;
  }[];
  assert.ok(behind.length > 5, `${behind.length} areas behind`);
  const text = (await site.app.inject(url)).body.replace(/<[^>]+>/g, '');
  assert.match(text, new RegExp(`${behind.length} areas are behind their path: the table shows`));
  assert.doesNotMatch(text, /Behind their path:/);
});

test('a goal’s table starts at its first figure, and says what it leaves out before it', async () => {
  const html = (await site.app.inject('/missions/growth/goals/youth-neet')).body;
  const table = html.split('id="figures-caption"')[1]!.split('</table>')[0]!;
  const cells = [...table.matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map((m) => m[1]);
  assert.notEqual(cells.at(-2), 'No figure', 'the oldest row has a figure');
  assert.match(
    html,
    /Left out: \d+ earlier periods, \w+-\w+ \d{4} to \w+-\w+ \d{4}, which the publisher’s file lists with no figure\./,
  );
});

test('a goal no statistic measures yet names what its target counts', async () => {
  const html = (await site.app.inject('/missions/safer-streets/goals/neighbourhood-police')).body;
  assert.match(html, /at least 30,175 people in neighbourhood roles by 30 June 2029/);
  assert.match(html, /17,175 people in neighbourhood roles on 31 March 2025/);
  // A series still needs a statistic to be a series of.
  const file = parseMissionsYaml(
    'missions.yaml',
    `government: { slug: uk, name: UK, area: K02000001 }
missions:
  - slug: m
    title: M
    ambition: A
    start: 2024-07-05
    horizon: 2034-12-31
    source: { title: S }
    goals:
      - { slug: g, statement: G, unit: homes, series: Homes, source: { title: S } }
`,
  );
  assert.deepEqual(
    file.problems.map((p) => p.message),
    ['goal g: series and dimensions need an indicator'],
  );
});

test("a government's overview lists the latest changes to its own missions alone", async () => {
  const latest = (html: string) =>
    html
      .split('Latest changes</h2>')[1]!
      .split('</ul>')[0]!
      .match(/<li>[^]*?<\/li>/g) ?? [];
  const { missions } = site.runtime.services;
  const stored = await missions.stored();
  const titlesOf = (government: string) =>
    stored.filter((m) => m.governmentSlug === government).map((m) => m.title);
  const camden = latest((await site.app.inject('/camden')).body);
  assert.ok(camden.length > 0, "Camden's own changes are listed");
  for (const uk of titlesOf('uk'))
    for (const item of camden) assert.ok(!item.includes(uk), `${uk} is not Camden's: ${item}`);
  const home = latest((await site.app.inject('/')).body);
  assert.equal(home.length, 5);
  for (const ours of titlesOf('camden'))
    for (const item of home) assert.ok(!item.includes(ours), `${ours} is not the UK's: ${item}`);
});

test("a goal with no target says its areas are not judged, rather than 'the same target'", async () => {
  const suicide = (await site.app.inject('/missions/nhs/goals/suicide')).body;
  assert.match(suicide, /No target is set, so no area is judged/);
  assert.doesNotMatch(suicide, /The same target/);
  const smoking = (await site.app.inject('/missions/nhs/goals/smoke-free')).body;
  assert.match(smoking, /The same target, judged in each area/);
  assert.match(smoking, /areas with the same latest figure can differ/);
});

test("a goal's history dates each change as the change log does: when it took effect", async () => {
  const html = (await site.app.inject('/missions/nhs/goals/smoke-free')).body;
  const history = html.split('id="history"')[1]!.split('</ul>')[0]!;
  const [created] = await site.runtime.services.audit.list({
    entityTypes: ['goal'],
    entityId: 'nhs/smoke-free',
  });
  assert.ok(created?.effectiveAt, 'the seeded goal took effect before it was recorded');
  const when = new Date(created.effectiveAt).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  assert.match(history, new RegExp(`<li>${when} <span[^>]*>\\(in effect from then; recorded `));
});
