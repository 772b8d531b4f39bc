// Governments as tenants: each government's overview holds its own missions only, the header
// switches between them, an area's page groups every government's goals that cover it, and the
// API filters by government.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESERVED_SLUGS } from '../../domain/government.ts';
import { seededSite } from '../../../test/support/runtime.ts';

const site = seededSite();

const CAMDEN_MISSION = 'Economic opportunity for every young person';
const UK_MISSION = 'Kickstart economic growth';

test("Camden's missions load on first start beside the UK's, each on its own overview", async () => {
  const camden = await site.app.inject('/camden');
  assert.equal(camden.statusCode, 200);
  assert.match(camden.body, /<span class="govuk-caption-xl">Camden Council<\/span>/);
  assert.match(camden.body, new RegExp(CAMDEN_MISSION));
  assert.doesNotMatch(camden.body, new RegExp(UK_MISSION));
  const home = await site.app.inject('/');
  assert.match(home.body, new RegExp(UK_MISSION));
  assert.doesNotMatch(home.body, new RegExp(CAMDEN_MISSION));
  // The header switches between them, marking the one being read.
  assert.match(home.body, /aria-current="true">UK Government</);
  assert.match(camden.body, /href="\/camden" aria-current="true">Camden Council</);
  assert.match(camden.body, /href="\/"[^>]*>UK Government</);
  // A Camden mission's page leads back to Camden's overview, and is marked as Camden's.
  const mission = await site.app.inject('/missions/young-people');
  assert.match(mission.body, /aria-current="true">Camden Council</);
  assert.match(mission.body, /govuk-breadcrumbs__link" href="\/camden">Missions/);
  const uk = await site.app.inject('/uk');
  assert.equal(uk.statusCode, 301);
  assert.equal(uk.headers.location, '/');
  assert.equal((await site.app.inject('/no-such-government')).statusCode, 404);
});

test("an area's page shows every government's goals that cover it, grouped by government", async () => {
  const camden = (await site.app.inject('/areas/E09000007')).body;
  const headings = [...camden.matchAll(/<h2 class="govuk-heading-l" id="government-([a-z-]+)">/g)];
  assert.deepEqual(
    headings.map((h) => h[1]),
    ['uk', 'camden'],
  );
  assert.match(camden, /young-people\/goals\/economic-opportunity/);
  assert.match(camden, /not measured yet/);
  // A UK goal with a figure for Camden sits in the UK's group.
  const ukGroup = camden.slice(
    camden.indexOf('id="government-uk"'),
    camden.indexOf('id="government-camden"'),
  );
  assert.match(ukGroup, /\/missions\/[a-z-]+\/goals\//);
  assert.doesNotMatch(ukGroup, /young-people/);
  // Camden's goals do not cover its neighbour, nor London as a whole.
  for (const code of ['E09000019', 'E12000007']) {
    const other = (await site.app.inject(`/areas/${code}`)).body;
    assert.doesNotMatch(other, /id="government-camden"/, code);
    assert.match(other, /id="government-uk"/, code);
  }
});

test('the API lists the governments and filters missions and assessments by one', async () => {
  const { governments } = (await site.app.inject('/api/v1/governments')).json();
  assert.deepEqual(
    governments.map((g: { government: string; overview: string }) => [g.government, g.overview]),
    [
      ['uk', '/'],
      ['camden', '/camden'],
    ],
  );
  const camden = (await site.app.inject('/api/v1/missions?government=camden')).json();
  assert.deepEqual(
    camden.missions.map((m: { mission: string; government: string }) => [m.mission, m.government]),
    ['young-people', 'diverse-leadership', 'food', 'estates-and-streets'].map((s) => [s, 'camden']),
  );
  assert.equal((await site.app.inject('/api/v1/missions')).json().missions.length, 4 + 5);
  const assessments = (await site.app.inject('/api/v1/assessments?government=uk')).json()
    .assessments;
  assert.ok(assessments.length > 0);
  assert.ok(assessments.every((a: { government: string }) => a.government === 'uk'));
  const unknown = await site.app.inject('/api/v1/missions?government=gotham');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /Government gotham/);
});

test('no government may take a slug the site already uses as a path', async () => {
  const routes = site.app.printRoutes({ commonPrefix: false });
  // The root's children, one per line: "    ├── areas/:code (GET, HEAD)".
  const firstSegments = new Set(
    [...routes.matchAll(/^ {4}[├└]── ([a-z0-9-]+)(?=[/\s(]|$)/gm)].map((m) => m[1]!),
  );
  assert.ok(firstSegments.has('areas') && firstSegments.has('missions'), routes.slice(0, 400));
  const unreserved = [...firstSegments].filter((s) => !RESERVED_SLUGS.has(s));
  assert.deepEqual(unreserved, []);
});
