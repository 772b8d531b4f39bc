// The API's page for people: made from the OpenAPI document, so it lists every route the API
// has with its parameters, and each example link it gives answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededSite } from '../../../test/support/runtime.ts';
import { apiRoutes } from './apiPage.ts';

const site = seededSite();

test('lists every route of the OpenAPI document with its parameters, and nothing else', async () => {
  const res = await site.app.inject('/api');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  const html = res.body;
  const doc = (await site.app.inject('/api/openapi.json')).json();
  const listed = [...html.matchAll(/<code>GET (\S+)<\/code>/g)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), Object.keys(doc.paths).sort());
  for (const [path, item] of Object.entries(doc.paths) as [
    string,
    { get: { parameters?: { name: string }[] } },
  ][])
    for (const p of item.get.parameters ?? [])
      assert.ok(html.includes(`<code>${p.name}</code>`), `${path} names its parameter ${p.name}`);
  assert.match(html, /href="\/api\/openapi.json"/);
});

test('every example link on the page answers with JSON', async () => {
  const html = (await site.app.inject('/api')).body;
  const links = [...html.matchAll(/Try it: <a class="govuk-link" href="([^"]+)"/g)].map((m) =>
    m[1]!.replace(/&amp;/g, '&'),
  );
  const doc = (await site.app.inject('/api/openapi.json')).json();
  assert.equal(links.length, Object.keys(doc.paths).length, 'one example for every route');
  for (const link of links) {
    const res = await site.app.inject(link);
    assert.equal(res.statusCode, 200, link);
    assert.match(String(res.headers['content-type']), /^application\/json/, link);
  }
});

test('a route is made from the document: its example from its parameters, none without one', () => {
  const routes = apiRoutes({
    paths: {
      '/api/v1/things/{id}': {
        get: {
          summary: 'A <thing>',
          tags: ['things'],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { examples: ['a b'] } },
            { name: 'kind', in: 'query', description: 'Its kind.', schema: { enum: ['x', 'y'] } },
          ],
          responses: { 200: {}, 404: {} },
        },
      },
      '/api/v1/others/{id}': {
        get: { tags: ['others'], parameters: [{ name: 'id', in: 'path' }] },
      },
      '/api/v1/things': { get: { tags: ['things'] } },
    },
  });
  assert.deepEqual(
    routes.map((r) => [r.path, r.example]),
    [
      ['/api/v1/things/{id}', '/api/v1/things/a%20b'],
      ['/api/v1/things', '/api/v1/things'],
      ['/api/v1/others/{id}', null],
    ],
  );
  assert.equal(routes[0]!.parameters[1]!.description, 'Its kind. One of: x, y.');
  assert.deepEqual(routes[0]!.statuses, ['200', '404']);
});
