// Local targets in process, through the real sign-in and forms: the UK's housing goal divided
// among local authorities, areas' targets set by the UK's editors and by Camden's (for Camden
// only), whether they add up to the national target with the gap shown on the goal's page,
// the change log, as-at views and `audit verify`. The local targets here are examples.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { formFields, summaryErrors } from '../../../test/support/forms.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { signedIn, type Client } from '../../../test/support/workspace.ts';
import { DividedGoalError } from './writes.ts';
import { LocalTargetsFileError, readLocalTargets } from './localTargetsFile.ts';
import { formatProblem } from '../statistics/readers/problem.ts';

const BASE = '/manage/missions/mission/growth/goals/homes/local-targets';
const CAMDEN = 'E09000007';
const ISLINGTON = 'E09000019';
const HOMES = { missionSlug: 'growth', goalSlug: 'homes' };

describe('local targets', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let uk: Client;
  let camden: Client;
  // Steps of ten minutes: a session left alone for 30 ends.
  const clock = fixedClock('2026-03-02T10:00:00Z');
  /** Posts a form, then confirms what "check your answers" shows. */
  const save = async (browser: Client, url: string, answers: Record<string, string>) => {
    const fields = formFields((await browser.get(url)).body);
    const check = await browser.post(url, { ...fields, ...answers });
    assert.equal(check.statusCode, 200, check.body.slice(0, 2000));
    return browser.post(url, { ...formFields(check.body), confirm: 'yes' });
  };
  const goalPage = async () => (await app.inject('/missions/growth/goals/homes')).body;
  const gapOn = (page: string) =>
    /Unallocated gap\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*([^<]+?)\s*<\/dd>/.exec(
      page,
    )?.[1];

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    app = await createWebApp(runtime.services, { limits: false });
    uk = await signedIn(app, runtime, { role: 'mission-editor', scope: 'uk' });
    camden = await signedIn(app, runtime, { role: 'mission-editor', scope: 'camden' });
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  it('the UK’s editor divides the housing goal among local authorities', async () => {
    const list = await uk.get(BASE);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /This goal is not divided among areas/);
    // A weighted mean without its weights' source is refused, and nothing is saved.
    const events = (await runtime.services.audit.chain()).length;
    const refused = await uk.post(`${BASE}/division`, {
      ...formFields((await uk.get(`${BASE}/division`)).body),
      method: 'weighted-mean',
      reason: 'Trying',
    });
    assert.equal(refused.statusCode, 400);
    assert.equal(
      Object.fromEntries(summaryErrors(refused.body)).weightsSource,
      'Enter the source of the weights: a weighted mean needs it',
    );
    assert.equal((await runtime.services.audit.chain()).length, events);
    // Camden's editor may not divide the UK's goal.
    assert.equal((await camden.get(`${BASE}/division`)).statusCode, 403);

    const saved = await save(uk, `${BASE}/division`, {
      level: 'la',
      method: 'sum',
      reason: 'Each authority’s share of the 1.5 million homes',
    });
    assert.equal(saved.statusCode, 303);
    const page = await goalPage();
    assert.match(page, /<h2 class="govuk-heading-l" id="local-targets">Local targets<\/h2>/);
    assert.match(
      page,
      /It cannot be told yet whether the local targets add up: no area has a target/,
    );
  });

  it('areas’ targets add up, and changing one changes the gap by exactly that much', async () => {
    clock.set('2026-03-02T10:10:00Z');
    const set = await save(uk, `${BASE}/${CAMDEN}`, {
      value: '5000',
      reason: 'Camden’s share (an example)',
    });
    assert.equal(set.statusCode, 303);
    const first = await goalPage();
    assert.match(first, /Local targets added up\s*<\/dt>\s*<dd[^>]*>\s*5,000 dwellings/);
    assert.equal(gapOn(first), '295,000 dwellings not taken on by any area');
    assert.match(
      first,
      /Camden<\/a><\/th>\s*<td[^>]*>5,000 dwellings<\/td>\s*<td[^>]*>UK Government/,
    );

    // Camden's editor sets Camden's own, recorded as Camden's; Islington's is not theirs.
    clock.set('2026-03-02T10:20:00Z');
    const own = await save(camden, `${BASE}/${CAMDEN}`, {
      value: '6000',
      reason: 'Camden raises its own ambition (an example)',
    });
    assert.equal(own.statusCode, 303);
    assert.equal((await camden.get(`${BASE}/${ISLINGTON}`)).statusCode, 403);
    const workspace = (await camden.get('/manage/missions')).body;
    assert.match(workspace, new RegExp(`href="${BASE}">1.5 million homes`));
    const list = (await camden.get(BASE)).body;
    assert.match(list, new RegExp(`href="${BASE}/${CAMDEN}"`));
    assert.doesNotMatch(list, new RegExp(`href="${BASE}/${ISLINGTON}"`));

    const second = await goalPage();
    assert.equal(gapOn(second), '294,000 dwellings not taken on by any area', 'exactly 1,000 less');
    assert.match(
      second,
      /Camden<\/a><\/th>\s*<td[^>]*>6,000 dwellings<\/td>\s*<td[^>]*>Camden Council/,
    );
    const [latest] = await runtime.services.audit.list({ entityTypes: ['local-target'], limit: 1 });
    assert.equal(latest!.entityId, `growth/homes/${CAMDEN}`);
    assert.deepEqual(
      [(latest!.before as { value: number }).value, (latest!.after as { value: number }).value],
      [5000, 6000],
    );
    assert.equal(latest!.reason, 'Camden raises its own ambition (an example)');

    // As at a day between the two, the first target stands.
    const asAt = await runtime.services.missions.divisions.divisionAt(
      HOMES,
      new Date('2026-03-02T10:15:00Z'),
    );
    assert.deepEqual(
      asAt?.targets.map((t) => [t.areaCode, t.value, t.setBy]),
      [[CAMDEN, 5000, 'uk']],
    );
    const before = await runtime.services.missions.divisions.divisionAt(
      HOMES,
      new Date('2026-03-02T10:05:00Z'),
    );
    assert.deepEqual(before?.targets, []);
  });

  it('targets from a file are all or nothing, and an area outside the goal is refused', async () => {
    const goal = (await runtime.services.missions.stored('uk'))
      .find((m) => m.slug === 'growth')!
      .goals.find((g) => g.slug === 'homes')!;
    const meta = { actor: 'test', reason: 'Targets from a file (examples)' };
    // A file's problems are each located, and none of its targets is taken.
    const divided = (await runtime.services.missions.divisions.divisionAt(HOMES))!;
    const file = [
      'area,name,target',
      `${ISLINGTON},Islington,4000`,
      'E08000021,Newcastle upon Tyne,lots',
      'S12000049,Glasgow City,9000',
      `${ISLINGTON},Islington again,1`,
    ].join('\n');
    assert.throws(
      () =>
        readLocalTargets('homes.csv', Buffer.from(file), {
          goal,
          division: divided.division,
          setBy: 'uk',
          problemWith: runtime.services.missions.divisions.problemWith,
        }),
      (error: LocalTargetsFileError) => {
        assert.deepEqual(error.problems.map(formatProblem), [
          'homes.csv:3:3: error: "lots" is not a number',
          'homes.csv:4:1: error: Glasgow City is not an area within the goal’s own area',
          `homes.csv:5:1: error: ${ISLINGTON} has a target on line 2 already`,
        ]);
        return true;
      },
    );
    const { divisions } = runtime.services.missions;
    await assert.rejects(
      divisions.importTargets(
        goal,
        [
          { areaCode: ISLINGTON, value: 4000, weight: null, setBy: 'uk' },
          { areaCode: 'S12000049', value: 9000, weight: null, setBy: 'uk' },
        ],
        meta,
      ),
      /Glasgow City is not an area within the goal’s own area/,
    );
    assert.equal((await divisions.divisionAt(HOMES))?.targets.length, 1, 'nothing was saved');
    await divisions.importTargets(
      goal,
      [
        { areaCode: ISLINGTON, value: 4000, weight: null, setBy: 'uk' },
        { areaCode: 'E08000021', value: 10000, weight: null, setBy: 'uk' },
      ],
      meta,
    );
    assert.equal(gapOn(await goalPage()), '280,000 dwellings not taken on by any area');
    // A divided goal cannot be deleted until its division ends, on the record.
    await assert.rejects(
      runtime.services.missions.deleteGoal(
        'growth',
        'homes',
        meta,
        runtime.services.missions.versionOf(goal),
      ),
      DividedGoalError,
    );
  });

  it('the API gives the same sums, and `audit verify` finds a target changed outside the log', async () => {
    const api = (await app.inject('/api/v1/missions/growth/goals/homes')).json();
    assert.equal(api.localTargets.addUp.allocated, 20000);
    assert.equal(api.localTargets.addUp.gap, 280000);
    assert.equal(api.localTargets.addUp.addsUp, false);
    assert.ok(api.localTargets.missing.length > 290, 'every other English authority');
    const csv = (await app.inject('/local-targets.csv')).body;
    assert.match(csv, /^Government,Mission,Goal,Area code,Area,Target,Weight,Set by,Adds up by/);
    assert.match(csv, /\nuk,growth,homes,E09000007,Camden,6000,,camden,sum,/);
    const metadata = (await app.inject('/local-targets.csv-metadata.json')).json();
    assert.equal(metadata.url, 'local-targets.csv');
    assert.equal((await runtime.services.audit.verify()).ok, true);
    await runtime.db.query(`update local_targets set value = 1 where area_code = '${ISLINGTON}'`);
    const verified = await runtime.services.audit.verify();
    assert.equal(verified.ok, false);
    assert.match(
      JSON.stringify(verified),
      /local-target growth\/homes\/E09000019 is not as its last recorded change/,
    );
    await runtime.db.query(
      `update local_targets set value = 4000 where area_code = '${ISLINGTON}'`,
    );
  });

  it('ending the division removes its targets on the record', async () => {
    const ended = await save(uk, `${BASE}/end`, { reason: 'Replaced by a new method (example)' });
    assert.equal(ended.statusCode, 303);
    assert.equal(await runtime.services.missions.divisions.divisionAt(HOMES), undefined);
    assert.doesNotMatch(await goalPage(), /id="local-targets"/);
    assert.equal((await runtime.services.audit.verify()).ok, true);
    assert.equal((await uk.get(`${BASE}/%3Cscript%3E`)).statusCode, 404);
  });
});
