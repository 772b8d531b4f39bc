import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, toCsv } from '../csv/write.ts';
import { formatValue } from '../../domain/format.ts';
import { createWebApp, type Services } from '../../compose.ts';
import { seededSite } from '../../../test/support/runtime.ts';

const site = seededSite();

const statuses = ['achieved', 'on-track', 'off-track', 'not-assessable'];

test('health answers with the engine in use', async () => {
  const res = await site.app.inject('/health');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok', database: 'pglite' });
});

test('the API lists the five UK missions, each goal with a computed status and reason', async () => {
  const { missions } = (await site.app.inject('/api/v1/missions?government=uk')).json();
  assert.deepEqual(
    missions
      .filter((m: { government: string }) => m.government === 'uk')
      .map((m: { mission: string }) => m.mission),
    ['growth', 'clean-energy', 'nhs', 'safer-streets', 'opportunity'],
  );
  for (const mission of missions) {
    assert.ok(mission.goals.length > 0);
    for (const goal of mission.goals) {
      assert.ok(
        statuses.includes(goal.assessment.status),
        `${goal.goal}: ${goal.assessment.status}`,
      );
      assert.ok(goal.assessment.summary.length > 10);
    }
  }
});

test('the overview page shows every UK mission and the same status the API computes', async () => {
  const html = (await site.app.inject('/')).body;
  const { assessments } = (await site.app.inject('/api/v1/assessments')).json();
  const { missions } = (await site.app.inject('/api/v1/missions?government=uk')).json();
  // Text from missions is escaped on the page.
  const escaped = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;');
  for (const m of missions) assert.ok(html.includes(escaped(m.title)), m.title);
  const smoking = assessments.find((a: { goal: string }) => a.goal === 'smoke-free');
  // OHID's figures (to 2024) judge it against its path to 5% by 2030.
  assert.equal(smoking.status, 'off-track');
  assert.match(smoking.summary, /the planned path to at most 5%/);
  assert.equal(smoking.projection.ok, true);
  assert.ok(html.includes(`${formatValue(smoking.latest.value, '%')} (${smoking.latest.period})`));
});

test('mission, goal and indicator pages render; unknown ones are GOV.UK 404 pages', async () => {
  for (const url of [
    '/missions/nhs',
    '/missions/nhs/goals/smoke-free',
    '/indicators',
    '/indicators/3.a.1',
  ]) {
    const res = await site.app.inject(url);
    assert.equal(res.statusCode, 200, url);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.headers['content-security-policy'] as string, /default-src 'self'/);
  }
  const goal = (await site.app.inject('/missions/nhs/goals/smoke-free')).body;
  assert.match(goal, /<svg class="ns-chart"[^>]*role="img"/);
  assert.match(goal, /<table class="govuk-table"[^>]*>/);
  assert.match(goal, /History of this goal/);
  assert.match(goal, /created by northstar, because: Initial missions loaded on first start/);
  assert.match((await site.app.inject('/')).body, /Latest changes/);
  const template = await site.app.inject('/open-data/tidy-template.csv');
  assert.match(template.headers['content-type'] as string, /text\/csv/);
  assert.match(template.body, /^indicator,series,unit,area,period,value/);
  for (const url of [
    '/missions/nope',
    '/missions/nhs/goals/nope',
    '/indicators/99.99.99',
    '/no-such-page',
  ]) {
    const res = await site.app.inject(url);
    assert.equal(res.statusCode, 404, url);
    assert.match(res.body, /Page not found/);
  }
});

test('observations: filters, CSV and JSON agree', async () => {
  const base = '/api/v1/indicators/3.a.1/observations?area=E92000001&from=2015&to=2021';
  const json = (await site.app.inject(base)).json();
  assert.ok(json.observations.length > 0);
  assert.ok(
    json.observations.every(
      (o: { area: string; period: { start: string } }) =>
        o.area === 'E92000001' && o.period.start >= '2015',
    ),
  );
  assert.equal(json.licence, 'Open Government Licence v3.0');
  const csv = await site.app.inject(`${base}&format=csv`);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  assert.ok(
    lines[0]!.startsWith(
      'indicator,series,unit,area,period,period_start,period_end,value,status,note',
    ),
    lines[0],
  );
  assert.equal(lines.length - 1, json.observations.length);
});

test('invalid parameters get a 400 problem body, never a 500', async () => {
  for (const url of [
    '/api/v1/indicators/3.a.1/observations?area=nowhere',
    '/api/v1/indicators/3.a.1/observations?format=xml',
    '/api/v1/indicators/3.a.1/observations?from=15',
    '/api/v1/missions?asAt=yesterday',
    '/api/v1/missions?asAt=2024-02-30',
    '/api/v1/assessments?asAt=0000-01-01',
  ]) {
    const res = await site.app.inject(url);
    assert.equal(res.statusCode, 400, url);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url);
    const body = res.json();
    assert.equal(body.status, 400);
    assert.ok(body.detail.length > 0);
  }
  assert.equal((await site.app.inject('/api/v1/missions/nope')).statusCode, 404);
  assert.equal((await site.app.inject('/api/v1/areas/E09000007')).json().parent.name, 'London');
  assert.equal((await site.app.inject('/api/nowhere')).json().status, 404);
});

test('one error path: the API answers a problem body, a page a GOV.UK page, for 404s and 400s alike', async () => {
  const missing = await site.app.inject('/api/v1/missions/nope');
  assert.deepEqual(missing.json(), {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'Mission nope not found',
  });
  const page = await site.app.inject('/missions/nope');
  assert.equal(page.statusCode, 404);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  assert.match(page.body, /Page not found/);
  // A malformed body: JSON on the API, a GOV.UK page elsewhere.
  const bad = { payload: '{bad', headers: { 'content-type': 'application/json' } };
  const api = await site.app.inject({ method: 'POST', url: '/api/v1/missions', ...bad });
  assert.equal(api.statusCode, 400);
  assert.equal(api.json().title, 'Bad Request');
  const form = await site.app.inject({ method: 'POST', url: '/', ...bad });
  assert.equal(form.statusCode, 400);
  assert.match(form.body, /There is a problem with your request/);
  assert.doesNotMatch(form.body, /"detail"/);
});

test('an address asked with a method it does not take is answered 405 with Allow, changing nothing', async () => {
  for (const [method, url] of [
    ['POST', '/api/v1/missions'],
    ['DELETE', '/api/v1/missions/nhs'],
  ] as const) {
    const api = await site.app.inject({ method, url });
    assert.equal(api.statusCode, 405, `${method} ${url}`);
    assert.equal(api.headers.allow, 'GET, HEAD, OPTIONS');
    assert.equal(api.json().title, 'Method Not Allowed');
  }
  const page = await site.app.inject({ method: 'PUT', url: '/missions/nhs' });
  assert.equal(page.statusCode, 405);
  assert.equal(page.headers.allow, 'GET, HEAD');
  assert.match(page.body, /does not take that method/);
  // What no method reaches is still not found.
  assert.equal((await site.app.inject({ method: 'POST', url: '/api/v1/nowhere' })).statusCode, 404);
  assert.equal((await site.app.inject('/api/v1/missions/nhs')).statusCode, 200);
});

test('a goal is judged in every part of its area: each English local authority for an England goal', async () => {
  const goal = (await site.app.inject('/api/v1/missions/nhs/goals/smoke-free')).json();
  const { byArea } = goal;
  // OHID's figures cover England's local authorities: every one is judged, and none outside.
  assert.ok(byArea.areas.length > 300, `${byArea.areas.length} areas`);
  assert.ok(byArea.areas.every((a: { code: string }) => a.code.startsWith('E0')));
  const counted = Object.values(byArea.counts as Record<string, number>).reduce((a, b) => a + b, 0);
  assert.equal(counted, byArea.areas.length);
  // Lower is better for smoking: the best area has the lowest figure for the newest period,
  // the worst the highest. Districts merged since 2019 have older latest figures, left out.
  type Latest = { assessment: { latest: { period: string; value: number } | null } };
  const newest = String(
    Math.max(...byArea.areas.map((a: Latest) => Number(a.assessment.latest?.period ?? 0))),
  );
  const latest = byArea.areas.flatMap((a: Latest) =>
    a.assessment.latest?.period === newest ? [a.assessment.latest.value] : [],
  );
  assert.ok(
    byArea.areas.some((a: Latest) => a.assessment.latest && a.assessment.latest.period < newest),
    'some areas have older latest figures',
  );
  assert.equal(byArea.best.assessment.latest.period, newest);
  assert.equal(byArea.worst.assessment.latest.period, newest);
  assert.equal(byArea.best.assessment.latest.value, Math.min(...latest));
  assert.equal(byArea.worst.assessment.latest.value, Math.max(...latest));
  assert.equal(byArea.everyAreaAchieved, false);
  const { missions } = (await site.app.inject('/api/v1/missions?government=uk')).json();
  const nhs = missions.find((m: { mission: string }) => m.mission === 'nhs');
  // Judged on the publishers' latest figures, the NHS mission's weakest goal is off track.
  assert.equal(nhs.weakestGoal?.status, 'off-track');
});

test('OpenAPI describes the v1 API', async () => {
  const doc = (await site.app.inject('/api/openapi.json')).json();
  for (const p of [
    '/api/v1/missions',
    '/api/v1/missions/{mission}',
    '/api/v1/missions/{mission}/goals/{goal}',
    '/api/v1/indicators',
    '/api/v1/indicators/{indicator}',
    '/api/v1/indicators/{indicator}/observations',
    '/api/v1/assessments',
    '/api/v1/areas/{area}',
  ]) {
    assert.ok(doc.paths[p], p);
  }
  // Only the API and the health check: pages are not part of it.
  const undescribed = Object.keys(doc.paths).filter(
    (p) => !p.startsWith('/api/v1/') && p !== '/health',
  );
  assert.deepEqual(undescribed, []);
});

test('a failing service gives the GOV.UK error page and a JSON 500, with no stack in production', async () => {
  const broken = {
    ...site.runtime.services,
    missions: {
      ...site.runtime.services.missions,
      list: async () => {
        throw new Error('database unreachable');
      },
    },
  } as Services;
  const failing = await createWebApp(broken, { production: true });
  const page = await failing.inject('/');
  assert.equal(page.statusCode, 500);
  assert.match(page.body, /Sorry, there is a problem with the service/);
  assert.doesNotMatch(page.body, /database unreachable|at .*\.ts/);
  const api = await failing.inject('/api/v1/missions');
  assert.equal(api.statusCode, 500);
  assert.deepEqual(api.json(), {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side.',
  });
  assert.equal((await failing.inject('/health')).statusCode, 200, 'other routes still serve');
  await failing.close();
});

test('CSV cells that a spreadsheet would run are neutralised; numbers are not', () => {
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('+44'), "'+44");
  assert.equal(csvCell(-2.5), '-2.5');
  assert.equal(toCsv(['a', 'b'], [[1, 'x,y']]), 'a,b\r\n1,"x,y"\r\n');
});

test('mission pages link the missions whose goals feed each other, both ways', async () => {
  const nhs = (await site.app.inject('/missions/nhs')).body;
  assert.match(nhs, /<h2[^>]*id="linked-missions"/);
  assert.match(nhs, /This mission helps other missions/);
  assert.match(nhs, /href="\/missions\/growth\/goals\/gdp-per-head"/);
  // Each goal with figures shows its recent trend, in words beside the line.
  assert.match(nhs, /<svg class="ns-sparkline"[^>]*aria-hidden="true"/);
  assert.match(nhs, /Recent figures: [\d.]+% in 20\d\d to 10.4% in 2024\./);
  const growth = (await site.app.inject('/missions/growth')).body;
  assert.match(growth, /Other missions help this one/);
  for (const from of ['nhs/goals/elective-waits', 'clean-energy/goals/clean-power']) {
    assert.ok(growth.includes(`href="/missions/${from}"`), `growth is fed by ${from}`);
  }
  const safer = (await site.app.inject('/missions/safer-streets')).body;
  assert.doesNotMatch(safer, /id="linked-missions"/, 'no section without links');
});

test('the change log shows the latest changes and every change in fixed pages of event ids', async () => {
  const latest = (await site.app.inject('/changes')).body;
  const rows = (html: string) => [
    ...html.matchAll(/<tr class="govuk-table__row" id="event-(\d+)"/g),
  ];
  assert.ok(rows(latest).length > 10);
  assert.match(latest, /href="\/changes\/page\/1">Events 1 to 200</);
  const first = await site.app.inject('/changes/page/1');
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /<h1[^>]*>Change log: events 1 to 200<\/h1>/);
  const ids = rows(first.body).map((m) => Number(m[1]));
  assert.ok(ids.length > 0 && ids.every((id) => id >= 1 && id <= 200), 'only events 1 to 200');
  // GOV.UK pagination between the pages, newer to the left and older to the right as on the
  // log's newest-first pages: page 1 holds the oldest, so it leads only to page 2, on the left.
  const pagination = first.body.split('<nav class="govuk-pagination')[1]?.split('</nav>')[0] ?? '';
  assert.match(
    pagination,
    /govuk-pagination__item--current[^>]*>\s*<a[^>]*href="\/changes\/page\/1"/,
  );
  if (rows(latest).some((m) => Number(m[1]) > 200))
    assert.match(
      pagination,
      /govuk-pagination__prev[\s\S]*href="\/changes\/page\/2"[\s\S]*Newer changes/,
    );
  assert.doesNotMatch(pagination, /govuk-pagination__next/);
  for (const bad of ['/changes/page/0', '/changes/page/999', '/changes/page/x'])
    assert.equal((await site.app.inject(bad)).statusCode, 404, bad);
});

test("the assessments' asAt is the instant judged at: a date's end, and never later than now", async () => {
  const past = (await site.app.inject('/api/v1/assessments?asAt=2024-06-30')).json();
  assert.equal(past.asAt, '2024-06-30T23:59:59.999Z');
  const before = Date.now();
  const future = (await site.app.inject('/api/v1/assessments?asAt=2999-01-01')).json();
  const echoed = Date.parse(future.asAt);
  assert.ok(echoed >= before && echoed <= Date.now(), `${future.asAt} is the time of asking`);
});
