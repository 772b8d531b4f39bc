// Deliberative processes end to end, in process through the real sign-in form and database: a
// steward adds a citizens' assembly, its recommendations and the government's responses through
// "check your answers", each one audited change of the process; the process page, the mission
// page, the API and the CSV show them; text is escaped and a script link is refused by its
// field; an internal process is left out for visitors; a response not given by its date is
// overdue from the day after, and no longer once given.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { formFields, summaryErrors, inlineError } from '../../../test/support/forms.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { addPerson, client, signedIn, type Client } from '../../../test/support/workspace.ts';

const WORKSPACE = '/manage/governance/growth';
const PROCESS = `${WORKSPACE}/processes/1`;
const PAGE = '/missions/growth/processes/1';
const SENTINEL = 'SENTINEL-PROCESS-7b1e';

const assembly = {
  type: 'citizens-assembly',
  title: 'Citizens’ assembly on housing <script>alert(1)</script>',
  commissionedBy: 'Ministry of Housing, Communities and Local Government',
  members: '100',
  selection: 'A civic lottery: invitations at random, then a stratified draw',
  method: 'Six weekends of evidence and deliberation',
  started: '2026-01-10',
  reported: '2026-04-30',
  responseDue: '2026-07-31',
  outputs: 'Final report | https://example.org/assembly-report.pdf',
};

describe('deliberative processes', () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  let runtime: Runtime;
  let app: FastifyInstance;
  let steward: Client;
  let visitor: Client;
  const eventCount = async () => (await runtime.services.audit.chain()).length;

  /** Fills the form at `url` with `answers`, checks them, and saves: both responses. */
  async function record(url: string, answers: Record<string, string | string[]>) {
    const fields = { ...formFields((await steward.get(url)).body), ...answers };
    const check = await steward.post(url, fields);
    assert.equal(check.statusCode, 200, `check your answers: ${summaryErrors(check.body)}`);
    // What "check your answers" carries back is what is saved.
    const saved = await steward.post(url, { ...formFields(check.body), confirm: 'yes' });
    return { check, saved };
  }

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    app = await createWebApp(runtime.services, { limits: false });
    const grant = { role: 'steward', scope: 'growth' } as const;
    await addPerson(runtime, 'sam@example.gov.uk', grant, 'Sam Steward');
    steward = await signedIn(app, runtime, grant, 'sam@example.gov.uk');
    visitor = client(app);
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  it('is added by the steward through check your answers, then its recommendations', async () => {
    const events = await eventCount();
    const { check, saved } = await record(`${WORKSPACE}/add/process`, {
      ...assembly,
      visibility: 'public',
      reason: 'The assembly has reported',
    });
    assert.match(check.body, /Check the new deliberative process/);
    assert.match(check.body, /Type\s*<\/dt>\s*<dd[^>]*>\s*Citizens’ assembly/);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${WORKSPACE}?saved=process`);
    const stored = await runtime.services.governance.get('growth', 'process', '1');
    assert.equal(stored?.visibility, 'public');
    assert.equal((stored?.content as { members: number }).members, 100);

    const listed = (await steward.get(WORKSPACE)).body;
    assert.match(listed, new RegExp(`href="${PROCESS}"`));

    const recommendations: [number, Record<string, string | string[]>][] = [
      [1, { text: 'Build more social homes.', goals: ['homes'], projects: ['planning-reform'] }],
      [2, { text: 'Train more planners <script>alert(2)</script>', goals: [], projects: [] }],
    ];
    for (const [n, answers] of recommendations) {
      const url = `${PROCESS}/recommendations/add`;
      assert.equal(formFields((await steward.get(url)).body).number, String(n), 'the next number');
      const added = await record(url, { ...answers, reason: 'From the report' });
      assert.match(added.check.body, /Check the changes to the recommendations of/);
      assert.equal(added.saved.statusCode, 303);
      assert.equal(added.saved.headers.location, `${PROCESS}?saved=process`);
    }
    assert.equal(await eventCount(), events + 3, 'one audited change each');
    const [event] = await runtime.services.audit.list({ limit: 1, internal: true });
    assert.equal(event!.actor, 'Sam Steward');
    assert.equal(event!.reason, 'From the report');

    const page = (await steward.get(PROCESS)).body;
    assert.match(
      page,
      /Record the response<span class="govuk-visually-hidden"> to recommendation 1/,
    );
    // Its change form opens with every answer as saved.
    const change = formFields((await steward.get(`${WORKSPACE}/process/1`)).body);
    for (const [name, value] of Object.entries(assembly)) assert.equal(change[name], value, name);
  });

  it('shows on its own page and on the mission page, escaped', async () => {
    const page = await visitor.get(PAGE);
    assert.equal(page.statusCode, 200);
    const body = page.body;
    assert.match(body, /Citizens’ assembly on housing &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(body, /Train more planners &lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.doesNotMatch(body, /<script>alert/);
    assert.match(body, /A civic lottery/);
    assert.match(body, /30 April 2026/);
    assert.match(body, /href="https:\/\/example\.org\/assembly-report\.pdf">Final report</);
    assert.match(body, /href="\/missions\/growth\/goals\/homes"/);
    assert.match(body, /href="\/missions\/growth\/projects\/planning-reform"/);
    assert.match(body, /Not given yet\. Due by 31 July 2026\./);
    assert.doesNotMatch(body, /Overdue/);

    const mission = (await visitor.get('/missions/growth')).body;
    assert.match(
      mission,
      new RegExp(`href="${PAGE}">Citizens’ assembly on housing &lt;script&gt;`),
    );
    assert.doesNotMatch(mission, /<script>alert/);
    assert.match((await visitor.get('/missions/growth/governance')).body, new RegExp(PAGE));
    assert.equal((await visitor.get('/missions/growth/processes/9')).statusCode, 404);
    assert.equal((await visitor.get(`${PAGE}?x=1`)).statusCode, 400);
  });

  it('refuses a script link by the outputs field, and each rule by its own field', async () => {
    const url = `${WORKSPACE}/add/process`;
    const events = await eventCount();
    const fields = {
      ...formFields((await steward.get(url)).body),
      ...assembly,
      outputs: 'Report | javascript:alert(1)',
      visibility: 'public',
      reason: 'Trying',
    };
    const refused = await steward.post(url, fields);
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(summaryErrors(refused.body), [
      ['outputs', 'What it published, line 1 must be a web address starting https:// or http://'],
    ]);
    assert.match(inlineError(refused.body, 'outputs'), /must be a web address/);
    assert.match(refused.body, /Report \| javascript:alert\(1\)<\/textarea>/, 'kept to correct');

    const undue = await steward.post(url, { ...fields, outputs: '', responseDue: '' });
    assert.deepEqual(summaryErrors(undue.body), [
      [
        'responseDue',
        'Enter the date the government’s response is due: needed once the process has reported',
      ],
    ]);
    const early = await steward.post(url, { ...fields, outputs: '', responseDue: '2026-04-01' });
    assert.match(
      inlineError(early.body, 'responseDue'),
      /on or after the day the process reported/,
    );

    const respond = `${PROCESS}/recommendations/1/response`;
    const answer = {
      ...formFields((await steward.get(respond)).body),
      decision: 'rejected',
      reasons: 'Too costly',
      respondedOn: '2026-06-01',
      delivers: ['planning-reform'],
      reason: 'Trying',
    };
    const rejected = await steward.post(respond, answer);
    assert.equal(rejected.statusCode, 400);
    assert.deepEqual(summaryErrors(rejected.body), [
      ['delivers', 'Delivered by is for an accepted or partly accepted recommendation only'],
    ]);
    const unreasoned = await steward.post(respond, {
      ...answer,
      decision: 'accepted',
      reasons: '',
    });
    assert.deepEqual(summaryErrors(unreasoned.body), [
      ['reasons', 'Enter the reasons for the decision'],
    ]);
    const ahead = await steward.post(respond, {
      ...answer,
      delivers: [],
      respondedOn: '2026-06-02',
    });
    assert.deepEqual(summaryErrors(ahead.body), [
      ['respondedOn', 'Responded on must be today or in the past'],
    ]);
    const before = await steward.post(respond, {
      ...answer,
      delivers: [],
      respondedOn: '2026-04-01',
    });
    assert.match(
      inlineError(before.body, 'respondedOn'),
      /on or after the day the process reported/,
    );
    const taken = await steward.post(`${PROCESS}/recommendations/2`, {
      ...formFields((await steward.get(`${PROCESS}/recommendations/2`)).body),
      number: '1',
      reason: 'Trying',
    });
    assert.deepEqual(summaryErrors(taken.body), [
      ['number', 'Number is already another recommendation’s number'],
    ]);
    assert.equal(await eventCount(), events, 'nothing was saved');
  });

  it('records the response, and "you said, we did" shows what delivers it', async () => {
    const { check, saved } = await record(`${PROCESS}/recommendations/1/response`, {
      decision: 'accepted',
      reasons: 'It is in the plan. <script>alert(3)</script>',
      respondedOn: '2026-06-01',
      delivers: ['planning-reform', 'planning-reform:0'],
      reason: 'The government has responded',
    });
    assert.match(check.body, /Check the changes to the response to recommendation 1/);
    assert.match(
      check.body,
      /Project: Planning reform to build [^;]*; Milestone of Planning reform [^:]*: Revised/,
    );
    assert.equal(saved.statusCode, 303);
    const page = (await visitor.get(PAGE)).body;
    assert.match(page, /govuk-tag--green">Accepted<\/strong> on 1 June 2026/);
    assert.match(page, /It is in the plan\. &lt;script&gt;alert\(3\)&lt;\/script&gt;/);
    assert.match(page, /You said, we did/);
    assert.match(page, /Milestone: Revised National Planning Policy Framework published/);
    assert.match(page, /Done on 12 December 2024/);
    assert.match(page, /Project: In progress/);
  });

  it('flags a response not given by its date as overdue, from the day after', async () => {
    clock.set('2026-07-31T12:00:00Z'); // the due day
    assert.doesNotMatch((await visitor.get(PAGE)).body, /Overdue/);
    assert.doesNotMatch((await visitor.get('/missions/growth')).body, /\d overdue</);
    const onTheDay = (await visitor.get('/api/v1/processes?mission=growth')).json();
    assert.deepEqual(
      onTheDay.processes[0].recommendations.map((r: { overdue: boolean }) => r.overdue),
      [false, false],
    );

    // Half past midnight on the day after, UK time (BST): overdue already. Asked signed in, as
    // anonymous answers are kept by the UTC day (compose.ts), an hour longer in summer.
    clock.set('2026-07-31T23:30:00Z');
    steward = await signedIn(
      app,
      runtime,
      { role: 'steward', scope: 'growth' },
      'sam@example.gov.uk',
    );
    assert.match((await steward.get(PAGE)).body, /Recommendation 2 <strong[^>]*>Overdue</);
    const atMidnight = (await steward.get('/api/v1/processes?mission=growth')).json();
    assert.equal(atMidnight.asAt, '2026-08-01');
    assert.equal(atMidnight.processes[0].recommendations[1].overdue, true);

    clock.set('2026-08-01T12:00:00Z'); // the day after
    const page = (await visitor.get(PAGE)).body;
    assert.match(page, /Recommendation 2 <strong class="govuk-tag govuk-tag--red">Overdue</);
    assert.match(page, /The government’s response to 1 recommendation was due on 31 July 2026/);
    assert.doesNotMatch(page, /Recommendation 1 <strong class="govuk-tag govuk-tag--red">Overdue/);
    const mission = (await visitor.get('/missions/growth')).body;
    assert.match(mission, /govuk-tag--red">1 overdue</);
    assert.match(mission, /The government’s response to 1 recommendation is overdue\./);
    const api = (await visitor.get('/api/v1/processes?mission=growth')).json();
    assert.deepEqual(
      api.processes[0].recommendations.map((r: { number: number; overdue: boolean }) => [
        r.number,
        r.overdue,
      ]),
      [
        [1, false],
        [2, true],
      ],
    );
    assert.equal(api.processes[0].recommendations[1].responseDue, '2026-07-31');
    assert.equal(
      api.missions.find((m: { mission: string }) => m.mission === 'growth').overdueResponses,
      1,
    );
    const governance = (await visitor.get('/api/v1/missions/growth/governance')).json();
    assert.equal(governance.overdueResponses, 1);
    assert.match((await visitor.get('/recommendations.csv')).body, /,2026-07-31,true,,/);

    // Answered late: no longer overdue, and said to be late (signed in again: time has passed).
    steward = await signedIn(
      app,
      runtime,
      { role: 'steward', scope: 'growth' },
      'sam@example.gov.uk',
    );
    const late = await record(`${PROCESS}/recommendations/2/response`, {
      decision: 'partly-accepted',
      reasons: 'We will train more planners,\r\n\r\nnot as many',
      respondedOn: '2026-08-01',
      reason: 'The government has responded',
    });
    assert.equal(late.saved.statusCode, 303);
    const answered = (await visitor.get(PAGE)).body;
    assert.doesNotMatch(answered, /Overdue/);
    assert.match(
      answered,
      /Partly accepted<\/strong> on 1 August 2026, after it was due on 31 July/,
    );
    // A form's paragraphs end \r\n, and are still paragraphs.
    assert.match(answered, /more planners,<\/p><p class="govuk-body">not as many<\/p>/);
    assert.doesNotMatch((await visitor.get('/missions/growth')).body, /\d overdue</);
    const after = (await visitor.get('/api/v1/processes?mission=growth')).json();
    assert.equal(after.processes[0].recommendations[1].overdue, false);
    assert.equal(after.processes[0].recommendations[1].respondedLate, true);
  });

  it('gives processes in the API and recommendations as CSV with CSVW metadata', async () => {
    const api = (await visitor.get('/api/v1/processes')).json();
    assert.equal(api.missions.length, (await runtime.services.missions.stored()).length);
    assert.deepEqual(
      api.processes.map((p: { mission: string; id: string }) => [p.mission, p.id]),
      [['growth', '1']],
    );
    const [first] = api.processes[0].recommendations;
    assert.equal(first.response.decision, 'accepted');
    assert.deepEqual(first.response.deliveredBy[1].milestone.state, 'done');
    assert.equal((await visitor.get('/api/v1/processes?colour=blue')).statusCode, 400);
    assert.equal((await visitor.get('/api/v1/processes?mission=nowhere')).statusCode, 404);

    const csv = await visitor.get('/recommendations.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    // Records end \r\n; a quoted field (the reasons of recommendation 2) may hold one too.
    const [header, ...rows] = csv.body.trimEnd().split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /^growth,1,/);
    assert.match(
      rows[0]!,
      /,1,Build more social homes\.,homes,planning-reform,2026-07-31,false,accepted,/,
    );
    assert.match(rows[0]!, /,planning-reform planning-reform:0$/, 'a milestone by its place');
    assert.match(rows[1]!, /,"We will train more planners,\r\n\r\nnot as many",/);
    const metadata = (await visitor.get('/recommendations.csv-metadata.json')).json();
    assert.equal(metadata.url, 'recommendations.csv');
    assert.deepEqual(
      metadata.tableSchema.columns.map((c: { titles: string }) => c.titles),
      header!.split(','),
    );
  });

  it('keeps an internal process from visitors, the API and the CSV; the steward sees it', async () => {
    const { saved } = await record(`${WORKSPACE}/add/process`, {
      ...assembly,
      title: `Citizens’ jury (${SENTINEL})`,
      type: 'citizens-jury',
      reported: '',
      responseDue: '',
      outputs: '',
      visibility: 'internal',
      reason: 'Not yet announced',
    });
    assert.equal(saved.statusCode, 303);
    const secret = new RegExp(SENTINEL);
    assert.equal((await visitor.get('/missions/growth/processes/2')).statusCode, 404);
    for (const url of [
      '/missions/growth',
      '/missions/growth/governance',
      '/api/v1/processes',
      '/api/v1/governance',
      '/recommendations.csv',
    ])
      assert.doesNotMatch((await visitor.get(url)).body, secret, url);
    const own = await steward.get('/missions/growth/processes/2');
    assert.equal(own.statusCode, 200);
    assert.match(own.body, secret);
    assert.match(own.body, /govuk-tag--grey">Internal/);
    assert.match((await steward.get('/api/v1/processes?mission=growth')).body, secret);
    assert.doesNotMatch((await steward.get('/recommendations.csv')).body, secret, 'public only');
  });
});
