// "How is my area doing": the areas, and each area's figures for every goal that has them.
import type { Goal } from '../../domain/mission.ts';
import type { MissionsService } from '../missions/service.ts';
import type { AreasStore } from './store.ts';

export function createAreasService(store: AreasStore, missions: MissionsService) {
  return {
    get: store.get,
    list: store.list,
    /**
     * Every goal whose measure has a figure for the area, beside the figure for the goal's own
     * (national) area and for the area's parent region or nation.
     */
    async profile(code: string, asAt?: Date) {
      const area = await store.get(code);
      if (!area) return undefined;
      const parent = area.parentCode ? await store.get(area.parentCode) : undefined;
      const latest = async (goal: Goal, areaCode: string | undefined) => {
        if (!areaCode) return null;
        const points = (await missions.goalObservations({ ...goal, areaCode }, asAt)).filter(
          (o) => o.value !== null,
        );
        const last = points.at(-1);
        return last ? { period: last.period.label, value: last.value! } : null;
      };
      const goals = [];
      for (const mission of await missions.definitions()) {
        for (const goal of mission.goals) {
          if (!goal.indicatorId) continue;
          const here = await latest(goal, area.code);
          if (!here) continue;
          goals.push({
            mission: { slug: mission.slug, title: mission.title },
            goal: {
              slug: goal.slug,
              statement: goal.statement,
              unit: goal.unit,
              areaCode: goal.areaCode,
            },
            here,
            national: goal.areaCode === area.code ? null : await latest(goal, goal.areaCode),
            parent: parent ? await latest(goal, parent.code) : null,
          });
        }
      }
      const children = (await store.list()).filter((a) => a.parentCode === area.code && a.current);
      return { area, parent: parent ?? null, children, goals };
    },
  };
}

export type AreasService = ReturnType<typeof createAreasService>;
