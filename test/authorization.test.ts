// The authorization matrix: every route that changes state, and every workspace page, tried as
// every kind of person — anonymous, each role, an editor of another government, a disabled
// user and an expired session — against the policy table. The routes come from the app itself
// (a new route is in the matrix the moment it exists); what each person may do is written out
// here, independently of policy.ts, so a change to the policy table must be made here too.
// A refused request must change nothing: every table's fingerprint is the same after it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../src/platform/http/app.ts';
import { createWebApp, type Runtime } from '../src/compose.ts';
import { fixedClock } from '../src/clock.ts';
import { features } from '../src/features/index.ts';
import { policies, type Grant, type PolicyName } from '../src/platform/auth/policy.ts';
import type { GuardedRoute } from '../src/platform/auth/guard.ts';
import { pgliteRuntime } from './support/runtime.ts';
import { client, csrfTokenOf, signedIn, type Client } from './support/workspace.ts';

/** Sample values for path parameters: each names something that exists in the seeded UK data. */
const SAMPLE_INDICATOR = '8.1.1';
const samples = (reviewerId: number, releaseId: number): Record<string, string> => ({
  id: String(reviewerId),
  user: String(reviewerId),
  government: 'uk',
  mission: 'growth',
  goal: 'gdp-per-head',
  project: 'planning-reform',
  indicator: SAMPLE_INDICATOR,
  milestone: '0',
  release: String(releaseId),
  upload: 'unknown-upload',
  kind: 'risk',
  record: '1',
  stocktake: '2025-09-30',
  organisation: 'example-org',
  pledge: '1',
  settlement: 'example-settlement',
  number: '1',
  // Camden: a UK goal's target for it may be set by the UK's editors or Camden's.
  area: 'E09000007',
});

/** Who tries each route: a name, and the role they hold (none: anonymous). */
const people: { name: string; grant?: Grant }[] = [
  { name: 'anonymous' },
  { name: 'administrator', grant: { role: 'administrator', scope: '' } },
  { name: 'mission editor (uk)', grant: { role: 'mission-editor', scope: 'uk' } },
  { name: 'mission editor (camden)', grant: { role: 'mission-editor', scope: 'camden' } },
  {
    name: 'statistics publisher (8.1.1)',
    grant: { role: 'statistics-publisher', scope: SAMPLE_INDICATOR },
  },
  { name: 'statistics publisher (other)', grant: { role: 'statistics-publisher', scope: '3.4.1' } },
  { name: 'steward (growth)', grant: { role: 'steward', scope: 'growth' } },
  { name: 'partner', grant: { role: 'partner', scope: 'example-org' } },
  { name: 'reviewer', grant: { role: 'reviewer', scope: '' } },
  // Both hold a role that could edit the UK's missions, but are no longer signed in.
  { name: 'disabled user', grant: { role: 'mission-editor', scope: 'uk' } },
  { name: 'expired session', grant: { role: 'mission-editor', scope: 'uk' } },
];

const everyone = people.map((p) => p.name);
const signedInNow = everyone.filter(
  (n) => !['anonymous', 'disabled user', 'expired session'].includes(n),
);

const readers = everyone.filter(
  (n) => !['anonymous', 'partner', 'disabled user', 'expired session'].includes(n),
);

/**
 * Who each policy lets in, for a route that names what it acts on (`scoped`) with the sample
 * values above, and for one that does not (anyone with the role; the handler asks again).
 */
const expected: Record<PolicyName, { scoped: string[]; unscoped: string[] }> = {
  public: { scoped: everyone, unscoped: everyone },
  'sign-in': { scoped: everyone, unscoped: everyone },
  workspace: { scoped: signedInNow, unscoped: signedInNow },
  'users.manage': { scoped: ['administrator'], unscoped: ['administrator'] },
  'missions.edit': {
    scoped: ['administrator', 'mission editor (uk)'],
    unscoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
  },
  'indicators.edit': {
    scoped: ['administrator', 'mission editor (uk)'],
    unscoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
  },
  'statistics.publish': {
    scoped: ['administrator', 'statistics publisher (8.1.1)'],
    unscoped: ['administrator', 'statistics publisher (8.1.1)', 'statistics publisher (other)'],
  },
  'reports.make': {
    scoped: ['administrator', 'mission editor (uk)'],
    unscoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
  },
  // Any mission editor may add an organisation to the register (it belongs to no government).
  'partners.register': {
    scoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
    unscoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
  },
  'partners.submit': {
    scoped: ['administrator', 'partner'],
    unscoped: ['administrator', 'partner'],
  },
  // The goal's government, or the government of an area containing the one targeted.
  'targets.local': {
    scoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
    unscoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
  },
  // A government's settlements: its own editors only (Camden's may not change the UK's).
  'settlements.edit': {
    scoped: ['administrator', 'mission editor (uk)'],
    unscoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
  },
  'pledges.moderate': {
    scoped: ['administrator', 'mission editor (uk)'],
    unscoped: ['administrator', 'mission editor (uk)', 'mission editor (camden)'],
  },
  'governance.record': {
    scoped: ['administrator', 'steward (growth)'],
    unscoped: ['administrator', 'steward (growth)'],
  },
  // Not scoped: every role but a partner's, scope or none.
  'internal.read': {
    scoped: readers,
    unscoped: readers,
  },
};

/**
 * Every table's contents in brief: small tables by a hash of their rows, large ones by their
 * row count. Sessions are left out: using one (even for a refused request) marks it used.
 */
async function fingerprint(runtime: Runtime): Promise<Record<string, string>> {
  const tables = await runtime.db.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = 'public'
       and tablename not in ('sessions') order by tablename`,
  );
  const print: Record<string, string> = {};
  for (const { name } of tables) {
    const [{ n }] = (await runtime.db.query<{ n: number }>(
      `select count(*)::int as n from "${name}"`,
    )) as [{ n: number }];
    if (n > 5_000) print[name] = `${n} rows`;
    else {
      const [{ h }] = (await runtime.db.query<{ h: string | null }>(
        `select md5(string_agg(t::text, E'\\n' order by t::text)) as h from "${name}" t`,
      )) as [{ h: string | null }];
      print[name] = `${n} rows, ${h}`;
    }
  }
  return print;
}

const withParams = (url: string, values: Record<string, string>) =>
  url.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    assert.ok(value !== undefined, `No sample value for :${name} in ${url}: add one to samples()`);
    return encodeURIComponent(value);
  });

describe('authorization matrix', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  const clients = new Map<string, Client>();
  const clock = fixedClock('2026-06-01T09:00:00Z');
  let values: Record<string, string>;

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    // Without the per-client limits: hundreds of requests from one address are the point here.
    app = await createWebApp(runtime.services, { limits: false });
    // The expired session first, then an hour later everyone else.
    clients.set(
      'expired session',
      await signedIn(app, runtime, people.at(-1)!.grant!, 'expired@example.gov.uk'),
    );
    clock.set('2026-06-01T10:00:00Z');
    for (const person of people.slice(0, -1)) {
      if (!person.grant) clients.set(person.name, client(app));
      else
        clients.set(
          person.name,
          await signedIn(
            app,
            runtime,
            person.grant,
            `${person.name.replace(/\W+/g, '.')}@example.gov.uk`,
          ),
        );
    }
    const disabled = await runtime.services.people.byEmail('disabled.user@example.gov.uk');
    await runtime.services.people.setDisabled(disabled!.id, true, {
      actor: 'test',
      reason: 'Left the team',
    });
    // The partner's organisation, with a pledge to the UK's growth mission waiting for approval.
    await runtime.services.partners.saveOrganisation(
      undefined,
      { name: 'Example org', sector: 'civil-society', size: 'small', contact: 'a@example.org' },
      { actor: 'test', reason: 'Register' },
    );
    await runtime.services.partners.submit(
      {
        organisation: 'example-org',
        mission: 'growth',
        content: {
          title: 'A pledge',
          commitment: 'To help',
          goal: 'gdp-per-head',
          deliverables: [{ what: 'Help', due: '2027-01-01' }],
        },
      },
      { actor: 'test', reason: 'Pledge' },
    );
    const reviewer = await runtime.services.people.byEmail('reviewer@example.gov.uk');
    // A release of the sample indicator, which its publisher may manage.
    const [release] = await runtime.db.query<{ id: number }>(
      'select id from releases where indicator_id = $1 order by id desc limit 1',
      [SAMPLE_INDICATOR],
    );
    values = samples(reviewer!.id, Number(release!.id));
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  it('knows every policy the app uses, and every route names one', () => {
    assert.deepEqual(Object.keys(expected).sort(), Object.keys(policies).sort());
    for (const route of app.guardedRoutes) assert.ok(route.policy in policies, route.url);
    assert.ok(app.guardedRoutes.some((r) => r.method === 'POST'));
  });

  it('refuses to start with a route that changes state and names no policy', async () => {
    const careless = {
      name: 'careless',
      setUpWorkspace: (a: FastifyInstance) => {
        a.post('/manage/careless', async () => 'done');
      },
    };
    await assert.rejects(
      createApp(runtime.services, [...features, careless]),
      /POST \/manage\/careless .* must name a policy/,
    );
  });

  it('lets each person do exactly what the policy table allows, and a refusal changes nothing', async () => {
    const routes = app.guardedRoutes.filter(
      (r: GuardedRoute) =>
        r.method !== 'HEAD' &&
        (r.method !== 'GET' || r.policy !== 'public') &&
        r.url !== '/sign-out',
    );
    assert.ok(routes.length > 5, `only ${routes.length} routes in the matrix`);
    const failures: string[] = [];
    for (const route of routes) {
      const url = withParams(route.url, values);
      const allowed = expected[route.policy][route.scoped ? 'scoped' : 'unscoped'];
      for (const person of people) {
        const browser = clients.get(person.name)!;
        const before = route.method === 'GET' ? undefined : await fingerprint(runtime);
        // A valid token for this person's session, from a page they can open.
        const token =
          csrfTokenOf((await browser.get('/sign-in?next=/manage')).body) ??
          csrfTokenOf((await browser.get('/manage')).body);
        const response =
          route.method === 'GET'
            ? await browser.get(url)
            : await browser.post(url, {}, { token: token ?? null });
        const refused =
          response.statusCode === 401 ||
          response.statusCode === 403 ||
          (route.method === 'GET' &&
            response.statusCode === 303 &&
            String(response.headers.location).startsWith('/sign-in'));
        const shouldRefuse = !allowed.includes(person.name);
        if (refused !== shouldRefuse)
          failures.push(
            `${route.method} ${url} as ${person.name}: ${response.statusCode}, expected ${shouldRefuse ? 'refusal' : 'no refusal'}`,
          );
        if (refused && before)
          assert.deepEqual(
            await fingerprint(runtime),
            before,
            `${route.method} ${url} as ${person.name} was refused but changed something`,
          );
      }
    }
    assert.deepEqual(failures, []);
  });

  it('refuses every form posted without a valid CSRF token, changing nothing', async () => {
    const admin = clients.get('administrator')!;
    const otherToken = csrfTokenOf((await clients.get('reviewer')!.get('/manage')).body)!;
    const forms = app.guardedRoutes.filter((r) => r.method === 'POST');
    for (const route of forms) {
      const url = withParams(route.url, values);
      for (const token of [null, 'not-a-token', otherToken]) {
        const before = await fingerprint(runtime);
        const response = await admin.post(url, { reason: 'x' }, { token });
        assert.equal(response.statusCode, 403, `${url} with token ${token}`);
        assert.match(response.body, /did not come from this service/);
        assert.deepEqual(await fingerprint(runtime), before, `${url} with token ${token}`);
      }
    }
  });
});
