// The public change log: the latest changes, and every change in fixed pages of event ids.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { languageOf, type Language } from '../../platform/http/language.ts';
import { noQuery, pathParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { homeFirst } from '../../domain/government.ts';
import { isIsoDate } from '../../domain/period.ts';
import { changesAtom } from './atom.ts';
import type { AuditEvent } from './store.ts';
import { describeChanges, describeEvent, kindName, type MissionTitles } from './changes.ts';
import { changesQuerySchema, matchesFilter, missionConcerns, missionTitles } from './filter.ts';

export function setUpAuditPages(
  app: FastifyInstance,
  { services, view, translate }: FeatureContext<Services>,
) {
  // Every change in fixed pages of event ids, oldest first: a page of old events never
  // changes, so a published or saved copy of it can be checked later.
  const CHANGES_PER_PAGE = 200;
  // Every page of events up to the newest in effect (one still embargoed makes no page of its
  // own): the last page says how far it reaches so far.
  const blockList = async () => {
    const newest = (await services.audit.head())?.id ?? 0;
    const count = Math.max(1, Math.ceil(newest / CHANGES_PER_PAGE));
    return Array.from({ length: count }, (_, i) => ({
      number: i + 1,
      from: i * CHANGES_PER_PAGE + 1,
      to: Math.min((i + 1) * CHANGES_PER_PAGE, Math.max(newest, 1)),
    }));
  };
  const inWords = (events: AuditEvent[], language: Language, titles: MissionTitles) =>
    events.map((e) => ({
      ...e,
      ...describeEvent(e, language, titles),
      changes: describeChanges(e.before, e.after),
    }));
  const changesPage = async (reply: FastifyReply, page: number) => {
    const blocks = await blockList();
    if (!(Number.isInteger(page) && page >= 1 && page <= blocks.length)) {
      throw new NotFoundError();
    }
    const titles = await missionTitles(services);
    const events = await services.audit.list({
      ids: [(page - 1) * CHANGES_PER_PAGE + 1, page * CHANGES_PER_PAGE],
    });
    return view(reply, 'changes', {
      ...(await filterChoices(languageOf(reply.request), titles)),
      filter: {},
      events: inWords(events, languageOf(reply.request), titles),
      page,
      range: blocks[page - 1],
      blocks: blocks.reverse(),
    });
  };
  // The missions and kinds of change there are to filter by: each mission by its title (its
  // slug where it no longer exists) and, where several governments have missions, its
  // government's name; the home government's first, then by title.
  const filterChoices = async (language: Language, titles: MissionTitles) => {
    const events = await services.audit.list();
    const slugs = new Set(events.filter((e) => e.entityType === 'mission').map((e) => e.entityId));
    const governments = homeFirst(await services.missions.governments());
    const governmentOf = new Map(
      (await services.missions.stored()).map((m) => [m.slug, m.governmentSlug]),
    );
    const rank = (slug: string) => {
      const at = governments.findIndex((g) => g.slug === governmentOf.get(slug));
      return at < 0 ? governments.length : at;
    };
    const named = governments.length > 1;
    return {
      missions: [...slugs]
        .sort(
          (a, b) =>
            rank(a) - rank(b) || (titles.get(a) ?? a).localeCompare(titles.get(b) ?? b, 'en-GB'),
        )
        .map((slug) => {
          const title = titles.get(slug) ?? slug;
          const government = named ? governments[rank(slug)]?.name : undefined;
          return { slug, title: government ? `${title} (${government})` : title };
        }),
      kinds: [...new Set(events.map((e) => e.entityType))]
        .map((kind) => ({ value: kind, text: kindName(kind, language) }))
        .sort((a, b) => a.text.localeCompare(b.text, 'en-GB')),
    };
  };
  const pages = app.withTypeProvider<ZodTypeProvider>();
  // The latest changes, or those a filter chooses, newest first in pages (`?page=`) as long as
  // the fixed ones. A published copy has the first of them only, and the fixed pages.
  pages.get(
    '/changes',
    {
      schema: {
        // Dates as typed, for the form to say what is wrong with one (the API answers 400).
        querystring: changesQuerySchema
          .omit({ limit: true })
          .extend({ from: textParam(40), to: textParam(40) }),
      },
    },
    async (req, reply) => {
      const { page: pageText, ...filter } = req.query;
      const t = translate(req);
      const errors = dateErrors(filter, t);
      if (errors.length) {
        const titles = await missionTitles(services);
        return view(reply.code(400), 'changes', {
          ...(await filterChoices(languageOf(req), titles)),
          events: [],
          filter,
          errors,
          fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
          page: null,
          range: null,
          blocks: (await blockList()).reverse(),
        });
      }
      const page = Number(pageText ?? 1);
      const all = (await services.audit.list()).filter(
        matchesFilter(filter, await missionConcerns(services)),
      );
      const count = Math.max(1, Math.ceil(all.length / CHANGES_PER_PAGE));
      if (page > count) throw new NotFoundError();
      const titles = await missionTitles(services);
      const events = inWords(
        all.slice((page - 1) * CHANGES_PER_PAGE, page * CHANGES_PER_PAGE),
        languageOf(req),
        titles,
      );
      const href = (n: number) =>
        `/changes?${new URLSearchParams(
          Object.entries({ ...filter, page: String(n) }).filter(
            (entry): entry is [string, string] => !!entry[1],
          ),
        )}`;
      const pagination = {
        ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
        ...(page < count ? { next: { href: href(page + 1) } } : {}),
        items: Array.from({ length: count }, (_, i) => ({
          number: i + 1,
          href: href(i + 1),
          current: i + 1 === page,
        })),
      };
      return view(reply, 'changes', {
        ...(await filterChoices(languageOf(req), titles)),
        events,
        filter,
        filtered: {
          page,
          pages: count,
          total: all.length,
          pagination,
          any: Object.values(filter).some(Boolean),
        },
        page: null,
        range: null,
        blocks: (await blockList()).reverse(),
      });
    },
  );
  // Feeds of the recent public changes: the whole log's, and each mission's.
  const FEED_ENTRIES = 100;
  pages.get('/changes.atom', { schema: { querystring: noQuery } }, async (_req, reply) =>
    reply.type('application/atom+xml; charset=utf-8').send(
      changesAtom(
        await services.audit.list({ limit: FEED_ENTRIES }),
        await missionTitles(services),
        {
          origin: await services.audit.origin(),
          id: 'changes',
          title: 'Northstar: change log',
          self: '/changes.atom',
          alternate: '/changes',
        },
      ),
    ),
  );
  pages.get(
    '/changes/missions/:slug.atom',
    { schema: { params: z.object({ slug: pathParam }), querystring: noQuery } },
    async (req, reply) => {
      const { slug } = req.params;
      const concerns = await missionConcerns(services);
      const events = (await services.audit.list()).filter((e) => concerns(e, slug));
      if (!events.some((e) => e.entityType === 'mission')) throw new NotFoundError();
      const titles = await missionTitles(services);
      const title = titles.get(slug);
      return reply.type('application/atom+xml; charset=utf-8').send(
        changesAtom(events.slice(0, FEED_ENTRIES), titles, {
          origin: await services.audit.origin(),
          id: `changes/mission/${slug}`,
          title: title
            ? `Northstar: changes to ‘${title}’`
            : `Northstar: changes to the ${slug} mission`,
          self: `/changes/missions/${encodeURIComponent(slug)}.atom`,
          alternate: `/missions/${encodeURIComponent(slug)}`,
        }),
      );
    },
  );
  // One address per page: `01` is not page 1 (it would be another copy of it in the cache).
  pages.get(
    '/changes/page/:page',
    { schema: { params: z.object({ page: pathParam }), querystring: noQuery } },
    (req, reply) =>
      changesPage(reply, /^[1-9]\d{0,8}$/.test(req.params.page) ? Number(req.params.page) : NaN),
  );
}

/** What is wrong with the dates a reader typed to filter by, each by its field, GOV.UK's way. */
function dateErrors(
  filter: { from?: string; to?: string },
  t: (text: string) => string,
): { href: string; text: string }[] {
  const errors: { href: string; text: string }[] = [];
  const real = (value: string | undefined) => !value || isIsoDate(value);
  if (!real(filter.from))
    errors.push({
      href: '#from',
      text: t('The ‘from’ date must be a real date, such as 2025-03-31'),
    });
  if (!real(filter.to))
    errors.push({ href: '#to', text: t('The ‘to’ date must be a real date, such as 2025-03-31') });
  if (!errors.length && filter.from && filter.to && filter.from > filter.to)
    errors.push({
      href: '#to',
      text: t('The ‘to’ date must be the same as or after the ‘from’ date'),
    });
  return errors;
}
