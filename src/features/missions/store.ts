// The missions' SQL: governments, missions, goals and projects (with their milestones). Each
// write changes one entity inside a `Change` and records it there, so the change log holds
// exactly what was written, with its before and after.
import type { Database, Sql } from '../../platform/db/database.ts';
import { json } from '../../platform/db/sql.ts';
import type { Change } from '../audit/store.ts';
import type { Comparator, Goal, Mission, Project } from '../../domain/mission.ts';

export interface Government {
  slug: string;
  name: string;
  area: string;
}

/** What a mission's audit events record of it (its goals and projects have events of their own). */
export type MissionFields = Pick<
  Mission,
  'governmentSlug' | 'title' | 'ambition' | 'stewards' | 'start' | 'horizon' | 'source'
>;

type Milestone = Project['milestones'][number];

function rowToGoal(r: Record<string, unknown>): Goal {
  return {
    missionSlug: r.mission_slug as string,
    slug: r.slug as string,
    statement: r.statement as string,
    indicatorId: (r.indicator_id as string | null) ?? null,
    proxy: r.proxy as boolean,
    proxyNote: (r.proxy_note as string | null) ?? null,
    series: (r.series as string | null) ?? null,
    unit: (r.unit as string | null) ?? null,
    dimensions: r.dimensions as Record<string, string>,
    areaCode: r.area_code as string,
    baseline: r.baseline_period
      ? { period: r.baseline_period as string, value: (r.baseline_value as number | null) ?? null }
      : null,
    target:
      r.target_value !== null && r.target_value !== undefined
        ? {
            value: r.target_value as number,
            comparator: r.target_comparator as Comparator,
            deadline: r.target_deadline as string,
          }
        : null,
    trajectory: (r.trajectory as Goal['trajectory']) ?? null,
    tolerance: (r.tolerance as number | null) ?? null,
    staleAfter: (r.stale_after as number | null) ?? null,
    feeds: (r.feeds as Goal['feeds'] | null) ?? [],
    source: r.source as Goal['source'],
  };
}

function rowToProject(r: Record<string, unknown>): Project {
  return {
    slug: r.slug as string,
    title: r.title as string,
    lead: r.lead as string,
    contributors: r.contributors as string[],
    start: (r.start_date as string | null) ?? null,
    end: (r.end_date as string | null) ?? null,
    status: r.status as Project['status'],
    confidence: (r.confidence as Project['confidence']) ?? null,
    firstStep: r.first_step as boolean,
    milestones: r.milestones as Project['milestones'],
  };
}

const missionFields = (m: MissionFields): MissionFields => ({
  governmentSlug: m.governmentSlug,
  title: m.title,
  ambition: m.ambition,
  stewards: m.stewards,
  start: m.start,
  horizon: m.horizon,
  source: m.source,
});

export function createMissionsStore(db: Database) {
  const store = {
    /** Missions with their goals and projects, in the order their files give. */
    async listMissions(sql: Sql = db, governmentSlug?: string): Promise<Mission[]> {
      const missions = await sql.query<Record<string, unknown>>(
        `select m.* from missions m join governments g on g.slug = m.government_slug
         where $1::text is null or m.government_slug = $1
         order by (g.slug = 'uk') desc, g.slug, m.position`,
        [governmentSlug ?? null],
      );
      const goals = await sql.query<Record<string, unknown>>(
        'select * from goals order by mission_slug, position',
      );
      const projects = await sql.query<Record<string, unknown>>(
        'select * from projects order by mission_slug, position',
      );
      return missions.map((r) => ({
        slug: r.slug as string,
        governmentSlug: r.government_slug as string,
        title: r.title as string,
        ambition: r.ambition as string,
        stewards: r.stewards as string[],
        start: r.start_date as string,
        horizon: r.horizon as string,
        source: r.source as Mission['source'],
        goals: goals.filter((g) => g.mission_slug === r.slug).map(rowToGoal),
        projects: projects.filter((p) => p.mission_slug === r.slug).map(rowToProject),
      }));
    },

    /** The indicator a stored goal is measured by; undefined when no stored mission has it. */
    async goalIndicator(missionSlug: string, slug: string) {
      const [row] = await db.query<{ indicator_id: string | null }>(
        'select indicator_id from goals where mission_slug = $1 and slug = $2',
        [missionSlug, slug],
      );
      return row && { indicatorId: row.indicator_id };
    },

    async saveGovernment(change: Change, government: Government) {
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
    },

    /** Creates or updates a mission (not its goals or projects) at `position` in its government's list. */
    async saveMission(
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
      );
      await change.sql.query(
        `insert into missions (slug, government_slug, position, title, ambition, stewards, start_date, horizon, source)
         values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb)
         on conflict (slug) do update set government_slug = excluded.government_slug, position = excluded.position,
           title = excluded.title, ambition = excluded.ambition, stewards = excluded.stewards,
           start_date = excluded.start_date, horizon = excluded.horizon, source = excluded.source`,
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
        ],
      );
    },

    /** Deletes a mission with its goals and projects. */
    async deleteMission(change: Change, mission: Pick<Mission, 'slug' | 'title'>) {
      change.record('mission', mission.slug, { title: mission.title }, null);
      await change.sql.query('delete from missions where slug = $1', [mission.slug]);
    },

    /** Creates or updates a goal at `position` among its mission's goals. */
    async saveGoal(change: Change, goal: Goal, position: number, before?: Goal) {
      change.record('goal', `${goal.missionSlug}/${goal.slug}`, before ?? null, goal);
      await change.sql.query(
        `insert into goals (mission_slug, slug, position, statement, indicator_id, proxy, proxy_note, series, unit,
           dimensions, area_code, baseline_period, baseline_value, target_value, target_comparator, target_deadline,
           trajectory, tolerance, stale_after, feeds, source)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19,
           $20::jsonb, $21::jsonb)
         on conflict (mission_slug, slug) do update set position = excluded.position,
           statement = excluded.statement, indicator_id = excluded.indicator_id, proxy = excluded.proxy,
           proxy_note = excluded.proxy_note, series = excluded.series, unit = excluded.unit,
           dimensions = excluded.dimensions, area_code = excluded.area_code,
           baseline_period = excluded.baseline_period, baseline_value = excluded.baseline_value,
           target_value = excluded.target_value, target_comparator = excluded.target_comparator,
           target_deadline = excluded.target_deadline, trajectory = excluded.trajectory,
           tolerance = excluded.tolerance, stale_after = excluded.stale_after, feeds = excluded.feeds,
           source = excluded.source`,
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
        ],
      );
    },

    async deleteGoal(change: Change, goal: Goal) {
      change.record('goal', `${goal.missionSlug}/${goal.slug}`, goal, null);
      await change.sql.query('delete from goals where mission_slug = $1 and slug = $2', [
        goal.missionSlug,
        goal.slug,
      ]);
    },

    /** Creates or updates a project (with its milestones) at `position` among its mission's. */
    async saveProject(
      change: Change,
      missionSlug: string,
      project: Project,
      position: number,
      before?: Project,
    ) {
      change.record('project', `${missionSlug}/${project.slug}`, before ?? null, project);
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
    },

    async deleteProject(change: Change, missionSlug: string, project: Project) {
      change.record('project', `${missionSlug}/${project.slug}`, project, null);
      await change.sql.query('delete from projects where mission_slug = $1 and slug = $2', [
        missionSlug,
        project.slug,
      ]);
    },

    /**
     * Adds or updates one milestone of a project, found by its title. A milestone lives in its
     * project's record, so the change log shows it as an update of the project.
     */
    async saveMilestone(
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
    },

    async deleteMilestone(change: Change, missionSlug: string, projectSlug: string, title: string) {
      const stored = await projectOf(change.sql, missionSlug, projectSlug);
      const next = stored.project.milestones.filter((m) => m.title !== title);
      await saveMilestones(change, missionSlug, stored, next);
    },
  };

  const projectOf = async (sql: Sql, missionSlug: string, slug: string) => {
    const [row] = await sql.query<Record<string, unknown>>(
      'select * from projects where mission_slug = $1 and slug = $2',
      [missionSlug, slug],
    );
    if (!row) throw new Error(`no project ${missionSlug}/${slug}`);
    return { project: rowToProject(row), position: row.position as number };
  };
  const saveMilestones = (
    change: Change,
    missionSlug: string,
    { project, position }: { project: Project; position: number },
    milestones: Milestone[],
  ) => store.saveProject(change, missionSlug, { ...project, milestones }, position, project);

  return store;
}

export type MissionsStore = ReturnType<typeof createMissionsStore>;
