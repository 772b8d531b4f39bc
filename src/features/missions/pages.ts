// The public pages: overview, mission, goal, indicators and indicator. Each handler gathers
// numbers from the services and hands them to a template; no number is computed here.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services, AssessedGoal } from './service.ts';
import { renderLineChart, chartColours } from '../../platform/http/chart.ts';
import { endOfDayTime, trajectoryValueAt } from '../../domain/trajectory.ts';
import type { Observation } from '../statistics/store.ts';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../config.ts';
import { loadHexLayout, renderHexMap } from '../areas/hexmap.ts';
import { formatValue } from '../../domain/format.ts';

export class NotFoundError extends Error {}

function goalChart(goal: AssessedGoal, observations: Observation[], unit: string) {
  const actual = observations
    .filter((o) => o.value !== null)
    .map((o) => ({ time: o.period.time, value: o.value! }));
  const { trajectory } = goal.assessment;
  return renderLineChart({
    title: goal.statement,
    unit,
    series: [
      { label: 'Published figures', points: actual, style: 'actual' },
      ...(trajectory.length
        ? [{ label: 'Planned path', points: trajectory, style: 'trajectory' as const }]
        : []),
    ],
    target: goal.target
      ? { value: goal.target.value, time: endOfDayTime(goal.target.deadline), label: 'Target' }
      : undefined,
    projection: projectionOf(goal, actual),
  });
}

function projectionOf(goal: AssessedGoal, actual: { time: number; value: number }[]) {
  const projection = goal.assessment.projection;
  const from = actual.at(-1);
  if (!projection?.ok || !from) return undefined;
  const { at, value, lower, upper } = projection;
  return { from, at, value, lower, upper };
}

/** Rows of the table beside a goal's chart: each published figure and the plan at that time. */
function goalTable(goal: AssessedGoal, observations: Observation[]) {
  const { trajectory } = goal.assessment;
  return observations.map((o) => ({
    period: o.period.label,
    value: o.value,
    status: o.status,
    planned:
      trajectory.length && o.period.time >= trajectory[0]!.time
        ? trajectoryValueAt(trajectory, o.period.time)
        : null,
  }));
}

/**
 * `staticSite`: pages for the published copy, where there is no server to filter: downloads
 * point at the open data files and the indicator page shows its headline measure.
 */
export async function setUpPages(
  app: FastifyInstance,
  services: Services,
  options: { staticSite?: boolean } = {},
) {
  const areaName = async (code: string | null) =>
    code ? ((await services.areas.get(code))?.name ?? code) : 'Unknown area';
  const view = (reply: FastifyReply, template: string, context: Record<string, unknown>) =>
    reply.view(`${template}.njk`, {
      ...context,
      chartColours,
      staticSite: options.staticSite,
    });

  app.get('/', async (_req, reply) => {
    const missions = await services.missions.list();
    const recentChanges = await services.audit.list({ limit: 5 });
    return view(reply, 'overview', { missions, recentChanges });
  });

  app.get<{ Params: { slug: string } }>('/missions/:slug', async (req, reply) => {
    const mission = await services.missions.get(req.params.slug);
    if (!mission) throw new NotFoundError();
    return view(reply, 'mission', { mission, links: await services.missions.links(mission.slug) });
  });

  app.get<{ Params: { slug: string; goal: string } }>(
    '/missions/:slug/goals/:goal',
    async (req, reply) => {
      const mission = await services.missions.get(req.params.slug);
      const goal = mission?.goals.find((g) => g.slug === req.params.goal);
      if (!mission || !goal) throw new NotFoundError();
      const observations = await services.missions.goalObservations(goal);
      const indicator = goal.indicatorId
        ? await services.statistics.getIndicator(goal.indicatorId)
        : undefined;
      const unit = goal.unit ?? observations[0]?.unit ?? indicator?.unit ?? '';
      return view(reply, 'goal', {
        mission,
        goal,
        indicator,
        unit,
        area: await areaName(goal.areaCode),
        chart: observations.length ? goalChart(goal, observations, unit) : '',
        byArea: await services.missions.byArea(goal),
        targetHistory: (
          await services.audit.list({
            entityTypes: ['goal'],
            entityId: `${mission.slug}/${goal.slug}`,
          })
        ).map((e) => ({ ...e, changes: describeChanges(e.before, e.after) })),
        table: goalTable(goal, observations),
      });
    },
  );

  app.get('/indicators', async (_req, reply) => {
    const indicators = (await services.statistics.listIndicators()).sort((a, b) =>
      a.id.localeCompare(b.id, 'en', { numeric: true }),
    );
    return view(reply, 'indicators', { indicators });
  });

  app.get<{ Params: { id: string }; Querystring: { measure?: string; area?: string } }>(
    '/indicators/:id',
    async (req, reply) => {
      const indicator = await services.statistics.getIndicator(req.params.id);
      if (!indicator) throw new NotFoundError();
      const measures = (await services.statistics.measures(indicator.id)).filter(
        (m) => m.values > 0,
      );
      const key = (m: { series: string; unit: string; dimensions: Record<string, string> }) =>
        JSON.stringify([m.series, m.unit, m.dimensions]);
      // Default to the headline measure: the one with fewest breakdowns, as the store sorts them.
      const measure =
        measures.find((m) => key(m) === req.query.measure) ??
        measures.find((m) => Object.keys(m.dimensions).length === 0) ??
        measures[0];
      const areaCode =
        measure &&
        (measure.areas.includes(req.query.area ?? '')
          ? req.query.area!
          : measure.areas.includes('K02000001')
            ? 'K02000001'
            : measure.areas[0]);
      const observations = measure
        ? await services.statistics.observations({
            indicatorId: indicator.id,
            series: measure.series,
            unit: measure.unit,
            dimensions: measure.dimensions,
            areaCode,
          })
        : [];
      const areas = measure
        ? await Promise.all(
            measure.areas.map(async (code) => ({ code, name: await areaName(code) })),
          )
        : [];
      areas.sort((a, b) => a.name.localeCompare(b.name));
      const describe = (m: (typeof measures)[number]) =>
        [m.series, m.unit, ...Object.entries(m.dimensions).map(([k, v]) => `${k}: ${v}`)]
          .filter(Boolean)
          .join(' — ');
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
        chart: values.length
          ? renderLineChart({
              title: `${indicator.title}: ${measure ? describe(measure) : ''}`,
              unit: measure?.unit ?? '',
              series: [
                {
                  label: 'Published figures',
                  points: values.map((o) => ({ time: o.period.time, value: o.value! })),
                  style: 'actual',
                },
              ],
            })
          : '',
        releases: await services.statistics.releases(indicator.id),
        goals,
        csvUrl: `/api/v1/indicators/${encodeURIComponent(indicator.id)}/observations?${csvQuery}`,
        jsonUrl: `/api/v1/indicators/${encodeURIComponent(indicator.id)}/observations?${csvQuery.toString().replace('format=csv', 'format=json')}`,
      });
    },
  );

  app.get<{ Querystring: { q?: string } }>('/areas', async (req, reply) => {
    const query = (req.query.q ?? '').trim().slice(0, 100);
    const all = await services.areas.list();
    const needle = query.toLowerCase();
    // The published copy has no server to search with: it lists every area instead.
    const results = options.staticSite
      ? all.filter((a) => a.current)
      : query
        ? all.filter((a) => a.name.toLowerCase().includes(needle) || a.code === query.toUpperCase())
        : all.filter((a) => a.level === 'country' || a.level === 'region');
    results.sort((a, b) => Number(b.current) - Number(a.current) || a.name.localeCompare(b.name));
    return view(reply, 'areas', {
      query,
      results: options.staticSite ? results : results.slice(0, 200),
    });
  });

  app.get<{ Params: { code: string } }>('/areas/:code', async (req, reply) => {
    const profile = await services.areas.profile(req.params.code);
    if (!profile) throw new NotFoundError();
    const successor = profile.area.successorCode
      ? await services.areas.get(profile.area.successorCode)
      : undefined;
    return view(reply, 'area', { profile, successor });
  });

  // The latest changes, and every change in fixed pages of event ids: a page of old events
  // never changes, so a published or saved copy of it can be checked later.
  const CHANGES_PER_PAGE = 200;
  const changesPage = async (reply: FastifyReply, page: number | null) => {
    const pages = Math.max(1, Math.ceil((await services.audit.latestId()) / CHANGES_PER_PAGE));
    if (page !== null && !(Number.isInteger(page) && page >= 1 && page <= pages)) {
      throw new NotFoundError();
    }
    const events = (
      await services.audit.list(
        page === null
          ? { limit: CHANGES_PER_PAGE }
          : { ids: [(page - 1) * CHANGES_PER_PAGE + 1, page * CHANGES_PER_PAGE] },
      )
    ).map((e) => ({ ...e, changes: describeChanges(e.before, e.after) }));
    const blocks = Array.from({ length: pages }, (_, i) => ({
      number: i + 1,
      from: i * CHANGES_PER_PAGE + 1,
      to: (i + 1) * CHANGES_PER_PAGE,
    }));
    const range = page === null ? null : blocks[page - 1];
    return view(reply, 'changes', { events, page, range, blocks: blocks.reverse() });
  };
  app.get('/changes', (_req, reply) => changesPage(reply, null));
  app.get<{ Params: { page: string } }>('/changes/page/:page', (req, reply) =>
    changesPage(reply, /^\d+$/.test(req.params.page) ? Number(req.params.page) : NaN),
  );

  const hexLayout = loadHexLayout(
    path.join(ROOT, 'data/hexmaps/uk-local-authority-districts-2023.hexjson'),
  );
  app.get<{ Querystring: { goal?: string } }>('/map', async (req, reply) => {
    const missions = await services.missions.definitions();
    const goals = missions.flatMap((m) =>
      m.goals
        .filter((g) => g.indicatorId)
        .map((g) => ({ key: `${m.slug}/${g.slug}`, mission: m, goal: g })),
    );
    // The chosen goal, or the first whose figures reach local authorities.
    let chosen: (typeof goals)[number] | undefined;
    let local: Awaited<ReturnType<typeof services.missions.byArea>> = null;
    for (const candidate of goals.filter((g) => !req.query.goal || g.key === req.query.goal)) {
      const byArea = await services.missions.byArea(candidate.goal);
      const areas = byArea?.areas.filter((a) => a.level === 'la') ?? [];
      if (areas.length || req.query.goal) {
        chosen = candidate;
        local = byArea && { ...byArea, areas };
        break;
      }
    }
    if (req.query.goal && !chosen) throw new NotFoundError();
    const unit = chosen?.goal.unit ?? null;
    const areas = local?.areas ?? [];
    const byCode = new Map(areas.map((a) => [a.code, a]));
    // Colour by value in five bands of equal counts: statuses are shown in the table.
    const values = areas
      .flatMap((a) => (a.assessment.latest ? [a.assessment.latest.value] : []))
      .sort((a, b) => a - b);
    const cuts = [1, 2, 3, 4].map((i) => values[Math.floor((values.length * i) / 5)] ?? Infinity);
    const band = (v: number) => cuts.filter((c) => v >= c).length;
    const map = renderHexMap(
      hexLayout,
      (code) => {
        const latest = byCode.get(code)?.assessment.latest;
        return latest
          ? {
              className: `ns-band-${band(latest.value)}`,
              label: `${formatValue(latest.value, unit)} (${latest.period})`,
            }
          : { className: 'ns-band-none', label: 'no figure' };
      },
      chosen ? `Map of local authorities: ${chosen.goal.statement}` : 'Map of local authorities',
    );
    const bands = [0, 1, 2, 3, 4].map((i) => ({
      className: `ns-band-${i}`,
      from: i === 0 ? values[0] : cuts[i - 1],
      to: i === 4 ? values.at(-1) : cuts[i],
    }));
    return view(reply, 'map', {
      goalOptions: goals.map((g) => ({
        value: g.key,
        text: `${g.goal.statement} (${g.mission.title})`,
        selected: g.key === chosen?.key,
      })),
      chosen,
      unit,
      areas,
      map: areas.length ? map : '',
      bands: values.length
        ? bands.filter((b) => b.from !== undefined && b.to !== undefined && b.from !== Infinity)
        : [],
    });
  });

  app.get('/open-data', async (_req, reply) => {
    const indicators = await services.statistics.listIndicators();
    indicators.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    const withData = [];
    for (const indicator of indicators) {
      // Placeholder indicators have a release but no figures, and so no files.
      if ((await services.statistics.measures(indicator.id)).length) withData.push(indicator);
    }
    return view(reply, 'open-data', { indicators: withData });
  });

  app.get('/open-data/tidy-template.csv', async (_req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="tidy-template.csv"')
      .send(fs.readFileSync(path.join(ROOT, 'data/templates/tidy-template.csv'))),
  );

  app.get('/methodology', async (_req, reply) => view(reply, 'methodology', {}));
  app.get('/accessibility', async (_req, reply) => view(reply, 'accessibility', {}));
}

const shortText = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** The fields an update changed, with their old and new values, for the change log. */
function describeChanges(before: unknown, after: unknown) {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: shortText(b[field]), after: shortText(a[field]) }));
}
