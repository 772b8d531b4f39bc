// What readers see of funding settlements, worked out once for the pages, the API and the open
// data: each settlement with its government's and area's names, its amounts in words and in
// full, its total, and the goals it serves and its outcomes are linked to, each with the goal's
// current status where pages show it.
import type { Services } from '../../compose.ts';
import type { Status } from '../../domain/status.ts';
import { HOME_GOVERNMENT } from '../../domain/government.ts';
import {
  goalKey,
  poundsExact,
  poundsInWords,
  type GoalRef,
  type Settlement,
} from './settlement.ts';

export interface GoalView extends GoalRef {
  missionTitle: string;
  /** The goal's statement; undefined when its mission no longer has it. */
  statement?: string;
  /** Its status now, when asked for. */
  status?: Status;
}

export interface SettlementView extends Settlement {
  governmentName: string;
  areaName: string;
  years: { year: string; amountGbp: number; words: string; exact: string }[];
  total: number;
  totalWords: string;
  totalExact: string;
  /** "2025-26 to 2029-30", or the one year. */
  span: string;
  goals: GoalView[];
  outcomeViews: { text: string; goal: GoalView | null }[];
}

/**
 * The settlements `keep` selects, as readers see them, in order of government then title;
 * `statuses`: with each goal's current status (the pages; the API leaves it to /assessments).
 */
export async function settlementViews(
  services: Services,
  options: {
    keep?: (s: Settlement) => boolean;
    statuses?: boolean;
    settlements?: Settlement[];
  } = {},
): Promise<SettlementView[]> {
  const all = options.settlements ?? (await services.settlements.list());
  const settlements = options.keep ? all.filter(options.keep) : all;
  if (!settlements.length) return [];
  const [governments, missions, areas] = await Promise.all([
    services.missions.governments(),
    services.missions.stored(),
    services.areas.list(),
  ]);
  const areaNames = new Map(areas.map((a) => [a.code, a.name]));
  const governmentNames = new Map(governments.map((g) => [g.slug, g.name]));
  // Statuses only of the missions these settlements serve, each judged once.
  const statuses = new Map<string, Status>();
  if (options.statuses) {
    const served = new Set(settlements.flatMap((s) => s.serves.map((g) => g.mission)));
    for (const slug of served) {
      const assessed = await services.missions.get(slug);
      for (const g of assessed?.goals ?? []) statuses.set(`${slug}/${g.slug}`, g.assessment.status);
    }
  }
  const goalView = (ref: GoalRef): GoalView => {
    const mission = missions.find((m) => m.slug === ref.mission);
    return {
      ...ref,
      missionTitle: mission?.title ?? ref.mission,
      statement: mission?.goals.find((g) => g.slug === ref.goal)?.statement,
      status: statuses.get(goalKey(ref)),
    };
  };
  return settlements
    .map((s) => {
      const total = s.amounts.reduce((sum, a) => sum + a.amountGbp, 0);
      const first = s.amounts[0]?.year;
      const last = s.amounts.at(-1)?.year;
      return {
        ...s,
        governmentName: governmentNames.get(s.government) ?? s.government,
        areaName: areaNames.get(s.area) ?? s.area,
        years: s.amounts.map((a) => ({
          ...a,
          words: poundsInWords(a.amountGbp),
          exact: poundsExact(a.amountGbp),
        })),
        total,
        totalWords: poundsInWords(total),
        totalExact: poundsExact(total),
        span: first === last ? (first ?? '') : `${first} to ${last}`,
        goals: s.serves.map(goalView),
        outcomeViews: s.outcomes.map((o) => ({
          text: o.text,
          goal: o.goal && goalView(o.goal),
        })),
      };
    })
    .sort(
      (a, b) =>
        Number(b.government === HOME_GOVERNMENT) - Number(a.government === HOME_GOVERNMENT) ||
        a.governmentName.localeCompare(b.governmentName) ||
        a.title.localeCompare(b.title),
    );
}

/** Settlements serving a mission's goals, with the goals' statuses: the mission page's section. */
export const settlementsForMission = (services: Services, mission: string) =>
  settlementViews(services, {
    keep: (s) => s.serves.some((g) => g.mission === mission),
    statuses: true,
  });

/** Settlements for an area or an area containing it, with statuses: the area page's section. */
export async function settlementsForArea(services: Services, code: string) {
  return settlementViews(services, {
    settlements: await services.settlements.covering(code),
    statuses: true,
  });
}
