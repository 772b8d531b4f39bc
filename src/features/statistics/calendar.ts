// The release calendar: when each indicator's figures were last published and when the next
// are due, as the publishers' own files state (or as expected from how often they come out),
// with the overdue ones marked. Also as iCalendar, and the releases as an Atom feed.
import { formatDate } from '../../domain/format.ts';
import { atomId, xml } from '../../platform/http/atom.ts';
import { publishedDate, statedNextRelease } from './indicatorMetadata.ts';
import type { StatisticsService } from './service.ts';
import type { Indicator } from './store.ts';

export interface CalendarEntry {
  indicatorId: string;
  title: string;
  publisher: string | null;
  publication: string | null;
  /** When the latest release's figures were added here (ISO instant). */
  lastPublished: string;
  /** When the publisher says it published them (ISO date), if it says. */
  published: string | null;
  /** When the next is due (ISO date), if known. */
  next: string | null;
  /** Else what the sources' metadata says of it, in their words ("Discontinued"), if anything. */
  nextStated: string | null;
  /** The next date is worked out from how often it comes out, not stated by the publisher. */
  expected: boolean;
  /** The next date has passed without new figures. */
  overdue: boolean;
}

/** The London date of an instant: when official statistics say "today". */
export const londonDate = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(instant);

/** An indicator's place in the calendar, from its latest public release; null if it has none. */
export async function releaseStatus(
  statistics: StatisticsService,
  indicator: Indicator,
  now: Date,
  asAt?: Date,
): Promise<CalendarEntry | null> {
  const [latest] = await statistics.releases(indicator.id, asAt);
  if (!latest) return null;
  const { next_release: given, next_release_expected: expected } = indicator.meta;
  const today = londonDate(asAt ?? now);
  // A recipe's date; else the first date the sources give that is still to come, or their
  // last if all have passed; else their words.
  const stated = statedNextRelease(indicator.meta);
  const next =
    typeof given === 'string'
      ? given
      : (stated.dates.find((d) => d >= today) ?? stated.dates.at(-1) ?? null);
  return {
    indicatorId: indicator.id,
    title: indicator.title,
    publisher: indicator.source.organisation ?? null,
    publication: indicator.source.title ?? null,
    lastPublished: latest.releasedAt,
    published: publishedDate(indicator.meta),
    next,
    nextStated: next === null && stated.words.length ? stated.words.join('; ') : null,
    expected: typeof given === 'string' && expected === true,
    overdue: next !== null && next < today,
  };
}

/** Every indicator with a release, its next release first by date, then the unknown. */
export async function releaseCalendar(
  statistics: StatisticsService,
  now: Date,
  asAt?: Date,
): Promise<CalendarEntry[]> {
  const entries: CalendarEntry[] = [];
  for (const indicator of await statistics.listIndicators(asAt)) {
    const entry = await releaseStatus(statistics, indicator, now, asAt);
    if (entry) entries.push(entry);
  }
  return entries.sort(
    (a, b) =>
      (a.next ?? '9999').localeCompare(b.next ?? '9999') ||
      a.indicatorId.localeCompare(b.indicatorId),
  );
}

/** Text as an iCalendar value: backslash, semicolon, comma and newline escaped. */
const icsText = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

/** Lines of at most 75 octets, continued with a space (RFC 5545 section 3.1). */
function fold(line: string): string {
  const out: string[] = [];
  let rest = Buffer.from(line);
  while (rest.length > 75) {
    let cut = 75 - (out.length ? 1 : 0);
    while ((rest[cut]! & 0xc0) === 0x80) cut--; // never inside a UTF-8 character
    out.push(rest.subarray(0, cut).toString());
    rest = rest.subarray(cut);
  }
  out.push(rest.toString());
  return out.join('\r\n ');
}

/** The upcoming releases as all-day events, one per indicator. */
export function calendarIcs(entries: CalendarEntry[], now: Date, today: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Northstar//Release calendar//EN',
    'CALSCALE:GREGORIAN',
    'X-WR-CALNAME:Northstar release calendar',
  ];
  for (const e of entries) {
    if (!e.next || e.next < today) continue;
    const day = e.next.replace(/-/g, '');
    const after = new Date(`${e.next}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.indicatorId}-${day}@northstar`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${day}`,
      `DTEND;VALUE=DATE:${after.toISOString().slice(0, 10).replace(/-/g, '')}`,
      `SUMMARY:${icsText(`${e.expected ? 'Expected: ' : ''}${e.publication ?? e.title}`)}`,
      `DESCRIPTION:${icsText(`${e.publisher ? `${e.publisher}. ` : ''}Next release of the figures for ${e.title} (/indicators/${e.indicatorId}).${e.expected ? ' The date is expected from how often it comes out; the publisher has not stated it.' : ''}`)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/**
 * The releases given as an Atom feed (RFC 4287), newest first. Links are relative to the site,
 * which may be served from any address; ids carry the installation's origin (`atomId`).
 */
export function releasesAtom(
  releases: {
    id: number;
    indicatorId: string;
    title: string;
    publisher: string | null;
    releasedAt: string;
  }[],
  updated: Date,
  origin: string,
): string {
  const entries = releases.map((r) => {
    // When the figures were released here: a publisher's own date where its file gives one,
    // else when they came; neither says how new the figures themselves are.
    const day = formatDate(londonDate(new Date(r.releasedAt)));
    const summary = `Figures for ${r.title}${r.publisher ? ` from ${r.publisher}` : ''}, released here on ${day}.`;
    return [
      '  <entry>',
      `    <title>${xml(`${r.title}: figures released`)}</title>`,
      `    <id>${atomId(origin, `release/${r.id}`)}</id>`,
      `    <link rel="alternate" type="text/html" href="/indicators/${xml(encodeURIComponent(r.indicatorId))}"/>`,
      `    <updated>${new Date(r.releasedAt).toISOString()}</updated>`,
      `    <summary>${xml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <title>Northstar: statistics releases</title>',
    '  <subtitle>Each release of figures of the official statistics held here.</subtitle>',
    `  <id>${atomId(origin, 'releases')}</id>`,
    '  <link rel="self" type="application/atom+xml" href="/releases.atom"/>',
    '  <link rel="alternate" type="text/html" href="/release-calendar"/>',
    `  <updated>${updated.toISOString()}</updated>`,
    '  <author><name>Northstar</name></author>',
    '  <rights>Crown copyright, Open Government Licence v3.0, unless a release says otherwise</rights>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
