// The missions' JSON API: missions, goals with their assessment in every area, and every
// goal's assessment; the same numbers as the pages, described by OpenAPI from the zod schemas.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { asAtParam as asAt, pathParam, toDate } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { governmentPath, homeFirst } from '../../domain/government.ts';

const government = pathParam
  .optional()
  .describe('A government’s slug (see /api/v1/governments): only its missions');

export function setUpMissionsApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** The slug of a stored government, or a 404 naming it; undefined when none was asked for. */
  const governmentOf = async (slug: string | undefined) => {
    if (slug && !(await services.missions.governments()).some((g) => g.slug === slug))
      throw new NotFoundError(`Government ${slug}`);
    return slug;
  };

  api.get(
    '/api/v1/governments',
    {
      schema: {
        tags: ['missions'],
        summary: 'Every government with missions here: its slug, name, area and overview',
        querystring: z.strictObject({}),
      },
    },
    async () => ({
      governments: homeFirst(await services.missions.governments()).map((g) => ({
        ...g,
        overview: governmentPath(g.slug),
      })),
    }),
  );

  api.get(
    '/api/v1/missions',
    {
      schema: {
        tags: ['missions'],
        summary: 'Every mission (of one government if named) with its goals and computed status',
        querystring: z.strictObject({ asAt, government }),
      },
    },
    async (req) => {
      const slug = await governmentOf(req.query.government);
      const missions = await services.missions.list(toDate(req.query.asAt));
      return { missions: missions.filter((m) => !slug || m.governmentSlug === slug) };
    },
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
        summary:
          'One goal: its assessment, its assessment in every area with figures, and its local targets (whether they add up)',
        params: z.object({ slug: pathParam, goal: pathParam }),
        querystring: z.strictObject({ asAt }),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      const mission = await services.missions.get(req.params.slug, at);
      const goal = mission?.goals.find((g) => g.slug === req.params.goal);
      if (!goal) throw new NotFoundError(`Goal ${req.params.slug}/${req.params.goal}`);
      const byArea = await services.missions.byArea(goal, at);
      const localTargets = await services.missions.divisions.localTargets(goal, byArea, at);
      return { ...goal, byArea, localTargets };
    },
  );

  api.get(
    '/api/v1/assessments',
    {
      schema: {
        tags: ['progress'],
        summary: 'The computed assessment of every goal (of one government if named)',
        querystring: z.strictObject({ asAt, government }),
      },
    },
    async (req) => {
      const slug = await governmentOf(req.query.government);
      // The instant actually judged at: a future `asAt` is never later than now.
      const { asAt, goals } = await services.missions.assessments(toDate(req.query.asAt));
      return {
        asAt: asAt.toISOString(),
        assessments: goals.filter((g) => !slug || g.government === slug),
      };
    },
  );
}
