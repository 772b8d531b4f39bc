// The search page: a GOV.UK search form and its results, working without JavaScript. The
// published copy has no server to ask, so its page runs Pagefind's UI over the copy instead.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { createSiteSearch, kindNames, kinds } from './searchIndex.ts';

/** Results shown on one page: enough to scan, never the whole index. */
const SHOWN = 50;

export function setUpSearchPages(
  app: FastifyInstance,
  { services, view, staticSite }: FeatureContext<Services>,
) {
  const siteSearch = createSiteSearch(services);
  const query = z.strictObject({
    q: textParam(200),
    type: z.enum(kinds, { error: `must be one of ${kinds.join(', ')}` }).optional(),
  });
  const pages = app.withTypeProvider<ZodTypeProvider>();
  pages.get('/search', { schema: { querystring: query } }, async (req, reply) => {
    const q = (req.query.q ?? '').trim();
    const type = req.query.type;
    const results = q && !staticSite ? await siteSearch.search(q, type) : [];
    return view(reply, 'search', {
      query: q,
      type,
      total: results.length,
      results: results.slice(0, SHOWN),
      shown: SHOWN,
      kindNames,
      typeItems: [
        { value: '', text: 'Everything', selected: !type },
        ...kinds.map((k) => ({ value: k, text: `${kindNames[k]}s`, selected: k === type })),
      ],
    });
  });
}
