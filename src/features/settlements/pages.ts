// Funding settlements in public: every settlement, each one's page, the open data (in the same
// long format the import reads, so the download can be loaded again) and the API.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { covers } from '../../domain/area.ts';
import { csvPaths, serveCsvTable, type Column } from '../../platform/csv/csvw.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import {
  noQuery,
  pagingQuery,
  pathParam,
  patternParam,
  textParam,
} from '../../platform/http/params.ts';
import { paged, responses } from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { settlementsAnswer } from './apiSchemas.ts';
import { OGL_URL } from '../statistics/openData.ts';
import { goalKey } from './settlement.ts';
import { settlementViews, type SettlementView } from './view.ts';

export const SETTLEMENTS_CSV = '/settlements.csv';

type YearRow = { s: SettlementView; year: SettlementView['years'][number] };

/** The open data: one row per settlement and financial year, as the import reads it. */
const columns: Column<YearRow>[] = [
  ['settlement', 'string', (r) => r.s.id],
  ['government', 'string', (r) => r.s.government],
  ['area', 'string', (r) => r.s.area],
  ['area_name', 'string', (r) => r.s.areaName],
  ['title', 'string', (r) => r.s.title],
  ['financial_year', 'string', (r) => r.year.year],
  ['amount_gbp', 'integer', (r) => r.year.amountGbp],
  ['serves', 'string', (r) => r.s.serves.map(goalKey).join('; ')],
  ['conditions', 'string', (r) => r.s.conditions],
  [
    'outcomes',
    'string',
    (r) =>
      r.s.outcomes.map((o) => (o.goal ? `${o.text} => ${goalKey(o.goal)}` : o.text)).join(' | '),
  ],
  ['source', 'string', (r) => r.s.source],
  ['source_url', 'anyURI', (r) => r.s.sourceUrl],
];

/** A settlement as the API gives it. */
const settlementJson = (s: SettlementView) => ({
  id: s.id,
  government: s.government,
  area: s.area,
  areaName: s.areaName,
  title: s.title,
  amounts: s.amounts.map((a) => ({ financialYear: a.year, amountGbp: a.amountGbp })),
  totalGbp: s.total,
  serves: s.serves.map((g) => ({ mission: g.mission, goal: g.goal })),
  outcomes: s.outcomes.map((o) => ({
    text: o.text,
    mission: o.goal?.mission ?? null,
    goal: o.goal?.goal ?? null,
  })),
  conditions: s.conditions,
  source: s.source,
  sourceUrl: s.sourceUrl,
});

export function setUpSettlementsPages(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/settlements', { schema: { querystring: noQuery } }, async (_req, reply) =>
    view(reply, 'settlements', { settlements: await settlementViews(services) }),
  );

  pages.get(
    '/settlements/:id',
    { schema: { params: z.strictObject({ id: pathParam }), querystring: noQuery } },
    async (req, reply) => {
      const [settlement] = await settlementViews(services, {
        keep: (s) => s.id === req.params.id,
        statuses: true,
      });
      if (!settlement) throw new NotFoundError('Settlement');
      return view(reply, 'settlement', { settlement });
    },
  );

  serveCsvTable(app, {
    path: SETTLEMENTS_CSV,
    title: 'Funding settlements',
    description:
      "Multi-year funding settlements by government and area: one row per settlement and financial year (April to March, written 2025-26), the amount in whole pounds. The settlement's other columns are the same on each of its rows: the goals it serves (mission/goal, separated by ';'), its conditions, its outcomes framework (outcomes separated by '|', each linked to a goal it serves by '=> mission/goal') and its source. The file is in the format `northstar settlements import` reads.",
    license: OGL_URL,
    columns,
    primaryKey: ['settlement', 'financial_year'],
    rows: async () =>
      (await settlementViews(services)).flatMap((s) => s.years.map((year) => ({ s, year }))),
  });
}

export function setUpSettlementsApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/settlements',
    {
      schema: {
        tags: ['settlements'],
        summary:
          'Funding settlements: multi-year amounts by government and area, the goals they serve and their outcomes framework',
        querystring: z.strictObject({
          government: textParam().describe('Only settlements this government gives (its slug)'),
          area: patternParam(/^[A-Z]\d{8}$/, 'expected a 9-character ONS GSS code').describe(
            'Only settlements for this area or an area containing it (ONS GSS code)',
          ),
          mission: textParam().describe("Only settlements serving this mission's goals (its slug)"),
          ...pagingQuery(),
        }),
        response: responses(settlementsAnswer),
      },
    },
    async (req) => {
      const { government, area, mission } = req.query;
      const byCode = new Map((await services.areas.list()).map((a) => [a.code, a]));
      const settlements = await settlementViews(services, {
        keep: (s) =>
          (government === undefined || s.government === government) &&
          (area === undefined || covers(s.area, area, byCode)) &&
          (mission === undefined || s.serves.some((g) => g.mission === mission)),
      });
      const { items, paging } = paged(req.url, settlements, req.query);
      return { settlements: items.map(settlementJson), ...paging };
    },
  );
}

/** The published copy starts from the list of settlements (it links each) and the open data. */
export const settlementsPublicPages = () => [
  '/settlements',
  ...csvPaths({ path: SETTLEMENTS_CSV }),
];
