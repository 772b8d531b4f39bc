// Governance in the workspace, in process through the real sign-in form: a steward of a mission
// records a stocktake with a rating and an internal risk through "check your answers", with a
// reason, as themselves; a steward of another mission is refused and nothing changes; bad
// answers and a missing reason are refused by the fields they concern; a public record cannot
// be made internal; and a save over someone else's change is refused with what they changed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { decode, formFields, summaryErrors, inlineError } from '../../../test/support/forms.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { addPerson, signedIn, type Client } from '../../../test/support/workspace.ts';

const WORKSPACE = '/manage/governance/growth';
const SENTINEL = 'SENTINEL-RISK-7f3a';

describe('governance in the workspace', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let steward: Client;
  let otherSteward: Client;
  const eventCount = async () => (await runtime.services.audit.chain()).length;

  /** Fills the form at `url` with `answers`, checks them, and saves: the final response. */
  async function record(url: string, answers: Record<string, string>) {
    const fields = { ...formFields((await steward.get(url)).body), ...answers };
    const check = await steward.post(url, fields);
    assert.equal(
      check.statusCode,
      200,
      `check your answers of ${url}: ${summaryErrors(check.body)}`,
    );
    assert.match(check.body, /<h1 class="govuk-heading-l">Check the /);
    return { check, saved: await steward.post(url, { ...fields, confirm: 'yes' }) };
  }

  before(async () => {
    runtime = await pgliteRuntime({ seed: true });
    app = await createWebApp(runtime.services, { limits: false });
    const grant = { role: 'steward', scope: 'growth' } as const;
    await addPerson(runtime, 'sam@example.gov.uk', grant, 'Sam Steward');
    steward = await signedIn(app, runtime, grant, 'sam@example.gov.uk');
    otherSteward = await signedIn(app, runtime, { role: 'steward', scope: 'nhs' });
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  it('lists only the missions the steward may record for', async () => {
    const page = await steward.get('/manage/governance');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/manage\/governance\/growth"/);
    assert.doesNotMatch(page.body, /href="\/manage\/governance\/nhs"/);
    const home = await steward.get('/manage');
    assert.match(home.body, /href="\/manage\/governance"/, 'the workspace home offers it');
  });

  it('records a stocktake with a green rating, through check your answers, as the steward', async () => {
    const url = `${WORKSPACE}/add/stocktake`;
    const form = await steward.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="rating-goal-gdp-per-head"/, 'a rating for every goal');
    assert.match(form.body, /name="rating-project-planning-reform"/, 'and every project');
    assert.match(form.body, /What the data says: <strong class="govuk-tag/, 'beside its status');
    const events = await eventCount();
    const { check, saved } = await record(url, {
      heldOn: '2026-03-31',
      title: 'Quarter 4 stocktake',
      'rating-goal-gdp-per-head': 'green',
      'narrative-goal-gdp-per-head': 'Growth is returning, the board judges',
      visibility: 'public',
      reason: 'The board met on 31 March',
    });
    assert.match(check.body, /Rating: Higher GDP per person[^<]*<\/dt>\s*<dd[^>]*>\s*Green/);
    assert.equal(check.body.match(/>\s*Rating: /g)?.length, 1, 'only what was rated is listed');
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${WORKSPACE}?saved=stocktake`);

    const stocktake = await runtime.services.governance.get('growth', 'stocktake', '2026-03-31');
    assert.equal(stocktake?.visibility, 'public');
    assert.deepEqual((stocktake?.content as { ratings: unknown[] }).ratings, [
      {
        subject: 'goal',
        slug: 'gdp-per-head',
        rating: 'green',
        narrative: 'Growth is returning, the board judges',
      },
    ]);
    assert.equal(await eventCount(), events + 1);
    const [event] = await runtime.services.audit.list({ limit: 1, internal: true });
    assert.equal(event!.actor, 'Sam Steward');
    assert.equal(event!.reason, 'The board met on 31 March');

    const page = await steward.get(`${WORKSPACE}?saved=stocktake`);
    assert.match(page.body, /Saved the stocktake/);
    assert.match(page.body, /Quarter 4 stocktake/);
    assert.match(page.body, /Goal: Higher GDP per person[^<]*<\/td>\s*<td[^>]*>Green/);
  });

  it('records an internal risk that the steward sees in the workspace, tagged internal', async () => {
    const { saved } = await record(`${WORKSPACE}/add/risk`, {
      description: `Investment stalls (${SENTINEL})`,
      likelihood: '4',
      impact: '5',
      owner: 'HM Treasury',
      mitigation: 'A national wealth fund',
      link: 'project:national-wealth-fund',
      reviewOn: '2026-06-30',
      visibility: 'internal',
      reason: 'Raised at the stocktake',
    });
    assert.equal(saved.statusCode, 303);
    const { risks } = await runtime.services.governance.forMission('growth', { internal: true });
    assert.equal(risks.length, 1);
    assert.equal(risks[0]!.visibility, 'internal');
    assert.deepEqual(risks[0]!.content, {
      description: `Investment stalls (${SENTINEL})`,
      likelihood: 4,
      impact: 5,
      owner: 'HM Treasury',
      mitigation: 'A national wealth fund',
      project: 'national-wealth-fund',
      reviewOn: '2026-06-30',
    });
    const page = await steward.get(WORKSPACE);
    assert.match(page.body, new RegExp(`${SENTINEL}[\\s\\S]*?>20 <`), 'with its score');
    assert.match(page.body, /govuk-tag--grey">Internal</);
    const anonymous = await app.inject('/manage/governance/growth');
    assert.equal(anonymous.statusCode, 303, 'anonymous people are sent to sign in');
  });

  it('records an action and flags it overdue, a decision at the stocktake, and a letter', async () => {
    await record(`${WORKSPACE}/add/action`, {
      title: 'Publish the industrial strategy',
      owner: 'Department for Business and Trade',
      due: '2025-06-30',
      link: 'project:industrial-strategy',
      stocktake: '2026-03-31',
      visibility: 'public',
      reason: 'Agreed at the stocktake',
    });
    await record(`${WORKSPACE}/add/decision`, {
      what: 'Prioritise planning reform',
      decidedBy: 'The board',
      decidedOn: '2026-03-31',
      stocktake: '2026-03-31',
      visibility: 'public',
      reason: 'Agreed at the stocktake',
    });
    await record(`${WORKSPACE}/add/mandate-letter`, {
      steward: 'Rachel <b>Reeves</b>',
      dated: '2025-01-15',
      body: 'Deliver the growth mission. <script>alert(1)</script>',
      visibility: 'internal',
      reason: 'The letter was signed',
    });
    const page = await steward.get(WORKSPACE);
    assert.match(page.body, /1 action is overdue/);
    assert.match(page.body, /Prioritise planning reform/);
    assert.match(page.body, /Rachel &lt;b&gt;Reeves&lt;\/b&gt;/, 'what people write is escaped');
    assert.doesNotMatch(page.body, /<b>Reeves/);
    const letter = await steward.get(`${WORKSPACE}/mandate-letter/rachel-b-reeves-b`);
    assert.equal(letter.statusCode, 200);
    assert.match(letter.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(letter.body, /<script>alert/);
  });

  it('refuses a steward of another mission, changing nothing', async () => {
    const events = await eventCount();
    assert.equal((await otherSteward.get(WORKSPACE)).statusCode, 403);
    assert.equal((await otherSteward.get(`${WORKSPACE}/add/risk`)).statusCode, 403);
    const refused = await otherSteward.post(
      `${WORKSPACE}/add/risk`,
      {
        description: 'Not theirs',
        likelihood: '1',
        impact: '1',
        owner: 'Someone',
        mitigation: 'None',
        reviewOn: '2026-06-30',
        visibility: 'public',
        reason: 'Trying',
        confirm: 'yes',
      },
      { formPage: '/manage' },
    );
    assert.equal(refused.statusCode, 403);
    assert.equal(await eventCount(), events);
    const { risks } = await runtime.services.governance.forMission('growth', { internal: true });
    assert.equal(risks.length, 1);
    // A mission that does not exist is nobody's to record for, and not found by an administrator.
    assert.equal((await steward.get('/manage/governance/no-such-mission')).statusCode, 403);
    const admin = await signedIn(app, runtime, { role: 'administrator', scope: '' });
    assert.equal((await admin.get('/manage/governance/no-such-mission')).statusCode, 404);
    assert.equal((await admin.get(`${WORKSPACE}/risk/99`)).statusCode, 404);
  });

  it('places a bad likelihood, a missing reason and a rating without its narrative by their fields', async () => {
    const events = await eventCount();
    const url = `${WORKSPACE}/add/risk`;
    const refused = await steward.post(url, {
      ...formFields((await steward.get(url)).body),
      description: 'A risk',
      likelihood: '7',
      impact: '3',
      owner: 'Someone',
      mitigation: 'Something',
      reviewOn: '2026-06-30',
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(summaryErrors(refused.body), [
      ['likelihood', 'Likelihood must be at most 5'],
      ['reason', 'Enter the reason for this change'],
    ]);
    assert.equal(inlineError(refused.body, 'likelihood'), 'Likelihood must be at most 5');
    assert.equal(inlineError(refused.body, 'reason'), 'Enter the reason for this change');
    assert.match(refused.body, /<title>Error: /);

    const stocktake = `${WORKSPACE}/add/stocktake`;
    const noNarrative = await steward.post(stocktake, {
      ...formFields((await steward.get(stocktake)).body),
      heldOn: '2026-31-12',
      title: 'Another',
      'rating-goal-productivity': 'amber',
      'narrative-project-planning-reform': 'Going well',
      reason: 'The board met',
    });
    assert.equal(noNarrative.statusCode, 400);
    const errors = Object.fromEntries(summaryErrors(noNarrative.body));
    assert.equal(errors.heldOn, 'Held on must be a date as YYYY-MM-DD');
    assert.match(errors['narrative-goal-productivity']!, /^Enter the narrative for /);
    assert.match(errors['rating-project-planning-reform']!, /or remove its narrative$/);

    // The seed may have given the mission its board already: then it is changed, not added.
    const board = (await runtime.services.governance.get('growth', 'board', 'board'))
      ? `${WORKSPACE}/board/board`
      : `${WORKSPACE}/add/board`;
    const badMembers = await steward.post(board, {
      ...formFields((await steward.get(board)).body),
      chair: 'The Chancellor',
      members: 'Jane Smith | Member | HM Treasury\nJohn Doe, DBT',
      reason: 'Set up',
    });
    assert.equal(badMembers.statusCode, 400);
    assert.match(inlineError(badMembers.body, 'members'), /^Members, line 2: write a name/);
    assert.equal(await eventCount(), events, 'nothing was saved');
  });

  it('keeps a public record public: the form says so by the field', async () => {
    const url = `${WORKSPACE}/stocktake/2026-03-31`;
    const form = formFields((await steward.get(url)).body);
    assert.equal(form.visibility, 'public');
    assert.equal(form['rating-goal-gdp-per-head'], 'green', 'the form holds the stored rating');
    const refused = await steward.post(url, {
      ...form,
      visibility: 'internal',
      reason: 'Should not have been public',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(inlineError(refused.body, 'visibility'), /^A public record stays public/);

    // The same answers again: nothing changes, and nothing is recorded.
    const events = await eventCount();
    const same = { ...form, reason: 'Checked again' };
    assert.match((await steward.post(url, same)).body, /Nothing changes/);
    const saved = await steward.post(url, { ...same, confirm: 'yes' });
    assert.equal(saved.headers.location, `${WORKSPACE}?unchanged=stocktake`);
    assert.equal(await eventCount(), events);
  });

  it('refuses a save over someone else’s change, showing who changed what', async () => {
    const url = `${WORKSPACE}/risk/1`;
    const fields = { ...formFields((await steward.get(url)).body) };
    assert.ok(fields.version, 'the form carries the version it opened');
    const answers = { ...fields, impact: '3', reason: 'The fund is in place' };
    const check = await steward.post(url, answers);
    assert.match(
      check.body,
      /Impact<\/th>\s*<td class="govuk-table__cell">5<\/td>\s*<td class="govuk-table__cell">3</,
    );

    // Meanwhile someone else saves a change to the same risk.
    const { governance } = runtime.services;
    const risk = await governance.get('growth', 'risk', '1');
    await governance.save(
      { ...risk!, content: { ...risk!.content, owner: 'Cabinet Office' } },
      { actor: 'Grace Hopper', reason: 'Ownership moved' },
      governance.versionOf(risk),
    );
    const events = await eventCount();
    const refused = await steward.post(url, { ...answers, confirm: 'yes' });
    assert.equal(refused.statusCode, 409);
    assert.match(
      summaryErrors(refused.body)[0]![1]!,
      /Someone else has changed this since you opened it/,
    );
    assert.match(decode(refused.body), /Grace Hopper changed it, because: Ownership moved/);
    assert.match(
      refused.body,
      /Owner<\/th>\s*<td[^>]*>HM Treasury<\/td>\s*<td[^>]*>Cabinet Office</,
    );
    assert.equal(await eventCount(), events, 'nothing was saved');
    assert.equal(
      ((await governance.get('growth', 'risk', '1'))!.content as { owner: string }).owner,
      'Cabinet Office',
    );

    // Saved again knowingly, from the form that now carries the version they have seen.
    const again = formFields(refused.body);
    assert.notEqual(again.version, fields.version);
    const check2 = await steward.post(url, again);
    assert.equal(check2.statusCode, 200);
    const saved = await steward.post(url, { ...again, confirm: 'yes' });
    assert.equal(saved.statusCode, 303);
    const stored = (await governance.get('growth', 'risk', '1'))!.content as { impact: number };
    assert.equal(stored.impact, 3);
  });
});
