// The change log in words: real seeded events and a change made through the services read as
// sentences with their values, the exact fields stay in a disclosure, and neither an internal
// record's event nor an embargoed release shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { seededSite } from '../../../test/support/runtime.ts';
import { targetPhrase } from '../../domain/format.ts';
import { describeEvent } from './changes.ts';

const site = seededSite();

test('seeded goals and releases read as sentences with formatted values, never raw JSON', async () => {
  const events = await site.runtime.services.audit.list({ entityTypes: ['goal', 'release'] });
  const solar = events.find((e) => e.entityType === 'goal' && e.entityId === 'clean-energy/solar');
  assert.ok(solar, 'the seeded solar goal has an event');
  assert.equal(
    describeEvent(solar).title,
    'Goal \u201845 to 47 GW of solar capacity by 2030\u2019 added: at least 45,000 MW by 31 December 2030',
  );
  const release = events.find((e) => e.entityType === 'release')!;
  const title = describeEvent(release).title;
  assert.match(
    title,
    /^Release of data for \S+ added, published here \d{1,2} \w+ \d{4}: [^/\\]+ \(\S+ rows\)$/,
  );
  assert.doesNotMatch(title, /[{}"]/);
  // A statistic by its code and its title (a long one cut short).
  const [definition] = await site.runtime.services.audit.list({ entityTypes: ['indicator'] });
  const { id, title: name } = (await site.runtime.services.statistics.getIndicator(
    definition!.entityId,
  ))!;
  const sentence = describeEvent(definition!).title;
  assert.ok(
    sentence.startsWith(`Definition of statistic ${id} \u2018${name.slice(0, 40)}`),
    sentence,
  );
  assert.match(sentence, /\u2019 added$/);
  // The record's own key (`Create release 9.2.1#50`) is for checking the hash: in a disclosure.
  const row = await releaseRow(release.id);
  assert.match(row, /<details[^]*Exact record[^]*Create release <span class="ns-break">[^<]+#\d+</);
  assert.ok(row.indexOf('Create release') > row.indexOf('<details'), row);
});

async function releaseRow(id: number): Promise<string> {
  const body = (await site.app.inject('/changes?kind=release')).body;
  const start = body.indexOf(`id="event-${id}"`);
  assert.ok(start > 0, `event ${id} listed`);
  return body.slice(start, body.indexOf('</tr>', start));
}

test('a target changed through the services reads with both values and the reason', async () => {
  const { missions } = site.runtime.services;
  const goal = (await missions.stored('uk'))
    .find((m) => m.slug === 'nhs')!
    .goals.find((g) => g.slug === 'smoke-free')!;
  const reason = 'Ministers lowered the ambition <script>alert(1)</script>';
  await missions.saveGoal(
    { ...goal, target: { value: 4, comparator: '<=', deadline: '2031-03-31' } },
    { actor: 'Ada Lovelace', reason },
    missions.versionOf(goal),
  );
  const page = await site.app.inject('/changes');
  assert.equal(page.statusCode, 200);
  assert.ok(
    page.body.includes(`Target for \u2018${goal.statement.slice(0, 79)}`),
    'the goal is named by its statement',
  );
  assert.match(
    page.body,
    /changed from at most 5% by 31 December 2030 to at most 4% by 31 March 2031/,
  );
  assert.match(
    page.body,
    /Ada Lovelace: Ministers lowered the ambition &lt;script&gt;alert\(1\)&lt;\/script&gt;/,
  );
  assert.doesNotMatch(page.body, /<script>alert/);
  // The statistician's view: the exact fields, in a disclosure.
  assert.match(page.body, /<option value="release">Release of data<\/option>/, 'kinds in words');
  assert.match(page.body, /<summary class="govuk-details__summary">/);
  assert.match(page.body, /target\.value: 5 → 4/);
  assert.match(page.body, /target\.deadline: 2030-12-31 → 2031-03-31/);
  assert.doesNotMatch(page.body, /&quot;value&quot;|\{&quot;/, 'no JSON');

  // The target and the baseline changed together: both in words, here and on the goal's page.
  const other = (await missions.stored('uk'))
    .find((m) => m.slug === 'nhs')!
    .goals.find((g) => g.slug !== 'smoke-free' && g.target && g.baseline)!;
  await missions.saveGoal(
    {
      ...other,
      target: { ...other.target!, value: 12345 },
      baseline: { period: other.baseline!.period, value: 6789 },
    },
    { actor: 'Ada Lovelace', reason: 'Revised figures' },
    missions.versionOf(other),
  );
  const both = /changed from [^<]+ to [^<]*12,345[^<]*; baseline changed from [^<]+ to 6,789/;
  assert.match((await site.app.inject('/changes')).body, both);
  const goalPage = (await site.app.inject(`/missions/nhs/goals/${other.slug}`)).body;
  const history = goalPage.slice(
    goalPage.indexOf('id="history"'),
    goalPage.indexOf('id="sources"'),
  );
  assert.match(history, both);
  assert.doesNotMatch(history, /[{}]|&quot;/, 'no JSON in the history');
});

test('the change log in Welsh: its sentences in Welsh, the records’ own words marked English', async () => {
  const goal = (await site.runtime.services.missions.stored('uk'))
    .find((m) => m.slug === 'nhs')!
    .goals.find((g) => g.slug === 'smoke-free')!;
  const [event] = await site.runtime.services.audit.list({
    entityTypes: ['goal'],
    entityId: 'nhs/smoke-free',
    limit: 1,
  });
  const welsh = describeEvent(event!, 'cy');
  const now = targetPhrase(goal.target!, goal.unit ?? null, 'cy');
  assert.ok(welsh.title.startsWith('Newidiwyd y targed ar gyfer \u2018'), welsh.title);
  assert.ok(welsh.title.endsWith(` i ${now}`), welsh.title);
  const quoted = welsh.titleParts.filter((part) => part.en);
  assert.equal(quoted.length, 1);
  // The statement in English, or its first whole words within 80 characters.
  const { text } = quoted[0]!;
  const cut = text.slice(0, -1);
  assert.ok(
    text === goal.statement ||
      (text.length <= 80 &&
        text.endsWith('…') &&
        goal.statement.startsWith(cut) &&
        /[\s,;:.]/.test(goal.statement[cut.length] ?? '')),
    text,
  );
  // A long statement is cut after a whole word, not within one ("…elective treatme…").
  const [created] = await site.runtime.services.audit.list({
    entityTypes: ['goal'],
    entityId: 'nhs/elective-waits',
  });
  const title = describeEvent(created!, 'en').title;
  assert.match(title, /‘92% of patients [^’]* for elective…’/, title);
  const page = await site.app.inject('/cy/changes');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<html lang="cy"/);
  assert.match(page.body, /<h1 class="govuk-heading-xl">Cofnod newidiadau<\/h1>/);
  assert.ok(page.body.includes(`Newidiwyd y targed ar gyfer \u2018<span lang="en">`));
  assert.match(
    page.body,
    /<td class="govuk-table__cell" data-label="Pwy a pham" lang="en">Ada Lovelace: /,
  );
  const filtered = await site.app.inject('/cy/changes?kind=goal');
  assert.match(filtered.body, /newid yn cyfateb, y diweddaraf yn gyntaf: tudalen 1 o \d+/);
  assert.match(filtered.body, /<option value="goal" selected>Nod<\/option>/);
});

test('an internal record, an embargoed release and a server path never show', async () => {
  const future = new Date(Date.now() + 86_400_000).toISOString();
  await site.runtime.services.audit.change(
    { actor: 'Test', reason: 'leak check' },
    async (change) => {
      change.record(
        'risk',
        'nhs/991',
        null,
        { description: 'SECRET-RISK', visibility: 'internal' },
        { internal: true },
      );
      change.record(
        'release',
        'embargoed-series#1',
        null,
        { file: 'EMBARGOED.xlsx', releasedAt: future },
        { effectiveAt: future },
      );
      change.record('release', 'public-series#1', null, {
        file: '/srv/imports/private-dir/PUBLIC_FILE.csv',
        rows: 3,
      });
    },
  );
  const page = await site.app.inject('/changes');
  assert.doesNotMatch(page.body, /SECRET-RISK|EMBARGOED|embargoed-series/);
  assert.match(page.body, /PUBLIC_FILE\.csv/);
  assert.doesNotMatch(page.body, /private-dir|\/srv\/imports/);
});

test('the Atom feeds parse with the required elements, and a reason is escaped', async () => {
  const page = await site.app.inject('/changes');
  assert.match(
    page.body,
    /<link rel="alternate" type="application\/atom\+xml" href="\/changes.atom"/,
  );
  const [first] = await site.runtime.services.audit.chain();
  const origin = first!.hash.slice(0, 16);
  assert.match(origin, /^[0-9a-f]{16}$/);
  for (const url of ['/changes.atom', '/changes/missions/nhs.atom', '/releases.atom']) {
    const feed = await site.app.inject(url);
    assert.equal(feed.statusCode, 200, url);
    assert.match(String(feed.headers['content-type']), /^application\/atom\+xml/);
    // Any error or warning in parsing fails the test: the feed must be well-formed XML.
    const doc = new DOMParser({
      onError: (level, message) => assert.fail(`${url}: ${level}: ${message}`),
    }).parseFromString(feed.body, 'text/xml');
    const root = doc.documentElement;
    assert.ok(root, `${url} has a root element`);
    assert.equal(root.namespaceURI, 'http://www.w3.org/2005/Atom');
    for (const name of ['id', 'title', 'updated', 'author', 'link'])
      assert.ok(root.getElementsByTagName(name).length > 0, `${url} has ${name}`);
    const entries = [...root.getElementsByTagName('entry')];
    assert.ok(entries.length > 0, `${url} has entries`);
    for (const entry of entries)
      for (const name of ['id', 'title', 'updated', 'link', 'summary'])
        assert.equal(entry.getElementsByTagName(name).length, 1, `${url} entry has ${name}`);
    // Ids carry this installation's origin, its log's first hash: another's entry 17 differs.
    const ids = [root, ...entries].map((e) => e.getElementsByTagName('id')[0]?.textContent);
    for (const id of ids) assert.ok(id?.startsWith(`tag:northstar,2026:${origin}/`), String(id));
    assert.equal(new Set(ids).size, ids.length, `${url}: ids are unique`);
    assert.doesNotMatch(feed.body, /SECRET-RISK|EMBARGOED/);
  }
  // A file of metadata alone (8.b.1's "Relevant UK policies", no figures) is no release to follow.
  const { statistics } = site.runtime.services;
  assert.equal((await statistics.releases('8.b.1'))[0]?.rowCount, 0);
  const releases = (await site.app.inject('/releases.atom')).body;
  assert.doesNotMatch(releases, /indicators\/8\.b\.1"/);
  assert.match(releases, /figures released<\/title>/);
  const nhs = await site.app.inject('/changes/missions/nhs.atom');
  assert.match(nhs.body, /Ministers lowered the ambition &#60;script&#62;/);
  assert.doesNotMatch(nhs.body, /<script>/);
  assert.equal((await site.app.inject('/changes/missions/no-such-mission.atom')).statusCode, 404);
  assert.equal((await site.app.inject('/changes.atom?x=1')).statusCode, 400);
});

test('/api/v1/changes pages the public log with filters, and refuses an unknown parameter', async () => {
  const first = await site.app.inject('/api/v1/changes?pageSize=5');
  assert.equal(first.statusCode, 200);
  const body = first.json();
  assert.equal(body.page, 1);
  assert.equal(body.changes.length, 5);
  assert.ok(body.pages >= Math.ceil(body.total / 5) && body.total > 5);
  const second = (await site.app.inject('/api/v1/changes?pageSize=5&page=2')).json();
  assert.notEqual(second.changes[0].id, body.changes[0].id, 'page 2 holds other entries');
  for (const c of body.changes) {
    assert.match(c.at, /^\d{4}-\d{2}-\d{2}T/);
    assert.match(c.hash, /^[0-9a-f]{64}$/);
    assert.match(c.prevHash, /^[0-9a-f]{64}$/);
    assert.equal(typeof c.sentence, 'string');
  }
  const nhsGoals = (
    await site.app.inject('/api/v1/changes?mission=nhs&kind=goal&pageSize=100')
  ).json();
  assert.ok(nhsGoals.total > 0);
  for (const c of nhsGoals.changes) {
    assert.equal(c.mission, 'nhs');
    assert.equal(c.kind, 'goal');
  }
  assert.ok(nhsGoals.changes.some((c: { sentence: string }) => /^Target for/.test(c.sentence)));
  // A mission's changes include the releases of the statistics its goals are measured by.
  const measured = new Set(
    (await site.runtime.services.missions.stored())
      .find((m) => m.slug === 'nhs')!
      .goals.flatMap((g) => (g.indicatorId ? [g.indicatorId] : [])),
  );
  const nhsReleases = (
    await site.app.inject('/api/v1/changes?mission=nhs&kind=release&pageSize=100')
  ).json();
  assert.ok(nhsReleases.total > 0, 'releases of the NHS goals’ statistics');
  for (const c of nhsReleases.changes)
    assert.ok(measured.has(c.record.replace(/#[^#]*$/, '')), `${c.record} is an NHS statistic`);
  const allReleases = (await site.app.inject('/api/v1/changes?kind=release&pageSize=1')).json();
  assert.ok(allReleases.total > nhsReleases.total, 'not every release');
  const all = JSON.stringify((await site.app.inject('/api/v1/changes?pageSize=100&page=1')).json());
  assert.doesNotMatch(all, /SECRET-RISK|EMBARGOED|private-dir/);
  const future = (await site.app.inject('/api/v1/changes?from=2999-01-01')).json();
  assert.equal(future.total, 0);
  for (const bad of ['?nonsense=1', '?pageSize=0', '?from=2025-02-30', '?page=0'])
    assert.equal((await site.app.inject(`/api/v1/changes${bad}`)).statusCode, 400, bad);
});

test('the page filters by mission and kind, in pages with GOV.UK pagination', async () => {
  const page = await site.app.inject('/changes?mission=nhs&kind=goal');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<form method="get" action="\/changes"/);
  // Each mission is offered by its title and its government's name, the UK's first.
  assert.match(
    page.body,
    /<option value="nhs" selected>Build an NHS fit for the future \(UK Government\)<\/option>/,
  );
  const offered = [...page.body.matchAll(/<option value="[^"]+"[^>]*>[^<]*\(([^)]+)\)<\/option>/g)]
    .map((m) => m[1])
    .filter((name, i, all) => name !== all[i - 1]);
  assert.deepEqual(offered.slice(0, 2), ['UK Government', 'Camden Council']);
  assert.match(page.body, /Target for/);
  assert.doesNotMatch(page.body, /Release of data for/, 'only goals');
  assert.doesNotMatch(page.body, /clean-energy\/solar/, "only the nhs mission's");
  const all = await site.app.inject('/changes?page=1');
  assert.match(all.body, /class="govuk-pagination"/);
  // The change log's own address is its first page, in pages as long as the fixed ones.
  const latest = (await site.app.inject('/changes')).body;
  const rows = (body: string) => body.match(/id="event-\d+"/g)!;
  assert.deepEqual(rows(latest), rows(all.body));
  assert.equal(rows(latest).length, 200);
  assert.match(latest, /\d+ changes, newest first: page 1 of \d+</);
  assert.match(latest, /href="\/changes\?page=2"/);
  assert.match(all.body, /href="\/changes\?page=2"/);
  const second = await site.app.inject('/changes?page=2');
  assert.match(second.body, /page 2 of/);
  assert.match(second.body, /href="\/changes\?page=1"/);
  // Newer to the left, older to the right, as on the log's pages of 200.
  assert.match(
    second.body,
    /govuk-pagination__prev[\s\S]*?href="\/changes\?page=1"[\s\S]*?Newer changes/,
  );
  assert.match(
    latest,
    /govuk-pagination__next[\s\S]*?href="\/changes\?page=2"[\s\S]*?Older changes/,
  );
  assert.equal((await site.app.inject('/changes?page=9999')).statusCode, 404);
  assert.equal((await site.app.inject('/changes?wrong=1')).statusCode, 400);
  // A date that is not one is said on the form, GOV.UK's way, and nothing is listed.
  const wrong = await site.app.inject('/changes?from=bogus&to=2025-13-01');
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /<title>Error: Change log – Northstar<\/title>/);
  assert.match(
    wrong.body,
    /govuk-error-summary[^]*href="#from">The ‘from’ date must be a real date/,
  );
  assert.match(wrong.body, /id="to-error"[^]*The ‘to’ date must be a real date/);
  assert.match(wrong.body, /name="from" type="date" value="bogus"/);
  assert.doesNotMatch(wrong.body, /id="event-\d+"/);
  const backwards = await site.app.inject('/cy/changes?from=2026-01-02&to=2026-01-01');
  assert.equal(backwards.statusCode, 400);
  assert.match(
    backwards.body,
    /Rhaid i’r dyddiad ‘I’ fod yr un dyddiad â’r dyddiad ‘O’ neu ar ei ôl/,
  );
  assert.equal((await site.app.inject('/api/v1/changes?from=bogus')).statusCode, 400);
});

test("a pack's printing reads as which pack of which stocktake, with its hash", () => {
  const titles = new Map([['nhs', 'Build an NHS fit for the future']]);
  const event = (action: string, example?: true) => ({
    action,
    entityType: 'pack',
    entityId: 'nhs/2025-09-30/council',
    before: null,
    after: { sha256: 'ab'.repeat(32), kind: 'council', stocktake: '2025-09-30', example },
  });
  assert.equal(
    describeEvent(event('create', true), 'en', titles).title,
    'Missions Leadership Council pack of the mission ‘Build an NHS fit for the future’, stocktake of 30 September 2025 (an example), printed: SHA-256 abababababababab…',
  );
  assert.match(
    describeEvent(event('update'), 'en', titles).title,
    /stocktake of 30 September 2025, printed again with different contents: SHA-256 ab/,
  );
  const welsh = describeEvent(event('create'), 'cy', titles);
  assert.match(
    welsh.title,
    /^Argraffwyd pecyn Cyngor Arwain y Cenadaethau ar gyfer y genhadaeth ‘/,
  );
  assert.match(welsh.title, /adolygiad cynnydd 30 Medi 2025: SHA-256/);
  // The mission's title is the record's own text, marked English on a Welsh page.
  assert.ok(welsh.titleParts.some((p) => p.en && p.text === 'Build an NHS fit for the future'));
});
