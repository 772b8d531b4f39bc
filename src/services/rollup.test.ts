// A mission's roll-up counts its goals by status and names the weakest judged goal; it never
// averages unlike measures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../config.ts';
import { pgliteRuntime } from '../../test/support/runtime.ts';

// Fixture 1.2.1: 10 in 2019, 11.5 in 2020 (national). Lower is better.
const goal = (slug: string, target: number) => `
      - slug: ${slug}
        statement: Goal ${slug}
        indicator: "1.2.1"
        baseline: { period: "2019" }
        target: { value: ${target}, comparator: "<=", deadline: 2030-12-31 }
        staleAfter: 20
        source: { title: Plan }`;

test('mission roll-up: counts by status and the weakest judged goal', async () => {
  const runtime = await pgliteRuntime();
  const { services, store, geography } = runtime;
  await store.saveAreas(geography.areas);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-rollup-'));
  const file = path.join(dir, 'uk.yaml');
  fs.writeFileSync(
    file,
    `government: { slug: uk, name: UK Government, area: K02000001 }
indicators: [{ id: "1.2.1", direction: lower }]
missions:
  - slug: health
    title: Health
    ambition: Healthier lives
    start: 2024-07-05
    horizon: 2034-12-31
    source: { title: Manifesto }
    goals:${goal('met', 12)}${goal('behind', 5)}
      - { slug: unmeasured, statement: No statistic yet, source: { title: Plan } }
`,
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
