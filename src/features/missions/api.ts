// JSON API v1: the same numbers as the pages, described by OpenAPI from the zod schemas.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from './service.ts';
import { toCsv } from '../../platform/http/csv.ts';

const asAt = z.iso
  .date()
  .or(z.iso.datetime({ offset: true }))
  .optional()
  .describe('View the data as published at this date or instant (ISO 8601); defaults to now');
const periodBound = z
  .string()
  .regex(/^\d{4}(-\d{2}-\d{2})?$/, 'expected a year (2015) or a date (2015-04-01)');

const toDate = (value: string | undefined) =>
  value ? new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value) : undefined;

/** The tidy CSV format (docs/tidy-csv.md): a download can be imported again. */
const tidyColumns = [
  'indicator',
  'series',
  'unit',
  'area',
  'period',
  'period_start',
  'period_end',
  'value',
  'status',
  'note',
];

export async function setUpApi(app: FastifyInstance, services: Services) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const notFound = (what: string) => ({
    statusCode: 404,
    error: 'Not Found',
    message: `${what} not found`,
  });

  api.get(
    '/api/v1/missions',
    {
      schema: {
        tags: ['missions'],
        summary: 'Every mission with its goals and their computed status',
        querystring: z.object({ asAt }),
      },
    },
    async (req) => ({
      missions: await services.missions.list(toDate(req.query.asAt)),
    }),
  );

  api.get(
    '/api/v1/missions/:slug',
    {
      schema: {
        tags: ['missions'],
        summary: 'One mission: goals, status, route map',
        params: z.object({ slug: z.string() }),
        querystring: z.object({ asAt }),
      },
    },
    async (req, reply) => {
      const mission = await services.missions.get(req.params.slug, toDate(req.query.asAt));
      return mission ?? reply.code(404).send(notFound(`Mission ${req.params.slug}`));
    },
  );

  api.get(
    '/api/v1/missions/:slug/goals/:goal',
    {
      schema: {
        tags: ['progress'],
        summary: 'One goal: its assessment, and its assessment in every area with figures',
        params: z.object({ slug: z.string(), goal: z.string() }),
        querystring: z.object({ asAt }),
      },
    },
    async (req, reply) => {
      const at = toDate(req.query.asAt);
      const mission = await services.missions.get(req.params.slug, at);
      const goal = mission?.goals.find((g) => g.slug === req.params.goal);
      if (!goal)
        return reply.code(404).send(notFound(`Goal ${req.params.slug}/${req.params.goal}`));
      return { ...goal, byArea: await services.missions.byArea(goal, at) };
    },
  );

  api.get(
    '/api/v1/assessments',
    {
      schema: {
        tags: ['progress'],
        summary: 'The computed assessment of every goal',
        querystring: z.object({ asAt }),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      return {
        asAt: (at ?? new Date()).toISOString(),
        assessments: await services.missions.assessments(at),
      };
    },
  );

  api.get(
    '/api/v1/indicators',
    { schema: { tags: ['statistics'], summary: 'Every indicator' } },
    async () => ({
      indicators: (await services.statistics.listIndicators()).map(
        ({ meta: _meta, ...indicator }) => indicator,
      ),
    }),
  );

  api.get(
    '/api/v1/indicators/:id',
    {
      schema: {
        tags: ['statistics'],
        summary: 'One indicator: definition, source, releases and measures',
        params: z.object({ id: z.string() }),
        querystring: z.object({ asAt }),
      },
    },
    async (req, reply) => {
      const indicator = await services.statistics.getIndicator(req.params.id);
      if (!indicator) return reply.code(404).send(notFound(`Indicator ${req.params.id}`));
      const at = toDate(req.query.asAt);
      const { meta: _meta, ...rest } = indicator;
      return {
        ...rest,
        releases: await services.statistics.releases(indicator.id, at),
        measures: await services.statistics.measures(indicator.id, at),
      };
    },
  );

  api.get(
    '/api/v1/indicators/:id/observations',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Observations of an indicator, filtered; CSV or JSON',
        params: z.object({ id: z.string() }),
        querystring: z.object({
          area: z
            .string()
            .regex(/^[A-Z]\d{8}$/, 'expected an ONS GSS code like E92000001')
            .optional(),
          series: z.string().optional(),
          unit: z.string().optional(),
          from: periodBound.optional(),
          to: periodBound.optional(),
          format: z.enum(['json', 'csv']).default('json'),
          asAt,
        }),
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const q = req.query;
      const indicator = await services.statistics.getIndicator(id);
      if (!indicator) return reply.code(404).send(notFound(`Indicator ${id}`));
      const observations = await services.statistics.observations({
        indicatorId: id,
        asAt: toDate(q.asAt),
        areaCode: q.area,
        series: q.series,
        unit: q.unit,
        from: q.from && (q.from.length === 4 ? `${q.from}-01-01` : q.from),
        to: q.to && (q.to.length === 4 ? `${q.to}-12-31` : q.to),
      });
      if (q.format === 'csv') {
        const breakdowns = [
          ...new Set(observations.flatMap((o) => Object.keys(o.dimensions))),
        ].sort();
        const rows = observations.map((o) => [
          id,
          o.series,
          o.unit,
          o.areaCode,
          o.period.label,
          o.period.start,
          o.period.end,
          o.value,
          o.status,
          o.note,
          ...breakdowns.map((b) => o.dimensions[b] ?? ''),
        ]);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="indicator-${id}.csv"`)
          .send(toCsv([...tidyColumns, ...breakdowns], rows));
      }
      return {
        indicator: id,
        licence:
          indicator.source && 'licence' in indicator.source ? indicator.source.licence : null,
        observations,
      };
    },
  );

  api.get(
    '/api/v1/areas/:code',
    {
      schema: {
        tags: ['areas'],
        summary: 'An area with its parent and the areas within it',
        params: z.object({ code: z.string() }),
      },
    },
    async (req, reply) => {
      const area = await services.areas.get(req.params.code);
      if (!area) return reply.code(404).send(notFound(`Area ${req.params.code}`));
      const all = await services.areas.list();
      return {
        ...area,
        parent: all.find((a) => a.code === area.parentCode) ?? null,
        successor: all.find((a) => a.code === area.successorCode) ?? null,
        children: all
          .filter((a) => a.parentCode === area.code && a.current)
          .map(({ code, name, level }) => ({ code, name, level })),
      };
    },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
