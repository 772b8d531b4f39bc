// The missions' writes, one entity at a time: each creates, updates or deletes one government,
// mission, goal, project or milestone inside a `Change` and records it there, so the change
// log holds exactly what was written, with its before and after.
import { createHash } from 'node:crypto';
import type { Sql } from '../../platform/db/database.ts';
import { json } from '../../platform/db/sql.ts';
import { canonicalJson } from '../../domain/audit.ts';
import type { Change, EntityType } from '../audit/store.ts';
import type { Goal, Mission, Project } from '../../domain/mission.ts';
import { readDivision } from './localTargets.ts';
import {
  missionFields,
  rowToProject,
  type Government,
  type Milestone,
  type MissionFields,
} from './store.ts';

/**
 * When an event takes effect: from the entity's `since` date if it is created with one, or
 * its `since` changes; else when it is recorded.
 */
function takesEffect(
  since: string | null | undefined,
  before: { since?: string | null } | undefined,
) {
  return since && (!before || before.since !== since)
    ? { effectiveAt: `${since}T00:00:00.000Z` }
    : undefined;
}

export async function saveGovernment(change: Change, government: Government) {
  const [old] = await change.sql.query<{ slug: string; name: string; area_code: string }>(
    'select slug, name, area_code from governments where slug = $1',
    [government.slug],
  );
  const before = old && { slug: old.slug, name: old.name, area: old.area_code };
  const after = { slug: government.slug, name: government.name, area: government.area };
  if (change.record('government', government.slug, before ?? null, after))
    await change.sql.query(
      `insert into governments (slug, name, area_code) values ($1, $2, $3)
         on conflict (slug) do update set name = excluded.name, area_code = excluded.area_code`,
      [government.slug, government.name, government.area],
    );
}

/** Creates or updates a mission (not its goals or projects) at `position` in its government's list. */
export async function saveMission(
  change: Change,
  mission: MissionFields & { slug: string },
  position: number,
  before?: MissionFields,
) {
  change.record(
    'mission',
    mission.slug,
    before ? missionFields(before) : null,
    missionFields(mission),
    takesEffect(mission.since, before),
  );
  await change.sql.query(
    `insert into missions (slug, government_slug, position, title, ambition, stewards, start_date, horizon, source, since)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10)
       on conflict (slug) do update set government_slug = excluded.government_slug, position = excluded.position,
         title = excluded.title, ambition = excluded.ambition, stewards = excluded.stewards,
         start_date = excluded.start_date, horizon = excluded.horizon, source = excluded.source,
         since = excluded.since`,
    [
      mission.slug,
      mission.governmentSlug,
      position,
      mission.title,
      mission.ambition,
      json(mission.stewards),
      mission.start,
      mission.horizon,
      json(mission.source),
      mission.since,
    ],
  );
}

/** Deletes a mission with its goals and projects. */
export async function deleteMission(change: Change, mission: Pick<Mission, 'slug' | 'title'>) {
  change.record('mission', mission.slug, { title: mission.title }, null);
  await change.sql.query('delete from missions where slug = $1', [mission.slug]);
}

/** Creates or updates a goal at `position` among its mission's goals. */
export async function saveGoal(change: Change, goal: Goal, position: number, before?: Goal) {
  change.record(
    'goal',
    `${goal.missionSlug}/${goal.slug}`,
    before ?? null,
    goal,
    takesEffect(goal.since, before),
  );
  await change.sql.query(
    `insert into goals (mission_slug, slug, position, statement, indicator_id, proxy, proxy_note, series, unit,
         dimensions, area_code, baseline_period, baseline_value, target_value, target_comparator, target_deadline,
         trajectory, tolerance, stale_after, feeds, source, since, awaiting)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19,
         $20::jsonb, $21::jsonb, $22, $23)
       on conflict (mission_slug, slug) do update set position = excluded.position,
         statement = excluded.statement, indicator_id = excluded.indicator_id, proxy = excluded.proxy,
         proxy_note = excluded.proxy_note, series = excluded.series, unit = excluded.unit,
         dimensions = excluded.dimensions, area_code = excluded.area_code,
         baseline_period = excluded.baseline_period, baseline_value = excluded.baseline_value,
         target_value = excluded.target_value, target_comparator = excluded.target_comparator,
         target_deadline = excluded.target_deadline, trajectory = excluded.trajectory,
         tolerance = excluded.tolerance, stale_after = excluded.stale_after, feeds = excluded.feeds,
         source = excluded.source, since = excluded.since, awaiting = excluded.awaiting`,
    [
      goal.missionSlug,
      goal.slug,
      position,
      goal.statement,
      goal.indicatorId,
      goal.proxy,
      goal.proxyNote,
      goal.series,
      goal.unit,
      json(goal.dimensions),
      goal.areaCode,
      goal.baseline?.period ?? null,
      goal.baseline?.value ?? null,
      goal.target?.value ?? null,
      goal.target?.comparator ?? null,
      goal.target?.deadline ?? null,
      goal.trajectory ? json(goal.trajectory) : null,
      goal.tolerance,
      goal.staleAfter,
      json(goal.feeds),
      json(goal.source),
      goal.since,
      goal.awaiting,
    ],
  );
}

export async function deleteGoal(change: Change, goal: Goal) {
  const key = { missionSlug: goal.missionSlug, goalSlug: goal.slug };
  // Its local targets are recorded changes of their own: they end first, on the record.
  if (await readDivision(change.sql, key)) throw new DividedGoalError(goal);
  change.record('goal', `${goal.missionSlug}/${goal.slug}`, goal, null);
  await change.sql.query('delete from goals where mission_slug = $1 and slug = $2', [
    goal.missionSlug,
    goal.slug,
  ]);
}

/** Creates or updates a project (with its milestones) at `position` among its mission's. */
export async function saveProject(
  change: Change,
  missionSlug: string,
  project: Project,
  position: number,
  before?: Project,
  /** A new project of a mission that took effect on this date is in its route map from then. */
  missionSince?: string,
) {
  change.record(
    'project',
    `${missionSlug}/${project.slug}`,
    before ?? null,
    project,
    before ? undefined : takesEffect(missionSince, undefined),
  );
  await change.sql.query(
    `insert into projects (mission_slug, slug, position, title, lead, contributors, start_date, end_date, status,
         confidence, first_step, milestones)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12::jsonb)
       on conflict (mission_slug, slug) do update set position = excluded.position, title = excluded.title,
         lead = excluded.lead, contributors = excluded.contributors, start_date = excluded.start_date,
         end_date = excluded.end_date, status = excluded.status, confidence = excluded.confidence,
         first_step = excluded.first_step, milestones = excluded.milestones`,
    [
      missionSlug,
      project.slug,
      position,
      project.title,
      project.lead,
      json(project.contributors),
      project.start,
      project.end,
      project.status,
      project.confidence,
      project.firstStep,
      json(project.milestones),
    ],
  );
}

export async function deleteProject(change: Change, missionSlug: string, project: Project) {
  change.record('project', `${missionSlug}/${project.slug}`, project, null);
  await change.sql.query('delete from projects where mission_slug = $1 and slug = $2', [
    missionSlug,
    project.slug,
  ]);
}

/**
 * Adds or updates one milestone of a project, found by its title. A milestone lives in its
 * project's record, so the change log shows it as an update of the project.
 */
export async function saveMilestone(
  change: Change,
  missionSlug: string,
  projectSlug: string,
  milestone: Milestone,
) {
  const stored = await projectOf(change.sql, missionSlug, projectSlug);
  const { milestones } = stored.project;
  const next = milestones.some((m) => m.title === milestone.title)
    ? milestones.map((m) => (m.title === milestone.title ? milestone : m))
    : [...milestones, milestone];
  await saveMilestones(change, missionSlug, stored, next);
}

export async function deleteMilestone(
  change: Change,
  missionSlug: string,
  projectSlug: string,
  title: string,
) {
  const stored = await projectOf(change.sql, missionSlug, projectSlug);
  const next = stored.project.milestones.filter((m) => m.title !== title);
  await saveMilestones(change, missionSlug, stored, next);
}

async function projectOf(sql: Sql, missionSlug: string, slug: string) {
  const [row] = await sql.query<Record<string, unknown>>(
    'select * from projects where mission_slug = $1 and slug = $2',
    [missionSlug, slug],
  );
  if (!row) throw new Error(`no project ${missionSlug}/${slug}`);
  return { project: rowToProject(row), position: row.position as number };
}
const saveMilestones = (
  change: Change,
  missionSlug: string,
  { project, position }: { project: Project; position: number },
  milestones: Milestone[],
) => saveProject(change, missionSlug, { ...project, milestones }, position, project);

/**
 * The version of an entity as its events record it (null: absent): what a form carries of the
 * entity it opened, so a save can tell whether someone else has changed it since.
 */
export const versionOf = (recorded: unknown) =>
  createHash('sha256').update(canonicalJson(recorded)).digest('base64url');

/** A goal's deletion refused: it is divided among areas, which must end first. */
export class DividedGoalError extends Error {
  constructor(goal: Goal) {
    super(
      `Goal ${goal.missionSlug}/${goal.slug} is divided among areas with local targets: end its division first`,
    );
  }
}

/** A save refused because the entity is no longer what the person opened. */
export class StaleVersionError extends Error {
  constructor(
    readonly entityType: EntityType,
    readonly entityId: string,
    /** The entity as it is stored now, as its events record it (null: absent). */
    readonly current: unknown,
  ) {
    super(`${entityType} ${entityId} has changed since it was opened; nothing was changed`);
  }
}

/**
 * Optimistic locking for the workspace: `change` as it is, except that recording an entity whose
 * `before` (what the write found stored) is not at the version expected of it throws, which
 * rolls the whole change back. Every write records its entity's `before`, so the same writes as
 * `missions load` are checked without a second reading of their own. Keyed `type:id`; an entity
 * without a version expected is a mistake in the caller, and refused too.
 */
export function expecting(change: Change, versions: Map<string, string>): Change {
  return {
    get sql() {
      return change.sql;
    },
    get recorded() {
      return change.recorded;
    },
    record(entityType, entityId, before, after, meta) {
      const expected = versions.get(`${entityType}:${entityId}`);
      if (expected === undefined)
        throw new Error(`no version expected of ${entityType} ${entityId}`);
      if (versionOf(before) !== expected) throw new StaleVersionError(entityType, entityId, before);
      return change.record(entityType, entityId, before, after, meta);
    },
  };
}
