import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../../clock.ts';
import { optimismGap, projectOptimismGap, slippageDays } from '../../domain/governance.ts';
import { StaleVersionError } from '../missions/writes.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { GovernanceError } from './service.ts';

const meta = { actor: 'steward@example.gov.uk', reason: 'Recorded at the stocktake' };
const SENTINEL = 'SENTINEL-internal-risk-7f3a';

test('the optimism gap: a rating greener than the computed status allows', () => {
  assert.equal(optimismGap('green', 'off-track'), true);
  assert.equal(optimismGap('amber', 'off-track'), true);
  assert.equal(optimismGap('amber-red', 'off-track'), false);
  assert.equal(optimismGap('amber-green', 'at-risk'), true);
  assert.equal(optimismGap('amber', 'at-risk'), false);
  assert.equal(optimismGap('green', 'on-track'), false);
  assert.equal(optimismGap('green', 'not-assessable'), false);
  const late = [{ due: '2026-01-31' }];
  assert.equal(projectOptimismGap('green', late, '2026-12-04'), true);
  assert.equal(projectOptimismGap('amber', late, '2026-12-04'), false);
  assert.equal(
    projectOptimismGap('green', [{ due: '2026-01-31', done: '2026-02-10' }], '2026-12-04'),
    false,
  );
  assert.equal(slippageDays({ due: '2026-01-31', done: '2026-02-10' }, '2026-12-04'), 10);
  assert.equal(slippageDays({ due: '2026-12-01' }, '2026-12-04'), 3);
  assert.equal(slippageDays({ due: '2027-01-01' }, '2026-12-04'), null);
});

test('records are checked, kept public or internal, and in the audit chain', async () => {
  const clock = fixedClock('2026-12-04T10:00:00Z');
  const runtime = await pgliteRuntime({ seed: true, clock });
  const { governance, audit } = runtime.services;
  try {
    await governance.save(
      {
        kind: 'stocktake',
        missionSlug: 'growth',
        visibility: 'public',
        content: {
          heldOn: '2026-11-20',
          title: 'Autumn stocktake',
          ratings: [
            { subject: 'goal', slug: 'gdp-per-head', rating: 'green', narrative: 'Ahead.' },
          ],
        },
      },
      meta,
    );
    const risk = await governance.save(
      {
        kind: 'risk',
        missionSlug: 'growth',
        visibility: 'internal',
        content: {
          description: SENTINEL,
          likelihood: 4,
          impact: 5,
          owner: 'HM Treasury',
          mitigation: 'Watch it.',
          goal: 'gdp-per-head',
          reviewOn: '2027-01-31',
        },
      },
      meta,
    );
    assert.equal(risk.id, '1');

    const publicView = await governance.forMission('growth', { internal: false });
    // The seed's example stocktake (missions/uk-governance.yaml) and the one recorded here.
    assert.equal(publicView.stocktakes.filter((s) => !s.content.example).length, 1);
    assert.equal(publicView.risks.length, 0);
    assert.equal((await governance.forMission('growth', { internal: true })).risks.length, 1);
    // A view as at a date before anything was recorded shows nothing.
    const before = await governance.forMission('growth', {
      internal: true,
      asAt: new Date('2026-12-01T00:00:00Z'),
    });
    assert.equal(before.stocktakes.length + before.risks.length, 0);

    // The public change log has the stocktake and nothing of the risk; the whole chain has both.
    const publicEvents = JSON.stringify(await audit.list({ limit: 20 }));
    assert.ok(publicEvents.includes('Autumn stocktake'));
    assert.ok(!publicEvents.includes(SENTINEL));
    assert.ok(JSON.stringify(await audit.list({ limit: 20, internal: true })).includes(SENTINEL));
    assert.deepEqual(await runtime.services.audit.verify().then((v) => v.ok), true);

    // Refusals change nothing.
    const count = (await audit.list({ internal: true })).length;
    await assert.rejects(
      governance.save(
        {
          kind: 'action',
          missionSlug: 'growth',
          visibility: 'public',
          content: { title: 'Do it', owner: 'HMT', due: '2027-01-01', goal: 'no-such-goal' },
        },
        meta,
      ),
      (e: unknown) => e instanceof GovernanceError && e.field === 'content.goal',
    );
    await assert.rejects(
      governance.save(
        {
          kind: 'risk',
          missionSlug: 'growth',
          visibility: 'internal',
          content: {
            description: 'x',
            likelihood: 9,
            impact: 1,
            owner: 'o',
            mitigation: 'm',
            reviewOn: '2027-01-01',
          },
        },
        meta,
      ),
      (e: unknown) => e instanceof GovernanceError && e.field === 'content.likelihood',
    );
    const stocktake = await governance.get('growth', 'stocktake', '2026-11-20');
    await assert.rejects(
      governance.save(
        {
          kind: 'stocktake',
          missionSlug: 'growth',
          id: '2026-11-20',
          visibility: 'internal',
          content: stocktake!.content,
        },
        meta,
        governance.versionOf(stocktake),
      ),
      (e: unknown) => e instanceof GovernanceError && e.field === 'visibility',
    );
    await assert.rejects(
      governance.save(
        {
          kind: 'stocktake',
          missionSlug: 'growth',
          id: '2026-11-20',
          visibility: 'public',
          content: stocktake!.content,
        },
        meta,
        'not-the-version-opened',
      ),
      StaleVersionError,
    );
    assert.equal((await audit.list({ internal: true })).length, count);

    // Made public, the risk's event carries nothing of its internal past.
    const stored = await governance.get('growth', 'risk', '1');
    await governance.save(
      {
        kind: 'risk',
        missionSlug: 'growth',
        id: '1',
        visibility: 'public',
        content: { ...stored!.content, description: 'Published risk' },
      },
      meta,
      governance.versionOf(stored),
    );
    const [published] = await audit.list({ limit: 1 });
    assert.equal(published!.entityType, 'risk');
    assert.equal(published!.before, null);
    assert.ok(!JSON.stringify(await audit.list({})).includes(SENTINEL));
    assert.equal((await runtime.services.audit.verify()).ok, true);
  } finally {
    await runtime.close();
  }
});
