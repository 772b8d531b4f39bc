// The missions' JSON API: missions, goals with their assessment in every area, and every
// goal's assessment; the same numbers as the pages, described by OpenAPI from the zod schemas.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { asAtParam as asAt, pagingQuery, pathParam, toDate } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { governmentPath, homeFirst } from '../../domain/government.ts';
import { assessmentFields, type Assessment } from '../../domain/assessment.ts';
import {
  isoDateOfTime,
  paged,
  pagingFields,
  responses,
  withDate,
} from '../../platform/http/problem.ts';
import type { AssessedGoal, AssessedMission, MissionsService } from './service.ts';
import { assessmentRow, goalDetail, governments, mission } from './apiSchemas.ts';

const government = pathParam
  .optional()
  .describe('A government’s slug (see /api/v1/governments): only its missions');

// One naming scheme for the whole API: a slug is named after what it names (`mission`, `goal`,
// `project`, `government`), never `slug` in one answer and `goal` in another; and every decimal
// year has its ISO date beside it. These turn the service's records into that shape.

/** An assessment with the ISO date beside each decimal year. */
export function assessmentJson<A extends Assessment>(a: A) {
  const p = a.projection;
  // The summary is a getter on a judged assessment, which a spread alone would leave out.
  return {
    ...a,
    ...assessmentFields(a),
    trajectory: a.trajectory.map(withDate),
    projection:
      p && p.ok
        ? {
            ...p,
            points: p.points.map(withDate),
            atDate: isoDateOfTime(p.at),
            reachesTargetOn: p.reachesTargetAt === null ? null : isoDateOfTime(p.reachesTargetAt),
          }
        : p,
  };
}

function goalJson(g: AssessedGoal) {
  // `decimals` is how pages show the figures; the API gives them as published.
  const { missionSlug, slug, indicatorId, areaCode, recent, assessment, decimals, ...rest } = g;
  return {
    mission: missionSlug,
    goal: slug,
    indicator: indicatorId,
    area: areaCode,
    ...rest,
    recent: recent.map(withDate),
    assessment: assessmentJson(assessment),
  };
}

function missionJson(m: AssessedMission) {
  const { slug, governmentSlug, goals, projects, weakestGoal, ...rest } = m;
  return {
    mission: slug,
    government: governmentSlug,
    ...rest,
    goals: goals.map(goalJson),
    projects: projects.map(({ slug: project, ...p }) => ({ project, ...p })),
    weakestGoal: weakestGoal && {
      goal: weakestGoal.slug,
      statement: weakestGoal.statement,
      status: weakestGoal.status,
    },
  };
}

type ByArea = NonNullable<Awaited<ReturnType<MissionsService['byArea']>>>;

/** Each area's assessment, with dates, in every part of a goal's judgement by area. */
function byAreaJson(b: ByArea) {
  const area = (a: ByArea['areas'][number]) => ({ ...a, assessment: assessmentJson(a.assessment) });
  return {
    ...b,
    areas: b.areas.map(area),
    best: b.best && area(b.best),
    worst: b.worst && area(b.worst),
    holdingBack: b.holdingBack.map(area),
  };
}

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
        querystring: z.strictObject({ ...pagingQuery() }),
        response: responses(governments.extend(pagingFields)),
      },
    },
    async (req) => {
      const all = homeFirst(await services.missions.governments());
      const { items, paging } = paged(req.url, all, req.query);
      return {
        governments: items.map(({ slug, ...g }) => ({
          government: slug,
          ...g,
          overview: governmentPath(slug),
        })),
        ...paging,
      };
    },
  );

  api.get(
    '/api/v1/missions',
    {
      schema: {
        tags: ['missions'],
        summary: 'Every mission (of one government if named) with its goals and computed status',
        querystring: z.strictObject({ asAt, government, ...pagingQuery() }),
        response: responses(z.object({ missions: z.array(mission), ...pagingFields })),
      },
    },
    async (req) => {
      const slug = await governmentOf(req.query.government);
      const missions = await services.missions.list(toDate(req.query.asAt));
      const { items, paging } = paged(
        req.url,
        missions.filter((m) => !slug || m.governmentSlug === slug),
        req.query,
      );
      return { missions: items.map(missionJson), ...paging };
    },
  );

  api.get(
    '/api/v1/missions/:mission',
    {
      schema: {
        tags: ['missions'],
        summary: 'One mission: goals, status, route map',
        params: z.object({ mission: pathParam.meta({ examples: ['growth'] }) }),
        querystring: z.strictObject({ asAt }),
        response: responses(mission),
      },
    },
    async (req) => {
      const mission = await services.missions.get(req.params.mission, toDate(req.query.asAt));
      if (!mission) throw new NotFoundError(`Mission ${req.params.mission}`);
      return missionJson(mission);
    },
  );

  api.get(
    '/api/v1/missions/:mission/goals/:goal',
    {
      schema: {
        tags: ['progress'],
        summary:
          'One goal: its assessment, its assessment in every area with figures, and its local targets (whether they add up)',
        params: z.object({
          mission: pathParam.meta({ examples: ['nhs'] }),
          goal: pathParam.meta({ examples: ['smoke-free'] }),
        }),
        querystring: z.strictObject({ asAt }),
        response: responses(goalDetail),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      const mission = await services.missions.get(req.params.mission, at);
      const goal = mission?.goals.find((g) => g.slug === req.params.goal);
      if (!goal) throw new NotFoundError(`Goal ${req.params.mission}/${req.params.goal}`);
      const byArea = await services.missions.byArea(goal, at);
      const localTargets = await services.missions.divisions.localTargets(goal, byArea, at);
      return {
        ...goalJson(goal),
        byArea: byArea && byAreaJson(byArea),
        localTargets,
      };
    },
  );

  api.get(
    '/api/v1/assessments',
    {
      schema: {
        tags: ['progress'],
        summary: 'The computed assessment of every goal (of one government if named)',
        querystring: z.strictObject({ asAt, government, ...pagingQuery() }),
        response: responses(
          z.object({
            asAt: z.string().describe('The instant judged at (ISO 8601)'),
            assessments: z.array(assessmentRow),
            ...pagingFields,
          }),
        ),
      },
    },
    async (req) => {
      const slug = await governmentOf(req.query.government);
      // The instant actually judged at: a future `asAt` is never later than now.
      const { asAt, goals } = await services.missions.assessments(toDate(req.query.asAt));
      const { items, paging } = paged(
        req.url,
        goals.filter((g) => !slug || g.government === slug),
        req.query,
      );
      return { asAt: asAt.toISOString(), assessments: items.map(assessmentJson), ...paging };
    },
  );
}
