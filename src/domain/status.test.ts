// One status vocabulary: every status has its words, its colour and (if judged) its strength.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isJudged,
  statusColours,
  statusLabels,
  statuses,
  weakest,
  weakestFirst,
  zeroStatusCounts,
  type Status,
} from './status.ts';

const TABLE: [status: Status, label: string, colour: string, judged: boolean][] = [
  ['achieved', 'Achieved', 'blue', true],
  ['on-track', 'On track', 'green', true],
  ['at-risk', 'At risk', 'yellow', true],
  ['off-track', 'Off track', 'red', true],
  ['not-assessable', 'Not assessable', 'grey', false],
];

test('each status has its label and GOV.UK tag colour, in the order counts list them', () => {
  assert.deepEqual(
    TABLE.map(([status]) => status),
    [...statuses],
  );
  for (const [status, label, colour, judged] of TABLE) {
    assert.equal(statusLabels[status], label, status);
    assert.equal(statusColours[status], colour, status);
    assert.equal(isJudged(status), judged, status);
  }
  assert.deepEqual(Object.keys(statusLabels), [...statuses]);
  assert.deepEqual(Object.keys(statusColours), [...statuses]);
});

test('the judged statuses from weakest to strongest; not assessable is not judged', () => {
  assert.deepEqual([...weakestFirst], ['off-track', 'at-risk', 'on-track', 'achieved']);
});

test('zeroStatusCounts: a fresh zero for every status, keyed in order', () => {
  const counts = zeroStatusCounts();
  assert.deepEqual(counts, {
    achieved: 0,
    'on-track': 0,
    'at-risk': 0,
    'off-track': 0,
    'not-assessable': 0,
  });
  assert.deepEqual(Object.keys(counts), [...statuses]);
  counts['at-risk']++;
  assert.equal(zeroStatusCounts()['at-risk'], 0, 'each call gives its own counts');
});

const WEAKEST: [statuses: Status[], expected: number | null][] = [
  [[], null],
  [['not-assessable', 'not-assessable'], null],
  [['achieved', 'not-assessable'], 0],
  [['achieved', 'on-track', 'achieved'], 1],
  [['on-track', 'at-risk', 'off-track', 'at-risk'], 2],
  [['not-assessable', 'at-risk', 'achieved', 'at-risk'], 1],
  [['off-track', 'off-track'], 0],
];

for (const [list, expected] of WEAKEST) {
  test(`weakest of [${list.join(', ')}]: the first of the weakest judged`, () => {
    const items = list.map((status, index) => ({ status, index }));
    assert.equal(weakest(items, (item) => item.status)?.index ?? null, expected);
  });
}
