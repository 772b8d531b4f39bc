// Internal governance records never reach a public surface: a sentinel in an internal risk,
// decision, action, mandate letter, evaluation, stocktake narrative and deliberative process
// (its recommendations and responses too) is looked for on every public page
// (crawled as the published copy is), every API answer to an anonymous caller, the open data
// export, the change log and the published copy; a signed-in reviewer sees it on the mission
// page and in the API. And the mission page flags a green rating on an off-track goal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebApp, type Runtime } from '../src/compose.ts';
import { fixedClock } from '../src/clock.ts';
import { features } from '../src/features/index.ts';
import { exportOpenData } from '../src/features/statistics/openData.ts';
import { publishSite } from '../src/publish/site.ts';
import { folderEffects } from '../src/publish/folder.ts';
import { pgliteRuntime } from './support/runtime.ts';
import { client, signedIn } from './support/workspace.ts';

const SENTINEL = 'Sentinelxq7internal';
const meta = { actor: 'steward@example.gov.uk', reason: 'Recorded at the board' };

/** Every kind that carries free text, recorded internal with the sentinel in it. */
async function recordInternal(runtime: Runtime) {
  const { governance } = runtime.services;
  const internal = (kind: string, content: unknown) =>
    governance.save(
      { kind: kind as 'risk', missionSlug: 'nhs', visibility: 'internal', content },
      meta,
    );
  await internal('risk', {
    description: `Workforce risk ${SENTINEL}-risk`,
    likelihood: 5,
    impact: 5,
    owner: `Owner ${SENTINEL}-owner`,
    mitigation: `Mitigation ${SENTINEL}-mitigation`,
    goal: 'elective-waits',
    reviewOn: '2027-01-31',
  });
  await internal('decision', {
    what: `Decision ${SENTINEL}-decision`,
    decidedBy: 'The board',
    decidedOn: '2026-11-20',
  });
  await internal('action', {
    title: `Action ${SENTINEL}-action`,
    owner: 'NHS England',
    due: '2026-01-31',
  });
  await internal('mandate-letter', {
    steward: 'Secretary of State for Health and Social Care',
    dated: '2026-10-01',
    body: `Letter ${SENTINEL}-letter`,
  });
  await internal('evaluation', {
    project: 'elective-reform-plan',
    title: `Impact evaluation ${SENTINEL}-evaluation`,
    type: 'impact',
    method: 'randomised-trial',
    status: 'complete',
    evaluator: 'NHS England analysts',
    plannedStart: '2025-01-01',
    plannedReport: '2025-12-31',
    actualReport: '2025-12-31',
    findings: `Findings ${SENTINEL}-findings`,
    evidenceLevel: 5,
    evidenceReason: 'Randomised',
  });
  await internal('process', {
    type: 'citizens-panel',
    title: `Citizens’ panel ${SENTINEL}-process`,
    commissionedBy: 'Department of Health and Social Care',
    started: '2025-09-01',
    reported: '2025-12-01',
    responseDue: '2026-01-31',
    members: 40,
    selection: `Civic lottery ${SENTINEL}-selection`,
    method: 'Four weekends of deliberation',
    outputs: [{ title: `Report ${SENTINEL}-output`, url: 'https://example.org/panel' }],
    recommendations: [
      {
        number: 1,
        text: `Recommendation ${SENTINEL}-recommendation`,
        goals: ['elective-waits'],
        projects: ['elective-reform-plan'],
        response: {
          decision: 'accepted',
          reasons: `Reasons ${SENTINEL}-reasons`,
          respondedOn: '2026-01-15',
          delivers: [{ project: 'elective-reform-plan' }],
        },
      },
      { number: 2, text: `Unanswered ${SENTINEL}-unanswered` },
    ],
  });
  await internal('stocktake', {
    heldOn: '2026-11-20',
    title: 'Autumn stocktake',
    ratings: [
      {
        subject: 'goal',
        slug: 'smoke-free',
        rating: 'green',
        narrative: `Narrative ${SENTINEL}-narrative`,
      },
    ],
  });
}

/** The site as `northstar publish` writes it: each file's path and text. */
async function published(runtime: Runtime, dir: string): Promise<[string, string][]> {
  const publisher = await createWebApp(runtime.services, { production: true, staticSite: true });
  await publishSite(publisher, runtime.services, folderEffects(dir));
  await publisher.close();
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /\.(html|json|csv|md|txt)$/.test(f.name))
    .map((f) => {
      const file = path.join(f.parentPath, f.name);
      return [path.relative(dir, file), fs.readFileSync(file, 'utf8')];
    });
}

test('internal governance records reach no public surface, and a reviewer sees them', async () => {
  const clock = fixedClock(new Date());
  const runtime = await pgliteRuntime({ seed: true, clock });
  clock.set(new Date());
  const app = await createWebApp(runtime.services, { production: true, limits: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-governance-leak-'));
  try {
    // A visitor's first look fills the response cache before the records exist…
    const anonymous = client(app);
    assert.equal((await anonymous.get('/missions/nhs')).statusCode, 200);
    await recordInternal(runtime);
    // … and a reviewer reads them (their answers must not be what a visitor is given next).
    const reviewer = await signedIn(app, runtime, { role: 'reviewer', scope: '' });
    const shows: Record<string, string[]> = {
      '/missions/nhs': ['risk', 'letter', 'process'],
      '/missions/nhs/governance': [
        'risk',
        'mitigation',
        'decision',
        'action',
        'letter',
        'narrative',
        'evaluation',
      ],
      '/missions/nhs/projects/elective-reform-plan': ['evaluation', 'findings'],
      '/missions/nhs/processes/1': [
        'process',
        'selection',
        'output',
        'recommendation',
        'reasons',
        'unanswered',
      ],
    };
    for (const [url, parts] of Object.entries(shows)) {
      const page = await reviewer.get(url);
      assert.equal(page.statusCode, 200, url);
      for (const part of parts)
        assert.match(page.body, new RegExp(`${SENTINEL}-${part}`), `${url} shows the ${part}`);
      assert.match(page.body, /Internal/);
    }
    for (const url of ['/api/v1/missions/nhs/governance', '/api/v1/governance']) {
      const body = (await reviewer.get(url)).body;
      for (const part of [
        'risk',
        'decision',
        'action',
        'letter',
        'narrative',
        'evaluation',
        'process',
        'reasons',
      ])
        assert.match(body, new RegExp(`${SENTINEL}-${part}`), `${url} gives the ${part}`);
    }
    assert.match((await reviewer.get('/api/v1/processes')).body, new RegExp(SENTINEL));
    // The mission page shows the reviewer the overdue internal action in its count.
    assert.match((await reviewer.get('/missions/nhs')).body, /1 of 1 action overdue/);

    // Every public page, crawled from where the published copy starts, as a visitor.
    const queue = ['/', '/changes', '/methodology'];
    for (const feature of features)
      queue.push(...((await feature.publicPages?.(runtime.services)) ?? []));
    const seen = new Set<string>();
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url) || url.startsWith('/manage') || url.startsWith('/sign-')) continue;
      seen.add(url);
      const res = await anonymous.get(url);
      assert.doesNotMatch(res.body, new RegExp(SENTINEL), `${url} leaked an internal record`);
      if (res.statusCode !== 200 || !/text\/html/.test(String(res.headers['content-type'])))
        continue;
      // Areas are many and show no governance: the missions' own pages are what matter.
      for (const [, link] of res.body.matchAll(/href="(\/[^"?#]*)"/g))
        if (!/^\/(assets|areas|indicators|open-data)\//.test(link!)) queue.push(link!);
    }
    assert.ok(seen.has('/missions/nhs/governance'), 'the crawl reached the governance page');
    assert.ok(seen.has('/missions/nhs/projects/elective-reform-plan'), 'and the project pages');
    assert.equal((await anonymous.get('/missions/nhs/processes/1')).statusCode, 404);
    assert.doesNotMatch((await anonymous.get('/missions/nhs')).body, /Internal/);

    // Every API answer to an anonymous caller that could hold governance or the log.
    for (const url of [
      '/api/v1/governance',
      '/api/v1/missions/nhs/governance',
      '/api/v1/missions/nhs/governance?asAt=2030-01-01',
      '/api/v1/missions',
      '/api/v1/missions/nhs',
      '/api/v1/evaluations',
      '/evaluations.csv',
      '/api/v1/processes',
      '/api/v1/processes?mission=nhs',
      '/recommendations.csv',
      '/api/v1/audit/head',
      '/api/openapi.json',
    ]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, new RegExp(SENTINEL), `${url} leaked to an anonymous caller`);
    }
    // A session cookie that names nobody is anonymous too.
    const stranger = await app.inject({
      url: '/api/v1/missions/nhs/governance',
      headers: { cookie: 'northstar_session=not-a-session' },
    });
    assert.doesNotMatch(stranger.body, new RegExp(SENTINEL));
    // The public change log's events, as a service call and through every page of it.
    assert.doesNotMatch(JSON.stringify(await runtime.services.audit.list()), new RegExp(SENTINEL));
    assert.match(
      JSON.stringify(await runtime.services.audit.list({ internal: true })),
      new RegExp(SENTINEL),
      'the chain holds the internal events',
    );

    // The open data export.
    const exported: string[] = [];
    await exportOpenData(runtime.services, {
      writeFile: async (name, contents) => void exported.push(name, contents),
    });
    assert.doesNotMatch(exported.join('\n'), new RegExp(SENTINEL), 'the export leaked');

    // The published copy: every page, data file and API snapshot.
    const files = await published(runtime, path.join(dir, 'site'));
    assert.ok(files.some(([name]) => name === 'missions/nhs/governance/index.html'));
    assert.ok(files.some(([name]) => name === 'api/v1/governance.json'));
    assert.ok(
      files.some(([name]) => name === 'missions/nhs/projects/elective-reform-plan/index.html'),
    );
    assert.ok(files.some(([name]) => name === 'evaluations.csv'));
    assert.ok(files.some(([name]) => name === 'api/v1/evaluations.json'));
    assert.ok(files.some(([name]) => name === 'recommendations.csv'));
    assert.ok(files.some(([name]) => name === 'api/v1/processes.json'));
    assert.ok(!files.some(([name]) => name.startsWith('missions/nhs/processes/')));
    for (const [name, text] of files)
      assert.doesNotMatch(text, new RegExp(SENTINEL), `the published ${name} leaked`);

    assert.ok((await runtime.services.audit.verify()).ok, 'the chain and the records agree');
  } finally {
    await app.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a green rating on an off-track goal is flagged on the mission page', async () => {
  const runtime = await pgliteRuntime({ seed: true });
  const { missions, governance } = runtime.services;
  const app = await createWebApp(runtime.services, { production: true, limits: false });
  try {
    // Smoke-free is off track on its figures (staleAfter only makes sure of it, whatever the date).
    const nhs = (await missions.stored('uk')).find((m) => m.slug === 'nhs')!;
    const goal = nhs.goals.find((g) => g.slug === 'smoke-free')!;
    await missions.saveGoal(
      { ...goal, staleAfter: 20 },
      { actor: 'test', reason: 'Judge the goal on its latest figures' },
      missions.versionOf(goal),
    );
    const assessed = (await missions.get('nhs'))!.goals.find((g) => g.slug === 'smoke-free')!;
    assert.equal(assessed.assessment.status, 'off-track');
    await governance.save(
      {
        kind: 'stocktake',
        missionSlug: 'nhs',
        visibility: 'public',
        content: {
          heldOn: runtime.services.clock.now().toISOString().slice(0, 10),
          title: 'Winter stocktake',
          ratings: [
            { subject: 'goal', slug: 'smoke-free', rating: 'green', narrative: 'All is well.' },
            { subject: 'goal', slug: 'health-inequalities', rating: 'green', narrative: 'Fine.' },
          ],
        },
      },
      meta,
    );
    const page = (await app.inject('/missions/nhs')).body;
    // In the confidence table, the off-track goal's row has its status, the rating and the flag…
    const row = (slug: string) =>
      new RegExp(`<tr[^>]*id="confidence-${slug}"[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
    assert.match(row('smoke-free'), /Off track/);
    assert.match(row('smoke-free'), /Green/);
    assert.match(row('smoke-free'), /Optimism gap/);
    // … and a goal the data cannot judge is not flagged, whatever its rating.
    assert.match(row('health-inequalities'), /Not assessable/);
    assert.doesNotMatch(row('health-inequalities'), /Optimism gap/);
    assert.match(page, /1 optimism gap\./);
    // The example stocktake is no longer the latest: the real one is shown, unlabelled.
    assert.doesNotMatch(page, /Example — not a real stocktake\. No stocktake/);
    const api = (await app.inject('/api/v1/missions/nhs/governance')).json();
    const rated = api.ratings.goals.find((g: { goal: string }) => g.goal === 'smoke-free');
    assert.deepEqual(
      { status: rated.status, rating: rated.rating, gap: rated.optimismGap },
      { status: 'off-track', rating: 'green', gap: true },
    );
    // The methodology page gives the rule.
    assert.match(
      (await app.inject('/methodology')).body,
      /id="optimism-gap"[\s\S]*Amber\/red or redder/,
    );
  } finally {
    await app.close();
    await runtime.close();
  }
});
