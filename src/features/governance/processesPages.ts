// A deliberative process's public page: who ran it and how its members were chosen, its method
// and outputs, each recommendation with the goals and projects it names, the government's
// response, an overdue one flagged, and "you said, we did". An internal process is not found
// for a visitor, nor in the published copy; those who may read internal records see it marked.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import type { ProcessRecord } from '../../domain/governance.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { readsInternal } from './pages.ts';
import { londonDay, processView } from './processesView.ts';

export const processPath = (missionSlug: string, id: string) =>
  `/missions/${missionSlug}/processes/${encodeURIComponent(id)}`;

export function setUpProcessPages(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  pages.get(
    '/missions/:slug/processes/:id',
    {
      schema: {
        params: z.strictObject({ slug: pathParam, id: pathParam }),
        querystring: noQuery,
      },
    },
    async (req, reply) => {
      const mission = await services.missions.get(req.params.slug);
      const record =
        mission && (await services.governance.get(mission.slug, 'process', req.params.id));
      const internal = readsInternal(req);
      if (!mission || !record || (record.visibility === 'internal' && !internal))
        throw new NotFoundError();
      return view(reply, 'process', {
        mission,
        internal,
        process: processView(
          record as typeof record & ProcessRecord,
          mission,
          londonDay(services.clock.now()),
        ),
      });
    },
  );
}

/** Every public process's page, for the published copy (crawled without a session). */
export const processPublicPages = async (services: Services): Promise<string[]> =>
  (await services.governance.list({ internal: false }))
    .filter((r) => r.kind === 'process')
    .map((r) => processPath(r.missionSlug, r.id));
