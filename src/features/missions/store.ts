// The missions' SQL for reading: governments' missions with their goals and projects (and
// their milestones). Writes are in writes.ts.
import type { Database, Sql } from '../../platform/db/database.ts';
import type { Comparator, Goal, Mission, Project } from '../../domain/mission.ts';
import { allDivisions, readDivision, type GoalKey } from './localTargets.ts';

export interface Government {
  slug: string;
  name: string;
  area: string;
}

/** What a mission's audit events record of it (its goals and projects have events of their own). */
export type MissionFields = Pick<
  Mission,
  'governmentSlug' | 'title' | 'ambition' | 'stewards' | 'start' | 'horizon' | 'source'
> & { since?: string | null };

export type Milestone = Project['milestones'][number];

function rowToGoal(r: Record<string, unknown>): Goal {
  return {
    missionSlug: r.mission_slug as string,
    slug: r.slug as string,
    statement: r.statement as string,
    since: (r.since as string | null) ?? null,
    indicatorId: (r.indicator_id as string | null) ?? null,
    awaiting: (r.awaiting as string | null) ?? null,
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

export function rowToProject(r: Record<string, unknown>): Project {
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

/** The fields of a mission its audit events record. */
export const missionFields = (m: MissionFields): MissionFields => ({
  governmentSlug: m.governmentSlug,
  title: m.title,
  ambition: m.ambition,
  stewards: m.stewards,
  // Left out when not given, as events recorded before missions carried it have it not.
  ...(m.since ? { since: m.since } : {}),
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
        since: (r.since as string | null) ?? null,
        start: r.start_date as string,
        horizon: r.horizon as string,
        source: r.source as Mission['source'],
        goals: goals.filter((g) => g.mission_slug === r.slug).map(rowToGoal),
        projects: projects.filter((p) => p.mission_slug === r.slug).map(rowToProject),
      }));
    },

    async listGovernments(): Promise<Government[]> {
      const rows = await db.query<{ slug: string; name: string; area_code: string }>(
        'select slug, name, area_code from governments order by slug',
      );
      return rows.map((r) => ({ slug: r.slug, name: r.name, area: r.area_code }));
    },

    /** The indicator a stored goal is measured by; undefined when no stored mission has it. */
    async goalIndicator(missionSlug: string, slug: string) {
      const [row] = await db.query<{ indicator_id: string | null }>(
        'select indicator_id from goals where mission_slug = $1 and slug = $2',
        [missionSlug, slug],
      );
      return row && { indicatorId: row.indicator_id };
    },

    /** A goal's division among areas with its local targets, as stored now. */
    division: (goal: GoalKey, sql: Sql = db) => readDivision(sql, goal),
    /** Every goal's division: for `audit verify`. */
    divisions: () => allDivisions(db),
  };

  return store;
}

export type MissionsStore = ReturnType<typeof createMissionsStore>;
