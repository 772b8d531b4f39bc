// `missions load`: a government's missions file compared with what is stored, and each
// difference written as a change of that one entity (created, updated or deleted), all in one
// change with the file's reason. Loading the same file again writes nothing.
import fs from 'node:fs';
import type { Geography } from '../areas/geography.ts';
import type { AuditService } from '../audit/service.ts';
import type { Change } from '../audit/store.ts';
import type { StatisticsService } from '../statistics/service.ts';
import type { Goal, MissionsFile, Project } from '../../domain/mission.ts';
import type { Problem } from '../statistics/readers/problem.ts';
import { parseMissionsYaml } from './missionsFile.ts';
import type { MissionsStore } from './store.ts';
import * as writes from './writes.ts';

export class MissionsFileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the missions file; nothing was changed`,
    );
  }
}

type FileMission = MissionsFile['missions'][number];

/** A goal of the file as stored: optional fields filled in, the area the government's own by default. */
export function goalOf(
  mission: Pick<FileMission, 'slug'>,
  g: FileMission['goals'][number],
  governmentArea: string,
): Goal {
  return {
    missionSlug: mission.slug,
    slug: g.slug,
    statement: g.statement,
    since: g.since ?? null,
    indicatorId: g.indicator ?? null,
    awaiting: g.awaiting ?? null,
    proxy: g.proxy,
    proxyNote: g.proxyNote ?? null,
    series: g.series ?? null,
    unit: g.unit ?? null,
    dimensions: g.dimensions,
    areaCode: g.area ?? governmentArea,
    baseline: g.baseline ? { period: g.baseline.period, value: g.baseline.value ?? null } : null,
    target: g.target ?? null,
    trajectory: g.trajectory ?? null,
    tolerance: g.tolerance ?? null,
    staleAfter: g.staleAfter ?? null,
    feeds: g.feeds,
    source: g.source,
  };
}

export function projectOf(p: FileMission['projects'][number]): Project {
  return {
    slug: p.slug,
    title: p.title,
    lead: p.lead,
    contributors: p.contributors,
    start: p.start ?? null,
    end: p.end ?? null,
    status: p.status,
    confidence: p.confidence ?? null,
    firstStep: p.firstStep,
    milestones: p.milestones,
  };
}

/** The file's missions written over the stored ones of its government, entity by entity. */
export async function writeMissionsFile(
  change: Change,
  file: MissionsFile,
  store: MissionsStore,
  statistics: Pick<StatisticsService, 'saveDirection'>,
) {
  const { government } = file;
  await writes.saveGovernment(change, government);
  for (const { id, direction } of file.indicators)
    await statistics.saveDirection(change, id, direction);

  const stored = new Map(
    (await store.listMissions(change.sql, government.slug)).map((m) => [m.slug, m]),
  );
  for (const [position, m] of file.missions.entries()) {
    const before = stored.get(m.slug);
    stored.delete(m.slug);
    await writes.saveMission(
      change,
      { ...m, since: m.since ?? null, governmentSlug: government.slug },
      position,
      before,
    );

    const oldGoals = new Map((before?.goals ?? []).map((g) => [g.slug, g]));
    for (const [i, g] of m.goals.entries()) {
      await writes.saveGoal(change, goalOf(m, g, government.area), i, oldGoals.get(g.slug));
      oldGoals.delete(g.slug);
    }
    for (const old of oldGoals.values()) await writes.deleteGoal(change, old);

    const oldProjects = new Map((before?.projects ?? []).map((p) => [p.slug, p]));
    for (const [i, p] of m.projects.entries()) {
      // A project of a mission in force since a date is in its route map from then, or from
      // its own start if that is later.
      const since = m.since && p.start && p.start > m.since ? p.start : m.since;
      await writes.saveProject(
        change,
        m.slug,
        projectOf(p),
        i,
        oldProjects.get(p.slug),
        since ?? undefined,
      );
      oldProjects.delete(p.slug);
    }
    for (const old of oldProjects.values()) await writes.deleteProject(change, m.slug, old);
  }
  for (const old of stored.values()) await writes.deleteMission(change, old);
}

export function createMissionsLoader(deps: {
  store: MissionsStore;
  statistics: Pick<StatisticsService, 'saveDirection'>;
  audit: Pick<AuditService, 'change'>;
  geography: Geography;
}) {
  const { store, statistics, audit, geography } = deps;
  /** Validates a missions file and makes the stored missions match it; returns how many changes it recorded. */
  return async function loadFile(file: string, actor: string, reason: string) {
    const { value, problems } = parseMissionsYaml(file, fs.readFileSync(file, 'utf8'));
    if (!value) throw new MissionsFileError(problems);
    const codes = [
      value.government.area,
      ...value.missions.flatMap((m) => m.goals.map((g) => g.area)),
    ];
    const unknown = [...new Set(codes.filter((c): c is string => !!c && !geography.byCode.has(c)))];
    if (unknown.length) {
      throw new MissionsFileError(
        unknown.map((code) => ({
          severity: 'error',
          file,
          message: `area ${code} is not a known ONS area code`,
        })),
      );
    }
    return audit.change({ actor, reason }, async (change) => {
      await writeMissionsFile(change, value, store, statistics);
      return { changes: change.recorded };
    });
  };
}
