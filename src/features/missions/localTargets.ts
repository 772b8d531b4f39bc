// A goal's local targets: how the goal is divided among areas and each area's own target, read
// as stored now or rebuilt from the change log for a past instant, and written one entity at a
// time inside a `Change` so the log holds exactly what was written.
import type { ChainedEntry } from '../../domain/audit.ts';
import { latestEvents } from '../../domain/history.ts';
import type { Division, LocalTarget } from '../../domain/localTargets.ts';
import type { Sql } from '../../platform/db/database.ts';
import type { Change } from '../audit/store.ts';

export interface GoalKey {
  missionSlug: string;
  goalSlug: string;
}

export interface GoalDivision {
  division: Division;
  /** Each area's own target, by area code. */
  targets: LocalTarget[];
}

const keyOf = (goal: GoalKey) => `${goal.missionSlug}/${goal.goalSlug}`;
/** The change log's id of an area's target: `mission/goal/AREA`. */
export const targetId = (goal: GoalKey, areaCode: string) => `${keyOf(goal)}/${areaCode}`;

/** The goal's division and targets as stored now; undefined when it is not divided. */
export async function readDivision(sql: Sql, goal: GoalKey): Promise<GoalDivision | undefined> {
  const [row] = await sql.query<Record<string, unknown>>(
    `select level, method, weights_source, total_weight from goal_divisions
      where mission_slug = $1 and goal_slug = $2`,
    [goal.missionSlug, goal.goalSlug],
  );
  if (!row) return undefined;
  const targets = await sql.query<Record<string, unknown>>(
    `select area_code, value, weight, set_by from local_targets
      where mission_slug = $1 and goal_slug = $2 order by area_code`,
    [goal.missionSlug, goal.goalSlug],
  );
  return {
    division: {
      level: row.level as Division['level'],
      method: row.method as Division['method'],
      weightsSource: (row.weights_source as string | null) ?? null,
      totalWeight: row.total_weight === null ? null : Number(row.total_weight),
    },
    targets: targets.map((t) => ({
      areaCode: t.area_code as string,
      value: Number(t.value),
      weight: t.weight === null ? null : Number(t.weight),
      setBy: t.set_by as string,
    })),
  };
}

/**
 * The goal's division and targets as the change log's events up to an instant leave them:
 * `events` are the goal-division and local-target events in effect then.
 */
export function divisionFromLog(events: ChainedEntry[], goal: GoalKey): GoalDivision | undefined {
  const latest = latestEvents(events);
  const division = latest.get(`goal-division:${keyOf(goal)}`)?.after as Division | null;
  if (!division) return undefined;
  const prefix = `local-target:${keyOf(goal)}/`;
  const targets = [...latest.entries()]
    .filter(([id, e]) => id.startsWith(prefix) && e.after)
    .map(([, e]) => e.after as LocalTarget)
    .sort((a, b) => a.areaCode.localeCompare(b.areaCode));
  return { division, targets };
}

/** Divides the goal, or changes how; null ends the division and removes its targets. */
export async function writeDivision(
  change: Change,
  goal: GoalKey,
  division: Division | null,
  before: GoalDivision | undefined,
) {
  if (!division) {
    for (const t of before?.targets ?? []) await writeTarget(change, goal, t.areaCode, null, t);
    change.record('goal-division', keyOf(goal), before?.division ?? null, null);
    await change.sql.query(
      'delete from goal_divisions where mission_slug = $1 and goal_slug = $2',
      [goal.missionSlug, goal.goalSlug],
    );
    return;
  }
  change.record('goal-division', keyOf(goal), before?.division ?? null, division);
  await change.sql.query(
    `insert into goal_divisions (mission_slug, goal_slug, level, method, weights_source, total_weight)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (mission_slug, goal_slug) do update set level = excluded.level,
         method = excluded.method, weights_source = excluded.weights_source,
         total_weight = excluded.total_weight`,
    [
      goal.missionSlug,
      goal.goalSlug,
      division.level,
      division.method,
      division.weightsSource,
      division.totalWeight,
    ],
  );
}

/** Sets an area's own target, or removes it (null). */
export async function writeTarget(
  change: Change,
  goal: GoalKey,
  areaCode: string,
  target: LocalTarget | null,
  before: LocalTarget | undefined,
) {
  change.record('local-target', targetId(goal, areaCode), before ?? null, target);
  if (!target) {
    await change.sql.query(
      'delete from local_targets where mission_slug = $1 and goal_slug = $2 and area_code = $3',
      [goal.missionSlug, goal.goalSlug, areaCode],
    );
    return;
  }
  await change.sql.query(
    `insert into local_targets (mission_slug, goal_slug, area_code, value, weight, set_by)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (mission_slug, goal_slug, area_code) do update set value = excluded.value,
         weight = excluded.weight, set_by = excluded.set_by`,
    [goal.missionSlug, goal.goalSlug, areaCode, target.value, target.weight, target.setBy],
  );
}

/** Every stored division and target: what `audit verify` checks against the log. */
export async function allDivisions(sql: Sql) {
  const rows = await sql.query<{ mission_slug: string; goal_slug: string }>(
    'select mission_slug, goal_slug from goal_divisions order by mission_slug, goal_slug',
  );
  return Promise.all(
    rows.map(async (r) => {
      const goal = { missionSlug: r.mission_slug, goalSlug: r.goal_slug };
      return { goal, ...(await readDivision(sql, goal))! };
    }),
  );
}
