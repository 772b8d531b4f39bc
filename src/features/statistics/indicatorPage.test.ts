// The public indicator page as a statistician reads it, on the seeded indicators: it opens on
// the national figure, chooses series, unit and breakdowns with a plain GET form, shows the
// source's duplicate rows as such, draws axes that hold every point, and gives the metadata.
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

async function page(url: string): Promise<string> {
  const res = await app.inject(url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
  return res.body;
}

/** The value of the option chosen in the select named `name`. */
function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  assert.ok(select, `a select named ${name}`);
  return /<option value="([^"]*)"[^>]*\sselected/.exec(select[1]!)?.[1];
}

test('each indicator opens on its national figure, not on the first area in the list', async () => {
  const cases: [id: string, area: string, name: string][] = [
    // Local authorities come first in the list; England is the widest area with figures.
    ['ohid-smoking', 'E92000001', 'England'],
    ['4.2.1', 'E92000001', 'England'],
    // Regions first; England and Wales is the widest.
    ['5.2.1', 'K04000001', 'England and Wales'],
    // Great Britain, beside its nations and local authorities.
    ['11.3.1', 'K03000001', 'Great Britain'],
    // The UK whenever it has figures.
    ['3.a.1', 'K02000001', 'United Kingdom'],
  ];
  for (const [id, area, name] of cases) {
    const [first] = await runtime.services.statistics.measures(id);
    assert.notEqual(first!.areas[0], area, `${id}: the national area is not simply first`);
    const html = await page(`/indicators/${id}`);
    assert.equal(selected(html, 'area'), area, id);
    assert.match(html, new RegExp(`<h2 class="govuk-heading-l">[^<]*, ${name}</h2>`), id);
  }
  // An area asked for is still shown.
  assert.equal(
    selected(await page('/indicators/ohid-smoking?area=E06000001'), 'area'),
    'E06000001',
  );
});
