// The API's contract, checked from the OpenAPI document itself: every route it describes
// declares the shape of its answer and the problem body of its errors, and answers a real
// request in that shape (fastify-type-provider-zod serialises through the schema, so an answer
// that strays from it would be a 500). A route added later is checked the moment it exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createWebApp, type Runtime } from '../../compose.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';

let runtime: Runtime;
let app: FastifyInstance;

type Operation = {
  parameters?: { in: string; name: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
};
let paths: Record<string, { get?: Operation }>;
let components: Record<string, Record<string, unknown>>;
let version: string;

before(async () => {
  runtime = await pgliteRuntime({ seed: true });
  app = await createWebApp(runtime.services);
  const doc = (await app.inject('/api/openapi.json')).json();
  paths = doc.paths;
  components = doc.components?.schemas ?? {};
  version = doc.openapi;
});
after(async () => {
  await app.close();
  await runtime.close();
});

/** Seeded things each path parameter can name. */
const samples: Record<string, string> = {
  mission: 'growth',
  goal: 'gdp-per-head',
  indicator: '8.1.1',
  area: 'E09000007',
};

/** A path of the document as an address, its parameters filled from the samples. */
const address = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = samples[name];
    assert.ok(value, `no sample for the path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });

const jsonSchemaOf = (op: Operation, status: string) =>
  op.responses[status]?.content?.['application/json']?.schema;

test('the document describes at least the routes the API has always had', () => {
  for (const path of ['/api/v1/missions', '/api/v1/indicators/{indicator}/observations', '/health'])
    assert.ok(paths[path]?.get, path);
});

test('a path names each thing as the queries and answers do: mission, goal, indicator, area', () => {
  const names = new Set(
    Object.keys(paths).flatMap((p) => [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])),
  );
  assert.deepEqual([...names].sort(), ['area', 'goal', 'indicator', 'mission']);
});

test('every route declares the shape of its 200 answer, with its fields', () => {
  const missing = Object.entries(paths).flatMap(([path, item]) => {
    const schema = item.get && jsonSchemaOf(item.get, '200');
    const described =
      schema && (schema.type === 'object' || '$ref' in schema) && schema.properties !== undefined;
    return described ? [] : [path];
  });
  assert.deepEqual(missing, [], 'routes without a 200 response schema');
});

test("a governance record's fields are declared, as its kind keeps them", () => {
  type Schema = { properties?: Record<string, Schema>; items?: Schema; required?: string[] };
  const answer = jsonSchemaOf(
    paths['/api/v1/missions/{mission}/governance']!.get!,
    '200',
  ) as Schema;
  const fields = (list: string) => answer.properties![list]!.items!.properties ?? {};
  assert.deepEqual(Object.keys(fields('risks')).sort(), [
    'closed',
    'description',
    'goal',
    'id',
    'impact',
    'likelihood',
    'mitigation',
    'owner',
    'project',
    'reviewOn',
    'score',
    'visibility',
  ]);
  assert.ok(fields('stocktakes').ratings, 'a stocktake has its ratings');
  assert.ok(fields('actions').overdue && fields('actions').due, 'an action, its due date');
  assert.ok(fields('evaluations').evaluator && fields('processes').recommendations);
});

test('every route declares the problem body (RFC 9457) for 400, 404, 429 and 500', () => {
  const problem = components.Problem as { required?: string[] } | undefined;
  assert.deepEqual(problem?.required, ['type', 'title', 'status', 'detail']);
  for (const [path, item] of Object.entries(paths))
    for (const status of ['400', '404', '429', '500'])
      assert.deepEqual(
        item.get!.responses[status]?.content?.['application/problem+json']?.schema,
        { $ref: '#/components/schemas/Problem' },
        `${path} ${status}`,
      );
});

test('every route answers a real request through its schema, not with a 500', async () => {
  for (const path of Object.keys(paths)) {
    const res = await app.inject(address(path));
    assert.equal(res.statusCode, 200, `${path}: ${res.body.slice(0, 300)}`);
    assert.match(String(res.headers['content-type']), /^application\/json/, path);
  }
});

test('every answer is what its schema says, nulls included (JSON Schema 2020-12)', async () => {
  // OpenAPI 3.1's schemas are JSON Schema: a validator that knows nothing of this service checks
  // the real answers against them, each `$ref` resolved in the document's components.
  assert.match(version, /^3\.1\./);
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  const validator = (op: Operation, status: number, type: string) => {
    const schema = op.responses[String(status)]?.content?.[type]?.schema;
    assert.ok(schema, `a schema for ${status} ${type}`);
    return ajv.compile({ ...schema, components: { schemas: components } });
  };
  // Every route, and answers known to hold nulls: a goal with no projection, an indicator with
  // no direction, a stocktake's project without a rating; then a problem of each kind.
  const known = [
    '/api/v1/missions/nhs/goals/suicide',
    '/api/v1/indicators/16.1.1',
    '/api/v1/missions/growth/governance',
    '/api/v1/missions/nope',
    '/api/v1/missions?bogus=1',
  ];
  const routeOf = (url: string) =>
    Object.keys(paths).find((path) =>
      new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`).test(url.split('?')[0]!),
    )!;
  const checks = [
    ...Object.keys(paths).map((path) => [path, address(path)]),
    ...known.map((url) => [routeOf(url), url]),
  ];
  for (const [path, url] of checks) {
    const res = await app.inject(url!);
    const type = String(res.headers['content-type']).split(';')[0]!;
    const validate = validator(paths[path!]!.get!, res.statusCode, type);
    assert.ok(validate(res.json()), `${url}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('a 404 from any route with a path parameter is the declared problem body', async () => {
  for (const path of Object.keys(paths).filter((p) => p.includes('{'))) {
    const res = await app.inject(path.replace(/\{\w+\}/g, 'no-such-thing'));
    assert.equal(res.statusCode, 404, path);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/, path);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['detail', 'status', 'title', 'type'], path);
    assert.equal(body.status, 404);
    assert.equal(body.title, 'Not Found');
  }
});

test('every route refuses a parameter it does not know, with the problem body naming it', async () => {
  for (const path of Object.keys(paths)) {
    const res = await app.inject(`${address(path)}?bogus=1`);
    assert.equal(res.statusCode, 400, path);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/, path);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['detail', 'status', 'title', 'type'], path);
    assert.equal(body.title, 'Bad Request', path);
    assert.match(body.detail, /bogus/, path);
  }
});

/** The paths whose lists come in pages: those that take `page` and `pageSize`. */
const pagedPaths = () =>
  Object.keys(paths).filter((path) => {
    const names = (paths[path]!.get!.parameters ?? []).map((p) => p.name);
    return names.includes('page') && names.includes('pageSize');
  });

test('every list comes in pages, the same way', async () => {
  assert.deepEqual(
    [
      '/api/v1/areas',
      '/api/v1/assessments',
      '/api/v1/changes',
      '/api/v1/evaluations',
      '/api/v1/governance',
      '/api/v1/governments',
      '/api/v1/indicators',
      '/api/v1/indicators/{indicator}/observations',
      '/api/v1/missions',
      '/api/v1/partners',
      '/api/v1/pledges',
      '/api/v1/processes',
      '/api/v1/settlements',
    ].filter((p) => !pagedPaths().includes(p)),
    [],
    'lists without paging',
  );
  for (const path of pagedPaths()) {
    const base = address(path);
    const first = (await app.inject(`${base}?pageSize=1`)).json();
    assert.equal(first.page, 1, path);
    assert.equal(first.pageSize, 1, path);
    assert.equal(first.pages, Math.max(1, first.total), path);
    assert.equal(first.links.first, `${base}?page=1&pageSize=1`, path);
    assert.equal(first.links.prev, null, path);
    if (first.total > 1) {
      assert.equal(first.links.next, `${base}?page=2&pageSize=1`, path);
      const second = (await app.inject(first.links.next)).json();
      assert.equal(second.page, 2, path);
      assert.equal(second.links.prev, `${base}?page=1&pageSize=1`, path);
      assert.notDeepEqual(second, first, path);
    } else assert.equal(first.links.next, null, path);
    const past = await app.inject(`${base}?page=${first.pages + 1}&pageSize=1`);
    assert.equal(past.statusCode, 404, path);
    for (const bad of ['page=0', 'pageSize=0', 'pageSize=100000', 'page=x'])
      assert.equal((await app.inject(`${base}?${bad}`)).statusCode, 400, `${path}?${bad}`);
  }
});

test('a page of a list holds the right slice of the whole', async () => {
  const whole = (await app.inject('/api/v1/indicators?pageSize=1000')).json();
  assert.equal(whole.indicators.length, whole.total);
  assert.ok(whole.total > 10);
  const third = (await app.inject('/api/v1/indicators?page=3&pageSize=4')).json();
  assert.deepEqual(third.indicators, whole.indicators.slice(8, 12));
  assert.equal(third.pages, Math.ceil(whole.total / 4));
  assert.equal(third.links.last, `/api/v1/indicators?page=${third.pages}&pageSize=4`);
});

test('observations filter by breakdown: the totals alone, or figures with every pair given', async () => {
  const base = '/api/v1/indicators/16.1.1/observations?pageSize=10000';
  const all = (await app.inject(base)).json();
  const female = (await app.inject(`${base}&breakdown=Sex:Female`)).json();
  assert.ok(female.total > 0 && female.total < all.total);
  for (const o of female.observations) assert.equal(o.dimensions.Sex, 'Female');
  const expected = all.observations.filter(
    (o: { dimensions: Record<string, string> }) => o.dimensions.Sex === 'Female',
  );
  assert.equal(female.total, expected.length);
  const age = female.observations.find(
    (o: { dimensions: Record<string, string> }) => o.dimensions.Age,
  );
  assert.ok(age, 'some figures for women are broken down by age too');
  const both = (
    await app.inject(
      `${base}&breakdown=${encodeURIComponent(`Sex:Female;Age:${age.dimensions.Age}`)}`,
    )
  ).json();
  assert.ok(both.total > 0 && both.total < female.total);
  for (const o of both.observations) assert.deepEqual(o.dimensions, age.dimensions);
  const totals = (await app.inject(`${base}&breakdown=none`)).json();
  for (const o of totals.observations) assert.deepEqual(o.dimensions, {});
  assert.equal(
    totals.total,
    all.observations.filter((o: { dimensions: object }) => Object.keys(o.dimensions).length === 0)
      .length,
  );
  for (const bad of ['Sex', 'Sex:Female;', ':Female'])
    assert.equal(
      (await app.inject(`${base}&breakdown=${encodeURIComponent(bad)}`)).statusCode,
      400,
      bad,
    );
  // A published value may hold `;` itself: only a dimension's name and `:` start a new pair.
  const sectors = '/api/v1/indicators/7.3.1/observations?pageSize=10000';
  const whole = (await app.inject(sectors)).json();
  const semi = whole.observations.find((o: { dimensions: Record<string, string> }) =>
    Object.values(o.dimensions).some((v) => v.includes(';')),
  );
  assert.ok(semi, 'a value with ; in it');
  const pairs = Object.entries(semi.dimensions as Record<string, string>)
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
  const one = (await app.inject(`${sectors}&breakdown=${encodeURIComponent(pairs)}`)).json();
  assert.ok(one.total > 0, pairs);
  for (const o of one.observations) assert.deepEqual(o.dimensions, semi.dimensions);
  const csv = await app.inject('/api/v1/indicators/16.1.1/observations?format=csv&page=2');
  assert.equal(csv.statusCode, 400, 'the CSV file is the whole table, never a page');
  assert.match(csv.json().detail, /CSV/);
});

test('the areas list filters by level, parent and use, and names each area once', async () => {
  const regions = (await app.inject('/api/v1/areas?level=region&pageSize=1000')).json();
  assert.ok(regions.total >= 9);
  for (const a of regions.areas) assert.equal(a.level, 'region');
  const london = regions.areas.find((a: { name: string }) => a.name === 'London');
  assert.ok(london);
  const within = (await app.inject(`/api/v1/areas?parent=${london.code}&pageSize=1000`)).json();
  assert.ok(
    within.areas.some((a: { code: string }) => a.code === 'E09000007'),
    'Camden is in London',
  );
  for (const a of within.areas) assert.equal(a.parentCode, london.code);
  const every = (await app.inject('/api/v1/areas?pageSize=1000')).json();
  const codes = every.areas.map((a: { code: string }) => a.code);
  assert.equal(new Set(codes).size, codes.length);
  const replaced = (await app.inject('/api/v1/areas?current=false&pageSize=1000')).json();
  for (const a of replaced.areas) assert.equal(a.current, false);
  assert.equal((await app.inject('/api/v1/areas?level=planet')).statusCode, 400);
});
