// The missions' JSON API: missions, goals with their assessment in every area, and every
// goal's assessment; the same numbers as the pages, described by OpenAPI from the zod schemas.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { asAtParam as asAt, pathParam, toDate } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

export function setUpMissionsApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/missions',
    {
      schema: {
        tags: ['missions'],
        summary: 'Every mission with its goals and their computed status',
        querystring: z.strictObject({ asAt }),
      },
    },
    async (req) => ({
      missions: await services.missions.list(toDate(req.query.asAt)),
    }),
  );

  api.get(
    '/api/v1/missions/:slug',
    {
      schema: {
        tags: ['missions'],
        summary: 'One mission: goals, status, route map',
        params: z.object({ slug: pathParam }),
        querystring: z.strictObject({ asAt }),
      },
    },
    async (req) => {
      const mission = await services.missions.get(req.params.slug, toDate(req.query.asAt));
      if (!mission) throw new NotFoundError(`Mission ${req.params.slug}`);
      return mission;
    },
  );

  api.get(
    '/api/v1/missions/:slug/goals/:goal',
    {
      schema: {
        tags: ['progress'],
        summary: 'One goal: its assessment, and its assessment in every area with figures',
        params: z.object({ slug: pathParam, goal: pathParam }),
        querystring: z.strictObject({ asAt }),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      const mission = await services.missions.get(req.params.slug, at);
      const goal = mission?.goals.find((g) => g.slug === req.params.goal);
      if (!goal) throw new NotFoundError(`Goal ${req.params.slug}/${req.params.goal}`);
      return { ...goal, byArea: await services.missions.byArea(goal, at) };
    },
  );

  api.get(
    '/api/v1/assessments',
    {
      schema: {
        tags: ['progress'],
        summary: 'The computed assessment of every goal',
        querystring: z.strictObject({ asAt }),
      },
    },
    async (req) => {
      // The instant actually judged at: a future `asAt` is never later than now.
      const { asAt, goals } = await services.missions.assessments(toDate(req.query.asAt));
      return { asAt: asAt.toISOString(), assessments: goals };
    },
  );
}
