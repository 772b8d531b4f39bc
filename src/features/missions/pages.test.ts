// The public goal page as its readers need it: the table of figures newest first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';

let runtime: Runtime;
let app: FastifyInstance;

before(async () => {
  runtime = await pgliteRuntime({ seed: true });
  app = await createWebApp(runtime.services);
});
after(async () => {
  await app.close();
  await runtime.close();
});

test("a goal's table of figures lists the newest period first", async () => {
  const page = await app.inject('/missions/growth/goals/youth-neet');
  assert.equal(page.statusCode, 200);
  const table = page.body.split('id="figures-caption"')[1]?.split('</table>')[0] ?? '';
  const periods = [
    ...table.matchAll(/<th scope="row" class="govuk-table__header">([^<]+)<\/th>/g),
  ].map((m) => m[1]!);
  assert.ok(periods.length > 2, `expected several rows, got ${periods.length}`);
  // Rolling quarters are labelled like "Jan-Mar 2026": the year of the first row is the latest.
  const years = periods.map((p) => Number(p.match(/(\d{4})\s*$/)?.[1]));
  assert.ok(
    years.every((y) => Number.isFinite(y)),
    `periods without a year: ${periods.join(', ')}`,
  );
  assert.equal(years[0], Math.max(...years));
  assert.equal(years.at(-1), Math.min(...years));
  for (let i = 1; i < years.length; i++) assert.ok(years[i - 1]! >= years[i]!, periods.join(', '));
});

test("a goal's baseline is shown with its figure from the series", async () => {
  const page = await app.inject('/missions/growth/goals/productivity');
  assert.equal(page.statusCode, 200);
  const baseline = page.body.match(/Baseline\s*<\/dt>\s*<dd[^>]*>\s*([^<]*?)\s*<\/dd>/)?.[1];
  assert.ok(baseline, 'no baseline row');
  assert.doesNotMatch(baseline, /no figure yet/);
  assert.match(baseline, /^-?[\d.,]+% in 2021$/);
});

test('long pages open with a contents list of exactly the sections they show', async () => {
  for (const url of [
    '/missions/nhs',
    '/missions/nhs/goals/smoke-free',
    // Awaiting data: no chart, so no "Progress so far".
    '/missions/opportunity/goals/youth-guarantee',
    '/methodology',
  ]) {
    const html = (await app.inject(url)).body;
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    const nav = main.match(/<nav class="ns-contents"[\s\S]*?<\/nav>/)?.[0] ?? '';
    const listed = [...nav.matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => `${m[1]} ${m[2]}`);
    const sections = [...main.matchAll(/<h2 class="govuk-heading-[lm]" id="([^"]+)">([^<]+)</g)]
      .map((m) => `${m[1]} ${m[2]}`)
      .filter((s) => !s.startsWith('contents-title'));
    assert.ok(listed.length >= 4, `${url}: a contents list, got ${listed.join(', ')}`);
    assert.deepEqual(listed, sections, `${url}: the contents list matches the sections`);
  }
});
