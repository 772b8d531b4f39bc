// The missions' pages: the overview of every mission, a mission with its route map, a project
// with its evaluations, a goal with its chart, table, reasoning and every area, and how progress
// is judged. Each handler gathers
// numbers from the services and hands them to a template; no number is computed here.
import { releaseStatus } from '../statistics/calendar.ts';
import { latestBreak, seriesBreaks } from '../statistics/breaks.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam } from '../../platform/http/params.ts';
import { evidenceLevelLabels } from '../../domain/evaluation.ts';
import { HOME_GOVERNMENT } from '../../domain/government.ts';
import { describeEvent } from '../audit/changes.ts';
import { missionConcerns, missionTitles } from '../audit/filter.ts';
import { governanceFor, readsInternal } from '../governance/pages.ts';
import { mobilisation, publishedPledges } from '../partners/view.ts';
import { settlementsForMission } from '../settlements/view.ts';
import { emptyPeriodsBefore, goalChart, goalTable, isThreshold } from './charts.ts';
import { openSdgAcrossBreak, openSdgDisagreement } from '../../domain/assessmentWords.ts';
import { serveCsvTable } from '../../platform/csv/csvw.ts';
import { OGL_URL } from '../statistics/openData.ts';
import { languageOf } from '../../platform/http/language.ts';

export function setUpMissionsPages(
  app: FastifyInstance,
  { services, view, translate }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const areaName = async (code: string) => (await services.areas.get(code))?.name ?? code;

  // Each government's overview: the UK's is the home page, every other's at its slug.
  const overview = async (reply: FastifyReply, slug: string) => {
    const government = (await services.missions.governments()).find((g) => g.slug === slug);
    if (!government) throw new NotFoundError();
    const missions = (await services.missions.list()).filter((m) => m.governmentSlug === slug);
    // In the page's language, the records' own words in parts marked English (see changes.ts).
    const language = languageOf(reply.request);
    const titles = await missionTitles(services);
    // The latest changes to this government's missions and to the figures measuring them.
    const concerns = await missionConcerns(services);
    const ours = (await services.audit.list()).filter((e) =>
      missions.some((m) => concerns(e, m.slug)),
    );
    const recentChanges = ours.slice(0, 5).map((e) => {
      const { title, titleParts } = describeEvent(e, language, titles);
      return { ...e, title, titleParts };
    });
    return view(reply, 'overview', { government, missions, recentChanges });
  };
  pages.get('/', { schema: { querystring: noQuery } }, async (_req, reply) =>
    overview(reply, HOME_GOVERNMENT),
  );
  pages.get(
    '/:government',
    { schema: { params: z.object({ government: pathParam }), querystring: noQuery } },
    async (req, reply) =>
      req.params.government === HOME_GOVERNMENT
        ? reply.redirect('/', 301)
        : overview(reply, req.params.government),
  );

  pages.get(
    '/missions/:slug',
    { schema: { params: z.object({ slug: pathParam }), querystring: noQuery } },
    async (req, reply) => {
      const mission = await services.missions.get(req.params.slug);
      if (!mission) throw new NotFoundError();
      // Internal governance records only for those who may read them: never anonymous (so
      // never cached), never in the published copy.
      const internal = readsInternal(req);
      return view(reply, 'mission', {
        mission,
        links: await services.missions.links(mission.slug),
        governance: await governanceFor(services, mission, { internal }),
        pledges: mobilisation(mission, await publishedPledges(services)),
        settlements: await settlementsForMission(services, mission.slug),
        internal,
      });
    },
  );

  // A project of a route map: its details, milestones, the steward's latest rating and its
  // evaluations with their evidence. Internal evaluations only for those who may read them.
  pages.get(
    '/missions/:slug/projects/:project',
    {
      schema: { params: z.object({ slug: pathParam, project: pathParam }), querystring: noQuery },
    },
    async (req, reply) => {
      const mission = await services.missions.get(req.params.slug);
      const index = mission?.projects.findIndex((p) => p.slug === req.params.project) ?? -1;
      if (!mission || index < 0) throw new NotFoundError();
      const internal = readsInternal(req);
      const governance = await governanceFor(services, mission, { internal });
      const project = mission.projects[index]!;
      return view(reply, 'project', {
        mission,
        project,
        governance: governance.projects[index],
        evaluations: governance.evaluations.filter((e) => e.content.project === project.slug),
        internal,
      });
    },
  );

  pages.get(
    '/missions/:slug/goals/:goal',
    {
      schema: { params: z.object({ slug: pathParam, goal: pathParam }), querystring: noQuery },
    },
    async (req, reply) => {
      const mission = await services.missions.get(req.params.slug);
      const goal = mission?.goals.find((g) => g.slug === req.params.goal);
      if (!mission || !goal) throw new NotFoundError();
      const observations = await services.missions.goalObservations(goal);
      const indicator = goal.indicatorId
        ? await services.statistics.getIndicator(goal.indicatorId)
        : undefined;
      const unit = goal.unit ?? observations[0]?.unit ?? indicator?.unit ?? '';
      const byArea = await services.missions.byArea(goal);
      return view(reply, 'goal', {
        mission,
        goal,
        indicator,
        release:
          indicator && (await releaseStatus(services.statistics, indicator, services.clock.now())),
        breaks: seriesBreaks(indicator),
        unit,
        // Every figure of the goal, derived ones too, to the precision its series is published to.
        decimals: goal.decimals,
        measured: measuredText(goal),
        // In the page's language, like the summary beside it.
        openSdgNote:
          [
            openSdgDisagreement(goal.assessment, languageOf(req)),
            openSdgAcrossBreak(goal.assessment.openSdg, latestBreak(indicator), languageOf(req)),
          ]
            .filter(Boolean)
            .join(' ') || null,
        threshold: isThreshold(goal),
        area: await areaName(goal.areaCode),
        chart: observations.length
          ? goalChart(goal, observations, unit, indicator, translate(req))
          : '',
        byArea,
        localTargets: await services.missions.divisions.localTargets(goal, byArea),
        targetHistory: (
          await services.audit.list({
            entityTypes: ['goal'],
            entityId: `${mission.slug}/${goal.slug}`,
          })
        ).map((e) => ({ ...e, ...describeEvent(e, languageOf(req)) })),
        // Newest first: readers come for the latest figure; the chart shows the history.
        table: goalTable(goal, observations).reverse(),
        emptyBefore: emptyPeriodsBefore(observations),
        // The baseline's figure from the series itself when the assessment carries none.
        baselineFigure:
          observations.find((o) => o.period.label === goal.baseline?.period && o.value !== null)
            ?.value ?? null,
        pledges: (await publishedPledges(services)).filter(
          (p) => p.mission === mission.slug && p.content.goal === goal.slug,
        ),
      });
    },
  );

  pages.get('/methodology', { schema: { querystring: noQuery } }, async (_req, reply) =>
    view(reply, 'methodology', { evidenceLevelLabels }),
  );

  serveCsvTable(app, {
    path: LOCAL_TARGETS_CSV,
    title: 'Local targets of national goals',
    description:
      'Each area’s own target for a goal divided among areas, with the government that set it. Counts add up by their sum; rates by a mean weighted by each area’s weight, whose source is given. The national targets are in /api/v1/assessments.',
    license: OGL_URL,
    columns: [
      ['Government', 'string', (r) => r.government],
      ['Mission', 'string', (r) => r.goal.missionSlug],
      ['Goal', 'string', (r) => r.goal.goalSlug],
      ['Area code', 'string', (r) => r.target.areaCode],
      ['Area', 'string', (r) => r.areaName],
      ['Target', 'number', (r) => r.target.value],
      ['Weight', 'number', (r) => r.target.weight],
      ['Set by', 'string', (r) => r.target.setBy],
      ['Adds up by', 'string', (r) => r.division.method],
      ['Weights source', 'string', (r) => r.division.weightsSource ?? ''],
    ],
    primaryKey: ['Mission', 'Goal', 'Area code'],
    rows: async () => {
      const owners = new Map(
        (await services.missions.stored()).map((m) => [m.slug, m.governmentSlug]),
      );
      const divided = await services.missions.divisions.all();
      return Promise.all(
        divided.flatMap(({ goal, division, targets }) =>
          targets.map(async (target) => ({
            government: owners.get(goal.missionSlug) ?? '',
            goal,
            division,
            target,
            areaName: await areaName(target.areaCode),
          })),
        ),
      );
    },
  });
}

export const LOCAL_TARGETS_CSV = '/local-targets.csv';

/**
 * Exactly what a goal's figures measure, for its table's caption: the series and each
 * breakdown it is read at (`Young people who were NEET; Age: 16 to 24, Seasonally adjusted or
 * not: Seasonally adjusted`), not just the indicator's title.
 */
function measuredText(goal: {
  series: string | null;
  indicatorTitle?: string | null;
  dimensions: Record<string, string>;
}) {
  const breakdowns = Object.entries(goal.dimensions).map(([name, value]) => `${name}: ${value}`);
  const series = goal.series ?? goal.indicatorTitle ?? '';
  return breakdowns.length ? `${series}; ${breakdowns.join(', ')}` : series;
}
