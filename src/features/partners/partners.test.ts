// Partners and pledges end to end, in process through the real sign-in form and database: a
// mission editor adds an organisation; its partner makes a pledge, which nobody else sees until
// an editor of the pledge's government approves it; then it is on the goal page, the mission's
// mobilisation map, in the API and the open data. A change waits for approval too and can be
// refused with a reason; a progress report moves the next one's date; with the clock past that
// date and 12 months more the pledge is lapsed; a withdrawal is at once. Text is escaped, a
// script link is refused by its field, and a flood of submissions is refused.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { saveGovernment } from '../missions/writes.ts';
import { formFields, inlineError, summaryErrors } from '../../../test/support/forms.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { client, signedIn, type Client } from '../../../test/support/workspace.ts';
import { SUBMISSIONS_PER_HOUR } from './service.ts';

const SENTINEL = 'SENTINEL-PLEDGE-7f2e';
const GOAL_PAGE = '/missions/growth/goals/gdp-per-head';

const organisation = {
  name: 'Tyne Builders Co-operative',
  sector: 'business',
  size: 'small',
  areas: 'E08000021',
  website: 'https://example.org/tyne',
  contact: 'pledges@example.org',
  description: 'Builders on Tyneside',
  reason: 'Joins the register',
};

const pledge = {
  goal: 'growth/gdp-per-head',
  title: `Apprenticeships on Tyneside ${SENTINEL}`,
  commitment: 'We will train apprentices. <script>alert(1)</script>',
  deliverables: '2027-03-31 Train 200 apprentices\n2028-03-31 Train 400 more',
  areas: 'E08000021\nE12000001',
  evidence: 'https://example.org/plan Our plan',
  reason: 'Our board agreed it',
};

describe('partners and their pledges', () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  let runtime: Runtime;
  let app: FastifyInstance;
  let editor: Client;
  let otherEditor: Client;
  let partner: Client;
  let visitor: Client;

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    await runtime.services.audit.change({ actor: 'test', reason: 'A second government' }, (c) =>
      saveGovernment(c, { slug: 'other', name: 'Another government', area: 'W92000004' }),
    );
    app = await createWebApp(runtime.services, { limits: false });
    await signInEveryone();
    visitor = client(app);
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  /** Signs everyone in afresh: a session does not outlive a jump of the clock by months. */
  async function signInEveryone() {
    editor = await signedIn(app, runtime, { role: 'mission-editor', scope: 'uk' });
    otherEditor = await signedIn(app, runtime, { role: 'mission-editor', scope: 'other' });
    partner = await signedIn(app, runtime, {
      role: 'partner',
      scope: 'tyne-builders-co-operative',
    });
  }

  const publicEventsMention = async (text: string) =>
    JSON.stringify(await runtime.services.audit.list({ internal: false })).includes(text);

  it('adds an organisation to the register, refusing a script link on its field', async () => {
    const refused = await editor.post('/manage/organisations/new', {
      ...organisation,
      website: 'javascript:alert(1)',
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      summaryErrors(refused.body).map(([f]) => f),
      ['website'],
    );
    assert.match(inlineError(refused.body, 'website'), /web address starting https/);
    assert.equal((await runtime.services.partners.organisations()).length, 0, 'nothing saved');

    const saved = await editor.post('/manage/organisations/new', organisation);
    assert.equal(saved.statusCode, 303);
    const register = await visitor.get('/partners');
    assert.match(register.body, /href="\/partners\/tyne-builders-co-operative">Tyne Builders/);
    assert.equal((await partner.get('/partners.csv')).body.split('\r\n').length, 3);
  });

  it('keeps a partner’s pledge from everyone until an editor of its government approves it', async () => {
    const form = await partner.get('/manage/partners/tyne-builders-co-operative/pledge');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<option value="growth\/gdp-per-head"/);

    const refused = await partner.post('/manage/partners/tyne-builders-co-operative/pledge', {
      ...pledge,
      evidence: 'javascript:alert(1) Click me',
      deliverables: '2027-02-30 Train 200 apprentices',
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      summaryErrors(refused.body)
        .map(([f]) => f)
        .sort(),
      ['deliverables', 'evidence'],
    );
    assert.match(inlineError(refused.body, 'deliverables'), /line 1/);

    const sent = await partner.post('/manage/partners/tyne-builders-co-operative/pledge', pledge);
    assert.equal(sent.statusCode, 303);
    assert.match((await partner.get('/manage/partners')).body, /Waiting for approval[\s\S]*Yes/);

    // Nowhere public yet: no page, answer, file or public change-log event.
    assert.equal((await visitor.get('/pledges/1')).statusCode, 404);
    assert.doesNotMatch((await visitor.get(GOAL_PAGE)).body, new RegExp(SENTINEL));
    assert.deepEqual(JSON.parse((await visitor.get('/api/v1/pledges')).body).pledges, []);
    assert.doesNotMatch((await visitor.get('/pledges.csv')).body, new RegExp(SENTINEL));
    assert.equal(await publicEventsMention(SENTINEL), false);

    // An editor of another government neither sees it waiting nor may decide it.
    assert.doesNotMatch((await otherEditor.get('/manage/pledges')).body, new RegExp(SENTINEL));
    const elsewhere = await otherEditor.post(
      '/manage/pledges/1/decision',
      { decision: 'approve', reason: 'Looks fine' },
      { formPage: '/manage/pledges' },
    );
    assert.equal(elsewhere.statusCode, 403);
    assert.equal(await publicEventsMention(SENTINEL), false);

    const queue = await editor.get('/manage/pledges');
    assert.ok(queue.body.includes('href="/manage/pledges/1/decision">1: Apprenticeships'));
    assert.ok(queue.body.includes(SENTINEL));
    const decisionPage = await editor.get('/manage/pledges/1/decision');
    assert.match(decisionPage.body, /What they sent[\s\S]*Train 200 apprentices/);
    assert.ok(!decisionPage.body.includes('<script>alert(1)'), 'escaped for the editor too');
    const noDecision = await editor.post('/manage/pledges/1/decision', { reason: 'Hmm' });
    assert.equal(noDecision.statusCode, 400);
    assert.deepEqual(
      summaryErrors(noDecision.body).map(([f]) => f),
      ['decision'],
    );
    const approved = await editor.post('/manage/pledges/1/decision', {
      decision: 'approve',
      reason: 'A clear commitment to a goal',
    });
    assert.equal(approved.statusCode, 303);
  });

  it('shows an approved pledge on its page, the goal page, the map, the API and the CSV', async () => {
    const page = await visitor.get('/pledges/1');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped');
    assert.ok(!page.body.includes('<script>alert(1)'), 'never raw');
    assert.match(page.body, /Next progress report due\s*<\/dt>\s*<dd[^>]*>\s*1 June 2027/);

    assert.match((await visitor.get(GOAL_PAGE)).body, new RegExp(SENTINEL));
    const map = (await visitor.get('/missions/growth/pledges')).body;
    // One active pledge, from a business, to the GDP goal; Newcastle and the North East's
    // authorities (the pledge names the region) each count it.
    assert.match(map, /1 active pledge\./);
    assert.match(map, /Newcastle upon Tyne<\/a><\/td><td[^>]*>1</);
    assert.match(map, /Northumberland<\/a><\/td><td[^>]*>1</);
    assert.match(map, /No pledges<\/strong>/, 'the goals nobody has pledged to');

    const api = JSON.parse((await visitor.get('/api/v1/pledges?goal=gdp-per-head')).body);
    assert.equal(api.pledges.length, 1);
    assert.equal(api.pledges[0].status, 'active');
    assert.equal(api.pledges[0].nextReportDue, '2027-06-01');
    assert.equal((await visitor.get('/api/v1/pledges?colour=red')).statusCode, 400);
    assert.match(
      (await visitor.get('/pledges.csv')).body,
      new RegExp(`1,tyne-builders-co-operative,business,growth,gdp-per-head`),
    );
    assert.equal(await publicEventsMention(SENTINEL), true);
  });

  it('reads the pledge, its partner and the mission’s pledges in Welsh, their own words in English', async () => {
    const page = (await visitor.get('/cy/pledges/1')).body;
    assert.match(page, /<html lang="cy"/);
    assert.match(page, /Addewid 1 gan/);
    assert.match(page, /Adroddiad cynnydd nesaf yn ddyledus\s*<\/dt>\s*<dd[^>]*>\s*1 Mehefin 2027/);
    assert.match(page, /<h1 class="govuk-heading-xl"><span lang="en">/, 'the title marked English');
    assert.ok(!page.includes('<script>alert(1)'), 'never raw');
    const partnerPage = (await visitor.get('/cy/partners/tyne-builders-co-operative')).body;
    assert.match(partnerPage, /<html lang="cy"/);
    assert.match(partnerPage, /Sefydliad partner/);
    assert.match(partnerPage, /Yn gweithio yn/);
    const map = (await visitor.get('/cy/missions/growth/pledges')).body;
    assert.match(map, /<h1 class="govuk-heading-xl">Addewidion gan bartneriaid<\/h1>/);
    assert.match(map, /1 addewid gweithredol\./);
    assert.match(map, /Dim addewidion<\/strong>/);
    const register = (await visitor.get('/cy/partners')).body;
    assert.match(register, /<caption[^>]*>Y gofrestr partneriaid<\/caption>/);
    assert.match(register, /<td class="govuk-table__cell">Busnes<\/td>/);
  });

  it('keeps a change waiting, published only as approved, and tells the partner why one was refused', async () => {
    const url = '/manage/pledges/1/change';
    const fields = {
      ...formFields((await partner.get(url)).body),
      title: 'Changed title',
      reason: 'Wider',
    };
    assert.equal((await partner.post(url, fields)).statusCode, 303);
    assert.doesNotMatch((await visitor.get('/pledges/1')).body, /Changed title/);
    const refused = await editor.post('/manage/pledges/1/decision', {
      decision: 'refuse',
      reason: 'Say which apprenticeships',
    });
    assert.equal(refused.statusCode, 303);
    assert.match((await partner.get('/manage/partners')).body, /Say which apprenticeships/);
    assert.doesNotMatch((await visitor.get('/pledges/1')).body, /Changed title/);
    assert.equal(await publicEventsMention('Say which apprenticeships'), false);
  });

  it('moves the next report’s date with an approved progress report', async () => {
    clock.set('2027-05-01T09:00:00Z');
    await signInEveryone();
    const sent = await partner.post('/manage/pledges/1/report', {
      summary: 'Ninety apprentices started',
      done: [],
      evidence: '',
    });
    assert.equal(sent.statusCode, 303);
    await editor.post('/manage/pledges/1/decision', { decision: 'approve', reason: 'Reported' });
    const page = (await visitor.get('/pledges/1')).body;
    assert.match(page, /Ninety apprentices started/);
    assert.match(page, /Next progress report due\s*<\/dt>\s*<dd[^>]*>\s*1 May 2028/);
  });

  it('shows a pledge as lapsed once its report is more than 12 months late', async () => {
    clock.set('2029-05-01T12:00:00Z');
    assert.equal(
      JSON.parse((await visitor.get('/api/v1/pledges')).body).pledges[0].status,
      'active',
    );
    clock.set('2029-05-02T12:00:00Z');
    assert.equal(
      JSON.parse((await visitor.get('/api/v1/pledges')).body).pledges[0].status,
      'lapsed',
    );
    assert.match((await visitor.get('/pledges/1')).body, /govuk-tag--red">Lapsed/);
    const map = (await visitor.get('/missions/growth/pledges')).body;
    assert.match(map, /0 active pledges\./);
    assert.match(map, /1 lapsed pledge is not counted/);
  });

  it('withdraws a pledge at once, with the reason in the public change log', async () => {
    await signInEveryone();
    const done = await partner.post('/manage/pledges/1/withdraw', { reason: 'The scheme closed' });
    assert.equal(done.statusCode, 303);
    assert.equal(
      JSON.parse((await visitor.get('/api/v1/pledges')).body).pledges[0].status,
      'withdrawn',
    );
    const events = await runtime.services.audit.list({ entityTypes: ['pledge'] });
    assert.equal(events[0]!.reason, 'The scheme closed');
    assert.equal((await partner.get('/manage/pledges/1/change')).statusCode, 404);
  });

  it('refuses a flood of submissions from one person, and keeps the log whole', async () => {
    const url = '/manage/partners/tyne-builders-co-operative/pledge';
    // Four were sent above, at other times; the window counts the last hour.
    let last;
    for (let i = 0; i <= SUBMISSIONS_PER_HOUR; i++) last = await partner.post(url, pledge);
    assert.equal(last!.statusCode, 429);
    assert.ok(Number(last!.headers['retry-after']) > 0);
    const waiting = (await runtime.services.partners.allPledges()).filter((p) => p.submission);
    assert.equal(waiting.length, SUBMISSIONS_PER_HOUR);
    const verified = await runtime.services.audit.verify();
    assert.ok(verified.ok, JSON.stringify(verified));
  });
});
