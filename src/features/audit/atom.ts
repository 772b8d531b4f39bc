// The change log as Atom feeds (RFC 4287): the recent public changes, and each mission's.
// Links are relative to the site, which may be served from any address; ids are tag URIs.
import type { AuditEvent } from './store.ts';
import { atomId, xml } from '../../platform/http/atom.ts';
import { describeEvent, type MissionTitles } from './changes.ts';

/** The mission an event belongs to, if any: a mission's own events and those of its parts. */
export function missionOf(e: Pick<AuditEvent, 'entityType' | 'entityId'>): string | null {
  if (e.entityType === 'mission') return e.entityId;
  const slash = e.entityId.indexOf('/');
  return slash > 0 && e.entityType !== 'release' && e.entityType !== 'indicator'
    ? e.entityId.slice(0, slash)
    : null;
}

export function changesAtom(
  events: AuditEvent[],
  missionTitles: MissionTitles,
  feed: { origin: string; id: string; title: string; self: string; alternate: string },
): string {
  const when = (e: AuditEvent) => new Date(e.effectiveAt ?? e.at).toISOString();
  const entries = events.map((e) =>
    [
      '  <entry>',
      `    <title>${xml(describeEvent(e, 'en', missionTitles).title)}</title>`,
      `    <id>${atomId(feed.origin, `change/${e.id}`)}</id>`,
      `    <link rel="alternate" type="text/html" href="/changes/page/${Math.ceil(e.id / 200)}#event-${e.id}"/>`,
      `    <updated>${when(e)}</updated>`,
      `    <author><name>${xml(e.actor)}</name></author>`,
      `    <summary>${xml(`${e.reason} (entry ${e.id}, hash ${e.hash})`)}</summary>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(feed.title)}</title>`,
    `  <id>${xml(atomId(feed.origin, feed.id))}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.alternate)}"/>`,
    `  <updated>${events[0] ? when(events[0]) : new Date(0).toISOString()}</updated>`,
    '  <author><name>Northstar</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
