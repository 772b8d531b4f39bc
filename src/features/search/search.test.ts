// Site search: missions, goals, projects, statistics and areas of every government found by
// prefix and by a slip of spelling, nothing embargoed found before its time, and the page
// honest when nothing matches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../clock.ts';
import { createWebApp, type Runtime } from '../../compose.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { searchIndexed } from '../../publish/search.ts';
import type { PublishEffects } from '../../publish/site.ts';
import { buildIndex, searchDocuments } from './searchIndex.ts';

const clock = fixedClock(new Date());
let runtime: Runtime;
let app: FastifyInstance;

before(async () => {
  runtime = await pgliteRuntime({ seed: true, clock });
  // The seed's releases are dated as it loads them: the fixed clock starts after them.
  clock.set(new Date());
  app = await createWebApp(runtime.services);
});
after(async () => {
  await app.close();
  await runtime.close();
});

const search = async (query: string) => {
  const res = await app.inject(`/search?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
};
const SMOKE_FREE = 'href="/missions/nhs/goals/smoke-free"';

test('a word, its start or a slip of spelling finds the smoke-free goal', async () => {
  for (const q of ['smok', 'smoke-free', 'smoke%20free', 'smokr', 'SMOKE']) {
    const body = await search(`q=${q}`);
    assert.ok(body.includes(SMOKE_FREE), `"${q}" did not find the goal`);
    assert.match(body, /\d+ results?</);
  }
  // Filtered to areas, the goal is not among them.
  assert.ok(!(await search('q=smok&type=area')).includes(SMOKE_FREE));
  // One word finds its others ("smokers" in 3.a.1's title), but not a place a letter away.
  const smoking = await search('q=smoking');
  assert.match(smoking, /href="\/indicators\/3.a.1"/);
  assert.ok(smoking.includes(SMOKE_FREE));
  assert.doesNotMatch(await search('q=smoke'), /Stoke-on-Trent/);
});

test('an area by its name and by its code; a Camden mission; a statistic', async () => {
  const byName = await search('q=camden&type=area');
  assert.match(byName, /href="\/areas\/E09000007">Camden</);
  assert.match(await search('q=E09000007'), /href="\/areas\/E09000007">Camden</);
  assert.match(await search('q=e09000007'), /href="\/areas\/E09000007"/);
  const mission = await search('q=young%20person&type=mission');
  assert.match(mission, /href="\/missions\/young-people">/);
  assert.match(mission, /Camden Council/);
  assert.match(await search('q=3.a.1'), /href="\/indicators\/3.a.1"/);
  // A statistic by the name of one of its series: the waiting list is NHS England's RTT series.
  const measures = await runtime.services.statistics.measures('nhs-rtt');
  assert.ok(measures.some((m) => /waiting list/i.test(m.series)));
  assert.doesNotMatch(
    (await runtime.services.statistics.getIndicator('nhs-rtt'))!.title,
    /\blist/i,
  );
  assert.match(await search('q=waiting%20list&type=indicator'), /href="\/indicators\/nhs-rtt"/);
});

test('nothing found says so and what to try; input comes back escaped', async () => {
  const body = await search('q=zzqxvb');
  assert.match(body, /0 results</);
  assert.match(body, /Nothing matched “zzqxvb”/);
  assert.match(body, /check the spelling/);
  assert.match(body, /href="\/areas"/);
  const script = await search(`q=${encodeURIComponent('<script>alert(1)</script>')}`);
  assert.ok(!script.includes('<script>alert(1)'));
  assert.match(script, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  // The empty page is the form alone.
  const empty = await search('');
  assert.match(empty, /<label class="govuk-label govuk-label--s" for="q">/);
  assert.doesNotMatch(empty, /results?</);
});

test('an unknown parameter, an unknown type or an overlong query is refused', async () => {
  for (const query of ['q=smok&page=2', 'q=smok&type=person', `q=${'a'.repeat(201)}`]) {
    const res = await app.inject(`/search?${query}`);
    assert.equal(res.statusCode, 400, query);
  }
});

test('an embargoed indicator is found only from its time; the index is rebuilt then', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-search-'));
  try {
    const bundled = path.join('data', 'uk-sdg');
    fs.mkdirSync(path.join(dir, 'data'));
    fs.mkdirSync(path.join(dir, 'meta'));
    fs.copyFileSync(
      path.join(bundled, 'data', 'indicator_3-a-1.csv'),
      path.join(dir, 'data', 'indicator_99-1-1.csv'),
    );
    fs.writeFileSync(
      path.join(dir, 'meta', '99-1-1.md'),
      fs
        .readFileSync(path.join(bundled, 'meta', '3-a-1.md'), 'utf8')
        .replace(/^indicator_number: .*$/m, 'indicator_number: 99.1.1')
        .replace(/^indicator_available: .*$/m, 'indicator_available: Quokkamarker rate'),
    );
    // The index exists before the release, so it must notice the release reaching its time.
    assert.match(await search('q=quokkamarker'), /0 results</);
    const releasedAt = new Date(clock.now().getTime() + 60_000);
    await runtime.services.statistics.import([dir], { actor: 'analyst', releasedAt });
    assert.match(await search('q=quokkamarker'), /0 results</);
    assert.doesNotMatch(await search('q=99.1.1'), /href="\/indicators\/99.1.1"/);
    clock.set(new Date(releasedAt.getTime() + 1));
    assert.match(await search('q=quokkamarker'), /href="\/indicators\/99.1.1"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an internal record is never found, though its words are recorded', async () => {
  await runtime.services.governance.save(
    {
      kind: 'risk',
      missionSlug: 'nhs',
      visibility: 'internal',
      content: {
        description: 'Workforce risk Wombatinternal',
        likelihood: 5,
        impact: 5,
        owner: 'Owner Wombatinternal',
        mitigation: 'Mitigation',
        goal: 'elective-waits',
        reviewOn: '2027-01-31',
      },
    },
    { actor: 'steward@example.gov.uk', reason: 'Recorded at the board' },
  );
  assert.match(await search('q=wombatinternal'), /0 results</);
  const docs = await searchDocuments(runtime.services);
  assert.ok(!docs.some((d) => JSON.stringify(d).toLowerCase().includes('wombatinternal')));
});

test('the index of every area builds in well under a fifth of a second', async () => {
  const docs = await searchDocuments(runtime.services);
  const areas = docs.filter((d) => d.kind === 'area').length;
  assert.ok(areas > 300, `only ${areas} areas`);
  const started = performance.now();
  buildIndex(docs);
  const ms = performance.now() - started;
  console.log(`search index: ${docs.length} documents (${areas} areas) in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 200, `built in ${ms} ms`);
});

test('the area search says what to try when no area is called that, and finds as before', async () => {
  const none = await app.inject('/areas?q=Atlantis%3Cb%3E');
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /0 areas matching “Atlantis&lt;b&gt;”/);
  assert.match(
    none.body,
    /No area called “Atlantis&lt;b&gt;” was found\. Check the spelling, try a postcode district’s council name, a region or a nine-character ONS code such as E09000007\./,
  );
  assert.match(none.body, /href="\/search\?q=Atlantis%3Cb%3E"/);
  const found = await app.inject('/areas?q=E09000007');
  assert.match(found.body, /href="\/areas\/E09000007">Camden</);
  assert.doesNotMatch(found.body, /No area called/);
});

test('the published copy carries a Pagefind index that finds a goal, and a search page using it', async () => {
  const copy = await createWebApp(runtime.services, { staticSite: true });
  try {
    const files = new Map<string, string | Buffer>();
    const effects: PublishEffects = {
      writeFile: async (file, contents) => void files.set(file, contents),
      copyFile: async (from, file) => void files.set(file, fs.readFileSync(from)),
    };
    const search = await searchIndexed(effects);
    for (const url of ['/search', '/missions/nhs/goals/smoke-free', '/areas/E09000007']) {
      const res = await copy.inject(url);
      assert.equal(res.statusCode, 200, url);
      await search.effects.writeFile(`${url.slice(1)}/index.html`, res.body);
    }
    const { pages } = await search.finish();
    assert.equal(pages, 3);
    for (const file of ['pagefind.js', 'pagefind-ui.js', 'pagefind-ui.css', 'northstar-search.js'])
      assert.ok(files.has(`pagefind/${file}`), `no pagefind/${file}`);
    // Each indexed page is a fragment: gzip of a marker and the page's URL, title and words.
    const fragments = [...files]
      .filter(([name]) => name.startsWith('pagefind/fragment/'))
      .map(([, contents]) => zlib.gunzipSync(contents as Buffer).toString('utf8'));
    const goal = fragments.find((f) => f.includes('"/missions/nhs/goals/smoke-free/"'));
    assert.ok(goal, `no fragment for the goal among ${fragments.length}`);
    assert.match(goal, /smok/i);

    const page = String(files.get('search/index.html'));
    assert.match(page, /<script src="\/pagefind\/pagefind-ui.js"><\/script>/);
    assert.match(page, /<script src="\/pagefind\/northstar-search.js"><\/script>/);
    assert.match(page, /<noscript>[\s\S]*needs JavaScript[\s\S]*href="\/areas"[\s\S]*href="\/"/);
    assert.doesNotMatch(page, /<form method="get" action="\/search"/);
  } finally {
    await copy.close();
  }
});
