import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMissionsYaml } from './missionsFile.ts';

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
