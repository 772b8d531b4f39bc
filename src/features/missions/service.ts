// The missions' use cases: missions and goals as defined at an instant, each goal judged on
// the figures published by then, nationally and in every area. Pages, API and CLI all call
// these, so each number is computed in one place.
import { latestBreak } from '../statistics/breaks.ts';
import { placesShown } from '../statistics/placesShown.ts';
import type { ChainedEntry } from '../../domain/audit.ts';
import type { Clock } from '../../clock.ts';
import {
  assessGoal,
  assessmentFields,
  type Assessment,
  type Redefinition,
} from '../../domain/assessment.ts';
import { createAssessmentMemo } from '../../domain/memo.ts';
import { decimalsOf } from '../../domain/format.ts';
import { weakest, zeroStatusCounts, type Status } from '../../domain/status.ts';
import type { Direction, Goal, Mission, Project } from '../../domain/mission.ts';
import { recordedGoal } from '../../domain/history.ts';
import { WRITER_LOCK } from '../../platform/db/sql.ts';
import type { Geography } from '../areas/geography.ts';
import type { AuditService } from '../audit/service.ts';
import type { Change, ChangeMeta, EntityType } from '../audit/store.ts';
import type { StatisticsService } from '../statistics/service.ts';
import { judgeAreas, rankNames } from './byArea.ts';
import { createDefinitions } from './definitions.ts';
import { createDivisions } from './divisions.ts';
import { missionsDifferingFromLog } from './recorded.ts';
import {
  missionFields,
  type Government,
  type Milestone,
  type MissionFields,
  type MissionsStore,
} from './store.ts';
import * as writes from './writes.ts';

export interface AssessedGoal extends Goal {
  assessment: Assessment;
  indicatorTitle: string | null;
  /** The latest figures (at most 10), oldest first: the goal's recent trend at a glance. */
  recent: { period: string; time: number; value: number }[];
  /** The decimal places its figures are shown to wherever they appear (see `decimalsOf`). */
  decimals: number | undefined;
}

/** A goal's latest figure in each area, read-only: it is shared by every page that asks. */
export interface LatestInEveryArea {
  latest: ReadonlyMap<string, { period: string; value: number }>;
  decimals: number | undefined;
}

export interface AssessedMission extends Omit<Mission, 'goals'> {
  goals: AssessedGoal[];
  statusCounts: Record<Status, number>;
  /** The judged goal in the worst state, if any goal can be judged. */
  weakestGoal: { slug: string; statement: string; status: Status } | null;
}

/** Unlike goals are not averaged: a mission's roll-up is its counts and its weakest judged goal. */
function rollUp(mission: Mission, goals: AssessedGoal[]): AssessedMission {
  const statusCounts = zeroStatusCounts();
  for (const g of goals) statusCounts[g.assessment.status]++;
  const weakestGoal = weakest(goals, (g) => g.assessment.status);
  return {
    ...mission,
    goals,
    statusCounts,
    weakestGoal: weakestGoal && {
      slug: weakestGoal.slug,
      statement: weakestGoal.statement,
      status: weakestGoal.assessment.status,
    },
  };
}

/**
 * How a mission's goals link with other missions: the goals elsewhere that each of its goals
 * feeds, and the goals elsewhere that feed it.
 */
function linksOf(missions: Mission[], slug: string) {
  const goals = new Map(
    missions.flatMap((m) => m.goals.map((g) => [`${m.slug}/${g.slug}`, { mission: m, goal: g }])),
  );
  const all = [...goals.values()].flatMap(({ mission, goal }) =>
    goal.feeds.flatMap((link) => {
      const to = goals.get(link.goal);
      return to ? [{ from: { mission, goal }, to, why: link.why }] : [];
    }),
  );
  return {
    feeds: all.filter((l) => l.from.mission.slug === slug),
    fedBy: all.filter((l) => l.to.mission.slug === slug),
  };
}

export function createMissionsService(deps: {
  store: MissionsStore;
  statistics: StatisticsService;
  audit: AuditService;
  geography: Geography;
  clock: Clock;
}) {
  const { statistics, geography } = deps;
  const { instant, definedAt, definitions, redefinitionOf } = createDefinitions(deps);
  const divisions = createDivisions({
    store: deps.store,
    audit: deps.audit,
    geography,
    isPast: (asAt) => instant(asAt).past,
  });
  /** The order of every area's name, made when first needed (see summariseAreas). */
  let nameRanks: Map<string, number> | undefined;
  /** `latestInEveryArea` by the answer it was worked out from, while that answer is kept. */
  const latestBySeries = new WeakMap<object, LatestInEveryArea>();

  /** The observations a goal is measured by, as published at `asAt`. */
  const goalObservations = (goal: Goal, asAt?: Date) =>
    goal.indicatorId
      ? statistics.observations({
          indicatorId: goal.indicatorId,
          asAt,
          series: goal.series ?? '',
          unit: goal.unit ?? undefined,
          dimensions: goal.dimensions,
          areaCode: goal.areaCode,
        })
      : Promise.resolve([]);

  /**
   * The latest figure of a goal's measure in every area that has one, as published at `asAt`,
   * and the places they are shown to (alike in every area, see `decimalsOf`): one question for
   * all areas, so a page of every area costs a question per goal, not per area. Worked out once
   * for each answer: a publish asks it for every goal on each of its hundreds of area pages.
   */
  const latestInEveryArea = async (goal: Goal, asAt?: Date): Promise<LatestInEveryArea> => {
    if (!goal.indicatorId) return { latest: new Map(), decimals: undefined };
    const { indicator, series } = await statistics.areaSeries(
      {
        indicatorId: goal.indicatorId,
        series: goal.series ?? '',
        unit: goal.unit ?? undefined,
        dimensions: goal.dimensions,
      },
      asAt,
    );
    const known = latestBySeries.get(series);
    if (known) return known;
    const latest = new Map<string, { period: string; value: number }>();
    for (const { areaCode, points } of series) {
      for (const { period, value } of points)
        if (value !== null) latest.set(areaCode, { period: period.label, value });
    }
    const decimals =
      placesShown(indicator, goal.series, goal.unit ?? series[0]?.unit) ??
      decimalsOf([...latest.values()].map((l) => l.value));
    const found = { latest, decimals };
    latestBySeries.set(series, found);
    return found;
  };

  const assess = async (
    goal: Goal,
    asAt: Date,
    redefinitions: Map<string, Redefinition>,
  ): Promise<AssessedGoal> => {
    const indicator = goal.indicatorId
      ? await statistics.getIndicator(goal.indicatorId, asAt)
      : undefined;
    const observations = await goalObservations(goal, asAt);
    const figures = observations.filter((o) => o.value !== null);
    const places = placesShown(indicator, goal.series, goal.unit ?? figures[0]?.unit);
    const seriesBreak = latestBreak(indicator);
    // The trend at a glance compares like with like: none from before a break in the series.
    const recent = figures
      .filter((o) => !seriesBreak || o.period.start >= seriesBreak)
      .slice(-10)
      .map((o) => ({ period: o.period.label, time: o.period.time, value: o.value! }));
    return {
      ...goal,
      indicatorTitle: indicator?.title ?? null,
      recent,
      decimals: places ?? decimalsOf(figures.map((o) => o.value!)),
      assessment: assessGoal(goal, observations, indicator?.direction ?? null, {
        asAt,
        places,
        redefinition: redefinitions.get(`${goal.missionSlug}/${goal.slug}`),
        seriesBreak,
      }),
    };
  };

  /** The missions (or the one named) as defined at `asAt`, judged on the figures published by then. */
  const assessMissions = async (asAt?: Date, slug?: string) => {
    const { at, missions, redefinitions } = await definedAt(asAt);
    const assessed = await Promise.all(
      missions
        .filter((m) => slug === undefined || m.slug === slug)
        .map(async (m) =>
          rollUp(m, await Promise.all(m.goals.map((g) => assess(g, at, redefinitions)))),
        ),
    );
    return { at, missions: assessed };
  };

  /**
   * One change by a person in the workspace: it may only overwrite entities still at the
   * versions they opened (`type:id` → version; see writes.expecting). Writers queue first, so
   * what the change compares with is what it overwrites. Answers how many events it recorded.
   */
  const edit = (
    meta: ChangeMeta,
    versions: Record<string, string>,
    write: (change: Change, stored: Mission[]) => Promise<void>,
  ) =>
    deps.audit.change(meta, async (change) => {
      await change.sql.query(WRITER_LOCK);
      const guarded = writes.expecting(change, new Map(Object.entries(versions)));
      await write(guarded, await deps.store.listMissions(change.sql));
      return change.recorded;
    });
  const missionOf = (stored: Mission[], slug: string) => {
    const mission = stored.find((m) => m.slug === slug);
    if (!mission) throw new writes.StaleVersionError('mission', slug, null);
    return mission;
  };
  /** Where an item goes among its siblings: its place if it is there, else last. */
  const positionOf = (items: { slug: string }[], slug: string) => {
    const i = items.findIndex((item) => item.slug === slug);
    return i < 0 ? items.length : i;
  };
  const absent = writes.versionOf(null);

  /**
   * The workspace's writes: each the same per-entity write `missions load` makes, refused when
   * the entity is no longer at the version the person opened.
   */
  const edits = {
    /** The version of an entity as its events record it, which a form carries. */
    versionOf: writes.versionOf,
    saveGovernment: (government: Government, meta: ChangeMeta, version: string) =>
      edit(meta, { [`government:${government.slug}`]: version }, (change) =>
        writes.saveGovernment(change, government),
      ),
    saveMission: (mission: MissionFields & { slug: string }, meta: ChangeMeta, version: string) =>
      edit(meta, { [`mission:${mission.slug}`]: version }, async (change, stored) => {
        const siblings = stored.filter((m) => m.governmentSlug === mission.governmentSlug);
        const before = stored.find((m) => m.slug === mission.slug);
        await writes.saveMission(change, mission, positionOf(siblings, mission.slug), before);
      }),
    /** A new mission with its first goal: a mission has at least one, as in a missions file. */
    addMission: (mission: MissionFields & { slug: string }, firstGoal: Goal, meta: ChangeMeta) =>
      edit(
        meta,
        { [`mission:${mission.slug}`]: absent, [`goal:${mission.slug}/${firstGoal.slug}`]: absent },
        async (change, stored) => {
          // Mission slugs are one namespace across governments: never take over another's.
          const taken = stored.find((m) => m.slug === mission.slug);
          if (taken)
            throw new writes.StaleVersionError('mission', taken.slug, missionFields(taken));
          const siblings = stored.filter((m) => m.governmentSlug === mission.governmentSlug);
          await writes.saveMission(change, mission, siblings.length);
          await writes.saveGoal(change, firstGoal, 0);
        },
      ),
    saveGoal: (goal: Goal, meta: ChangeMeta, version: string) =>
      edit(meta, { [`goal:${goal.missionSlug}/${goal.slug}`]: version }, async (change, stored) => {
        const { goals } = missionOf(stored, goal.missionSlug);
        const before = goals.find((g) => g.slug === goal.slug);
        await writes.saveGoal(change, goal, positionOf(goals, goal.slug), before);
      }),
    deleteGoal: (missionSlug: string, slug: string, meta: ChangeMeta, version: string) =>
      edit(meta, { [`goal:${missionSlug}/${slug}`]: version }, async (change, stored) => {
        const { goals } = missionOf(stored, missionSlug);
        const goal = goals.find((g) => g.slug === slug);
        if (!goal) throw new writes.StaleVersionError('goal', `${missionSlug}/${slug}`, null);
        // As in a missions file, a mission keeps at least one goal.
        if (goals.length === 1) throw new LastGoalError();
        await writes.deleteGoal(change, goal);
      }),
    saveProject: (missionSlug: string, project: Project, meta: ChangeMeta, version: string) =>
      edit(
        meta,
        { [`project:${missionSlug}/${project.slug}`]: version },
        async (change, stored) => {
          const { projects } = missionOf(stored, missionSlug);
          const before = projects.find((p) => p.slug === project.slug);
          await writes.saveProject(
            change,
            missionSlug,
            project,
            positionOf(projects, project.slug),
            before,
          );
        },
      ),
    /** Adds a milestone to a project, or updates the one with its title (marking it done). */
    saveMilestone: (
      missionSlug: string,
      projectSlug: string,
      milestone: Milestone,
      meta: ChangeMeta,
      version: string,
    ) =>
      edit(meta, { [`project:${missionSlug}/${projectSlug}`]: version }, async (change, stored) => {
        const { projects } = missionOf(stored, missionSlug);
        if (!projects.some((p) => p.slug === projectSlug))
          throw new writes.StaleVersionError('project', `${missionSlug}/${projectSlug}`, null);
        await writes.saveMilestone(change, missionSlug, projectSlug, milestone);
      }),
    /** Which way is better for an indicator: a missions file's `indicators`, from the workspace. */
    saveDirection: (indicatorId: string, direction: Direction, meta: ChangeMeta, version: string) =>
      edit(meta, { [`indicator:${indicatorId}`]: version }, (change) =>
        statistics.saveDirection(change, indicatorId, direction),
      ),
    /**
     * What happened to an entity since the version a person opened: the events after it, newest
     * first, and the entity as it was at that version (undefined when no event left it so).
     */
    async changesSince(entityType: EntityType, entityId: string, version: string) {
      const events = await deps.audit.list({ entityTypes: [entityType], entityId });
      const recorded = (after: unknown) =>
        entityType === 'goal' && after ? recordedGoal(after) : after;
      const opened = events.findIndex((e) => writes.versionOf(recorded(e.after)) === version);
      return opened < 0
        ? { events, opened: undefined }
        : { events: events.slice(0, opened), opened: recorded(events[opened]!.after) };
    },
  };

  return {
    ...edits,
    /** The governments, as stored. */
    governments: () => deps.store.listGovernments(),
    /** Missions as stored now (of one government if named): what the workspace edits. */
    stored: (governmentSlug?: string) => deps.store.listMissions(undefined, governmentSlug),
    list: async (asAt?: Date) => (await assessMissions(asAt)).missions,
    async get(slug: string, asAt?: Date): Promise<AssessedMission | undefined> {
      return (await assessMissions(asAt, slug)).missions[0];
    },
    /**
     * Every goal's assessment in one flat list, as the API and `assess --json` give it, with
     * the instant it was judged at.
     */
    async assessments(asAt?: Date) {
      const { at, missions } = await assessMissions(asAt);
      const goals = missions.flatMap((m) =>
        m.goals.map((g) => ({
          government: m.governmentSlug,
          mission: m.slug,
          goal: g.slug,
          statement: g.statement,
          indicator: g.indicatorId,
          area: g.areaCode,
          target: g.target,
          ...assessmentFields(g.assessment),
        })),
      );
      return { asAt: at, goals };
    },
    /** The missions as defined (no assessment): for listing goals without judging them. */
    definitions,
    /** The goals of other missions that the mission's goals feed, and those that feed them. */
    async links(slug: string) {
      return linksOf(await definitions(), slug);
    },
    goalObservations,
    latestInEveryArea,
    /** Goals divided among areas: local targets, whether they add up, and their edits. */
    divisions,
    /** What differs from the change log's latest events: for `audit verify`. */
    differencesFromLog: (latest: Map<string, ChainedEntry>) =>
      missionsDifferingFromLog(deps.store, latest),
    /**
     * "Every part of the country": the goal judged in each area that has figures for its
     * measure, against the area's own target where it has one and else the goal's, from each
     * area's own baseline figure.
     */
    async byArea(goal: Goal, asAt?: Date) {
      if (!goal.indicatorId) return null;
      // Independent questions, asked at once.
      const [{ indicator, series }, redefinition, divided] = await Promise.all([
        statistics.areaSeries(
          {
            indicatorId: goal.indicatorId,
            series: goal.series ?? '',
            unit: goal.unit ?? undefined,
            dimensions: goal.dimensions,
          },
          asAt,
        ),
        redefinitionOf(goal, asAt),
        divisions.divisionAt({ missionSlug: goal.missionSlug, goalSlug: goal.slug }, asAt),
      ]);
      nameRanks ??= rankNames(geography.areas.map((a) => a.name));
      // One memo for the areas of one answer: they share periods, dates and t quantiles.
      return judgeAreas(goal, indicator, series, geography, nameRanks, {
        asAt: instant(asAt).at,
        redefinition,
        memo: createAssessmentMemo(),
        ownTargets: new Map(divided?.targets.map((t) => [t.areaCode, t.value])),
      });
    },
  };
}

/** A goal's deletion refused: a mission keeps at least one goal. */
export class LastGoalError extends Error {
  constructor() {
    super('A mission needs at least one goal: add another before deleting this one');
  }
}

export type MissionsService = ReturnType<typeof createMissionsService>;
