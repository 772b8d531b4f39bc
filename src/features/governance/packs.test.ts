// Board and council packs: the PDF is the same bytes each time it is made for a stocktake, its
// SHA-256 is in the change log once, its text holds every goal's status, the council pack holds
// no internal record while the board pack does, and the board pack is refused to the public.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../clock.ts';
import { createWebApp, type Runtime } from '../../compose.ts';
import { statusLabels } from '../../domain/status.ts';
import { chromiumAvailable } from '../../platform/pdf.ts';
import { hasPdfTools, pdfText } from '../../../test/support/pdf.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { client, signedIn, type Client } from '../../../test/support/workspace.ts';
import { packPublicPages } from './packs.ts';
import { gatherPack } from './packsModel.ts';

const SENTINEL = 'SENTINEL-INTERNAL-PACK-5d1c';
const DAY = '2031-01-10';
const council = `/missions/growth/stocktakes/${DAY}/council-pack`;
const board = `/manage/governance/growth/stocktakes/${DAY}/pack`;
const meta = { actor: 'A steward', reason: 'Test stocktake' };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
describe('board and council packs', { skip: !chromiumAvailable() && 'no Chromium' }, () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let reviewer: Client;

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock: fixedClock('2031-01-15T10:00:00Z') });
    const { governance, missions } = runtime.services;
    const growth = (await missions.stored()).find((m) => m.slug === 'growth')!;
    await governance.save(
      {
        kind: 'stocktake',
        missionSlug: 'growth',
        visibility: 'public',
        content: {
          heldOn: DAY,
          title: 'Winter stocktake 2031',
          ratings: growth.goals.map((g) => ({
            subject: 'goal',
            slug: g.slug,
            rating: 'green',
            narrative: `The steward is confident about ${g.slug}.`,
          })),
        },
      },
      meta,
    );
    await governance.save(
      {
        kind: 'risk',
        missionSlug: 'growth',
        visibility: 'internal',
        content: {
          description: `${SENTINEL} in a risk`,
          likelihood: 5,
          impact: 5,
          owner: 'HM Treasury',
          mitigation: 'Watch closely',
          reviewOn: '2031-03-01',
        },
      },
      meta,
    );
    await governance.save(
      {
        kind: 'action',
        missionSlug: 'growth',
        visibility: 'public',
        content: { title: 'Publish the delivery plan', owner: 'DBT', due: '2030-12-01' },
      },
      meta,
    );
    // Without the response cache: each request makes its pack afresh.
    app = await createWebApp(runtime.services, { cache: false, limits: false });
    reviewer = await signedIn(app, runtime, { role: 'reviewer', scope: '' });
  });

  after(async () => {
    await app?.close();
    await runtime?.close();
  });

  it('makes the same council pack PDF each time and records its SHA-256 once', async () => {
    const first = await app.inject(`${council}.pdf`);
    assert.equal(first.statusCode, 200, first.body.slice(0, 500));
    assert.equal(first.headers['content-type'], 'application/pdf');
    const second = await app.inject(`${council}.pdf`);
    assert.equal(sha256(second.rawPayload), sha256(first.rawPayload), 'the same bytes again');
    const pdf = first.rawPayload.toString('latin1');
    assert.match(pdf, /\/CreationDate \(D:20310110000000\+00'00'\)/, 'dated from the stocktake');
    assert.match(pdf, /\/ModDate \(D:20310110000000\+00'00'\)/);
    assert.match(pdf, /\/StructTreeRoot/, 'a tagged PDF');

    const events = await runtime.services.audit.list({
      entityTypes: ['pack'],
      entityId: `growth/${DAY}/council`,
    });
    assert.equal(events.length, 1, 'recorded once');
    assert.deepEqual(events[0]!.after, {
      sha256: sha256(first.rawPayload),
      kind: 'council',
      stocktake: DAY,
    });
    assert.equal(events[0]!.reason, 'Pack generated');
    assert.equal(events[0]!.internal, undefined, 'a public event');

    const page = await app.inject(council);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(sha256(first.rawPayload)), 'the page shows the recorded hash');
    assert.ok(page.body.includes(`href="${council}.pdf"`));
  });

  it("holds every goal's computed status in the PDF's text", { skip: !hasPdfTools }, async () => {
    const pack = (await gatherPack(runtime.services, 'growth', DAY, 'council'))!;
    const text = pdfText((await app.inject(`${council}.pdf`)).rawPayload);
    for (const { goal } of pack.goals) {
      const label = statusLabels[goal.assessment.status];
      assert.ok(text.includes(goal.statement), `${goal.slug} is in the pack`);
      assert.ok(
        text.includes(`${goal.statement} Computed status: ${label}`),
        `${goal.slug}: ${label}`,
      );
    }
    assert.ok(text.includes('Publish the delivery plan'), 'the overdue public action');
    assert.ok(!text.includes(SENTINEL), 'no internal record in the council pack');
  });

  it('keeps internal records out of the council pack and in the board pack', async () => {
    const councilPage = await app.inject(council);
    assert.ok(!councilPage.body.includes(SENTINEL));
    assert.ok(councilPage.body.includes('Publish the delivery plan'));

    const boardPage = await reviewer.get(board);
    assert.equal(boardPage.statusCode, 200);
    assert.ok(boardPage.body.includes(SENTINEL), 'a reviewer sees the internal risk');
    const boardPdf = await reviewer.get(`${board}.pdf`);
    assert.equal(boardPdf.statusCode, 200);
    assert.equal(boardPdf.headers['content-type'], 'application/pdf');
    if (hasPdfTools) assert.ok(pdfText(boardPdf.rawPayload).includes(SENTINEL));

    const [event] = await runtime.services.audit.list({
      entityTypes: ['pack'],
      entityId: `growth/${DAY}/board`,
      internal: true,
    });
    assert.equal(
      event?.after && (event.after as { sha256: string }).sha256,
      sha256(boardPdf.rawPayload),
    );
    assert.equal(event?.internal, true, 'the board pack is recorded as an internal event');
    assert.equal(event?.actor, 'reviewer@example.gov.uk');
    const publicEvents = await runtime.services.audit.list({ entityTypes: ['pack'] });
    assert.ok(
      publicEvents.every((e) => !e.entityId.endsWith('/board')),
      'not in the public log',
    );
  });

  it('refuses the board pack to the public and to roles that may not read internal records', async () => {
    for (const url of [board, `${board}.pdf`]) {
      const anonymous = await client(app).get(url);
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(String(anonymous.headers.location), /^\/sign-in\?next=/);
      assert.ok(!anonymous.body.includes(SENTINEL));
    }
    const partner = await signedIn(app, runtime, { role: 'partner', scope: 'example-org' });
    const refused = await partner.get(board);
    assert.equal(refused.statusCode, 403);
    assert.ok(!refused.body.includes(SENTINEL));
  });

  it('has no council pack for an internal stocktake, nor in the published copy', async () => {
    await runtime.services.governance.save(
      {
        kind: 'stocktake',
        missionSlug: 'growth',
        visibility: 'internal',
        content: { heldOn: '2031-01-12', title: `${SENTINEL} stocktake` },
      },
      meta,
    );
    assert.equal(
      (await app.inject('/missions/growth/stocktakes/2031-01-12/council-pack')).statusCode,
      404,
    );
    assert.equal(
      (await reviewer.get('/manage/governance/growth/stocktakes/2031-01-12/pack')).statusCode,
      200,
    );
    const staticApp = await createWebApp(runtime.services, { staticSite: true, cache: false });
    try {
      const pages = await packPublicPages(runtime.services);
      assert.ok(pages.includes(council) && pages.includes(`${council}.pdf`));
      assert.ok(!pages.some((p) => p.includes('2031-01-12')));
      const before = (await runtime.services.audit.list({ entityTypes: ['pack'] })).length;
      const published = await staticApp.inject(`${council}.pdf`);
      assert.equal(published.statusCode, 200);
      assert.equal(
        (await runtime.services.audit.list({ entityTypes: ['pack'] })).length,
        before,
        'publishing writes nothing',
      );
      assert.equal((await staticApp.inject(board)).statusCode, 404, 'no workspace in the copy');
    } finally {
      await staticApp.close();
    }
  });

  it('says how to get Chromium where it is not installed, and the page still works', async () => {
    const was = process.env.NORTHSTAR_CHROMIUM;
    process.env.NORTHSTAR_CHROMIUM = '/nonexistent/chromium';
    try {
      const pdf = await app.inject(`${council}.pdf`);
      assert.equal(pdf.statusCode, 503);
      assert.match(pdf.body, /Install the chromium package/);
      const page = await app.inject(council);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Install the chromium package/);
      assert.ok(!page.body.includes(`href="${council}.pdf"`));
    } finally {
      if (was === undefined) delete process.env.NORTHSTAR_CHROMIUM;
      else process.env.NORTHSTAR_CHROMIUM = was;
    }
  });

  it('says Example prominently in an example stocktake’s pack', async () => {
    const [example] = (
      await runtime.services.governance.forMission('growth', { internal: false })
    ).stocktakes.filter((s) => s.content.example);
    if (!example) return;
    const page = await app.inject(`/missions/growth/stocktakes/${example.id}/council-pack`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>Example: /);
    assert.match(page.body, /govuk-warning-text__text">[^<]*<span[^>]*>Warning: <\/span>Example\./);
  });
});
