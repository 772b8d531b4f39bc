// Governance on the public pages: a mission's board, stewards and letters, the latest
// stocktake's delivery-confidence ratings beside the computed status (with the optimism gap
// flagged), overdue actions, top risks, the delivery timeline, how much of the mission has
// been evaluated and its deliberative processes (late responses flagged) on the mission page;
// the full record on /missions/:slug/governance. Internal records are shown only to those
// allowed to read them, never to anonymous visitors nor in the published copy (whose requests
// have no principal) nor in the response cache (which keeps only anonymous answers).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import {
  isOverdue,
  nextStocktakeDue,
  optimismGap,
  projectOptimismGap,
  ratingLabels,
  riskScore,
  slippageDays,
  type Rating,
} from '../../domain/governance.ts';
import type { Status } from '../../domain/status.ts';
import { allows } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { asAtParam, pathParam, toDate } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import type { AssessedMission } from '../missions/service.ts';
import { evaluationsView } from './evaluationsView.ts';
import { processesView } from './processesView.ts';
import type { MissionGovernance } from './service.ts';

/** Whether the request comes from someone allowed to read internal records. */
export const readsInternal = (req: FastifyRequest) => allows(req.principal, 'internal.read');

/** How many risks the mission page lists. */
const TOP_RISKS = 3;

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

type Records = Partial<MissionGovernance> & Omit<MissionGovernance, 'board'>;

/** One rating of a goal or project at a stocktake, beside what the record says of it. */
interface RatingView {
  heldOn: string;
  title: string;
  example: boolean;
  visibility: string;
  rating: Rating;
  ratingLabel: string;
  narrative: string;
  optimismGap: boolean;
}

/**
 * What a reader of a mission's governance sees, as at `today` (the day of the view): the
 * records, the ratings in force (the latest stocktake held by then) beside each goal's computed
 * status and each project's milestones, overdue actions, risks by score and milestone slippage.
 */
export function governanceView(mission: AssessedMission, records: Records, today: string) {
  const stocktakes = records.stocktakes.filter((s) => s.content.heldOn <= today);
  const latest = stocktakes[0];
  const ratingOf = (
    stocktake: (typeof stocktakes)[number],
    subject: 'goal' | 'project',
    slug: string,
    gap: (rating: Rating) => boolean,
  ): RatingView | undefined => {
    const r = stocktake.content.ratings.find((x) => x.subject === subject && x.slug === slug);
    return (
      r && {
        heldOn: stocktake.content.heldOn,
        title: stocktake.content.title,
        example: stocktake.content.example,
        visibility: stocktake.visibility,
        rating: r.rating,
        ratingLabel: ratingLabels[r.rating],
        narrative: r.narrative,
        optimismGap: gap(r.rating),
      }
    );
  };
  const evaluated = evaluationsView(mission, records.evaluations, today);
  const participation = processesView(mission, records.processes, today);
  const goals = mission.goals.map((goal) => {
    const status: Status = goal.assessment.status;
    const gap = (rating: Rating) => optimismGap(rating, status);
    const history = stocktakes.flatMap((s) => ratingOf(s, 'goal', goal.slug, gap) ?? []);
    return {
      slug: goal.slug,
      statement: goal.statement,
      status,
      rating: latest && ratingOf(latest, 'goal', goal.slug, gap),
      history,
    };
  });
  const projects = mission.projects.map((project) => {
    const gap = (rating: Rating) => projectOptimismGap(rating, project.milestones, today);
    const history = stocktakes.flatMap((s) => ratingOf(s, 'project', project.slug, gap) ?? []);
    return {
      slug: project.slug,
      title: project.title,
      lateMilestones: project.milestones.filter((m) => !m.done && m.due < today).length,
      rating: latest && ratingOf(latest, 'project', project.slug, gap),
      history,
      evidence: evaluated.evidenceByProject[project.slug]!,
    };
  });
  const actions = records.actions.map((a) => ({ ...a, overdue: isOverdue(a.content, today) }));
  const openRisks = records.risks.filter((r) => !r.content.closed || r.content.closed > today);
  const risks = records.risks.map((r) => ({
    ...r,
    score: riskScore(r.content),
    open: openRisks.includes(r),
  }));
  const milestones = mission.projects
    .flatMap((p) =>
      p.milestones.map((m) => ({
        project: p.title,
        projectSlug: p.slug,
        title: m.title,
        due: m.due,
        done: m.done ?? null,
        slippageDays: slippageDays(m, today),
      })),
    )
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  const board = records.board;
  return {
    today,
    board: board ?? null,
    letters: records.letters,
    stocktakes,
    /** The stocktake whose ratings are in force: the latest held by the day of the view. */
    latest: latest ?? null,
    /** The board's cadence after the latest real stocktake (an example schedules nothing). */
    nextStocktakeDue:
      board && latest && !latest.content.example
        ? nextStocktakeDue(board.content.cadence, latest.content.heldOn)
        : null,
    goals,
    projects,
    optimismGaps:
      goals.filter((g) => g.rating?.optimismGap).length +
      projects.filter((p) => p.rating?.optimismGap).length,
    decisions: records.decisions,
    actions,
    overdueActions: actions.filter((a) => a.overdue).length,
    risks,
    topRisks: risks.filter((r) => r.open).slice(0, TOP_RISKS),
    milestones,
    slippedMilestones: milestones.filter((m) => (m.slippageDays ?? 0) > 0).length,
    evaluations: evaluated.evaluations,
    evaluatedShare: evaluated.evaluatedShare,
    unpublishedReports: evaluated.unpublishedReports,
    processes: participation.processes,
    overdueResponses: participation.overdueResponses,
  };
}

export type GovernanceView = ReturnType<typeof governanceView>;

/** A mission's governance as `req`'s reader may see it, as at `asAt` (default: now). */
export async function governanceFor(
  services: Services,
  mission: AssessedMission,
  options: { internal: boolean; asAt?: Date },
) {
  const records = await services.governance.forMission(mission.slug, options);
  return governanceView(mission, records, isoDay(options.asAt ?? services.clock.now()));
}

export function setUpGovernancePages(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  pages.get(
    '/missions/:slug/governance',
    {
      schema: {
        params: z.object({ slug: pathParam }),
        querystring: z.strictObject({ asAt: asAtParam }),
      },
    },
    async (req, reply) => {
      const asAt = toDate(req.query.asAt);
      const mission = await services.missions.get(req.params.slug, asAt);
      if (!mission) throw new NotFoundError();
      const internal = readsInternal(req);
      return view(reply, 'governance-mission', {
        mission,
        asAt: req.query.asAt ?? null,
        internal,
        governance: await governanceFor(services, mission, { internal, asAt }),
      });
    },
  );
}

/** Every mission's governance page, for the published copy (crawled without a session). */
export const governancePublicPages = async (services: Services): Promise<string[]> =>
  (await services.missions.definitions()).map((m) => `/missions/${m.slug}/governance`);
