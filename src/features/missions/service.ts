// The use cases of Northstar, composed from the store: what the web pages, the API and the
// CLI all call, so each number is computed in one place.
import fs from 'node:fs';
import type { Store, ObservationQuery } from '../statistics/store.ts';
import type { Geography } from '../areas/geography.ts';
import { checkFiles, importFiles, ImportError, type InputFormat } from '../statistics/importer.ts';
import { UK_CODE } from '../../domain/area.ts';
import {
  assessGoal,
  assessmentFields,
  statusLabels,
  type Assessment,
  type Redefinition,
  type Status,
} from '../../domain/assessment.ts';
import {
  directionOfComparator,
  type Direction,
  type Goal,
  type Mission,
} from '../../domain/mission.ts';
import { parseMissionsYaml } from './missionsFile.ts';
import { verifyChain } from '../../domain/audit.ts';
import { missionsAsAt, redefinitionsSinceSet } from '../../domain/history.ts';
import type { Problem } from '../statistics/readers/problem.ts';

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

export class MissionsFileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the missions file; nothing was changed`,
    );
  }
}

/**
 * The instant to view data as at: never later than now, so a release embargoed until a future
 * time cannot be seen by asking for that time.
 */
export function visibleAt(asAt?: Date, now = new Date()): Date {
  return asAt && asAt < now ? asAt : now;
}

// What `localeCompare` compares by, made once: it would make a new collator for every pair.
const byName = new Intl.Collator();

/** Each name's place in the order of `byName`; names it finds equal share a place. */
function rankNames(names: string[]): Map<string, number> {
  const sorted = [...new Set(names)].sort(byName.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((name, i) => {
    if (i > 0 && byName.compare(sorted[i - 1]!, name) !== 0) rank++;
    ranks.set(name, rank);
  });
  return ranks;
}

/** Counts by status, the best and worst latest figures, and the areas holding the goal back. */
function summariseAreas<T extends { name: string; assessment: Assessment }>(
  unsorted: T[],
  direction: Direction,
  nameRanks: Map<string, number>,
) {
  // By name; by each name's place among all area names when every one has a place (the same
  // order, without comparing text), else by comparing the names. The key of an area is its
  // name's place and then its own, in one number: a typed array sorts those natively.
  const keys = new Float64Array(unsorted.length);
  let ranked = true;
  unsorted.forEach((a, i) => {
    const rank = nameRanks.get(a.name);
    if (rank === undefined) ranked = false;
    else keys[i] = rank * 2 ** 21 + i;
  });
  const areas =
    ranked && unsorted.length < 2 ** 21
      ? Array.from(keys.sort(), (key) => unsorted[key % 2 ** 21]!)
      : [...unsorted].sort((a, b) => byName.compare(a.name, b.name));
  const counts = Object.fromEntries(Object.keys(statusLabels).map((s) => [s, 0])) as Record<
    Status,
    number
  >;
  for (const a of areas) counts[a.assessment.status]++;
  // Best: the first area (by name) with the best latest figure; worst: the last with the worst.
  const sign = direction === 'lower' ? -1 : 1;
  let best: T | null = null;
  let worst: T | null = null;
  for (const a of areas) {
    const value = a.assessment.latest && a.assessment.latest.value * sign;
    if (value === null) continue;
    if (!best || value > best.assessment.latest!.value * sign) best = a;
    if (!worst || value <= worst.assessment.latest!.value * sign) worst = a;
  }
  return {
    areas,
    counts,
    best,
    worst,
    spread:
      best && worst
        ? Math.abs(best.assessment.latest!.value - worst.assessment.latest!.value)
        : null,
    holdingBack: areas.filter(
      (a) => a.assessment.status === 'off-track' || a.assessment.status === 'at-risk',
    ),
    /** A goal for every part of the country is met only when every area has met it. */
    everyAreaAchieved: areas.length > 0 && areas.every((a) => a.assessment.status === 'achieved'),
  };
}

export function createServices(
  store: Store,
  geography: Geography,
  limits: { maxFileBytes?: number } = {},
) {
  const changeListeners: (() => void)[] = [];
  /** The order of every area's name, made when first needed (see summariseAreas). */
  let nameRanks: Map<string, number> | undefined;
  /** Tells listeners (the response cache) that this process changed what can be seen. */
  const changed = () => changeListeners.forEach((listener) => listener());

  /** The observations a goal is measured by, as published at `asAt`. */
  const goalObservations = (goal: Goal, asAt: Date) =>
    goal.indicatorId
      ? store.observations({
          indicatorId: goal.indicatorId,
          asAt,
          series: goal.series ?? '',
          unit: goal.unit ?? undefined,
          dimensions: goal.dimensions,
          areaCode: goal.areaCode,
        })
      : Promise.resolve([]);

  /**
   * The missions as defined now, or as they were defined at a past instant, and the goals whose
   * statistic has been redefined since they were set.
   */
  const definedAt = async (asAt?: Date) => {
    const current = await store.listMissions();
    const past = asAt && asAt < new Date();
    const events = await store.listAudit({
      entityTypes: past ? ['mission', 'goal', 'project', 'indicator'] : ['goal', 'indicator'],
      until: asAt,
    });
    const missions = past ? missionsAsAt(current, events, asAt) : current;
    const redefinitions = redefinitionsSinceSet(
      missions.flatMap((m) => m.goals),
      events,
    );
    return { missions, redefinitions };
  };
  const definitions = async (asAt?: Date) => (await definedAt(asAt)).missions;

  /**
   * Whether the statistic of a goal, as defined at `asAt`, was redefined after the goal was
   * set: as `definedAt` says, reading only that goal and its indicator unless `asAt` is past.
   */
  const redefinitionOf = async (goal: Goal, asAt?: Date) => {
    const key = `${goal.missionSlug}/${goal.slug}`;
    if (asAt && asAt < new Date()) return (await definedAt(asAt)).redefinitions.get(key);
    const stored = await store.goalRedefinitionEvents(goal.missionSlug, goal.slug, asAt);
    if (!stored) return undefined;
    return redefinitionsSinceSet([{ ...goal, indicatorId: stored.indicatorId }], stored.events).get(
      key,
    );
  };

  const assess = async (
    goal: Goal,
    asAt: Date,
    redefinitions: Map<string, Redefinition>,
  ): Promise<AssessedGoal> => {
    const indicator = goal.indicatorId ? await store.getIndicator(goal.indicatorId) : undefined;
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

  const assessMission = async (
    mission: Mission,
    asAt: Date,
    redefinitions: Map<string, Redefinition>,
  ): Promise<AssessedMission> => {
    const goals = await Promise.all(mission.goals.map((g) => assess(g, asAt, redefinitions)));
    const statusCounts = Object.fromEntries(
      Object.keys(statusLabels).map((status) => [status, 0]),
    ) as Record<Status, number>;
    for (const g of goals) statusCounts[g.assessment.status]++;
    // Unlike goals are not averaged: the roll-up is the counts and the weakest judged goal.
    const weakness: Partial<Record<Status, number>> = {
      'off-track': 0,
      'at-risk': 1,
      'on-track': 2,
      achieved: 3,
    };
    const judged = goals.filter((g) => weakness[g.assessment.status] !== undefined);
    const weakest = judged.sort(
      (a, b) => weakness[a.assessment.status]! - weakness[b.assessment.status]!,
    )[0];
    return {
      ...mission,
      goals,
      statusCounts,
      weakestGoal: weakest
        ? { slug: weakest.slug, statement: weakest.statement, status: weakest.assessment.status }
        : null,
    };
  };

  /** The missions (or the one named) as defined at `asAt`, judged on the figures published by then. */
  const assessMissions = async (asAt?: Date, slug?: string) => {
    const { missions, redefinitions } = await definedAt(asAt);
    return Promise.all(
      missions
        .filter((m) => slug === undefined || m.slug === slug)
        .map((m) => assessMission(m, visibleAt(asAt), redefinitions)),
    );
  };

  return {
    missions: {
      list: (asAt?: Date) => assessMissions(asAt),
      async get(slug: string, asAt?: Date): Promise<AssessedMission | undefined> {
        return (await assessMissions(asAt, slug))[0];
      },
      /** Every goal's assessment in one flat list, as the API and `assess --json` give it. */
      async assessments(asAt?: Date) {
        return (await assessMissions(asAt)).flatMap((m) =>
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
      },
      /** The missions as defined (no assessment): for listing goals without judging them. */
      definitions,
      /**
       * How a mission's goals link with other missions: the goals elsewhere that each of its
       * goals feeds, and the goals elsewhere that feed it.
       */
      async links(slug: string) {
        const missions = await definitions();
        const goals = new Map(
          missions.flatMap((m) =>
            m.goals.map((g) => [`${m.slug}/${g.slug}`, { mission: m, goal: g }]),
          ),
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
      },
      goalObservations: (goal: Goal, asAt?: Date) => goalObservations(goal, visibleAt(asAt)),
      /**
       * "Every part of the country": the goal judged in each area that has figures for its
       * measure, against the same target, from each area's own baseline figure.
       */
      async byArea(goal: Goal, asAt?: Date) {
        if (!goal.indicatorId) return null;
        // Independent questions, asked at once.
        const [{ indicator, series }, redefinition] = await Promise.all([
          store.areaSeries({
            indicatorId: goal.indicatorId,
            asAt: visibleAt(asAt),
            series: goal.series ?? '',
            unit: goal.unit ?? undefined,
            dimensions: goal.dimensions,
          }),
          redefinitionOf(goal, asAt),
        ]);
        const areasByCode = geography.byCode;
        // The parts of the goal's own area: areas whose chain of parents reaches it.
        const within = (code: string) => {
          for (let a = areasByCode.get(code); a?.parentCode; a = areasByCode.get(a.parentCode)) {
            if (a.parentCode === goal.areaCode) return true;
          }
          return goal.areaCode === UK_CODE && code !== UK_CODE;
        };
        const context = { asAt: visibleAt(asAt), redefinition };
        // Each area is judged from its own baseline figure, in the unit of its own first figure
        // when the goal names none: the goal as the areas see it, one for each unit (judging
        // reads no area code from the goal, so one serves every area).
        const baseline = goal.baseline && { period: goal.baseline.period, value: null };
        const localGoals = new Map<string, Goal>();
        const areas = [];
        for (const { areaCode: code, unit, points } of series) {
          if (!within(code)) continue;
          const area = areasByCode.get(code);
          let local = localGoals.get(unit);
          if (!local)
            localGoals.set(unit, (local = { ...goal, unit: goal.unit ?? unit, baseline }));
          areas.push({
            code,
            name: area?.name ?? code,
            level: area?.level ?? null,
            assessment: assessGoal(local, points, indicator?.direction ?? null, context),
          });
        }
        nameRanks ??= rankNames(geography.areas.map((a) => a.name));
        return summariseAreas(
          areas,
          indicator?.direction ??
            (goal.target ? directionOfComparator(goal.target.comparator) : 'higher'),
          nameRanks,
        );
      },
      /** Validates a missions file and makes the stored missions match it, with audit events. */
      async loadFile(file: string, actor: string, reason: string) {
        const { value, problems } = parseMissionsYaml(file, fs.readFileSync(file, 'utf8'));
        if (!value) throw new MissionsFileError(problems);
        const codes = [
          value.government.area,
          ...value.missions.flatMap((m) => m.goals.map((g) => g.area)),
        ];
        const unknown = [
          ...new Set(codes.filter((c): c is string => !!c && !geography.byCode.has(c))),
        ];
        if (unknown.length) {
          throw new MissionsFileError(
            unknown.map((code) => ({
              severity: 'error',
              file,
              message: `area ${code} is not a known ONS area code`,
            })),
          );
        }
        try {
          return await store.saveMissionsFile(value, actor, reason);
        } finally {
          changed();
        }
      },
    },
    statistics: {
      check: (paths: string[], format?: InputFormat) =>
        checkFiles(paths, geography, { format, ...limits }),
      import: (
        paths: string[],
        options: { releasedAt?: Date; actor: string; format?: InputFormat },
      ) => importFiles(store, paths, geography, { ...limits, ...options }).finally(changed),
      listIndicators: () => store.listIndicators(),
      getIndicator: (id: string) => store.getIndicator(id),
      observations: (query: Omit<ObservationQuery, 'asAt'> & { asAt?: Date }) =>
        store.observations({ ...query, asAt: visibleAt(query.asAt) }),
      measures: (indicatorId: string, asAt?: Date) =>
        store.listMeasures(indicatorId, visibleAt(asAt)),
      /** Releases already published (embargoed ones are left out), newest first. */
      async releases(indicatorId: string, asAt?: Date) {
        const at = visibleAt(asAt);
        return (await store.listReleases(indicatorId)).filter((r) => new Date(r.releasedAt) <= at);
      },
    },
    areas: {
      get: (code: string) => store.getArea(code),
      list: () => store.listAreas(),
      /**
       * "How is my area doing": every goal whose measure has a figure for the area, beside the
       * figure for the goal's own (national) area and for the area's parent region or nation.
       */
      async profile(code: string, asAt?: Date) {
        const area = await store.getArea(code);
        if (!area) return undefined;
        const at = visibleAt(asAt);
        const parent = area.parentCode ? await store.getArea(area.parentCode) : undefined;
        const latest = async (goal: Goal, areaCode: string | undefined) => {
          if (!areaCode) return null;
          const points = (await goalObservations({ ...goal, areaCode }, at)).filter(
            (o) => o.value !== null,
          );
          const last = points.at(-1);
          return last ? { period: last.period.label, value: last.value! } : null;
        };
        const goals = [];
        for (const mission of await store.listMissions()) {
          for (const goal of mission.goals) {
            if (!goal.indicatorId) continue;
            const here = await latest(goal, area.code);
            if (!here) continue;
            goals.push({
              mission: { slug: mission.slug, title: mission.title },
              goal: {
                slug: goal.slug,
                statement: goal.statement,
                unit: goal.unit,
                areaCode: goal.areaCode,
              },
              here,
              national: goal.areaCode === area.code ? null : await latest(goal, goal.areaCode),
              parent: parent ? await latest(goal, parent.code) : null,
            });
          }
        }
        const children = (await store.listAreas()).filter(
          (a) => a.parentCode === area.code && a.current,
        );
        return { area, parent: parent ?? null, children, goals };
      },
    },
    audit: {
      list: (filter?: Parameters<Store['listAudit']>[0]) => store.listAudit(filter),
      /** The id of the latest event: ids only grow, so blocks of them make pages that never change. */
      latestId: () => store.auditCounts(new Date()).then((c) => c.latestEventId),
      async verify() {
        return verifyChain((await store.listAudit()).reverse());
      },
    },
    onChange: (listener: () => void) => void changeListeners.push(listener),
    /**
     * Changes whenever anything a page or answer shows could change: a recorded change, a
     * release reaching its time, or a new day (figures go stale by the day).
     */
    async version(now = new Date()) {
      const { latestEventId, releasedBy } = await store.auditCounts(now);
      return `${latestEventId}:${releasedBy}:${now.toISOString().slice(0, 10)}`;
    },
    async health() {
      await store.db.query('select 1');
      return { status: 'ok' as const, database: store.db.engine };
    },
  };
}

export type Services = ReturnType<typeof createServices>;
export { ImportError };
