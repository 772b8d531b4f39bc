// Dates and targets in words: one formatter for each, whatever the machine's time zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, targetPhrase } from './format.ts';

const DATES: [why: string, value: string | Date, expected: string][] = [
  ['a date is that calendar date', '2026-11-22', '22 November 2026'],
  ['a date in British Summer Time is still that date', '2024-06-30', '30 June 2024'],
  ['a leap day', '2024-02-29', '29 February 2024'],
  [
    'an instant at 23:30 UTC in summer is the next day in London',
    '2026-06-30T23:30:00Z',
    '1 July 2026',
  ],
  ['the same instant as a Date', new Date('2026-06-30T23:30:00Z'), '1 July 2026'],
  [
    'an instant at 23:30 UTC in winter is the same day in London',
    '2026-01-15T23:30:00Z',
    '15 January 2026',
  ],
  ['a winter instant as a Date', new Date('2026-12-31T23:59:59.999Z'), '31 December 2026'],
  ['an instant with its own offset', '2026-07-01T00:30:00+02:00', '30 June 2026'],
  [
    'the last millisecond of a summer day, as the API reads a date',
    '2024-06-30T23:59:59.999Z',
    '1 July 2024',
  ],
];

for (const [why, value, expected] of DATES) {
  test(`formatDate: ${why}`, () => assert.equal(formatDate(value), expected));
}

test('formatDate: an impossible date or instant is an error, not another day', () => {
  for (const value of ['2024-02-30', '2023-02-29', '2024-13-01', 'soon', new Date(NaN)]) {
    assert.throws(() => formatDate(value), RangeError, String(value));
  }
});

const TARGETS: [
  target: Parameters<typeof targetPhrase>[0],
  unit: string | null | undefined,
  expected: string,
][] = [
  [
    { value: 5, comparator: '<=', deadline: '2030-12-31' },
    'Percentage (%)',
    'at most 5% by 31 December 2030',
  ],
  [{ value: 5, comparator: '<', deadline: '2030-12-31' }, '%', 'below 5% by 31 December 2030'],
  [
    { value: 60, comparator: '>=', deadline: '2035-03-31' },
    'percent',
    'at least 60% by 31 March 2035',
  ],
  [
    { value: 1234.5, comparator: '>', deadline: '2029-06-30' },
    'tonnes',
    'above 1,235 tonnes by 30 June 2029',
  ],
  [
    { value: 0.125, comparator: '>=', deadline: '2030-01-01' },
    null,
    'at least 0.125 by 1 January 2030',
  ],
  [
    { value: 11, comparator: '<=', deadline: '2030-12-31' },
    'Number',
    'at most 11 by 31 December 2030',
  ],
  [null, '%', 'None set'],
  [undefined, undefined, 'None set'],
];

for (const [target, unit, expected] of TARGETS) {
  test(`targetPhrase: ${expected}`, () => assert.equal(targetPhrase(target, unit), expected));
}
