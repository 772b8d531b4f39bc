// One indicator's public page: a series, a unit and any of its breakdowns in any of its areas,
// chosen with a plain GET form, several breakdowns compared on one chart and in one table.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { comparisonStyles, renderKeySwatch, renderLineChart } from '../../platform/http/chart.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { pathParam, patternParam, text, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import type { Indicator, Measure, Observation } from './store.ts';
import { releaseStatus } from './calendar.ts';
import { indicatorMetadata, sourceLine } from './indicatorMetadata.ts';
import { breakMarks, seriesBreaks } from './breaks.ts';
import type { Translate } from '../../platform/http/language.ts';
import { decimalsOf } from '../../domain/format.ts';
import { placesShown } from './placesShown.ts';
import {
  breakdownLabel,
  chooseArea,
  widthRank,
  chooseMeasures,
  MAX_COMPARED,
  NO_BREAKDOWN,
  type IndicatorChoice,
} from './indicatorChoice.ts';

/** One compared breakdown: its measure, how its line looks, and its figures in the area. */
interface Compared {
  measure: Measure;
  label: string;
  swatch: string;
  observations: Observation[];
  /** The places its figures are shown to: as its publisher wrote them (see `decimalsOf`). */
  decimals: number | undefined;
}

/** `Series — unit`, leaving out what is blank. */
const seriesText = (choice: Pick<IndicatorChoice, 'series' | 'unit'>) =>
  [choice.series, choice.unit].filter(Boolean).join(' — ');

/**
 * The periods a breakdown has more than one row for in the source (the same series, unit,
 * breakdown and area): the publisher's duplicates, which no one figure can stand for.
 */
function duplicatePeriods(observations: Observation[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const o of observations) {
    if (seen.has(o.period.label)) twice.add(o.period.label);
    seen.add(o.period.label);
  }
  return twice;
}

/**
 * A breakdown's points on the chart, one a period: a period whose duplicate rows give
 * different figures is left off (the table shows them all), one whose rows agree is drawn once.
 */
function chartPoints(observations: Observation[]) {
  const byPeriod = new Map<string, Observation[]>();
  for (const o of observations)
    byPeriod.set(o.period.label, [...(byPeriod.get(o.period.label) ?? []), o]);
  return [...byPeriod.values()].flatMap((rows) => {
    const values = new Set(rows.map((o) => o.value));
    const [only] = rows;
    return values.size === 1 && only!.value !== null
      ? [{ time: only!.period.time, value: only!.value }]
      : [];
  });
}

/**
 * A table of the compared figures, a row for each period, newest first, from the first period
 * with a figure: a sheet may list its periods back to its start with none (the open data keep
 * them).
 */
function figuresTable(compared: Compared[]) {
  const periods = new Map<string, { label: string; time: number }>();
  for (const c of compared) for (const o of c.observations) periods.set(o.period.label, o.period);
  const rows = [...periods.values()]
    .sort((a, b) => b.time - a.time)
    .map((period) => ({
      period: period.label,
      cells: compared.map((c) => {
        const figures = c.observations.filter((o) => o.period.label === period.label);
        return { figures, duplicate: figures.length > 1, decimals: c.decimals };
      }),
    }));
  const blank = (row: (typeof rows)[number]) =>
    row.cells.every((cell) => cell.figures.every((o) => o.value === null));
  while (rows.length && blank(rows.at(-1)!)) rows.pop();
  return rows;
}

/** `Office for National Statistics (ONS), Labour market statistics time series`. */
function indicatorChart(
  indicator: Indicator,
  choice: IndicatorChoice,
  compared: Compared[],
  translate: Translate,
) {
  // The page's own word for figures with no breakdown; the publisher's labels as they are.
  const labels = compared.map((c) => (c.label === NO_BREAKDOWN ? translate('All') : c.label));
  // The chart adds the unit; the series is named where it is not the indicator's own title.
  const series = choice.series.toLowerCase() === indicator.title.toLowerCase() ? '' : choice.series;
  return renderLineChart({
    translate,
    breaks: breakMarks(seriesBreaks(indicator)),
    title: `${[indicator.title, series].filter(Boolean).join(': ')}, ${labels.join(', ')}`,
    unit: choice.unit,
    source: sourceLine(indicator),
    series: compared.map((c, i) => ({
      label: labels[i]!,
      points: chartPoints(c.observations),
      style: 'actual' as const,
      look: comparisonStyles[i % comparisonStyles.length],
    })),
  });
}

/**
 * Breakdowns given once or several times (`?breakdown=Sex: Male&breakdown=Sex: Female`), as
 * the JSON of their sorted list: the response cache keys a request by its parameters' values
 * as text, and a list joined with commas would make `a, b` and `a` + `b` one address.
 */
const breakdownParam = z
  .union([text(1000), z.array(text(1000)).max(200, 'at most 200 breakdowns')])
  .optional()
  .transform((v) =>
    v === undefined ? undefined : JSON.stringify([...new Set([v].flat())].sort()),
  );

const breakdownsOf = (param: string | undefined): string[] =>
  param === undefined ? [] : (JSON.parse(param) as string[]);

export function setUpIndicatorPage(
  app: FastifyInstance,
  { services, view, translate }: FeatureContext<Services>,
) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/indicators/:id',
    {
      schema: {
        params: z.object({ id: pathParam }),
        querystring: z.strictObject({
          series: textParam(1000),
          unit: textParam(1000),
          breakdown: breakdownParam,
          area: patternParam(/^[A-Z]\d{8}$/, 'expected an ONS GSS code like E92000001'),
          // One measure, as links made before the choices were apart still name it.
          measure: textParam(5000),
        }),
      },
    },
    async (req, reply) => {
      const indicator = await services.statistics.getIndicator(req.params.id);
      if (!indicator) throw new NotFoundError();
      const measures = (await services.statistics.measures(indicator.id)).filter(
        (m) => m.values > 0,
      );
      const missions = await services.missions.definitions();
      const goals = missions.flatMap((m) =>
        m.goals.filter((g) => g.indicatorId === indicator.id).map((g) => ({ mission: m, goal: g })),
      );
      const choice = chooseMeasures(
        measures,
        { ...req.query, breakdown: breakdownsOf(req.query.breakdown) },
        goals.map(({ goal }) => goal),
      );
      const areaCodes = [...new Set(choice?.chosen.flatMap((m) => m.areas) ?? [])];
      const known = new Map(
        (await Promise.all(areaCodes.map((code) => services.areas.get(code))))
          .filter((a) => a !== undefined)
          .map((a) => [a.code, a]),
      );
      const levelOf = (c: string) => known.get(c)?.level;
      const areaCode = chooseArea(areaCodes, req.query.area, levelOf);
      const compared: Compared[] = [];
      for (const [i, measure] of (choice?.chosen ?? []).entries()) {
        const observations =
          areaCode && measure.areas.includes(areaCode)
            ? await services.statistics.observations({
                indicatorId: indicator.id,
                series: measure.series,
                unit: measure.unit,
                dimensions: measure.dimensions,
                areaCode,
              })
            : [];
        compared.push({
          measure,
          label: breakdownLabel(measure.dimensions),
          swatch: renderKeySwatch(comparisonStyles[i % comparisonStyles.length]!),
          observations,
          decimals:
            placesShown(indicator, measure.series, measure.unit) ??
            decimalsOf(observations.flatMap((o) => (o.value === null ? [] : [o.value]))),
        });
      }
      // The widest first (the country, then regions, then authorities), each by name.
      const areas = areaCodes
        .map((code) => ({
          code,
          name: known.get(code)?.name ?? code,
          rank: widthRank(code, levelOf),
        }))
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
      // No area: the page says "Unknown area" in its language.
      const areaName = areaCode ? (known.get(areaCode)?.name ?? areaCode) : null;
      // An area asked for that these figures do not have, said rather than silently swapped.
      const asked = req.query.area;
      const areaMissing =
        asked && asked !== areaCode ? ((await services.areas.get(asked))?.name ?? asked) : null;
      const hasValues = compared.some((c) => c.observations.some((o) => o.value !== null));
      const csvQuery = new URLSearchParams({
        format: 'csv',
        ...(areaCode ? { area: areaCode } : {}),
        ...(choice ? { series: choice.series, unit: choice.unit } : {}),
      });
      const chosen = new Set(choice?.chosen);
      return view(reply, 'indicator', {
        indicator,
        choice,
        seriesOptions: (choice?.seriesList ?? []).map((s) => ({
          value: s,
          text: s || 'Unnamed series',
          selected: s === choice?.series,
        })),
        unitOptions: (choice?.unitList ?? []).map((u) => ({
          value: u,
          text: u || 'No unit given',
          selected: u === choice?.unit,
        })),
        breakdownGroups: (choice?.groups ?? []).map((g, i) => ({
          label: g.label,
          // What the group breaks the figures down by (`Age`, `Sex`), each the publisher's word.
          names: Object.keys(g.measures[0]?.dimensions ?? {}),
          id: `breakdown-${i}`,
          open: g.measures.some((m) => chosen.has(m)),
          items: g.measures.map((m) => ({
            value: breakdownLabel(m.dimensions),
            text: breakdownLabel(m.dimensions),
            checked: chosen.has(m),
          })),
        })),
        maxCompared: MAX_COMPARED,
        areaOptions: areas.map((a) => ({
          value: a.code,
          text: `${a.name} (${a.code})`,
          selected: a.code === areaCode,
        })),
        measureText: choice
          ? [seriesText(choice), ...(compared.length === 1 ? [compared[0]!.label] : [])]
              .filter((t) => t && t !== NO_BREAKDOWN)
              .join(' — ')
          : '',
        areaName,
        areaMissing,
        compared,
        rows: figuresTable(compared),
        duplicates: compared.flatMap((c) => {
          const periods = [...duplicatePeriods(c.observations)];
          return periods.length ? [{ label: c.label, periods }] : [];
        }),
        chart:
          hasValues && choice ? indicatorChart(indicator, choice, compared, translate(req)) : '',
        releases: await services.statistics.releases(indicator.id),
        release: await releaseStatus(services.statistics, indicator, services.clock.now()),
        breaks: seriesBreaks(indicator),
        metadata: indicatorMetadata(indicator),
        goals,
        csvUrl: `/api/v1/indicators/${encodeURIComponent(indicator.id)}/observations?${csvQuery}`,
        jsonUrl: `/api/v1/indicators/${encodeURIComponent(indicator.id)}/observations?${csvQuery.toString().replace('format=csv', 'format=json')}`,
      });
    },
  );
}
