// The release calendar: dates from the publishers' files, overdue ones marked, as iCalendar
// and Atom; and a later edition of a publication as a revision dated by its own file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT } from '../../config.ts';
import { fixedClock } from '../../clock.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { loadRecipe } from './recipes/recipe.ts';
import { calendarIcs, releaseCalendar, releaseStatus, releasesAtom } from './calendar.ts';

const neet = path.join(ROOT, 'data/milestones/07-neet/neets.xlsx');
const rtt = path.join(ROOT, 'data/milestones/01-nhs-rtt/latest-waiting-list.xlsx');

test('release dates come from the files: published, next, expected and overdue', async () => {
  const clock = fixedClock('2026-07-01T12:00:00Z');
  const runtime = await pgliteRuntime({ clock });
  await runtime.stores.areas.save(runtime.geography.areas);
  const { statistics } = runtime.services;
  try {
    const actor = 'test';
    await statistics.import([neet], { actor, recipe: loadRecipe('ons-neet').loaded! });
    await statistics.import([rtt], {
      actor,
      recipe: loadRecipe('nhs-rtt').loaded!,
      publishedOn: '2026-06-11',
    });
    // Released at 09:30 London time on the day the file says, not when it was imported.
    const [release] = await statistics.releases('ons-neet');
    assert.equal(release!.releasedAt, '2026-05-28T08:30:00.000Z');

    const calendar = await releaseCalendar(statistics, clock.now());
    const byId = new Map(calendar.map((e) => [e.indicatorId, e]));
    assert.deepEqual(
      { next: byId.get('ons-neet')!.next, expected: byId.get('ons-neet')!.expected },
      { next: '2026-08-27', expected: false },
      "NEET 1's sheets state its next date",
    );
    assert.deepEqual(
      { next: byId.get('nhs-rtt')!.next, expected: byId.get('nhs-rtt')!.expected },
      { next: '2026-07-11', expected: true },
      'a month after the last, as the workbook states no date',
    );
    assert.ok(calendar.every((e) => !e.overdue));
    // After the date, without new figures, it is overdue; as at a date before, it is not.
    clock.set('2026-09-01T12:00:00Z');
    const indicator = (await statistics.getIndicator('ons-neet'))!;
    assert.equal((await releaseStatus(statistics, indicator, clock.now()))!.overdue, true);
    const before = new Date('2026-08-01T00:00:00Z');
    assert.equal((await releaseStatus(statistics, indicator, clock.now(), before))!.overdue, false);
    // As at a date before the file was published, there is no release to speak of.
    assert.equal(
      await releaseStatus(statistics, indicator, clock.now(), new Date('2026-05-01')),
      null,
    );
  } finally {
    await runtime.close();
  }
});

test('iCalendar: all-day events for dates to come, escaped and folded', () => {
  const entry = {
    indicatorId: 'x',
    title: 'Waits; long, and\nlonger',
    publisher: 'NHS England',
    publication: `A publication with a very long title, ${'and more '.repeat(12)}— £ sign`,
    lastPublished: '2026-06-11T08:30:00.000Z',
    published: '2026-06-11',
    nextStated: null,
    expected: false,
    overdue: false,
  };
  const ics = calendarIcs(
    [
      { ...entry, next: '2026-07-09' },
      { ...entry, indicatorId: 'past', next: '2026-01-01' },
      { ...entry, indicatorId: 'unknown', next: null },
    ],
    new Date('2026-06-12T10:00:00Z'),
    '2026-06-12',
  );
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
  assert.equal(ics.match(/BEGIN:VEVENT/g)?.length, 1, 'only the date to come');
  assert.match(ics, /DTSTART;VALUE=DATE:20260709\r\nDTEND;VALUE=DATE:20260710/);
  // Unfolded, as a calendar reads it.
  assert.match(ics.replace(/\r\n /g, ''), /Waits\\; long\\, and\\nlonger/);
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  assert.ok(
    ics.split('\r\n').some((l) => l.startsWith(' ')),
    'long lines are folded',
  );
});

test('Atom: each release an entry, text escaped, said to be released here on its date', () => {
  const atom = releasesAtom(
    [
      {
        id: 7,
        indicatorId: 'a&b',
        title: 'Rates <for> "all" & more',
        publisher: null,
        releasedAt: '2026-05-28T08:30:00.000Z',
      },
      {
        id: 6,
        indicatorId: 'c',
        title: 'Undated',
        publisher: 'ONS',
        releasedAt: '2026-05-20T10:00:00.000Z',
      },
    ],
    new Date('2026-05-28T08:30:00.000Z'),
    '0123456789abcdef0123',
  );
  assert.match(
    atom,
    /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
  );
  assert.match(
    atom,
    /<title>Rates &#60;for&#62; &#34;all&#34; &#38; more: figures released<\/title>/,
  );
  // Released here on a date, not "new figures": the date may be when a file came here.
  assert.match(
    atom,
    /<summary>Figures for Undated from ONS, released here on 20 May 2026\.<\/summary>/,
  );
  assert.doesNotMatch(atom, /new figures/);
  assert.match(atom, /<id>tag:northstar,2026:0123456789abcdef\/release\/7<\/id>/);
  assert.match(atom, /href="\/indicators\/a%26b"/);
  assert.doesNotMatch(atom, /<for>/);
});
