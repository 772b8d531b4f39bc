// The release calendar's page, its iCalendar download and the Atom feed of releases.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../compose.ts';
import { noQuery } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { calendarIcs, londonDate, releaseCalendar, releasesAtom } from './calendar.ts';

export function setUpCalendarPages(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { statistics, clock } = services;

  pages.get('/release-calendar', { schema: { querystring: noQuery } }, async (_req, reply) => {
    const entries = await releaseCalendar(statistics, clock.now());
    return view(reply, 'release-calendar', {
      upcoming: entries.filter((e) => e.next && !e.overdue),
      overdue: entries.filter((e) => e.overdue),
      unknown: entries.filter((e) => !e.next),
    });
  });

  pages.get('/release-calendar.ics', { schema: { querystring: noQuery } }, async (_req, reply) => {
    const now = clock.now();
    const entries = await releaseCalendar(statistics, now);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="release-calendar.ics"')
      .send(calendarIcs(entries, now, londonDate(now)));
  });

  pages.get('/releases.atom', { schema: { querystring: noQuery } }, async (_req, reply) => {
    const releases = [];
    for (const indicator of await statistics.listIndicators())
      for (const r of await statistics.releases(indicator.id))
        // A file of metadata alone has no figures to follow.
        if (r.rowCount > 0)
          releases.push({
            id: r.id,
            indicatorId: indicator.id,
            title: indicator.title,
            publisher: indicator.source.organisation ?? null,
            releasedAt: r.releasedAt,
          });
    releases.sort((a, b) => b.releasedAt.localeCompare(a.releasedAt) || b.id - a.id);
    const updated = new Date(releases[0]?.releasedAt ?? 0);
    return reply
      .type('application/atom+xml; charset=utf-8')
      .send(releasesAtom(releases.slice(0, 100), updated, await services.audit.origin()));
  });
}
