// What readers see of partners and pledges, worked out once for the pages, the API and the open
// data: published pledges with their organisation, goal and standing, and each mission's
// mobilisation (sectors by goals, the gaps, pledges by area).
import type { Services } from '../../compose.ts';
import type { Area } from '../../domain/area.ts';
import { sectorLabels, sectors, type Sector } from '../../domain/partners.ts';
import type { PublicPledge } from './service.ts';

export interface PledgeView extends PublicPledge {
  missionTitle: string;
  goalStatement: string;
  indicator?: string;
  areaNames: string[];
  sectorLabel: string;
}

/** Every published pledge as readers see it today, newest first. */
export async function publishedPledges(services: Services): Promise<PledgeView[]> {
  const [pledges, missions, areas] = await Promise.all([
    services.partners.published(),
    services.missions.stored(),
    services.areas.list(),
  ]);
  const names = new Map(areas.map((a) => [a.code, a.name]));
  return pledges.map((p) => {
    const mission = missions.find((m) => m.slug === p.mission);
    const goal = mission?.goals.find((g) => g.slug === p.content.goal);
    return {
      ...p,
      missionTitle: mission?.title ?? p.mission,
      goalStatement: goal?.statement ?? p.content.goal,
      indicator: goal?.indicatorId ?? undefined,
      areaNames: p.content.areas.map((code) => names.get(code) ?? code),
      sectorLabel: sectorLabels[p.organisation.content.sector],
    };
  });
}

/** Pledges that count towards mobilisation: published, active and not lapsed. */
const counts = (p: PledgeView) => p.standing.standing === 'active';

/**
 * A mission's mobilisation: for each goal, the active pledges from each sector, and the goals no
 * sector has pledged to (the gaps); lapsed pledges are counted apart, not as active.
 */
export function mobilisation(
  mission: { slug: string; goals: { slug: string; statement: string }[] },
  pledges: PledgeView[],
) {
  const ofMission = pledges.filter((p) => p.mission === mission.slug);
  const active = ofMission.filter(counts);
  const goals = mission.goals.map((g) => {
    const bySector = sectors.map(
      (s) =>
        active.filter((p) => p.content.goal === g.slug && p.organisation.content.sector === s)
          .length,
    );
    const total = bySector.reduce((a, b) => a + b, 0);
    return { slug: g.slug, statement: g.statement, bySector, total, gap: total === 0 };
  });
  return {
    sectors: sectors.map((s) => ({ slug: s, label: sectorLabels[s] })),
    goals,
    gaps: goals.filter((g) => g.gap).length,
    sectorsMissing: sectors
      .filter((_, i) => goals.every((g) => g.bySector[i] === 0))
      .map((s: Sector) => sectorLabels[s]),
    active: active.length,
    lapsed: ofMission.filter((p) => p.standing.standing === 'lapsed').length,
    pledges: ofMission,
  };
}

/**
 * Active pledges by local authority: a pledge counts in every authority it names or that lies
 * in an area it names (a region, a nation); pledges for the whole country are counted apart.
 */
export function pledgesByArea(pledges: PledgeView[], areas: Area[]) {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const ancestors = (code: string) => {
    const chain = new Set<string>();
    for (
      let a = byCode.get(code);
      a && !chain.has(a.code);
      a = a.parentCode ? byCode.get(a.parentCode) : undefined
    )
      chain.add(a.code);
    return chain;
  };
  const active = pledges.filter(counts);
  const local = areas
    .filter((a) => a.level === 'la' && a.current)
    .map((a) => {
      const within = ancestors(a.code);
      return {
        code: a.code,
        name: a.name,
        count: active.filter((p) => p.content.areas.some((c) => within.has(c))).length,
      };
    })
    .filter((a) => a.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { local, nationwide: active.filter((p) => p.content.areas.length === 0).length };
}
