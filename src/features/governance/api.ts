// Governance in the JSON API: each mission's board, letters, stocktakes, decisions, actions,
// risks and evaluations, with the ratings in force beside each goal's computed status (and the
// optimism gap), overdue actions, risk scores, milestone slippage, each project's evidence level
// and the share of projects evaluated, and deliberative processes with late responses flagged.
// Public records to anyone; internal ones too when the caller is signed in and allowed to read
// them (such answers are never cached).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { asAtParam as asAt, pagingQuery, pathParam, toDate } from '../../platform/http/params.ts';
import { paged, pagingFields, responses } from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { missionGovernance } from './apiSchemas.ts';
import type { AssessedMission } from '../missions/service.ts';
import { governanceFor, readsInternal } from './pages.ts';
import { processRecommendation } from './processesApi.ts';

/** One mission's governance as the API gives it. */
async function answer(
  services: Services,
  mission: AssessedMission,
  options: { internal: boolean; asAt?: Date },
) {
  const g = await governanceFor(services, mission, options);
  const record = <V extends string, C extends object>(r: {
    id: string;
    visibility: V;
    content: C;
  }) => ({ id: r.id, visibility: r.visibility, ...r.content });
  return {
    mission: mission.slug,
    title: mission.title,
    asAt: g.today,
    board: g.board && record(g.board),
    mandateLetters: g.letters.map(record),
    stocktakes: g.stocktakes.map(record),
    latestStocktake: g.latest?.content.heldOn ?? null,
    nextStocktakeDue: g.nextStocktakeDue,
    ratings: {
      goals: g.goals.map((goal) => ({
        goal: goal.slug,
        status: goal.status,
        rating: goal.rating?.rating ?? null,
        optimismGap: goal.rating?.optimismGap ?? false,
        example: goal.rating?.example ?? false,
      })),
      projects: g.projects.map((project) => ({
        project: project.slug,
        lateMilestones: project.lateMilestones,
        rating: project.rating?.rating ?? null,
        optimismGap: project.rating?.optimismGap ?? false,
        example: project.rating?.example ?? false,
        evidenceLevel: project.evidence.level,
      })),
    },
    decisions: g.decisions.map(record),
    actions: g.actions.map((a) => ({ ...record(a), overdue: a.overdue })),
    overdueActions: g.overdueActions,
    risks: g.risks.map((r) => ({ ...record(r), score: r.score })),
    milestones: g.milestones.map(({ project, projectSlug, ...m }) => ({
      project: projectSlug,
      projectTitle: project,
      ...m,
    })),
    evaluations: g.evaluations.map((e) => ({
      ...record(e),
      unpublishedTooLong: e.unpublishedTooLong,
    })),
    evaluatedShare: g.evaluatedShare,
    unpublishedReports: g.unpublishedReports,
    processes: g.processes.map((p) => ({
      ...record(p),
      recommendations: p.recommendations.map((r) => processRecommendation(r)),
    })),
    overdueResponses: g.overdueResponses,
  };
}

export function setUpGovernanceApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/governance',
    {
      schema: {
        tags: ['governance'],
        summary:
          "Every mission's board, mandate letters, stocktakes with their confidence ratings, decisions, actions, risks and evaluations",
        querystring: z.strictObject({ asAt, ...pagingQuery() }),
        response: responses(z.object({ missions: z.array(missionGovernance), ...pagingFields })),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      const internal = readsInternal(req);
      const { items, paging } = paged(req.url, await services.missions.list(at), req.query);
      return {
        missions: await Promise.all(items.map((m) => answer(services, m, { internal, asAt: at }))),
        ...paging,
      };
    },
  );

  api.get(
    '/api/v1/missions/:mission/governance',
    {
      schema: {
        tags: ['governance'],
        summary:
          "One mission's governance: its confidence ratings beside the computed status, with optimism gaps, overdue actions, risks and slippage",
        params: z.object({ mission: pathParam.meta({ examples: ['growth'] }) }),
        querystring: z.strictObject({ asAt }),
        response: responses(missionGovernance),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      const mission = await services.missions.get(req.params.mission, at);
      if (!mission) throw new NotFoundError(`Mission ${req.params.mission}`);
      return answer(services, mission, { internal: readsInternal(req), asAt: at });
    },
  );
}
