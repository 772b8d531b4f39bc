import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimals, integers } from './numbers.ts';

test('reads whole numbers in place', () => {
  assert.deepEqual(integers('12,7,40,0'), [12, 7, 40, 0]);
  assert.deepEqual(integers('5'), [5]);
  assert.deepEqual(integers(''), []);
});

test('reads decimals exactly as Number does, an empty field being null', () => {
  const fields = [
    '40.31',
    '',
    '-2.5',
    '0',
    '-0',
    '1.',
    '.5',
    '+1',
    '0.1',
    '0.30000000000000004',
    '123456789012345',
    '1234567890123456',
    '0.0000000000000000000001',
    '1e+20',
    '-2.5e-7',
    '17175',
    'NaN',
    'Infinity',
    '-Infinity',
    '00012.50',
    '9007199254740993',
    ' 1',
    '-',
  ];
  assert.deepEqual(
    decimals(fields.join(',')),
    fields.map((f) => (f === '' ? null : Number(f))),
  );
  assert.deepEqual(decimals(''), [null]);
  assert.deepEqual(decimals(','), [null, null]);
});

test('reads a hundred thousand random figures as Number does', () => {
  // A fixed generator: the same figures on every run.
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const fields: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    const x = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 12);
    // Shortest round-trip text (as PostgreSQL writes a double) and rounded decimals.
    fields.push(String(x), x.toFixed(Math.floor(random() * 8)));
  }
  const read = decimals(fields.join(','));
  fields.forEach((f, i) => {
    if (!Object.is(read[i], Number(f))) assert.fail(`${f} read as ${read[i]}, not ${Number(f)}`);
  });
});
