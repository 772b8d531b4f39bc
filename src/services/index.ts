// The use cases of Northstar, composed from the store: what the web pages, the API and the
// CLI all call, so each number is computed in one place.
import fs from 'node:fs';
import type { Store, ObservationQuery } from '../storage/store.ts';
import type { Geography } from '../import/geography.ts';
import { checkFiles, importFiles, ImportError } from '../import/importer.ts';
import { assessGoal, statusLabels, type Assessment, type Status } from '../domain/assessment.ts';
import type { Goal, Mission } from '../domain/mission.ts';
import { parseMissionsYaml } from './missionsFile.ts';
import { verifyChain } from '../domain/audit.ts';
import type { Problem } from '../import/problem.ts';

export interface AssessedGoal extends Goal {
  assessment: Assessment;
  indicatorTitle: string | null;
}

export interface AssessedMission extends Omit<Mission, 'goals'> {
  goals: AssessedGoal[];
  statusCounts: Record<Status, number>;
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

export function createServices(store: Store, geography: Geography) {
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

  const assess = async (goal: Goal, asAt: Date): Promise<AssessedGoal> => {
    const indicator = goal.indicatorId ? await store.getIndicator(goal.indicatorId) : undefined;
    const observations = await goalObservations(goal, asAt);
    return {
      ...goal,
      indicatorTitle: indicator?.title ?? null,
      assessment: assessGoal(goal, observations, indicator?.direction ?? null),
    };
  };

  const assessMission = async (mission: Mission, asAt: Date): Promise<AssessedMission> => {
    const goals = await Promise.all(mission.goals.map((g) => assess(g, asAt)));
    const statusCounts = Object.fromEntries(
      Object.keys(statusLabels).map((status) => [status, 0]),
    ) as Record<Status, number>;
    for (const g of goals) statusCounts[g.assessment.status]++;
    return { ...mission, goals, statusCounts };
  };

  return {
    missions: {
      async list(asAt?: Date): Promise<AssessedMission[]> {
        return Promise.all(
          (await store.listMissions()).map((m) => assessMission(m, visibleAt(asAt))),
        );
      },
      async get(slug: string, asAt?: Date): Promise<AssessedMission | undefined> {
        const mission = (await store.listMissions()).find((m) => m.slug === slug);
        return mission && assessMission(mission, visibleAt(asAt));
      },
      goalObservations: (goal: Goal, asAt?: Date) => goalObservations(goal, visibleAt(asAt)),
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
        return store.saveMissionsFile(value, actor, reason);
      },
    },
    statistics: {
      check: (paths: string[]) => checkFiles(paths, geography),
      import: (paths: string[], options: { releasedAt?: Date; actor: string }) =>
        importFiles(store, paths, geography, options),
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
      list: (limit?: number) => store.listAudit(limit),
      async verify() {
        return verifyChain((await store.listAudit()).reverse());
      },
    },
    async health() {
      await store.db.query('select 1');
      return { status: 'ok' as const, database: store.db.engine };
    },
  };
}

export type Services = ReturnType<typeof createServices>;
export { ImportError };
