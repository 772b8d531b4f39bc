// A mission's roll-up counts its goals by status and names the weakest judged goal; it never
// averages unlike measures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../config.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { healthMissions, smokingGoal } from '../../../test/support/missions.ts';

test('mission roll-up: counts by status and the weakest judged goal', async () => {
  const runtime = await pgliteRuntime();
  const { services, stores, geography } = runtime;
  await stores.areas.save(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-rollup-'));
  const file = path.join(dir, 'uk.yaml');
  fs.writeFileSync(
    file,
    healthMissions(
      smokingGoal('met', 12),
      smokingGoal('behind', 5),
      '      - { slug: unmeasured, statement: No statistic yet, source: { title: Plan } }',
    ),
  );
  await services.missions.loadFile(file, 'tester', 'test');
  await services.statistics.import([path.join(ROOT, 'test/fixtures/open-sdg-good')], {
    actor: 'tester',
  });
  const mission = await services.missions.get('health');
  // 11.5 meets "at most 12"; against "at most 5" it is worse than the path from 10.
  assert.deepEqual(
    mission?.goals.map((g) => [g.slug, g.assessment.status]),
    [
      ['met', 'achieved'],
      ['behind', 'off-track'],
      ['unmeasured', 'not-assessable'],
    ],
  );
  assert.deepEqual(mission?.statusCounts, {
    achieved: 1,
    'on-track': 0,
    'at-risk': 0,
    'off-track': 1,
    'not-assessable': 1,
  });
  assert.equal(mission?.weakestGoal?.slug, 'behind');
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
