// Missions and goals as they were defined at an instant: now, or rebuilt from the change log
// for a past one; and whether a goal's statistic was redefined after the goal was set.
import type { Clock } from '../../clock.ts';
import { missionsAsAt, redefinitionsSinceSet } from '../../domain/history.ts';
import type { Goal } from '../../domain/mission.ts';
import type { AuditService } from '../audit/service.ts';
import type { MissionsStore } from './store.ts';

export function createDefinitions(deps: {
  store: MissionsStore;
  audit: Pick<AuditService, 'list' | 'goalAndIndicatorEvents'>;
  clock: Clock;
}) {
  const { store, audit, clock } = deps;
  /** The instant to judge at (never later than now) and whether it is in the past. */
  const instant = (asAt?: Date) => {
    const now = clock.now();
    return asAt && asAt < now ? { at: asAt, past: true } : { at: now, past: false };
  };
  /**
   * The missions as defined now, or as they were defined at a past instant, and the goals whose
   * statistic has been redefined since they were set.
   */
  const definedAt = async (asAt?: Date) => {
    const { at, past } = instant(asAt);
    const current = await store.listMissions();
    const events = await audit.list({
      entityTypes: past ? ['mission', 'goal', 'project', 'indicator'] : ['goal', 'indicator'],
      until: asAt,
    });
    const missions = past ? missionsAsAt(current, events, at) : current;
    const redefinitions = redefinitionsSinceSet(
      missions.flatMap((m) => m.goals),
      events,
    );
    return { at, missions, redefinitions };
  };
  const definitions = async (asAt?: Date) => (await definedAt(asAt)).missions;

  /**
   * Whether the statistic of a goal, as defined at `asAt`, was redefined after the goal was
   * set: as `definedAt` says, reading only that goal and its indicator unless `asAt` is past.
   */
  const redefinitionOf = async (goal: Goal, asAt?: Date) => {
    const key = `${goal.missionSlug}/${goal.slug}`;
    if (instant(asAt).past) return (await definedAt(asAt)).redefinitions.get(key);
    // The stored goal's indicator is almost always the one given: ask for both at once.
    const [stored, events] = await Promise.all([
      store.goalIndicator(goal.missionSlug, goal.slug),
      audit.goalAndIndicatorEvents(key, goal.indicatorId, asAt),
    ]);
    if (!stored) return undefined;
    const indicatorEvents =
      stored.indicatorId === goal.indicatorId
        ? events
        : await audit.goalAndIndicatorEvents(key, stored.indicatorId, asAt);
    return redefinitionsSinceSet(
      [{ ...goal, indicatorId: stored.indicatorId }],
      indicatorEvents,
    ).get(key);
  };

  return { instant, definedAt, definitions, redefinitionOf };
}
