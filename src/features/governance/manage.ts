// Governance in the workspace: the missions a steward may record for, each mission's board,
// mandate letters, stocktakes, decisions, actions, risks, evaluations and deliberative
// processes (internal ones included: a steward reads their own mission's), and the forms that
// add and change each. Every route is scoped to the mission it names, so a steward of another
// mission is refused before anything is read or written; a mission that does not exist is
// scoped to nothing, and is not found.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import {
  governanceKinds,
  isOverdue,
  optimismGap,
  ratingLabels,
  riskScore,
  type GovernanceKind,
  governanceKindNames,
} from '../../domain/governance.ts';
import {
  evaluationStatusLabels,
  evaluationTypeLabels,
  unpublishedTooLong,
} from '../../domain/evaluation.ts';
import { allows } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { showForm, submitForm, type GovernanceFormContext } from './manageForm.ts';
import { formsByKind, managePath } from './manageForms.ts';
import { processWorkspacePath } from './processForm.ts';
import { processView } from './processesView.ts';
import { setUpProcessWorkspace } from './processesWorkspace.ts';

/** What a route acts on when it names no mission that exists: no steward's scope. */
const NO_MISSION = '';

/** After a save: which kind of record was saved, or found unchanged. */
const doneQuery = z.strictObject({ saved: textParam(20), unchanged: textParam(20) });

const kindParam = z.enum(governanceKinds as [GovernanceKind, ...GovernanceKind[]]);
const missionParams = z.strictObject({ mission: pathParam });
const addParams = z.strictObject({ mission: pathParam, kind: kindParam });
const recordParams = z.strictObject({ mission: pathParam, kind: kindParam, record: pathParam });

type Params = { mission: string; kind?: GovernanceKind; record?: string };
const paramsOf = (req: FastifyRequest) => req.params as Params;

export function setUpGovernanceWorkspace(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { missions, governance } = services;
  const context: GovernanceFormContext = { governance, audit: services.audit, view };

  const missionScope = async (req: FastifyRequest) => {
    const slug = paramsOf(req).mission;
    return (await missions.stored()).some((m) => m.slug === slug) ? slug : NO_MISSION;
  };
  const config = { policy: 'governance.record' as const, scope: missionScope };

  const missionOr404 = async (slug: string) => {
    const mission = await missions.get(slug);
    if (!mission) throw new NotFoundError('Mission');
    return mission;
  };
  /** Today in the UK, as a date: when an action not done becomes overdue. */
  const today = () =>
    services.clock.now().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

  const banner = (query: z.infer<typeof doneQuery>) =>
    query.saved ? 'saved' : query.unchanged ? 'unchanged' : undefined;

  // Every mission the person may record governance for.
  pages.get(
    '/manage/governance',
    { config: { policy: 'governance.record' }, schema: { querystring: noQuery } },
    async (req, reply) => {
      const stored = (await missions.stored()).filter((m) =>
        allows(req.principal, 'governance.record', m.slug),
      );
      const governments = new Map((await missions.governments()).map((g) => [g.slug, g.name]));
      return view(reply, 'manage-governance', {
        title: 'Governance',
        activeWorkspace: '/manage/governance',
        missions: stored.map((m) => ({
          slug: m.slug,
          title: m.title,
          government: governments.get(m.governmentSlug) ?? m.governmentSlug,
        })),
      });
    },
  );

  // A mission's records, internal ones included, with the links to add and change each.
  pages.get(
    '/manage/governance/:mission',
    { config, schema: { params: missionParams, querystring: doneQuery } },
    async (req, reply) => {
      const mission = await missionOr404(req.params.mission);
      const records = await governance.forMission(mission.slug, { internal: true });
      const now = today();
      const subjectName = (content: { goal?: string; project?: string }) =>
        content.goal
          ? (mission.goals.find((g) => g.slug === content.goal)?.statement ?? content.goal)
          : content.project
            ? (mission.projects.find((p) => p.slug === content.project)?.title ?? content.project)
            : undefined;
      const actions = records.actions.map((a) => ({
        ...a,
        overdue: isOverdue(a.content, now),
        subject: subjectName(a.content),
      }));
      return view(reply, 'manage-governance-mission', {
        title: `Governance of ${mission.title}`,
        activeWorkspace: '/manage/governance',
        backLink: '/manage/governance',
        done: banner(req.query),
        doneKind: governanceKindNames[(req.query.saved ?? req.query.unchanged) as GovernanceKind],
        mission,
        base: managePath(mission.slug),
        board: records.board,
        letters: records.letters,
        stocktakes: records.stocktakes.map((s) => ({
          ...s,
          ratings: s.content.ratings.map((r) => {
            const goal =
              r.subject === 'goal' ? mission.goals.find((g) => g.slug === r.slug) : undefined;
            return {
              ...r,
              label: ratingLabels[r.rating],
              name:
                goal?.statement ?? mission.projects.find((p) => p.slug === r.slug)?.title ?? r.slug,
              status: goal?.assessment.status,
              gap: goal !== undefined && optimismGap(r.rating, goal.assessment.status),
            };
          }),
        })),
        decisions: records.decisions,
        actions,
        overdueCount: actions.filter((a) => a.overdue).length,
        risks: records.risks.map((r) => ({
          ...r,
          score: riskScore(r.content),
          subject: subjectName(r.content),
        })),
        evaluations: records.evaluations.map((e) => ({
          ...e,
          project: subjectName({ project: e.content.project }),
          type: evaluationTypeLabels[e.content.type],
          status: evaluationStatusLabels[e.content.status],
          unpublishedTooLong: unpublishedTooLong(e.content, now),
        })),
        processes: records.processes.map((p) => ({
          ...processView(p, mission, now),
          href: processWorkspacePath(mission.slug, p.id),
        })),
      });
    },
  );

  /** The form of a kind of record of a mission: a new one, or the one the address names. */
  const buildForm = async (params: Params) => {
    const mission = await missionOr404(params.mission);
    const kind = params.kind!;
    const record =
      params.record === undefined
        ? undefined
        : await governance.get(mission.slug, kind, params.record);
    if (params.record !== undefined && !record) throw new NotFoundError('Record');
    // A mission has one board: once set up, it is changed, not added again.
    if (kind === 'board' && !record && (await governance.get(mission.slug, 'board', 'board')))
      throw new NotFoundError('Record');
    const { stocktakes } = await governance.forMission(mission.slug, { internal: true });
    return formsByKind[kind]({
      mission,
      record,
      stocktakes: stocktakes.map((s) => s.content.heldOn),
      today: today(),
    });
  };

  setUpProcessWorkspace(app, { services, context, config, missionOr404, today });

  for (const [url, params] of [
    ['/manage/governance/:mission/add/:kind', addParams],
    ['/manage/governance/:mission/:kind/:record', recordParams],
  ] as const) {
    pages.get(url, { config, schema: { params, querystring: noQuery } }, async (req, reply) =>
      showForm(context, reply, await buildForm(paramsOf(req))),
    );
    pages.post(url, { config, schema: { params } }, async (req, reply) =>
      submitForm(context, req, reply, await buildForm(paramsOf(req))),
    );
  }
}
