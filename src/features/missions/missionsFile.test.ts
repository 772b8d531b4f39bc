import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMissionsYaml } from './missionsFile.ts';
import { webAddressRule } from '../../domain/url.ts';

const file = (feeds: string) => `government: { slug: uk, name: UK, area: K02000001 }
missions:
  - slug: health
    title: Health
    ambition: Healthier lives
    start: 2024-07-05
    horizon: 2034-12-31
    source: { title: Manifesto }
    goals:
      - slug: waits
        statement: Shorter waits
        feeds:
          - goal: ${feeds}
            why: People back at work
        source: { title: Plan }
  - slug: growth
    title: Growth
    ambition: Growth
    start: 2024-07-05
    horizon: 2034-12-31
    source: { title: Manifesto }
    goals:
      - { slug: output, statement: More output, source: { title: Plan } }
`;

test('links between missions must name a goal of another mission in the file, or say where', () => {
  assert.deepEqual(parseMissionsYaml('m.yaml', file('growth/output')).problems, []);
  const unknown = parseMissionsYaml('m.yaml', file('growth/nothing')).problems;
  assert.deepEqual(
    unknown.map((p) => [p.line, p.message]),
    [[13, 'goal waits: feeds growth/nothing, which is not a goal in this file']],
  );
  const own = parseMissionsYaml('m.yaml', file('health/waits')).problems;
  assert.match(own[0]!.message, /a goal of its own mission/);
});

test('a file whose aliases expand without bound is refused with a located problem, not followed', () => {
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
    const previous = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  const { value, problems } = parseMissionsYaml('laughs.yaml', levels.join('\n'));
  assert.equal(value, undefined);
  assert.deepEqual(
    problems.map((p) => [p.file, p.line, p.message]),
    [
      [
        'laughs.yaml',
        1,
        "the file's aliases (*name) would expand to more than 100 copies; write the values out",
      ],
    ],
  );
});

test('a source must link to a web page: a script, data or other scheme is a located problem', () => {
  const withSources = (missionUrl: string, goalUrl: string) =>
    file('growth/output')
      .replace('source: { title: Manifesto }', `source: { title: Manifesto, url: "${missionUrl}" }`)
      .replace('source: { title: Plan }', `source: { title: Plan, url: "${goalUrl}" }`);
  const safe = 'https://www.gov.uk/government/publications/plan-for-change';
  assert.deepEqual(
    parseMissionsYaml('m.yaml', withSources(safe, 'http://example.org/')).problems,
    [],
  );
  for (const url of [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'mailto:someone@example.org',
    'file:///etc/passwd',
    'www.gov.uk',
  ]) {
    const { value, problems } = parseMissionsYaml('m.yaml', withSources(url, url));
    assert.equal(value, undefined, url);
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.message]),
      [
        ['m.yaml', 8, `missions.0.source.url: ${webAddressRule}`],
        ['m.yaml', 15, `missions.0.goals.0.source.url: ${webAddressRule}`],
      ],
      url,
    );
  }
});

test('a file that is not valid YAML is refused at the line and column of the fault', () => {
  const { value, problems } = parseMissionsYaml(
    'uk.yaml',
    'government: { slug: uk, name: UK, area: K02000001 }\nmissions:\n  - slug: a\n title: b\n',
  );
  assert.equal(value, undefined);
  assert.deepEqual(
    problems.map((p) => [p.line, p.column, p.message]),
    [[4, 1, 'All mapping items must start at the same column']],
  );
});
