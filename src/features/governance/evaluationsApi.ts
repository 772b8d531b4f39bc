// The evaluation registry as open data: every mission's evaluations in the JSON API (internal
// ones too for a caller who may read them), and the public ones as a CSV file with its W3C CSVW
// metadata, which the published copy keeps. The CSV never holds an internal record, whoever
// asks: a file is downloaded once and passed on.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import type { EvaluationRecord } from '../../domain/governance.ts';
import { serveCsvTable, type Column } from '../../platform/csv/csvw.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { pagingQuery, textParam } from '../../platform/http/params.ts';
import { isoDateString, paged, pagingFields, responses } from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { evaluatedShare, recordOf } from './apiSchemas.ts';
import { OGL_URL } from '../statistics/openData.ts';
import { evaluationsView, type EvaluationView } from './evaluationsView.ts';
import { readsInternal } from './pages.ts';

export const EVALUATIONS_CSV = '/evaluations.csv';

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** Each mission's evaluations as `internal` allows, and its evaluated share, as at today. */
async function registry(services: Services, options: { internal: boolean; mission?: string }) {
  const today = isoDay(services.clock.now());
  const missions = (await services.missions.stored()).filter(
    (m) => options.mission === undefined || m.slug === options.mission,
  );
  const records = (await services.governance.list({ internal: options.internal })).filter(
    (r): r is typeof r & EvaluationRecord => r.kind === 'evaluation',
  );
  return {
    today,
    missions: missions.map((m) => ({
      slug: m.slug,
      title: m.title,
      ...evaluationsView(
        m,
        records.filter((r) => r.missionSlug === m.slug),
        today,
      ),
    })),
  };
}

/** The CSV's columns: a header, its CSVW datatype, and the value of an evaluation. */
const columns: Column<EvaluationView>[] = [
  ['Mission', 'string', (e) => e.missionSlug],
  ['Evaluation', 'string', (e) => e.id],
  ['Project', 'string', (e) => e.content.project],
  ['Project title', 'string', (e) => e.projectTitle],
  ['Title', 'string', (e) => e.content.title],
  ['Type', 'string', (e) => e.content.type],
  ['Method', 'string', (e) => e.content.method],
  ['Status', 'string', (e) => e.content.status],
  ['Evaluator', 'string', (e) => e.content.evaluator],
  ['Planned start', 'date', (e) => e.content.plannedStart],
  ['Actual start', 'date', (e) => e.content.actualStart],
  ['Data collection planned to end', 'date', (e) => e.content.plannedDataCollection],
  ['Data collection ended', 'date', (e) => e.content.actualDataCollection],
  ['Report planned', 'date', (e) => e.content.plannedReport],
  ['Report finished', 'date', (e) => e.content.actualReport],
  ['Report published', 'date', (e) => e.content.reportPublished],
  ['Report URL', 'anyURI', (e) => e.content.reportUrl],
  ['Unpublished after 12 weeks', 'boolean', (e) => e.unpublishedTooLong],
  ['Reason unpublished', 'string', (e) => e.content.unpublishedReason],
  ['Evidence level', 'integer', (e) => e.content.evidenceLevel],
  ['Evidence reason', 'string', (e) => e.content.evidenceReason],
  ['Findings', 'string', (e) => e.content.findings],
  ['What was scaled', 'string', (e) => e.content.scaled],
];

export function setUpEvaluationsApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/evaluations',
    {
      schema: {
        tags: ['governance'],
        summary:
          "The evaluation registry: every mission's evaluations of its projects, each project's strength of evidence and the share of projects evaluated",
        querystring: z.strictObject({
          mission: textParam().describe("Only this mission's evaluations (its slug)"),
          ...pagingQuery(),
        }),
        response: responses(
          z.object({
            asAt: isoDateString,
            missions: z.array(
              z.object({
                mission: z.string(),
                evaluatedShare,
                unpublishedReports: z.number().int(),
                evidenceByProject: z
                  .record(
                    z.string(),
                    z.object({ level: z.number().int().nullable(), label: z.string().nullable() }),
                  )
                  .describe("Each project's strength of evidence, by the project's slug"),
              }),
            ),
            evaluations: z.array(
              recordOf('evaluation').extend({
                mission: z.string(),
                unpublishedTooLong: z.boolean(),
              }),
            ),
            ...pagingFields,
          }),
        ),
      },
    },
    async (req) => {
      const { today, missions } = await registry(services, {
        internal: readsInternal(req),
        mission: req.query.mission,
      });
      if (req.query.mission !== undefined && missions.length === 0)
        throw new NotFoundError(`Mission ${req.query.mission}`);
      const evaluations = missions.flatMap((m) => m.evaluations);
      const { items, paging } = paged(req.url, evaluations, req.query);
      return {
        asAt: today,
        missions: missions.map((m) => ({
          mission: m.slug,
          evaluatedShare: m.evaluatedShare,
          unpublishedReports: m.unpublishedReports,
          evidenceByProject: m.evidenceByProject,
        })),
        evaluations: items.map((e) => ({
          mission: e.missionSlug,
          id: e.id,
          visibility: e.visibility,
          ...e.content,
          unpublishedTooLong: e.unpublishedTooLong,
        })),
        ...paging,
      };
    },
  );
}

export function setUpEvaluationsOpenData(
  app: FastifyInstance,
  { services }: FeatureContext<Services>,
) {
  serveCsvTable(app, {
    path: EVALUATIONS_CSV,
    title: 'Evaluation registry: evaluations of the missions’ projects',
    description:
      'Every public evaluation of a project of a mission: its type, method, status, dates, report and strength of evidence on the Maryland Scientific Methods Scale (1 to 5). Unpublished after 12 weeks is true when a finished report has waited more than 84 days unpublished.',
    license: OGL_URL,
    columns,
    primaryKey: ['Mission', 'Evaluation'],
    rows: async () =>
      (await registry(services, { internal: false })).missions.flatMap((m) => m.evaluations),
  });
}
