// The missions in the workspace: the governments and missions a person may edit, and the forms
// that change a government, a mission, its goals, projects and milestones, and which way is
// better for the indicators its goals are measured by. Every route is scoped to the government
// it changes, looked up from what it names, so an editor of another government is refused
// before anything is read or written.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { allows, type PolicyName } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { showForm, submitForm, type EntityForm, type FormContext } from './manageForm.ts';
import { deleteGoalForm, goalForm } from './goalForms.ts';
import {
  directionForm,
  governmentForm,
  missionForm,
  newMissionForm,
  type FormsDeps,
} from './manageForms.ts';
import { milestoneForm, projectForm } from './projectForms.ts';

/** What a route acts on when it names no government or mission that exists: no editor's scope. */
const NO_GOVERNMENT = '';

/** After a save: which kind of thing was saved, or found unchanged. */
const doneQuery = z.strictObject({ saved: textParam(20), unchanged: textParam(20) });

type Params = Record<string, string>;
const paramsOf = (req: FastifyRequest) => req.params as Params;

export function setUpMissionsWorkspace(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { missions, statistics } = services;
  const deps: FormsDeps = {
    missions,
    areaExists: async (code) => (await services.areas.get(code)) !== undefined,
  };
  const context: FormContext = { missions, view };

  const governmentOf = async (slug: string) =>
    (await missions.governments()).find((g) => g.slug === slug);
  const governmentOr404 = async (slug: string) => {
    const government = await governmentOf(slug);
    if (!government) throw new NotFoundError('Government');
    return government;
  };
  /** A mission as stored with its government and every goal of that government's missions. */
  const missionOr404 = async (slug: string) => {
    const stored = await missions.stored();
    const mission = stored.find((m) => m.slug === slug);
    if (!mission) throw new NotFoundError('Mission');
    const government = await governmentOr404(mission.governmentSlug);
    const goalKeys = new Set(
      stored
        .filter((m) => m.governmentSlug === government.slug)
        .flatMap((m) => m.goals.map((g) => `${m.slug}/${g.slug}`)),
    );
    return { mission, government, goalKeys };
  };
  const found = <T>(item: T | undefined, what: string): T => {
    if (item === undefined) throw new NotFoundError(what);
    return item;
  };

  // What each route acts on, for the guard: the government named, or the mission's government.
  const governmentScope = (req: FastifyRequest) => paramsOf(req).government ?? NO_GOVERNMENT;
  const missionScope = async (req: FastifyRequest) =>
    (await missions.stored()).find((m) => m.slug === paramsOf(req).mission)?.governmentSlug ??
    NO_GOVERNMENT;
  const onGovernment = { policy: 'missions.edit' as const, scope: governmentScope };
  const onMission = { policy: 'missions.edit' as const, scope: missionScope };

  /** A form's page and its posts, on one address. */
  const formRoute = (
    url: string,
    params: z.ZodObject,
    config: { policy: PolicyName; scope: (req: FastifyRequest) => Promise<string> | string },
    build: (params: Params) => Promise<EntityForm<unknown>>,
  ) => {
    pages.get(url, { config, schema: { params, querystring: noQuery } }, async (req, reply) =>
      showForm(context, reply, await build(paramsOf(req))),
    );
    pages.post(url, { config, schema: { params } }, async (req, reply) =>
      submitForm(context, req, reply, await build(paramsOf(req))),
    );
  };

  const banner = (query: z.infer<typeof doneQuery>) =>
    query.saved ? 'saved' : query.unchanged ? 'unchanged' : undefined;

  // Every government the person may edit, with its missions and its goals' indicators.
  pages.get(
    '/manage/missions',
    { config: { policy: 'missions.edit' }, schema: { querystring: doneQuery } },
    async (req, reply) => {
      const stored = await missions.stored();
      const governments = (await missions.governments()).filter((g) =>
        allows(req.principal, 'missions.edit', g.slug),
      );
      // Other governments' goals divided among areas, where a government the person edits
      // may set its own area's target.
      const all = await missions.governments();
      const divided = (await missions.divisions.all()).flatMap(({ goal: key }) => {
        const mission = stored.find((m) => m.slug === key.missionSlug);
        const goal = mission?.goals.find((g) => g.slug === key.goalSlug);
        const as = all.filter(
          (g) =>
            g.slug !== mission?.governmentSlug &&
            allows(req.principal, 'targets.local', g.slug) &&
            goal &&
            missions.divisions.covers(goal.areaCode, g.area),
        );
        return mission && goal && as.length ? [{ mission, goal, as }] : [];
      });
      return view(reply, 'manage-missions', {
        title: 'Missions',
        activeWorkspace: '/manage/missions',
        done: banner(req.query),
        divided,
        governments: await Promise.all(
          governments.map(async (government) => {
            const own = stored.filter((m) => m.governmentSlug === government.slug);
            const ids = [
              ...new Set(own.flatMap((m) => m.goals.flatMap((g) => g.indicatorId ?? []))),
            ].sort();
            return {
              ...government,
              missions: own,
              canEditIndicators: allows(req.principal, 'indicators.edit', government.slug),
              indicators: await Promise.all(
                ids.map(async (id) => {
                  const indicator = await statistics.getIndicator(id);
                  return { id, title: indicator?.title ?? null, direction: indicator?.direction };
                }),
              ),
            };
          }),
        ),
      });
    },
  );

  const missionParams = z.strictObject({ mission: pathParam });
  pages.get(
    '/manage/missions/mission/:mission',
    { config: onMission, schema: { params: missionParams, querystring: doneQuery } },
    async (req, reply) => {
      const { mission, government } = await missionOr404(req.params.mission);
      return view(reply, 'manage-mission', {
        title: mission.title,
        activeWorkspace: '/manage/missions',
        backLink: '/manage/missions',
        done: banner(req.query),
        mission,
        government,
      });
    },
  );

  const governmentParams = z.strictObject({ government: pathParam });
  formRoute(
    '/manage/missions/government/:government',
    governmentParams,
    onGovernment,
    async ({ government }) => governmentForm(deps, await governmentOr404(government!)),
  );
  formRoute(
    '/manage/missions/government/:government/new-mission',
    governmentParams,
    onGovernment,
    async ({ government }) => newMissionForm(deps, await governmentOr404(government!)),
  );
  formRoute(
    '/manage/missions/government/:government/indicators/:indicator',
    z.strictObject({ government: pathParam, indicator: pathParam }),
    { policy: 'indicators.edit', scope: governmentScope },
    async (params) => {
      const government = await governmentOr404(params.government!);
      const id = params.indicator!;
      // Only an indicator the government's own goals are measured by.
      const measures = (await missions.stored(government.slug)).some((m) =>
        m.goals.some((g) => g.indicatorId === id),
      );
      if (!measures) throw new NotFoundError('Indicator');
      const indicator = await statistics.getIndicator(id);
      return directionForm(deps, government, {
        id,
        title: indicator?.title ?? `Indicator ${id}`,
        direction: indicator?.direction ?? null,
        known: indicator !== undefined,
      });
    },
  );

  formRoute('/manage/missions/mission/:mission/edit', missionParams, onMission, async (params) =>
    missionForm(deps, (await missionOr404(params.mission!)).mission),
  );
  formRoute(
    '/manage/missions/mission/:mission/new-goal',
    missionParams,
    onMission,
    async (params) => goalForm(deps, await missionOr404(params.mission!), null),
  );
  const goalParams = z.strictObject({ mission: pathParam, goal: pathParam });
  formRoute(
    '/manage/missions/mission/:mission/goals/:goal',
    goalParams,
    onMission,
    async (params) => {
      const context = await missionOr404(params.mission!);
      const goal = found(
        context.mission.goals.find((g) => g.slug === params.goal),
        'Goal',
      );
      return goalForm(deps, context, goal);
    },
  );
  formRoute(
    '/manage/missions/mission/:mission/goals/:goal/delete',
    goalParams,
    onMission,
    async (params) => {
      const { mission } = await missionOr404(params.mission!);
      const goal = found(
        mission.goals.find((g) => g.slug === params.goal),
        'Goal',
      );
      return deleteGoalForm(deps, mission, goal);
    },
  );

  formRoute(
    '/manage/missions/mission/:mission/new-project',
    missionParams,
    onMission,
    async (params) => projectForm(deps, (await missionOr404(params.mission!)).mission, null),
  );
  const projectParams = z.strictObject({ mission: pathParam, project: pathParam });
  const projectOr404 = async (params: Params) => {
    const { mission } = await missionOr404(params.mission!);
    const project = found(
      mission.projects.find((p) => p.slug === params.project),
      'Project',
    );
    return { mission, project };
  };
  formRoute(
    '/manage/missions/mission/:mission/projects/:project',
    projectParams,
    onMission,
    async (params) => {
      const { mission, project } = await projectOr404(params);
      return projectForm(deps, mission, project);
    },
  );

  /** Today in the UK, as a date: when most milestones are marked done. */
  const today = () =>
    services.clock.now().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
  formRoute(
    '/manage/missions/mission/:mission/projects/:project/new-milestone',
    projectParams,
    onMission,
    async (params) => {
      const { mission, project } = await projectOr404(params);
      return milestoneForm(deps, mission, project, null, today());
    },
  );
  formRoute(
    '/manage/missions/mission/:mission/projects/:project/milestones/:milestone',
    z.strictObject({
      mission: pathParam,
      project: pathParam,
      milestone: z.string().regex(/^\d{1,4}$/, 'expected the milestone’s number'),
    }),
    onMission,
    async (params) => {
      const { mission, project } = await projectOr404(params);
      const index = Number(params.milestone);
      const milestone = found(project.milestones[index], 'Milestone');
      return milestoneForm(deps, mission, project, { index, milestone }, today());
    },
  );
}
