// Whether the stored missions are what the change log says they are. `audit verify` asks, so
// a change made in the tables themselves, not through a recorded change, is found.
import type { ChainedEntry } from '../../domain/audit.ts';
import { differencesFromLog, recordedGoal } from '../../domain/history.ts';
import { missionFields, type MissionsStore } from './store.ts';

/** Every government, mission, goal and project that differs from its latest event. */
export async function missionsDifferingFromLog(
  store: MissionsStore,
  latest: Map<string, ChainedEntry>,
): Promise<string[]> {
  const [governments, missions] = await Promise.all([
    store.listGovernments(),
    store.listMissions(),
  ]);
  const goals = missions.flatMap((m) => m.goals.map((g) => [`${m.slug}/${g.slug}`, g] as const));
  const projects = missions.flatMap((m) =>
    m.projects.map((p) => [`${m.slug}/${p.slug}`, p] as const),
  );
  return [
    ...differencesFromLog('government', new Map(governments.map((g) => [g.slug, g])), latest),
    ...differencesFromLog(
      'mission',
      new Map(missions.map((m) => [m.slug, missionFields(m)])),
      latest,
    ),
    ...differencesFromLog('goal', new Map(goals), latest, recordedGoal),
    ...differencesFromLog('project', new Map(projects), latest),
  ];
}
