// The evaluation registry end to end, in process through the real sign-in form and database: a
// steward adds an evaluation through "check your answers"; it shows on its project's page with
// its evidence level and counts in the mission's evaluated share; an internal one is left out
// for visitors, in the API and in the CSV; a finished report unpublished past 12 weeks is
// flagged as the clock passes the day; text is escaped; a script link is refused by its field.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { formFields, summaryErrors, inlineError } from '../../../test/support/forms.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { addPerson, client, signedIn, type Client } from '../../../test/support/workspace.ts';

const WORKSPACE = '/manage/governance/growth';
const PROJECT_PAGE = '/missions/growth/projects/planning-reform';
const SENTINEL = 'SENTINEL-EVALUATION-3c9d';

/** A complete impact evaluation of the planning reforms, published, at level 4. */
const rated = {
  project: 'planning-reform',
  title: 'Impact evaluation of the planning reforms',
  type: 'impact',
  method: 'difference-in-differences',
  status: 'complete',
  evaluator: 'MHCLG analysts',
  plannedStart: '2025-01-01',
  actualStart: '2025-01-10',
  plannedReport: '2026-01-31',
  actualReport: '2026-02-01',
  reportUrl: 'https://example.org/planning-evaluation.pdf',
  reportPublished: '2026-02-15',
  findings: 'Approvals rose by a fifth. <script>alert(1)</script>',
  evidenceLevel: '4',
  evidenceReason: 'Areas matched on their past approvals, before and after',
  scaled: 'The fast track was extended to every local planning authority',
};

describe('the evaluation registry', () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  let runtime: Runtime;
  let app: FastifyInstance;
  let steward: Client;
  let visitor: Client;
  let projects: number;
  const eventCount = async () => (await runtime.services.audit.chain()).length;

  /** Fills the form at `url` with `answers`, checks them, and saves: both responses. */
  async function record(url: string, answers: Record<string, string>) {
    const fields = { ...formFields((await steward.get(url)).body), ...answers };
    const check = await steward.post(url, fields);
    assert.equal(check.statusCode, 200, `check your answers: ${summaryErrors(check.body)}`);
    return { check, saved: await steward.post(url, { ...fields, confirm: 'yes' }) };
  }

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    app = await createWebApp(runtime.services, { limits: false });
    const grant = { role: 'steward', scope: 'growth' } as const;
    await addPerson(runtime, 'sam@example.gov.uk', grant, 'Sam Steward');
    steward = await signedIn(app, runtime, grant, 'sam@example.gov.uk');
    visitor = client(app);
    projects = (await runtime.services.missions.get('growth'))!.projects.length;
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  it('is added by the steward through check your answers, and listed in the workspace', async () => {
    const url = `${WORKSPACE}/add/evaluation`;
    const form = await steward.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<option value="planning-reform"/, 'the mission’s projects');
    assert.match(form.body, /Level 5: random assignment/, 'the Maryland Scale');
    const events = await eventCount();
    const { check, saved } = await record(url, {
      ...rated,
      visibility: 'public',
      reason: 'The report is out',
    });
    assert.match(check.body, /Check the new evaluation/);
    assert.match(check.body, /Project\s*<\/dt>\s*<dd[^>]*>\s*Planning reform/);
    assert.match(check.body, /Strength of evidence\s*<\/dt>\s*<dd[^>]*>\s*Level 4: /);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${WORKSPACE}?saved=evaluation`);
    assert.equal(await eventCount(), events + 1);

    const stored = await runtime.services.governance.get('growth', 'evaluation', '1');
    assert.equal(stored?.visibility, 'public');
    assert.deepEqual(stored?.content, { ...rated, evidenceLevel: 4 });
    const [event] = await runtime.services.audit.list({ limit: 1, internal: true });
    assert.equal(event!.actor, 'Sam Steward');

    const page = (await steward.get(WORKSPACE)).body;
    assert.match(page, /Impact evaluation of the planning reforms<br><span[^>]*>Of: Planning/);
    assert.match(page, />Level 4</);
    assert.match(page, /href="\/manage\/governance\/growth\/evaluation\/1"/);
    // Its change form opens with every answer as saved.
    const change = formFields((await steward.get(`${WORKSPACE}/evaluation/1`)).body);
    for (const [name, value] of Object.entries(rated)) assert.equal(change[name], value, name);
  });

  it('shows on its project’s page with its evidence level, escaped, and counts for the mission', async () => {
    const page = await visitor.get(PROJECT_PAGE);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Strength of evidence: <strong[^>]*>Level 4 of 5</);
    assert.match(page.body, /Level 4: near-random assignment/);
    assert.match(page.body, /Areas matched on their past approvals/);
    assert.match(page.body, /The fast track was extended/);
    assert.match(page.body, /href="https:\/\/example\.org\/planning-evaluation\.pdf"/);
    assert.match(page.body, /Approvals rose by a fifth\. &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.match(page.body, /Revised National Planning Policy Framework published/, 'milestones');

    const mission = (await visitor.get('/missions/growth')).body;
    assert.match(
      mission,
      new RegExp(`1 of ${projects} projects has a completed impact evaluation`),
    );
    assert.match(mission, /1 at evidence level 4 of 5/);
    assert.match(mission, new RegExp(`href="${PROJECT_PAGE}"`), 'the route map links the page');
    assert.match(
      mission,
      new RegExp(
        `href="${PROJECT_PAGE}">[^<]*</a>[\\s\\S]*?Strength of evidence: <strong[^>]*>Level 4 of 5<`,
      ),
      'with its evidence level',
    );
    const governance = (await visitor.get('/missions/growth/governance')).body;
    assert.match(governance, /Impact evaluation of the planning reforms/);
    assert.equal((await visitor.get('/missions/growth/projects/nowhere')).statusCode, 404);
    assert.equal((await visitor.get(`${PROJECT_PAGE}?x=1`)).statusCode, 400);
  });

  it('keeps an internal evaluation from visitors, the API and the CSV; the steward sees it', async () => {
    const { saved } = await record(`${WORKSPACE}/add/evaluation`, {
      ...rated,
      project: 'national-wealth-fund',
      title: `Early impact (${SENTINEL})`,
      evidenceLevel: '5',
      evidenceReason: 'Randomised',
      visibility: 'internal',
      reason: 'Not yet cleared for publication',
    });
    assert.equal(saved.statusCode, 303);
    const fundPage = '/missions/growth/projects/national-wealth-fund';
    const secret = new RegExp(SENTINEL);
    assert.doesNotMatch((await visitor.get(fundPage)).body, secret);
    assert.match(
      (await visitor.get(fundPage)).body,
      /Strength of evidence: <strong[^>]*>Not rated</,
    );
    const mission = (await visitor.get('/missions/growth')).body;
    assert.match(mission, new RegExp(`1 of ${projects} projects has a completed`));
    for (const url of [
      '/missions/growth/governance',
      '/api/v1/evaluations',
      '/api/v1/governance',
      '/evaluations.csv',
    ])
      assert.doesNotMatch((await visitor.get(url)).body, secret, url);

    const own = (await steward.get(fundPage)).body;
    assert.match(own, secret);
    assert.match(own, /Strength of evidence: <strong[^>]*>Level 5 of 5</);
    assert.match(own, /govuk-tag--grey">Internal/);
    assert.match(
      (await steward.get('/missions/growth')).body,
      new RegExp(`2 of ${projects} projects have a completed`),
    );
    assert.match((await steward.get('/api/v1/evaluations?mission=growth')).body, secret);
    assert.doesNotMatch((await steward.get('/evaluations.csv')).body, secret, 'public only');
  });

  it('gives the registry in the API and as CSV with its CSVW metadata', async () => {
    const governance = (await visitor.get('/api/v1/missions/growth/governance')).json();
    assert.equal(governance.evaluations.length, 1);
    assert.equal(governance.evaluations[0].evidenceLevel, 4);
    assert.equal(governance.evaluations[0].unpublishedTooLong, false);
    assert.equal(governance.evaluatedShare.evaluated, 1);
    assert.equal(governance.evaluatedShare.projects, projects);
    const reform = governance.ratings.projects.find(
      (p: { project: string }) => p.project === 'planning-reform',
    );
    assert.equal(reform.evidenceLevel, 4);

    const registry = (await visitor.get('/api/v1/evaluations?mission=growth')).json();
    assert.deepEqual(
      registry.evaluations.map((e: { mission: string; id: string }) => [e.mission, e.id]),
      [['growth', '1']],
    );
    assert.equal(registry.missions[0].evidenceByProject['planning-reform'].level, 4);
    // Every government's missions: the UK's five and Camden's four.
    assert.equal(
      (await visitor.get('/api/v1/evaluations')).json().missions.length,
      (await visitor.get('/api/v1/missions')).json().missions.length,
    );
    assert.equal((await visitor.get('/api/v1/evaluations?colour=blue')).statusCode, 400);
    assert.equal((await visitor.get('/api/v1/evaluations?mission=nowhere')).statusCode, 404);

    const csv = await visitor.get('/evaluations.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const [header, ...rows] = csv.body.trimEnd().split('\r\n');
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /^growth,1,planning-reform,/);
    assert.match(
      rows[0]!,
      /,2026-02-15,https:\/\/example\.org\/planning-evaluation\.pdf,false,,4,/,
    );
    const metadata = (await visitor.get('/evaluations.csv-metadata.json')).json();
    assert.equal(metadata.url, 'evaluations.csv');
    assert.deepEqual(
      metadata.tableSchema.columns.map((c: { titles: string }) => c.titles),
      header!.split(','),
    );
  });

  it('refuses a script link by the report address field, and a rule by its own field', async () => {
    const url = `${WORKSPACE}/add/evaluation`;
    const events = await eventCount();
    const fields = {
      ...formFields((await steward.get(url)).body),
      ...rated,
      reportUrl: 'javascript:alert(1)',
      visibility: 'public',
      reason: 'Trying',
    };
    const refused = await steward.post(url, fields);
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(summaryErrors(refused.body), [
      ['reportUrl', 'Report’s web address must be a web address starting https:// or http://'],
    ]);
    assert.match(inlineError(refused.body, 'reportUrl'), /must be a web address/);
    assert.match(refused.body, /value="javascript:alert\(1\)"/, 'the answer is kept to correct');

    const ongoing = await steward.post(url, {
      ...fields,
      reportUrl: '',
      reportPublished: '',
      status: 'ongoing',
      actualReport: '',
    });
    assert.equal(ongoing.statusCode, 400);
    assert.deepEqual(summaryErrors(ongoing.body), [
      [
        'evidenceLevel',
        'Strength of evidence is rated once the evaluation is complete: leave it not rated',
      ],
    ]);
    const unfinished = await steward.post(url, { ...fields, reportUrl: '', actualReport: '' });
    assert.match(
      inlineError(unfinished.body, 'actualReport'),
      /Enter the date the report was finished/,
    );
    assert.equal(await eventCount(), events, 'nothing was saved');
  });

  it('flags a finished report not published once 12 weeks have passed, not before', async () => {
    await runtime.services.governance.save(
      {
        kind: 'evaluation',
        missionSlug: 'growth',
        visibility: 'public',
        content: {
          project: 'industrial-strategy',
          title: 'Process evaluation of the industrial strategy',
          type: 'process',
          method: 'theory-based',
          status: 'complete',
          evaluator: 'DBT analysts',
          plannedStart: '2025-06-01',
          plannedReport: '2026-03-01',
          actualReport: '2026-03-01',
          unpublishedReason: 'Awaiting the spending review',
        },
      },
      { actor: 'test', reason: 'The report is finished' },
    );
    const page = '/missions/growth/projects/industrial-strategy';
    const flag = /Report finished on 1 March 2026 and not published after 12 weeks\./;

    clock.set('2026-05-24T12:00:00Z'); // 84 days on
    assert.doesNotMatch((await visitor.get(page)).body, flag);
    assert.doesNotMatch((await visitor.get('/missions/growth')).body, /not published\./);

    clock.set('2026-05-25T12:00:00Z'); // 85 days on
    const flagged = (await visitor.get(page)).body;
    assert.match(flagged, flag);
    assert.match(flagged, /The reason given: Awaiting the spending review/);
    assert.match(
      (await visitor.get('/missions/growth')).body,
      /1 evaluation report was finished more than 12 weeks ago and not published\./,
    );
    const api = (await visitor.get('/api/v1/missions/growth/governance')).json();
    assert.deepEqual(
      api.evaluations.map((e: { id: string; unpublishedTooLong: boolean }) => [
        e.id,
        e.unpublishedTooLong,
      ]),
      [
        ['3', true],
        ['1', false],
      ],
    );
    assert.equal(api.unpublishedReports, 1);
    assert.match((await visitor.get('/evaluations.csv')).body, /,3,industrial-strategy,.*,true,/);
  });
});
