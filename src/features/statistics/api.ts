// The statistics' JSON API: indicators, their releases and measures, and their figures
// filtered, as JSON or as tidy CSV that can be imported again.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { toCsv } from '../../platform/csv/write.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import {
  asAtParam as asAt,
  choiceParam,
  noQuery,
  pathParam,
  patternParam,
  periodBoundParam,
  textParam,
  toDate,
} from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { tidyTable } from './readers/tidy.ts';

export function setUpStatisticsApi(app: FastifyInstance, context: FeatureContext<Services>) {
  const { services } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/indicators',
    { schema: { tags: ['statistics'], summary: 'Every indicator', querystring: noQuery } },
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
        params: z.object({ id: pathParam }),
        querystring: z.strictObject({ asAt }),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      const indicator = await services.statistics.getIndicator(req.params.id, at);
      if (!indicator) throw new NotFoundError(`Indicator ${req.params.id}`);
      const { meta: _meta, ...rest } = indicator;
      return {
        ...rest,
        releases: await services.statistics.releases(indicator.id, at),
        measures: await services.statistics.measures(indicator.id, at),
      };
    },
  );

  setUpObservationsApi(app, context);
}

/** An indicator's figures, filtered, as JSON or as tidy CSV that imports again. */
function setUpObservationsApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/indicators/:id/observations',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Observations of an indicator, filtered; CSV or JSON',
        params: z.object({ id: pathParam }),
        querystring: z.strictObject({
          area: patternParam(/^[A-Z]\d{8}$/, 'expected an ONS GSS code like E92000001'),
          series: textParam(1000),
          unit: textParam(1000),
          from: periodBoundParam,
          to: periodBoundParam,
          format: choiceParam(['json', 'csv']).default('json'),
          asAt,
        }),
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const q = req.query;
      const indicator = await services.statistics.getIndicator(id, toDate(q.asAt));
      if (!indicator) throw new NotFoundError(`Indicator ${id}`);
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
        const { header, rows } = tidyTable(id, observations);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="indicator-${id}.csv"`)
          .send(toCsv(header, rows));
      }
      return {
        indicator: id,
        licence:
          indicator.source && 'licence' in indicator.source ? indicator.source.licence : null,
        observations,
      };
    },
  );
}
