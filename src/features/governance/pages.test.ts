import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWebApp } from '../../compose.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { signedIn } from '../../../test/support/workspace.ts';

const meta = { actor: 'steward@example.gov.uk', reason: 'Recorded at the board' };

test('the governance page, the mission page and the API: seed, overdue actions, risks, who sees what', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const { governance, clock } = runtime.services;
  const app = await createWebApp(runtime.services, { production: true, limits: false });
  try {
    // The seed: a board chaired by the Prime Minister, named by role only; an example stocktake.
    const page = (await app.inject('/missions/growth/governance')).body;
    assert.match(page, /The Prime Minister \(named by role only\)/);
    assert.match(page, /Not named in the public sources/);
    assert.match(page, /Example — not a real stocktake/);
    assert.match(page, /No mandate letter has been published/);
    const mission = (await app.inject('/missions/growth')).body;
    assert.match(mission, /Example — not a real stocktake\. No stocktake of this mission/);
    assert.match(mission, /href="\/missions\/growth\/governance"/);
    assert.match(mission, /id="delivery-timeline"/);

    const today = clock.now().toISOString().slice(0, 10);
    const save = (kind: string, visibility: 'public' | 'internal', content: unknown) =>
      governance.save({ kind: kind as 'action', missionSlug: 'growth', visibility, content }, meta);
    await save('action', 'public', {
      title: 'Late action',
      owner: 'HM Treasury',
      due: '2026-01-31',
    });
    await save('action', 'public', {
      title: 'Done action',
      owner: 'HM Treasury',
      due: '2026-01-31',
      done: '2026-01-30',
    });
    await save('action', 'internal', { title: 'Hidden action', owner: 'HMT', due: '2026-01-31' });
    await save('risk', 'public', {
      description: 'Small risk',
      likelihood: 1,
      impact: 2,
      owner: 'HM Treasury',
      mitigation: 'None needed',
      reviewOn: '2027-01-31',
    });
    await save('risk', 'public', {
      description: 'Big risk',
      likelihood: 4,
      impact: 5,
      owner: 'HM Treasury',
      mitigation: 'Watch closely',
      reviewOn: '2027-01-31',
    });
    await save('decision', 'public', {
      what: 'Fund the <script>alert(1)</script> plan',
      decidedBy: 'The board',
      decidedOn: today,
    });

    const shown = (await app.inject('/missions/growth')).body;
    assert.match(shown, /1 of 2 actions overdue\./, 'the internal action is not counted');
    assert.ok(shown.indexOf('Big risk') < shown.indexOf('Small risk'), 'risks by score');
    const full = (await app.inject('/missions/growth/governance')).body;
    assert.match(full, /Late action <strong class="govuk-tag govuk-tag--red">Overdue/);
    assert.doesNotMatch(full, /Done action <strong class="govuk-tag govuk-tag--red">Overdue/);
    assert.doesNotMatch(full, /Hidden action/);
    assert.doesNotMatch(full, /<script>alert/, 'text is escaped');
    assert.match(full, /&lt;script&gt;alert/);

    const api = (await app.inject('/api/v1/missions/growth/governance')).json();
    assert.equal(api.board.chair, 'The Prime Minister (named by role only)');
    assert.equal(api.overdueActions, 1);
    assert.equal(api.actions.length, 2);
    assert.deepEqual(
      api.risks.map((r: { description: string; score: number }) => [r.description, r.score]),
      [
        ['Big risk', 20],
        ['Small risk', 2],
      ],
    );
    assert.equal(api.stocktakes[0].example, true);
    for (const m of api.milestones)
      if (m.done) assert.equal(typeof m.slippageDays, 'number', 'a done milestone has slippage');
    const all = (await app.inject('/api/v1/governance')).json();
    // Every government's missions: the UK's five and Camden's four.
    assert.equal(
      all.missions.length,
      (await app.inject('/api/v1/missions')).json().missions.length,
    );

    // Signed in but not allowed to read internal records (a partner): the public view.
    const partner = await signedIn(app, runtime, { role: 'partner', scope: 'acme' });
    assert.doesNotMatch((await partner.get('/missions/growth/governance')).body, /Hidden action/);
    assert.equal(
      (await partner.get('/api/v1/missions/growth/governance')).json().actions.length,
      2,
    );
    // A steward (allowed) sees it, marked internal.
    const steward = await signedIn(app, runtime, { role: 'steward', scope: 'growth' });
    assert.match(
      (await steward.get('/missions/growth/governance')).body,
      /Hidden action <strong class="govuk-tag govuk-tag--grey">Internal/,
    );
    assert.equal(
      (await steward.get('/api/v1/missions/growth/governance')).json().actions.length,
      3,
    );
    assert.match((await steward.get('/missions/growth')).body, /2 of 3 actions overdue\./);

    // What does not exist is not found; what is not asked for is refused.
    assert.equal((await app.inject('/missions/nowhere/governance')).statusCode, 404);
    const missing = await app.inject('/api/v1/missions/nowhere/governance');
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /json/);
    assert.equal((await app.inject('/missions/growth/governance?x=1')).statusCode, 400);
    assert.equal((await app.inject('/api/v1/governance?asAt=2025-02-30')).statusCode, 400);
    // As at a date before the missions were recorded, there is no such mission.
    assert.equal((await app.inject('/missions/growth/governance?asAt=2020-01-01')).statusCode, 404);

    // The change log words the public records and leaves the internal one out.
    const changes = (await app.inject('/changes')).body;
    // The mission by its title, dates in words.
    assert.match(changes, /Recorded risk 2 of the mission ‘Kickstart economic growth’: Big risk/);
    assert.match(changes, /Likelihood 4, impact 5; owner: HM Treasury; review by 31 January 2027/);
    assert.match(
      changes,
      /Recorded stocktake of the mission ‘Kickstart economic growth’, held 30 September 2025/,
    );
    assert.doesNotMatch(changes, /Hidden action/);
  } finally {
    await app.close();
    await runtime.close();
  }
});

test('a public stocktake links to its council pack, which the public can open', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const app = await createWebApp(runtime.services, { production: true, limits: false });
  try {
    const page = await app.inject('/missions/growth/governance');
    assert.equal(page.statusCode, 200);
    const href = /href="(\/missions\/growth\/stocktakes\/[^"]+\/council-pack)"/.exec(
      page.body,
    )?.[1];
    assert.ok(href, 'the governance page links to a council pack');
    assert.ok(!page.body.includes('/pack"'), 'no board pack link for the public');
    const pack = await app.inject(href);
    assert.equal(pack.statusCode, 200);
    assert.match(pack.body, /Missions Leadership Council pack/);
  } finally {
    await app.close();
    await runtime.close();
  }
});

test('the governance record, its council pack and a process page in Welsh', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const { governance, clock } = runtime.services;
  const app = await createWebApp(runtime.services, { production: true, limits: false });
  try {
    const today = clock.now().toISOString().slice(0, 10);
    const save = (kind: string, content: unknown) =>
      governance.save(
        { kind: kind as 'action', missionSlug: 'growth', visibility: 'public', content },
        meta,
      );
    await save('action', { title: 'Late action', owner: 'HM Treasury', due: '2026-01-31' });
    await save('risk', {
      description: 'Big risk',
      likelihood: 4,
      impact: 5,
      owner: 'HM Treasury',
      mitigation: 'Watch closely',
      reviewOn: '2027-01-31',
    });
    await save('decision', { what: 'Fund the plan', decidedBy: 'The board', decidedOn: today });
    const process = await save('process', {
      type: 'citizens-assembly',
      title: 'Citizens’ assembly on growth',
      commissionedBy: 'HM Treasury',
      started: '2025-01-10',
      reported: '2025-04-30',
      responseDue: '2025-07-31',
      members: 100,
      selection: 'A civic lottery',
      method: 'Six weekends of evidence',
      recommendations: [
        {
          number: 1,
          text: 'Build more homes near work',
          response: {
            decision: 'accepted',
            reasons: 'Homes near work help growth',
            respondedOn: '2025-07-01',
            delivers: [{ project: 'economic-stability' }],
          },
        },
        { number: 2, text: 'Train more people' },
      ],
    });

    const page = await app.inject('/cy/missions/growth/governance');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="cy"/);
    assert.match(page.body, /<h1 class="govuk-heading-xl">Llywodraethu<\/h1>/);
    assert.match(page.body, /<title>Llywodraethu: /);
    assert.match(page.body, />Camau gweithredu<\/h2>/);
    // Records stay in English, marked so; the interface around them is Welsh.
    assert.match(page.body, /<span lang="en">Late action<\/span> <strong[^>]*>Yn hwyr<\/strong>/);
    assert.match(page.body, /<span lang="en">Big risk<\/span>/);
    assert.match(page.body, /<span lang="en">Fund the plan<\/span>/);
    assert.match(page.body, /Mae ymateb y llywodraeth i 1 argymhelliad yn hwyr\./);
    assert.match(page.body, /Cynulliad dinasyddion, 100 aelod; adroddodd ar 30 Ebrill 2025/);
    assert.match(page.body, /Enghraifft — nid adolygiad cynnydd go iawn/);
    assert.doesNotMatch(page.body, /Not rated at any stocktake|No decisions have been recorded/);

    const mission = (await app.inject('/cy/missions/growth')).body;
    assert.match(mission, /1 o 1 cam gweithredu yn hwyr\./);
    assert.match(mission, />Bwrdd y genhadaeth<\/h3>/);

    const href = /href="(\/cy\/missions\/growth\/stocktakes\/[^"]+\/council-pack)"/.exec(
      page.body,
    )?.[1];
    assert.ok(href, 'the Welsh governance page links to the Welsh council pack');
    const pack = (await app.inject(href)).body;
    assert.match(pack, /<html lang="cy"/);
    assert.match(pack, /<title>Enghraifft: Pecyn Cyngor Arwain y Cenadaethau: /);
    assert.match(pack, />Camau gweithredu hwyr<\/h2>/);
    assert.match(pack, /Lawrlwytho’r pecyn hwn fel PDF/);

    const processPage = await app.inject(`/cy/missions/growth/processes/${process.id}`);
    assert.equal(processPage.statusCode, 200);
    const body = processPage.body;
    assert.match(body, /<html lang="cy"/);
    assert.match(body, /Cynulliad dinasyddion ar gyfer y genhadaeth <span lang="en">/);
    assert.match(body, />Argymhellion ac ymateb y llywodraeth<\/h2>/);
    assert.match(body, />Argymhelliad 1<\/h3>/);
    assert.match(body, /<p class="govuk-body" lang="en">Build more homes near work<\/p>/);
    assert.match(body, />Derbyniwyd<\/strong> ar 1 Gorffennaf 2025\./);
    assert.match(body, />Dywedoch chi, gwnaethom ni<\/h4>/);
    assert.match(body, /<strong>Heb ei roi\.<\/strong> Roedd yn ddyledus ar 31 Gorffennaf 2025\./);
    // The English page is unchanged by it.
    const english = (await app.inject(`/missions/growth/processes/${process.id}`)).body;
    assert.match(english, /Citizens’ assembly of the Kickstart economic growth mission/);
    assert.match(english, /<strong>Not given\.<\/strong> It was due on 31 July 2025\./);
  } finally {
    await app.close();
    await runtime.close();
  }
});
