// Deliberative processes as open data: every mission's processes with their recommendations and
// the government's responses in the JSON API (internal ones too for a caller who may read
// them), each recommendation saying when its response is due and whether it is overdue; and the
// public recommendations as a CSV file, one row each, with its W3C CSVW metadata, which the
// published copy keeps. The CSV never holds an internal record, whoever asks.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import type { ProcessRecord } from '../../domain/governance.ts';
import { serveCsvTable, type Column } from '../../platform/csv/csvw.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { pagingQuery, textParam } from '../../platform/http/params.ts';
import { isoDateString, paged, pagingFields, responses } from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { recommendation, recordOf } from './apiSchemas.ts';
import { OGL_URL } from '../statistics/openData.ts';
import { readsInternal } from './pages.ts';
import { londonDay, processesView, type ProcessView } from './processesView.ts';

export const RECOMMENDATIONS_CSV = '/recommendations.csv';

/** Each mission's processes as `internal` allows, as at today. */
async function processesOf(services: Services, options: { internal: boolean; mission?: string }) {
  const today = londonDay(services.clock.now());
  const missions = (await services.missions.stored()).filter(
    (m) => options.mission === undefined || m.slug === options.mission,
  );
  const records = (await services.governance.list({ internal: options.internal })).filter(
    (r): r is typeof r & ProcessRecord => r.kind === 'process',
  );
  return {
    today,
    missions: missions.map((m) => ({
      slug: m.slug,
      ...processesView(
        m,
        records.filter((r) => r.missionSlug === m.slug),
        today,
      ),
    })),
  };
}

type RecommendationView = ProcessView['recommendations'][number];

/** A recommendation as the API gives it: what it says, its response, and whether it is late. */
export const processRecommendation = (r: RecommendationView) => ({
  number: r.number,
  text: r.text,
  goals: r.goals,
  projects: r.projects,
  responseDue: r.responseDue,
  overdue: r.overdue,
  respondedLate: r.respondedLate,
  response: r.response
    ? {
        decision: r.response.decision,
        reasons: r.response.reasons,
        respondedOn: r.response.respondedOn,
        /** "You said, we did": each project or milestone that delivers it, with its status. */
        deliveredBy: r.deliveredBy.map((d) => ({
          project: d.project,
          projectStatus: d.projectStatus,
          milestone: d.milestone
            ? {
                index: d.milestone.index,
                title: d.milestone.title,
                due: d.milestone.due,
                done: d.milestone.done,
                state: d.milestone.state,
              }
            : null,
        })),
      }
    : null,
});

type RecommendationRow = [ProcessView, RecommendationView];

/** The CSV's columns: a header, its CSVW datatype, and the value of a recommendation. */
const columns: Column<RecommendationRow>[] = [
  ['Mission', 'string', ([p]) => p.missionSlug],
  ['Process', 'string', ([p]) => p.id],
  ['Process title', 'string', ([p]) => p.content.title],
  ['Process type', 'string', ([p]) => p.content.type],
  ['Example', 'boolean', ([p]) => p.content.example],
  ['Reported', 'date', ([p]) => p.content.reported],
  ['Recommendation', 'integer', ([, r]) => r.number],
  ['Text', 'string', ([, r]) => r.text],
  ['Goals', 'string', ([, r]) => r.goals.join(' ')],
  ['Projects', 'string', ([, r]) => r.projects.join(' ')],
  ['Response due', 'date', ([, r]) => r.responseDue],
  ['Overdue', 'boolean', ([, r]) => r.overdue],
  ['Decision', 'string', ([, r]) => r.response?.decision],
  ['Reasons', 'string', ([, r]) => r.response?.reasons],
  ['Responded on', 'date', ([, r]) => r.response?.respondedOn],
  ['Responded late', 'boolean', ([, r]) => r.respondedLate],
  [
    'Delivered by',
    'string',
    ([, r]) =>
      r.deliveredBy
        .map((d) => (d.milestone ? `${d.project}:${d.milestone.index}` : d.project))
        .join(' '),
  ],
];

export function setUpProcessesApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/processes',
    {
      schema: {
        tags: ['governance'],
        summary:
          "Every mission's deliberative processes (citizens' assemblies, panels and juries), their recommendations and the government's response to each, with overdue responses flagged",
        querystring: z.strictObject({
          mission: textParam().describe("Only this mission's processes (its slug)"),
          ...pagingQuery(),
        }),
        response: responses(
          z.object({
            asAt: isoDateString,
            missions: z.array(
              z.object({ mission: z.string(), overdueResponses: z.number().int() }),
            ),
            processes: z.array(
              recordOf('process').extend({
                mission: z.string(),
                recommendations: z.array(recommendation),
                overdueResponses: z.number().int(),
              }),
            ),
            ...pagingFields,
          }),
        ),
      },
    },
    async (req) => {
      const { today, missions } = await processesOf(services, {
        internal: readsInternal(req),
        mission: req.query.mission,
      });
      if (req.query.mission !== undefined && missions.length === 0)
        throw new NotFoundError(`Mission ${req.query.mission}`);
      const processes = missions.flatMap((m) => m.processes);
      const { items, paging } = paged(req.url, processes, req.query);
      return {
        asAt: today,
        missions: missions.map((m) => ({ mission: m.slug, overdueResponses: m.overdueResponses })),
        processes: items.map(({ content, ...p }) => ({
          mission: p.missionSlug,
          id: p.id,
          visibility: p.visibility,
          ...content,
          recommendations: p.recommendations.map(processRecommendation),
          overdueResponses: p.overdue,
        })),
        ...paging,
      };
    },
  );
}

export function setUpProcessesOpenData(
  app: FastifyInstance,
  { services }: FeatureContext<Services>,
) {
  serveCsvTable(app, {
    path: RECOMMENDATIONS_CSV,
    title:
      'Recommendations of citizens’ assemblies, panels and juries, and the government’s responses',
    description:
      'Every recommendation of a public deliberative process of a mission: what it says, the goals and projects it names, the government’s decision (accepted, partly-accepted or rejected) with its reasons, and what delivers it (Delivered by: each project’s slug, or project:index for one of its milestones, by its place in the project’s list from 0, as milestone.index in the API). Overdue is true when the process has reported, the response was due before today (a UK day) and none has been given by today. Example is true for an illustration, not a real process.',
    license: OGL_URL,
    columns,
    primaryKey: ['Mission', 'Process', 'Recommendation'],
    rows: async () =>
      (await processesOf(services, { internal: false })).missions.flatMap((m) =>
        m.processes.flatMap((p) => p.recommendations.map((r): RecommendationRow => [p, r])),
      ),
  });
}
