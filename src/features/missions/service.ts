// The missions' use cases: missions and goals as defined at an instant, each goal judged on
// the figures published by then, nationally and in every area. Pages, API and CLI all call
// these, so each number is computed in one place.
import type { ChainedEntry } from '../../domain/audit.ts';
import type { Clock } from '../../clock.ts';
import {
  assessGoal,
  assessmentFields,
  type Assessment,
  type Redefinition,
} from '../../domain/assessment.ts';
import { createAssessmentMemo } from '../../domain/memo.ts';
import { weakest, zeroStatusCounts, type Status } from '../../domain/status.ts';
import type { Goal, Mission } from '../../domain/mission.ts';
import type { Geography } from '../areas/geography.ts';
import type { AuditService } from '../audit/service.ts';
import type { StatisticsService } from '../statistics/service.ts';
import { judgeAreas, rankNames } from './byArea.ts';
import { createDefinitions } from './definitions.ts';
import { missionsDifferingFromLog } from './recorded.ts';
import type { MissionsStore } from './store.ts';

export interface AssessedGoal extends Goal {
  assessment: Assessment;
  indicatorTitle: string | null;
  /** The latest figures (at most 10), oldest first: the goal's recent trend at a glance. */
  recent: { period: string; time: number; value: number }[];
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
  /** The order of every area's name, made when first needed (see summariseAreas). */
  let nameRanks: Map<string, number> | undefined;

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

  const assess = async (
    goal: Goal,
    asAt: Date,
    redefinitions: Map<string, Redefinition>,
  ): Promise<AssessedGoal> => {
    const indicator = goal.indicatorId
      ? await statistics.getIndicator(goal.indicatorId, asAt)
      : undefined;
    const observations = await goalObservations(goal, asAt);
    const recent = observations
      .filter((o) => o.value !== null)
      .slice(-10)
      .map((o) => ({ period: o.period.label, time: o.period.time, value: o.value! }));
    return {
      ...goal,
      indicatorTitle: indicator?.title ?? null,
      recent,
      assessment: assessGoal(goal, observations, indicator?.direction ?? null, {
        asAt,
        redefinition: redefinitions.get(`${goal.missionSlug}/${goal.slug}`),
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

  return {
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
    /** What differs from the change log's latest events: for `audit verify`. */
    differencesFromLog: (latest: Map<string, ChainedEntry>) =>
      missionsDifferingFromLog(deps.store, latest),
    /**
     * "Every part of the country": the goal judged in each area that has figures for its
     * measure, against the same target, from each area's own baseline figure.
     */
    async byArea(goal: Goal, asAt?: Date) {
      if (!goal.indicatorId) return null;
      // Independent questions, asked at once.
      const [{ indicator, series }, redefinition] = await Promise.all([
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
      ]);
      nameRanks ??= rankNames(geography.areas.map((a) => a.name));
      // One memo for the areas of one answer: they share periods, dates and t quantiles.
      return judgeAreas(goal, indicator, series, geography, nameRanks, {
        asAt: instant(asAt).at,
        redefinition,
        memo: createAssessmentMemo(),
      });
    },
  };
}

export type MissionsService = ReturnType<typeof createMissionsService>;
