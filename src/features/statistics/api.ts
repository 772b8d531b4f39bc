// The statistics' JSON API: indicators, their releases and measures, and their figures
// filtered, as JSON or as tidy CSV that can be imported again.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { toCsv } from '../../platform/csv/write.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import {
  asAtParam as asAt,
  choiceParam,
  pagingQuery,
  pathParam,
  patternParam,
  periodBoundParam,
  textParam,
  toDate,
} from '../../platform/http/params.ts';
import {
  decimalYear,
  isoDateString,
  paged,
  pagingFields,
  responses,
  withDate,
} from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { tidyTable } from './readers/tidy.ts';

const dimensions = z
  .record(z.string(), z.string())
  .describe('The breakdown: each dimension and its value (none: the total)');

const indicator = z.object({
  id: z.string(),
  title: z.string(),
  definition: z.string().nullable(),
  unit: z.string().nullable(),
  direction: z.enum(['higher', 'lower']).nullable(),
  source: z.object({
    organisation: z.string().optional(),
    title: z.string().optional(),
    url: z.string().optional(),
    licence: z.string().optional(),
  }),
});

const release = z.object({
  id: z.number().int(),
  indicator: z.string(),
  releasedAt: z.string().describe('When it was (or will be) published: ISO 8601'),
  loadedAt: z.string(),
  loadedBy: z.string(),
  sourceFile: z.string(),
  sha256: z.string(),
  rowCount: z.number().int(),
});

const measure = z.object({
  series: z.string(),
  unit: z.string(),
  dimensions,
  areas: z.array(z.string()),
  values: z.number().int().describe('How many non-blank figures it has'),
});

const observation = z.object({
  line: z.number().int().describe('Its line in the source file'),
  series: z.string(),
  unit: z.string(),
  area: z.string().nullable().describe('ONS GSS code; null when the source names none'),
  dimensions,
  period: z.object({
    label: z.string(),
    kind: z.enum(['year', 'financial-year', 'academic-year', 'quarter', 'month', 'date', 'range']),
    start: isoDateString,
    end: isoDateString,
    time: decimalYear.describe('The decimal year at the instant the period ends'),
    date: isoDateString.describe('`time` as an ISO date: the day after the period’s last'),
  }),
  value: z.number().nullable(),
  status: z.string(),
  note: z.string().nullable(),
});

/** Observations come in larger pages than other lists: a series of one area is many figures. */
const OBSERVATIONS_PAGE = 1000;
const OBSERVATIONS_PAGE_MAX = 10_000;

/** `none`, or pairs `dimension:value` separated by `;` (`Sex:Female;Age:16-24`). */
const breakdownParam = textParam(1000)
  .refine((value) => value === undefined || /^(none|[^:;]+:[^;]+(;[^;]+)*)$/.test(value), {
    message: 'expected none, or dimension:value pairs separated by ; (Sex:Female;Age:16-24)',
  })
  .describe(
    'Only this breakdown: `none` for the figures with no breakdown (the totals), or `dimension:value` pairs separated by `;` (Sex:Female;Age:16-24), each of which a figure must have. A value may hold `;` itself: a `;` starts a new pair only where a dimension’s name and `:` follow it. The breakdowns there are: the indicator’s measures',
  );

/**
 * The breakdown asked for: `none` is the figures with no dimension at all. A `;` not followed
 * by one of `names` and `:` is part of a value, as published values hold them ("Water supply;
 * sewerage, waste management and remediation activities").
 */
function parseBreakdown(text: string, names: Set<string>): Record<string, string> | 'none' {
  if (text === 'none') return 'none';
  const pairs: [string, string][] = [];
  for (const piece of text.split(';')) {
    const at = piece.indexOf(':');
    const name = at < 0 ? '' : piece.slice(0, at).trim();
    const last = pairs.at(-1);
    if (last && !names.has(name)) last[1] += `;${piece}`;
    else pairs.push([name, piece.slice(at + 1)]);
  }
  return Object.fromEntries(pairs.map(([name, value]) => [name, value.trim()]));
}

const inBreakdown = (
  dimensions: Record<string, string>,
  wanted: Record<string, string> | 'none',
) =>
  wanted === 'none'
    ? Object.keys(dimensions).length === 0
    : Object.entries(wanted).every(([name, value]) => dimensions[name] === value);

export function setUpStatisticsApi(app: FastifyInstance, context: FeatureContext<Services>) {
  const { services } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/indicators',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Every indicator',
        querystring: z.strictObject({ ...pagingQuery() }),
        response: responses(z.object({ indicators: z.array(indicator), ...pagingFields })),
      },
    },
    async (req) => {
      const all = await services.statistics.listIndicators();
      const { items, paging } = paged(req.url, all, req.query);
      return { indicators: items.map(({ meta: _meta, ...indicator }) => indicator), ...paging };
    },
  );

  api.get(
    '/api/v1/indicators/:indicator',
    {
      schema: {
        tags: ['statistics'],
        summary: 'One indicator: definition, source, releases and measures',
        params: z.object({ indicator: pathParam.meta({ examples: ['16.1.1'] }) }),
        querystring: z.strictObject({ asAt }),
        response: responses(
          indicator.extend({ releases: z.array(release), measures: z.array(measure) }),
        ),
      },
    },
    async (req) => {
      const at = toDate(req.query.asAt);
      const indicator = await services.statistics.getIndicator(req.params.indicator, at);
      if (!indicator) throw new NotFoundError(`Indicator ${req.params.indicator}`);
      const { meta: _meta, ...rest } = indicator;
      return {
        ...rest,
        releases: (await services.statistics.releases(indicator.id, at)).map(
          ({ indicatorId, ...r }) => ({ ...r, indicator: indicatorId }),
        ),
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
    '/api/v1/indicators/:indicator/observations',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Observations of an indicator, filtered; CSV or JSON',
        params: z.object({ indicator: pathParam.meta({ examples: ['16.1.1'] }) }),
        querystring: z
          .strictObject({
            area: patternParam(/^[A-Z]\d{8}$/, 'expected an ONS GSS code like E92000001'),
            series: textParam(1000),
            unit: textParam(1000),
            from: periodBoundParam,
            to: periodBoundParam,
            breakdown: breakdownParam,
            format: choiceParam(['json', 'csv']).default('json'),
            asAt,
            ...pagingQuery(OBSERVATIONS_PAGE, OBSERVATIONS_PAGE_MAX),
          })
          .refine((q) => q.format === 'json' || (q.page ?? q.pageSize) === undefined, {
            message: 'page and pageSize page the JSON answer; the CSV file is the whole table',
            path: ['page'],
          }),
        response: responses(
          z
            .object({
              indicator: z.string(),
              licence: z.string().nullable(),
              observations: z.array(observation),
              ...pagingFields,
            })
            .describe('As JSON; with format=csv, tidy CSV (text/csv) that imports again'),
        ),
      },
    },
    async (req, reply) => {
      const { indicator: id } = req.params;
      const q = req.query;
      const indicator = await services.statistics.getIndicator(id, toDate(q.asAt));
      if (!indicator) throw new NotFoundError(`Indicator ${id}`);
      const all = await services.statistics.observations({
        indicatorId: id,
        asAt: toDate(q.asAt),
        areaCode: q.area,
        series: q.series,
        unit: q.unit,
        from: q.from && (q.from.length === 4 ? `${q.from}-01-01` : q.from),
        to: q.to && (q.to.length === 4 ? `${q.to}-12-31` : q.to),
      });
      const names = new Set(all.flatMap((o) => Object.keys(o.dimensions)));
      const wanted = q.breakdown === undefined ? undefined : parseBreakdown(q.breakdown, names);
      const observations = wanted ? all.filter((o) => inBreakdown(o.dimensions, wanted)) : all;
      if (q.format === 'csv') {
        const { header, rows } = tidyTable(id, observations);
        // Text, not the JSON schema's shape: a text/csv string is sent as it is, unserialised.
        return (reply as FastifyReply)
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="indicator-${id}.csv"`)
          .send(toCsv(header, rows));
      }
      const { items, paging } = paged(req.url, observations, q, OBSERVATIONS_PAGE);
      return {
        indicator: id,
        licence:
          indicator.source && 'licence' in indicator.source ? indicator.source.licence : null,
        observations: items.map(({ areaCode, period, ...o }) => ({
          ...o,
          area: areaCode,
          period: withDate(period),
        })),
        ...paging,
      };
    },
  );
}
