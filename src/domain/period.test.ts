// Periods are tested against every label shape ONS publishes, and against the real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  comparePeriods,
  dateToTime,
  dayAfter,
  endOfIsoDate,
  isIsoDate,
  parsePeriod,
  type Period,
  type SplitYear,
} from './period.ts';
import { endOfDayTime } from './trajectory.ts';

// The repository's copy of the ONS sample, else the shared original it was taken from.
const REPO_SDG_DATA_DIR = fileURLToPath(new URL('../../data/uk-sdg/data', import.meta.url));
const SDG_DATA_DIR = fs.existsSync(REPO_SDG_DATA_DIR)
  ? REPO_SDG_DATA_DIR
  : '/work/shared/data/uk-sdg/data';

type Expected = Omit<Period, 'time'>;

function parsed(label: string, split?: SplitYear): Period {
  const result = parsePeriod(label, split);
  assert.ok(result.ok, `expected "${label}" to parse, got: ${result.ok ? '' : result.reason}`);
  return result.period;
}

const GOOD: Array<[label: string, expected: Expected, split?: SplitYear]> = [
  ['2019', { label: '2019', kind: 'year', start: '2019-01-01', end: '2019-12-31' }],
  [' 2019 ', { label: '2019', kind: 'year', start: '2019-01-01', end: '2019-12-31' }],
  ['2021.0', { label: '2021', kind: 'year', start: '2021-01-01', end: '2021-12-31' }],
  ['1974a', { label: '1974a', kind: 'year', start: '1974-01-01', end: '1974-12-31', variant: 'a' }],
  ['1974b', { label: '1974b', kind: 'year', start: '1974-01-01', end: '1974-12-31', variant: 'b' }],
  ['2015/16', { label: '2015/16', kind: 'financial-year', start: '2015-04-01', end: '2016-03-31' }],
  [
    '2019/2020',
    { label: '2019/2020', kind: 'financial-year', start: '2019-04-01', end: '2020-03-31' },
  ],
  ['1999/00', { label: '1999/00', kind: 'financial-year', start: '1999-04-01', end: '2000-03-31' }],
  [
    '2015/16',
    { label: '2015/16', kind: 'academic-year', start: '2015-09-01', end: '2016-08-31' },
    'academic',
  ],
  [
    '2010 to 2011',
    { label: '2010 to 2011', kind: 'academic-year', start: '2010-09-01', end: '2011-08-31' },
    'academic',
  ],
  [
    '2010 to 2011',
    { label: '2010 to 2011', kind: 'financial-year', start: '2010-04-01', end: '2011-03-31' },
  ],
  ['2013/16', { label: '2013/16', kind: 'range', start: '2013-01-01', end: '2016-12-31' }],
  ['2010/20', { label: '2010/20', kind: 'range', start: '2010-01-01', end: '2020-12-31' }],
  [
    '2018 to 2020',
    { label: '2018 to 2020', kind: 'range', start: '2018-01-01', end: '2020-12-31' },
  ],
  ['2003-05', { label: '2003-05', kind: 'range', start: '2003-01-01', end: '2005-12-31' }],
  ['1985-87', { label: '1985-87', kind: 'range', start: '1985-01-01', end: '1987-12-31' }],
  ['2010-12', { label: '2010-12', kind: 'range', start: '2010-01-01', end: '2012-12-31' }],
  ['1998-00', { label: '1998-00', kind: 'range', start: '1998-01-01', end: '2000-12-31' }],
  ['1984-1988', { label: '1984-1988', kind: 'range', start: '1984-01-01', end: '1988-12-31' }],
  [
    '2002/03-2007/08',
    { label: '2002/03-2007/08', kind: 'range', start: '2002-04-01', end: '2008-03-31' },
  ],
  [
    '2007/08 to 2008/09',
    { label: '2007/08 to 2008/09', kind: 'range', start: '2007-04-01', end: '2009-03-31' },
  ],
  [
    '2007/08 to 2008/09',
    { label: '2007/08 to 2008/09', kind: 'range', start: '2007-09-01', end: '2009-08-31' },
    'academic',
  ],
  [
    '2001-2005 (baseline)',
    { label: '2001-2005', kind: 'range', start: '2001-01-01', end: '2005-12-31', note: 'baseline' },
  ],
  [
    '2019/20 [Note 5]',
    {
      label: '2019/20',
      kind: 'financial-year',
      start: '2019-04-01',
      end: '2020-03-31',
      note: 'Note 5',
    },
  ],
  [
    '2020 [note 5]',
    { label: '2020', kind: 'year', start: '2020-01-01', end: '2020-12-31', note: 'note 5' },
  ],
  ['2020 [x]', { label: '2020', kind: 'year', start: '2020-01-01', end: '2020-12-31', note: 'x' }],
  ['2000 Q1', { label: '2000 Q1', kind: 'quarter', start: '2000-01-01', end: '2000-03-31' }],
  ['2016 Q4', { label: '2016 Q4', kind: 'quarter', start: '2016-10-01', end: '2016-12-31' }],
  ['2024-Q2', { label: '2024-Q2', kind: 'quarter', start: '2024-04-01', end: '2024-06-30' }],
  ['1993 01', { label: '1993 01', kind: 'month', start: '1993-01-01', end: '1993-01-31' }],
  ['2024-03', { label: '2024-03', kind: 'month', start: '2024-03-01', end: '2024-03-31' }],
  ['2024-02', { label: '2024-02', kind: 'month', start: '2024-02-01', end: '2024-02-29' }],
  ['1999-01', { label: '1999-01', kind: 'month', start: '1999-01-01', end: '1999-01-31' }],
  ['March 2024', { label: 'March 2024', kind: 'month', start: '2024-03-01', end: '2024-03-31' }],
  ['Sept 2023', { label: 'Sept 2023', kind: 'month', start: '2023-09-01', end: '2023-09-30' }],
  ['2024-03-31', { label: '2024-03-31', kind: 'date', start: '2024-03-31', end: '2024-03-31' }],
  [
    '17 May to 11 June 2023',
    { label: '17 May to 11 June 2023', kind: 'range', start: '2023-05-17', end: '2023-06-11' },
  ],
  [
    '20 December to 10 January 2024',
    {
      label: '20 December to 10 January 2024',
      kind: 'range',
      start: '2023-12-20',
      end: '2024-01-10',
    },
  ],
  [
    '1 March 2022 to 28 February 2023',
    {
      label: '1 March 2022 to 28 February 2023',
      kind: 'range',
      start: '2022-03-01',
      end: '2023-02-28',
    },
  ],
];

test('parses every known label shape', async (t) => {
  for (const [label, expected, split] of GOOD) {
    await t.test(`${JSON.stringify(label)}${split ? ` (${split})` : ''}`, () => {
      const period = parsed(label, split);
      assert.deepEqual(period, { ...expected, time: period.time }); // time has its own test
    });
  }
});

const BAD: Array<[label: string, reason: string]> = [
  ['', 'label is empty'],
  ['   ', 'label is empty'],
  ['[Note 5]', 'label is empty'],
  ['There is no data for this indicator yet', 'not a recognised period format'],
  ['This is a non-statistical indicator', 'not a recognised period format'],
  ['abc', 'not a recognised period format'],
  ['2019abc', 'not a recognised period format'], // parseInt would have said 2019
  ['2019.5', 'not a recognised period format'],
  ['20190', 'not a recognised period format'],
  ['2019/18', 'end year must be after start year'],
  ['2019/2019', 'end year must be after start year'],
  ['2020 to 2019', 'end year must be after start year'],
  ['2023 Q5', 'quarter must be 1 to 4'],
  ['2023 Q0', 'quarter must be 1 to 4'],
  ['2024-13', 'month must be 01 to 12'],
  ['2024 13', 'month must be 01 to 12'],
  ['2024-00', 'month must be 01 to 12'],
  ['2024-02-30', 'day must be 1 to 29'],
  ['2023-02-29', 'day must be 1 to 28'],
  ['2024-13-01', 'month must be 01 to 12'],
  ['abc 2024', 'unknown month "abc"'],
  ['Ma 2024', 'unknown month "Ma"'],
  ['1799', 'year 1799 is outside 1800 to 2200'],
  ['2201', 'year 2201 is outside 1800 to 2200'],
  ['2199/2201', 'year 2201 is outside'],
  ['2007/08 to 2006/07', 'range ends before it starts'],
  ['2007/09 to 2008/09', 'each end must be a one-year split'],
  ['12 June to 11 June 2023', 'range ends before it starts'],
  ['31 June to 11 July 2023', 'day must be 1 to 30'],
];

test('rejects bad labels with a reason', async (t) => {
  for (const [label, reason] of BAD) {
    await t.test(JSON.stringify(label), () => {
      const result = parsePeriod(label);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.ok(result.reason.startsWith(`"${label.trim()}" is not a period: `), result.reason);
        assert.ok(result.reason.includes(reason), `${result.reason} should mention: ${reason}`);
      }
    });
  }
  assert.equal(
    (parsePeriod('2023 Q5') as { reason: string }).reason,
    '"2023 Q5" is not a period: quarter must be 1 to 4',
  );
});

test('time is the decimal year at the instant the period ends', () => {
  // Calendar 2023 ends at the start of 1 Jan 2024: 2024 + 0/366.
  assert.equal(parsed('2023').time, 2024);
  // FY 2023/24 ends at 1 Apr 2024. 2024 is a leap year: Jan 31 + Feb 29 + Mar 31 = 91 days of 366.
  assert.equal(parsed('2023/24').time, 2024 + 91 / 366);
  // Academic 2023/24 ends at 1 Sep 2024: 91 + Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 = 244.
  assert.equal(parsed('2023/24', 'academic').time, 2024 + 244 / 366);
  // 2023 Q1 ends at 1 Apr 2023; 2023 is not a leap year: 31 + 28 + 31 = 90 days in, of 365.
  assert.equal(parsed('2023 Q1').time, 2023 + 90 / 365);
  // 2023 Q4 ends at 1 Jan 2024.
  assert.equal(parsed('2023 Q4').time, 2024);
  // February 2024 ends at 1 Mar 2024: 31 + 29 = 60 days in.
  assert.equal(parsed('February 2024').time, 2024 + 60 / 366);
  // The date 2024-03-31 is one whole day, ending at 1 Apr 2024: 91 days in.
  assert.equal(parsed('2024-03-31').time, 2024 + 91 / 366);
  // 17 May to 11 June 2023 ends at 12 Jun 2023: 31 + 28 + 31 + 30 + 31 + 11 = 162 days in.
  assert.equal(parsed('17 May to 11 June 2023').time, 2023 + 162 / 365);
  // dateToTime is the start of the day: 2 Jul 2023 is 181 (Jan to Jun) + 1 = 182 days after 1 Jan.
  assert.equal(dateToTime('2023-07-02'), 2023 + 182 / 365);
  assert.equal(dateToTime('2023-01-01'), 2023);
  assert.throws(() => dateToTime('2023-02-29'), RangeError);
  assert.throws(() => dateToTime('2023-1-01'), RangeError);
});

test('comparePeriods orders by end, then start', () => {
  const labels = ['2018 to 2020', '2019/20', '2019 Q4', '2019', '2019 Q1', '2019-03-31'];
  const sorted = labels.map((label) => parsed(label)).sort(comparePeriods);
  assert.deepEqual(
    sorted.map((p) => p.label),
    ['2019 Q1', '2019-03-31', '2019', '2019 Q4', '2019/20', '2018 to 2020'],
  );
  assert.equal(comparePeriods(parsed('1974a'), parsed('1974b')), 0);
});

/** The distinct values of the first (Year) column; quoted fields are read with a small regex. */
function yearLabels(csv: string): Set<string> {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== ''); // 3-3-5 has a blank line 1
  assert.match(lines[0] ?? '', /^Year,/);
  return new Set(
    lines.slice(1).map((line) => {
      const [, quoted, plain] = /^(?:"((?:[^"]|"")*)"|([^,]*))/.exec(line) ?? [];
      return quoted?.replace(/""/g, '"') ?? plain ?? '';
    }),
  );
}

test('parses every Year label in the real UK SDG files', () => {
  const PLACEHOLDERS = new Set([
    'There is no data for this indicator yet',
    'This is a non-statistical indicator',
  ]);
  const files = fs.readdirSync(SDG_DATA_DIR).filter((name) => name.endsWith('.csv'));
  assert.equal(files.length, 50);
  const failures: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    for (const label of yearLabels(fs.readFileSync(path.join(SDG_DATA_DIR, file), 'utf8'))) {
      seen.add(label);
      const result = parsePeriod(label);
      if (PLACEHOLDERS.has(label)) {
        if (result.ok) failures.push(`${file}: placeholder "${label}" parsed`);
      } else if (!result.ok) {
        failures.push(`${file}: ${result.reason}`);
      } else {
        const { start, end, time, label: clean } = result.period;
        if (!(start <= end && Number.isFinite(time) && !clean.includes('['))) {
          failures.push(`${file}: "${label}" gave ${JSON.stringify(result.period)}`);
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  for (const label of [...PLACEHOLDERS, '2019/20 [Note 5]', '1974a', '2021.0', '2013/16']) {
    assert.ok(seen.has(label), `expected the sample to contain "${label}"`);
  }
});

const DATE_ENDS: [date: string, end: string, next: string][] = [
  ['2024-06-30', '2024-06-30T23:59:59.999Z', '2024-07-01'],
  ['2024-02-29', '2024-02-29T23:59:59.999Z', '2024-03-01'],
  ['2023-12-31', '2023-12-31T23:59:59.999Z', '2024-01-01'],
  ['2030-03-31', '2030-03-31T23:59:59.999Z', '2030-04-01'],
];

for (const [date, end, next] of DATE_ENDS) {
  test(`the end of ${date}: ${end}, the instant before ${next} starts`, () => {
    assert.equal(endOfIsoDate(date).toISOString(), end);
    // As the API and command line read a date given "as at".
    assert.equal(endOfIsoDate(date).getTime(), new Date(`${date}T23:59:59.999Z`).getTime());
    assert.equal(dayAfter(date), next);
    assert.equal(endOfIsoDate(date).getTime() + 1, Date.parse(`${next}T00:00:00Z`));
    // A deadline day ends when the next day starts, on the decimal-year axis.
    assert.equal(endOfDayTime(date), dateToTime(next));
    assert.equal(isIsoDate(date), true);
  });
}

test('an impossible or malformed date has no end: a RangeError, not another day', () => {
  for (const date of [
    '2024-02-30',
    '2023-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-6-30',
    '0099-01-01',
    '2024-06-30T00:00:00Z',
    '',
  ]) {
    assert.throws(() => endOfIsoDate(date), RangeError, date);
    assert.throws(() => endOfDayTime(date), RangeError, date);
    assert.throws(() => dayAfter(date), RangeError, date);
    assert.equal(isIsoDate(date), false, date);
  }
});
