// "How is my area doing": finding an area, an area's page, and the map of every local
// authority with the same figures as a table.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROOT } from '../../config.ts';
import type { Services } from '../../compose.ts';
import { decimalsOf, formatValue, periodLabel } from '../../domain/format.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { loadHexLayout, renderHexMap } from './hexmap.ts';
import { settlementsForArea } from '../settlements/view.ts';
import { languageOf } from '../../platform/http/language.ts';
import { welshAreaNames } from './welshNames.ts';

export function setUpAreasPages(app: FastifyInstance, context: FeatureContext<Services>) {
  const { services, view, staticSite } = context;
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const search = z.strictObject({ q: textParam(100) });
  pages.get('/areas', { schema: { querystring: search } }, async (req, reply) => {
    const query = (req.query.q ?? '').trim();
    const all = await services.areas.list();
    const needle = query.toLowerCase();
    // The published copy has no server to search with: it lists every area instead.
    const results = staticSite
      ? all.filter((a) => a.current)
      : query
        ? all.filter(
            (a) =>
              a.name.toLowerCase().includes(needle) ||
              welshAreaNames.get(a.code)?.toLowerCase().includes(needle) ||
              a.code === query.toUpperCase(),
          )
        : all.filter((a) => a.level === 'country' || a.level === 'region');
    results.sort((a, b) => Number(b.current) - Number(a.current) || a.name.localeCompare(b.name));
    return view(reply, 'areas', {
      query,
      results: staticSite ? results : results.slice(0, 200),
    });
  });

  pages.get(
    '/areas/:code',
    { schema: { params: z.object({ code: pathParam }), querystring: noQuery } },
    async (req, reply) => {
      const profile = await services.areas.profile(req.params.code);
      if (!profile) throw new NotFoundError();
      const successor = profile.area.successorCode
        ? await services.areas.get(profile.area.successorCode)
        : undefined;
      return view(reply, 'area', {
        profile,
        successor,
        settlements: await settlementsForArea(services, profile.area.code),
      });
    },
  );

  setUpMapPage(app, context);
}

/** Every local authority on a hex map, coloured by its latest figure for a goal, with the same figures as a table. */
function setUpMapPage(
  app: FastifyInstance,
  { services, view, translate }: FeatureContext<Services>,
) {
  const hexLayout = loadHexLayout(
    path.join(ROOT, 'data/hexmaps/uk-local-authority-districts-2023.hexjson'),
  );
  // Where two tiers of councils share an area, a figure may be the county's alone (early years
  // are counted by the county): each district on the map is then shown with its county's.
  const countyOf = new Map(
    Object.keys(hexLayout.hexes).flatMap((code) => {
      const county = services.areas.upperTierOf(code);
      return county ? [[code, county] as const] : [];
    }),
  );
  const counties = new Set(countyOf.values());
  const onMap = (a: { code: string; level: string | null }) =>
    (a.level === 'la' && Object.hasOwn(hexLayout.hexes, a.code)) ||
    (a.level === 'utla' && counties.has(a.code));
  const chooseGoal = z.strictObject({ goal: textParam(400) });
  const pages = app.withTypeProvider<ZodTypeProvider>();
  pages.get('/map', { schema: { querystring: chooseGoal } }, async (req, reply) => {
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
      // The authorities on the map: not those since merged (Bournemouth, Poole), whose
      // last figures are years old.
      const areas = byArea?.areas.filter(onMap) ?? [];
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
    // Every area's figure, in the key, the map and the table, to the precision published.
    const decimals = local?.places ?? decimalsOf(values);
    const cuts = [1, 2, 3, 4].map((i) => values[Math.floor((values.length * i) / 5)] ?? Infinity);
    const band = (v: number) => cuts.filter((c) => v >= c).length;
    const t = translate(req);
    const language = languageOf(req);
    const title = t('Map of local authorities');
    // A district's own figure, or else its county's.
    const figureOf = (code: string) => {
      const own = byCode.get(code)?.assessment.latest;
      const county = own ? undefined : byCode.get(countyOf.get(code) ?? '');
      return { latest: own ?? county?.assessment.latest, county };
    };
    const map = renderHexMap(
      hexLayout,
      (code) => {
        const { latest, county } = figureOf(code);
        if (!latest) return { className: 'ns-band-none', label: t('no figure') };
        const when = periodLabel(latest.period, language) ?? latest.period;
        return {
          className: `ns-band-${band(latest.value)}`,
          label: `${formatValue(latest.value, unit, decimals, language)} (${
            county
              ? t('{period}, the figure for {area}', { period: when, area: county.name })
              : when
          })`,
        };
      },
      chosen ? `${title}: ${chosen.goal.statement}` : title,
      t,
    );
    // Each band from its lowest figure to its highest, so that no figure is in two.
    const bands = [0, 1, 2, 3, 4].map((i) => {
      const inBand = values.filter((v) => band(v) === i);
      return { className: `ns-band-${i}`, from: inBand[0], to: inBand.at(-1) };
    });
    return view(reply, 'map', {
      goalOptions: goals.map((g) => ({
        value: g.key,
        text: `${g.goal.statement} (${g.mission.title})`,
        selected: g.key === chosen?.key,
      })),
      chosen,
      unit,
      decimals,
      areas,
      map: areas.length ? map : '',
      countiesShown: [...countyOf.keys()].some((code) => figureOf(code).county?.assessment.latest),
      bands: bands.filter((b) => b.from !== undefined),
    });
  });
}
