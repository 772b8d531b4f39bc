// "How is my area doing": the areas, and each area's figures for every goal that has them.
import { covers } from '../../domain/area.ts';
import { homeFirst } from '../../domain/government.ts';
import type { Goal } from '../../domain/mission.ts';
import type { Geography } from './geography.ts';
import type { MissionsService } from '../missions/service.ts';
import type { AreasStore } from './store.ts';

export function createAreasService(
  store: AreasStore,
  missions: MissionsService,
  geography: Geography,
) {
  return {
    get: store.get,
    list: store.list,
    /** A district's county, where two tiers of councils share an area. */
    upperTierOf: (code: string) => geography.upperTierOf.get(code),
    /**
     * Every government's goals that cover the area, grouped by government (the home one
     * first): a goal covers it when the goal is set for the area or an area containing it, or
     * its measure has a figure for the area. Each with the area's latest figure beside the
     * goal's own area's, the area's parent's and, for a district, its county's: some figures
     * are counted by the county alone (early years).
     */
    async profile(code: string, asAt?: Date) {
      const area = await store.get(code);
      if (!area) return undefined;
      const parent = area.parentCode ? await store.get(area.parentCode) : undefined;
      const countyCode = geography.upperTierOf.get(area.code);
      const county = countyCode ? await store.get(countyCode) : undefined;
      type Latest = { period: string; value: number } | null;
      const latestOf = async (goal: Goal) => {
        const { latest, decimals } = await missions.latestInEveryArea(goal, asAt);
        return {
          latest: (areaCode: string | null | undefined): Latest =>
            (areaCode && latest.get(areaCode)) || null,
          // Alike in the row's three cells, as the areas' figures are published.
          decimals,
        };
      };
      type Row = {
        mission: { slug: string; title: string };
        goal: Pick<Goal, 'slug' | 'statement' | 'unit' | 'areaCode'>;
        measured: boolean;
        decimals: number | undefined;
        here: Latest;
        county: Latest;
        national: Latest;
        /** The name of the goal's own area, where it is not this one. */
        ownArea: string | null;
        parent: Latest;
      };
      const byGovernment = new Map<string, Row[]>();
      for (const mission of await missions.definitions()) {
        for (const goal of mission.goals) {
          const { latest, decimals } = await latestOf(goal);
          const here = latest(area.code);
          const countyFigure = county ? latest(county.code) : null;
          if (!here && !countyFigure && !covers(goal.areaCode, area.code, geography.byCode))
            continue;
          const { slug, statement, unit, areaCode } = goal;
          const rows = byGovernment.get(mission.governmentSlug) ?? [];
          byGovernment.set(mission.governmentSlug, rows);
          rows.push({
            mission: { slug: mission.slug, title: mission.title },
            goal: { slug, statement, unit, areaCode },
            measured: !!goal.indicatorId,
            decimals,
            here,
            county: countyFigure,
            national: goal.areaCode === area.code ? null : latest(goal.areaCode),
            ownArea:
              goal.areaCode === area.code
                ? null
                : (geography.byCode.get(goal.areaCode)?.name ?? null),
            parent: parent ? latest(parent.code) : null,
          });
        }
      }
      const governments = homeFirst(await missions.governments())
        .filter((g) => byGovernment.has(g.slug))
        .map((government) => ({ government, goals: byGovernment.get(government.slug)! }));
      // By name, as a reader looks for one: the codes' order mixes counties, unitaries and districts.
      const children = (await store.list())
        .filter((a) => a.parentCode === area.code && a.current)
        .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
      return { area, parent: parent ?? null, county: county ?? null, children, governments };
    },
  };
}

export type AreasService = ReturnType<typeof createAreasService>;
