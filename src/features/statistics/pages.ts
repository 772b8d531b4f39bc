// The statistics' pages: every indicator, one indicator with a chart and table of any of its
// measures in any area, and the open data downloads.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROOT } from '../../config.ts';
import type { Services } from '../../compose.ts';
import { renderLineChart } from '../../platform/http/chart.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam, patternParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { UK_CODE, type AreaLevel } from '../../domain/area.ts';

/** England's GSS code: the first of the nations when no wider area has figures. */
const ENGLAND_CODE = 'E92000001';
import type { Indicator, Measure, Observation } from './store.ts';
import { setUpCalendarPages } from './calendarPages.ts';
import { releaseStatus } from './calendar.ts';
import { breakMarks, seriesBreaks } from './breaks.ts';

type MeasureKey = Pick<Measure, 'series' | 'unit' | 'dimensions'>;

/** A measure as the indicator page's form names it. */
const key = (m: MeasureKey) => JSON.stringify([m.series, m.unit, m.dimensions]);

/** `Series — unit — Sex: Female`. */
const describe = (m: MeasureKey) =>
  [m.series, m.unit, ...Object.entries(m.dimensions).map(([k, v]) => `${k}: ${v}`)]
    .filter(Boolean)
    .join(' — ');

/** The measure asked for, else the headline one: the fewest breakdowns, as the store sorts them. */
function chooseMeasure(measures: Measure[], asked: string | undefined) {
  return (
    measures.find((m) => key(m) === asked) ??
    measures.find((m) => Object.keys(m.dimensions).length === 0) ??
    measures[0]
  );
}

/** Which areas stand for the country, widest first: the UK, Great Britain, England and Wales. */
const nationalRank: Partial<Record<AreaLevel, number>> = { uk: 0, gb: 1, ew: 2, country: 3 };

/**
 * The area asked for if the measure has it, else its national figure: the widest of the UK,
 * Great Britain, England and Wales and the nations (England first among those), so a page
 * opens on the country's figure rather than on the first region or authority in the list.
 */
export function chooseArea(
  measure: Measure,
  asked: string | undefined,
  levelOf: (code: string) => AreaLevel | undefined,
) {
  if (asked && measure.areas.includes(asked)) return asked;
  const rank = (code: string) => {
    if (code === UK_CODE) return -1;
    const level = levelOf(code);
    const r = level === undefined ? undefined : nationalRank[level];
    if (r === undefined) return Infinity;
    return code === ENGLAND_CODE ? r : r + 0.5;
  };
  let best = measure.areas[0];
  for (const code of measure.areas) if (best === undefined || rank(code) < rank(best)) best = code;
  return best;
}

function indicatorChart(indicator: Indicator, measure: Measure | undefined, values: Observation[]) {
  return renderLineChart({
    breaks: breakMarks(seriesBreaks(indicator)),
    title: `${indicator.title}: ${measure ? describe(measure) : ''}`,
    unit: measure?.unit ?? '',
    series: [
      {
        label: 'Published figures',
        points: values.map((o) => ({ time: o.period.time, value: o.value! })),
        style: 'actual',
      },
    ],
  });
}

export function setUpStatisticsPages(app: FastifyInstance, context: FeatureContext<Services>) {
  const { services, view } = context;
  setUpCalendarPages(app, context);
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/indicators', { schema: { querystring: noQuery } }, async (_req, reply) => {
    const indicators = (await services.statistics.listIndicators()).sort((a, b) =>
      a.id.localeCompare(b.id, 'en', { numeric: true }),
    );
    return view(reply, 'indicators', { indicators });
  });

  setUpIndicatorPage(app, context);

  pages.get('/open-data', { schema: { querystring: noQuery } }, async (_req, reply) => {
    const indicators = await services.statistics.listIndicators();
    indicators.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    const withData = [];
    for (const indicator of indicators) {
      // Placeholder indicators have a release but no figures, and so no files.
      if ((await services.statistics.measures(indicator.id)).length) withData.push(indicator);
    }
    return view(reply, 'open-data', { indicators: withData });
  });

  pages.get(
    '/open-data/tidy-template.csv',
    { schema: { querystring: noQuery } },
    async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="tidy-template.csv"')
        .send(fs.readFileSync(path.join(ROOT, 'data/templates/tidy-template.csv'))),
  );
}

/** One indicator: any of its measures in any of its areas, as a chart and a table. */
function setUpIndicatorPage(app: FastifyInstance, { services, view }: FeatureContext<Services>) {
  const areaName = async (code: string | null) =>
    code ? ((await services.areas.get(code))?.name ?? code) : 'Unknown area';
  app.withTypeProvider<ZodTypeProvider>().get(
    '/indicators/:id',
    {
      schema: {
        params: z.object({ id: pathParam }),
        querystring: z.strictObject({
          // The form's own values: a measure's key and a GSS code.
          measure: textParam(5000),
          area: patternParam(/^[A-Z]\d{8}$/, 'expected an ONS GSS code like E92000001'),
        }),
      },
    },
    async (req, reply) => {
      const indicator = await services.statistics.getIndicator(req.params.id);
      if (!indicator) throw new NotFoundError();
      const measures = (await services.statistics.measures(indicator.id)).filter(
        (m) => m.values > 0,
      );
      const measure = chooseMeasure(measures, req.query.measure);
      const known = new Map(
        (await Promise.all((measure?.areas ?? []).map((code) => services.areas.get(code))))
          .filter((a) => a !== undefined)
          .map((a) => [a.code, a]),
      );
      const areaCode = measure && chooseArea(measure, req.query.area, (c) => known.get(c)?.level);
      const observations = measure
        ? await services.statistics.observations({
            indicatorId: indicator.id,
            series: measure.series,
            unit: measure.unit,
            dimensions: measure.dimensions,
            areaCode,
          })
        : [];
      const areas = (measure?.areas ?? []).map((code) => ({
        code,
        name: known.get(code)?.name ?? code,
      }));
      areas.sort((a, b) => a.name.localeCompare(b.name));
      const missions = await services.missions.definitions();
      const goals = missions.flatMap((m) =>
        m.goals.filter((g) => g.indicatorId === indicator.id).map((g) => ({ mission: m, goal: g })),
      );
      const values = observations.filter((o) => o.value !== null);
      const csvQuery = new URLSearchParams({
        format: 'csv',
        ...(areaCode ? { area: areaCode } : {}),
        ...(measure ? { series: measure.series, unit: measure.unit } : {}),
      });
      return view(reply, 'indicator', {
        indicator,
        measureOptions: measures.slice(0, 500).map((m) => ({
          value: key(m),
          text: describe(m),
          selected: measure && key(m) === key(measure),
        })),
        measureCount: measures.length,
        areaOptions: areas.map((a) => ({
          value: a.code,
          text: `${a.name} (${a.code})`,
          selected: a.code === areaCode,
        })),
        measure,
        measureText: measure ? describe(measure) : '',
        areaName: await areaName(areaCode ?? null),
        observations,
        chart: values.length ? indicatorChart(indicator, measure, values) : '',
        releases: await services.statistics.releases(indicator.id),
        release: await releaseStatus(services.statistics, indicator, services.clock.now()),
        breaks: seriesBreaks(indicator),
        goals,
        csvUrl: `/api/v1/indicators/${encodeURIComponent(indicator.id)}/observations?${csvQuery}`,
        jsonUrl: `/api/v1/indicators/${encodeURIComponent(indicator.id)}/observations?${csvQuery.toString().replace('format=csv', 'format=json')}`,
      });
    },
  );
}
