// Governance use cases: reading a mission's board, letters, stocktakes, decisions, actions,
// risks, evaluations and deliberative processes as a reader may see them, and recording them
// with a reason. Every rule a record's content keeps is its kind's schema; what it names (a goal, a project) must exist
// in its mission; a record once public stays public, since the change log cannot unsay it.
import type { ChainedEntry } from '../../domain/audit.ts';
import { differencesFromLog } from '../../domain/history.ts';
import {
  governanceKinds,
  governanceSchemas,
  type GovernanceKind,
  type GovernanceRecord,
  type Visibility,
} from '../../domain/governance.ts';
import { slugFrom, type Project } from '../../domain/mission.ts';
import type { CitizensProcess } from '../../domain/participation.ts';
import type { Clock } from '../../clock.ts';
import type { AuditService } from '../audit/service.ts';
import type { MissionsService } from '../missions/service.ts';
import { StaleVersionError, versionOf } from '../missions/writes.ts';
import { recordedState, type GovernanceStore, type StoredRecord } from './store.ts';

export interface ChangeMeta {
  actor: string;
  reason: string;
}

/** A record refused, with the field it concerns (`content.…` for the kind's own fields). */
export class GovernanceError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A mission's records by kind, newest first where they have dates. */
export interface MissionGovernance {
  board: StoredRecord & GovernanceRecord<'board'>;
  letters: (StoredRecord & GovernanceRecord<'mandate-letter'>)[];
  stocktakes: (StoredRecord & GovernanceRecord<'stocktake'>)[];
  decisions: (StoredRecord & GovernanceRecord<'decision'>)[];
  actions: (StoredRecord & GovernanceRecord<'action'>)[];
  risks: (StoredRecord & GovernanceRecord<'risk'>)[];
  /** By the day the report is (or is planned to be) finished, latest first. */
  evaluations: (StoredRecord & GovernanceRecord<'evaluation'>)[];
  /** Deliberative processes, latest started first. */
  processes: (StoredRecord & GovernanceRecord<'process'>)[];
}

const byKind = (records: StoredRecord[]) => {
  const of = <K extends GovernanceKind>(kind: K) =>
    records.filter((r) => r.kind === kind) as (StoredRecord & GovernanceRecord<K>)[];
  const newest = <T>(items: T[], date: (item: T) => string) =>
    items.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : 0));
  return {
    board: of('board')[0],
    letters: newest(of('mandate-letter'), (r) => r.content.dated),
    stocktakes: newest(of('stocktake'), (r) => r.content.heldOn),
    decisions: newest(of('decision'), (r) => r.content.decidedOn),
    actions: newest(of('action'), (r) => r.content.due),
    risks: of('risk').sort(
      (a, b) =>
        b.content.likelihood * b.content.impact - a.content.likelihood * a.content.impact ||
        Number(a.id) - Number(b.id),
    ),
    evaluations: newest(of('evaluation'), (r) => r.content.actualReport ?? r.content.plannedReport),
    processes: newest(of('process'), (r) => r.content.started),
  } as Partial<MissionGovernance> & Omit<MissionGovernance, 'board'>;
};

/**
 * What a process's recommendations name: goals and projects of its mission, and for a response,
 * the projects and milestones (by place in the project's list) that deliver it.
 */
function checkProcessLinks(
  mission: { slug: string; goals: { slug: string }[]; projects: Project[] },
  process: CitizensProcess,
) {
  const has = (list: { slug: string }[], slug: string) => list.some((x) => x.slug === slug);
  process.recommendations.forEach((r, i) => {
    const at = `content.recommendations.${i}`;
    for (const goal of r.goals)
      if (!has(mission.goals, goal))
        throw new GovernanceError(`${at}.goals`, `${mission.slug} has no goal ${goal}`);
    for (const project of r.projects)
      if (!has(mission.projects, project))
        throw new GovernanceError(`${at}.projects`, `${mission.slug} has no project ${project}`);
    for (const d of r.response?.delivers ?? []) {
      const project = mission.projects.find((p) => p.slug === d.project);
      if (!project)
        throw new GovernanceError(
          `${at}.response.delivers`,
          `${mission.slug} has no project ${d.project}`,
        );
      if (d.milestone !== undefined && !project.milestones[d.milestone])
        throw new GovernanceError(
          `${at}.response.delivers`,
          `${project.title} has no milestone ${d.milestone + 1}`,
        );
    }
  });
}

export function createGovernanceService(deps: {
  store: GovernanceStore;
  audit: AuditService;
  missions: Pick<MissionsService, 'stored'>;
  clock: Clock;
}) {
  const { store, audit, missions, clock } = deps;

  /** The content checked by its kind's schema, and what it names found in its mission. */
  async function checked(kind: GovernanceKind, missionSlug: string, content: unknown) {
    const parsed = governanceSchemas[kind].safeParse(content);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new GovernanceError(['content', ...issue.path].join('.'), issue.message);
    }
    const mission = (await missions.stored()).find((m) => m.slug === missionSlug);
    if (!mission) throw new GovernanceError('mission', `there is no mission ${missionSlug}`);
    const goals = new Set(mission.goals.map((g) => g.slug));
    const projects = new Set(mission.projects.map((p) => p.slug));
    const value = parsed.data as Record<string, unknown>;
    const named: [string, string, Set<string>][] = [
      ['goal', value.goal as string, goals],
      ['project', value.project as string, projects],
      ...((value.ratings as { subject: 'goal' | 'project'; slug: string }[] | undefined) ?? []).map(
        (r, i) =>
          [`ratings.${i}.slug`, r.slug, r.subject === 'goal' ? goals : projects] as [
            string,
            string,
            Set<string>,
          ],
      ),
    ];
    for (const [field, slug, known] of named)
      if (slug !== undefined && !known.has(slug))
        throw new GovernanceError(
          `content.${field}`,
          `${missionSlug} has no ${field.split('.')[0]} ${slug}`,
        );
    if (kind === 'process') checkProcessLinks(mission, parsed.data as CitizensProcess);
    return parsed.data;
  }

  return {
    /** A mission's records as a reader sees them: internal ones only for those who may. */
    async forMission(
      missionSlug: string,
      options: { internal: boolean; asAt?: Date },
    ): Promise<Partial<MissionGovernance> & Omit<MissionGovernance, 'board'>> {
      return byKind(
        await store.list({ missionSlug, internal: options.internal, recordedBy: options.asAt }),
      );
    },

    /** Every mission's records, for the API and exports. */
    list: (options: { internal: boolean }) => store.list(options),

    get: (missionSlug: string, kind: GovernanceKind, id: string) =>
      store.get(missionSlug, kind, id),

    /** What a form carries of the record it opened, to refuse a save over someone else's. */
    versionOf: (record: StoredRecord | undefined) =>
      versionOf(record ? recordedState(record) : null),

    /**
     * Records a new record (`id` undefined) or a change to one. `version` is what the form
     * opened; a save after someone else's is refused with a StaleVersionError.
     */
    async save(
      input: {
        kind: GovernanceKind;
        missionSlug: string;
        id?: string;
        visibility: Visibility;
        content: unknown;
      },
      meta: ChangeMeta,
      version?: string,
    ): Promise<GovernanceRecord> {
      const { kind, missionSlug, visibility } = input;
      if (!governanceKinds.includes(kind))
        throw new GovernanceError('kind', `no such record: ${kind}`);
      if (!meta.reason.trim()) throw new GovernanceError('reason', 'Give a reason for the change');
      const content = await checked(kind, missionSlug, input.content);
      return audit.change(meta, async (change) => {
        const id =
          input.id ??
          (kind === 'board'
            ? 'board'
            : kind === 'mandate-letter'
              ? slugFrom((content as { steward: string }).steward, 'steward')
              : kind === 'stocktake'
                ? (content as { heldOn: string }).heldOn
                : await store.nextNumber(change, missionSlug, kind));
        const before = await store.get(missionSlug, kind, id, change.sql);
        if (input.id !== undefined && !before)
          throw new GovernanceError('id', `${missionSlug} has no ${kind} ${input.id}`);
        if (input.id === undefined && before)
          throw new GovernanceError(
            kind === 'stocktake'
              ? 'content.heldOn'
              : kind === 'mandate-letter'
                ? 'content.steward'
                : 'kind',
            `${missionSlug} already has this ${kind} (${id}): change that one instead`,
          );
        if (version !== undefined && versionOf(before ? recordedState(before) : null) !== version)
          throw new StaleVersionError(
            kind,
            `${missionSlug}/${id}`,
            before ? recordedState(before) : null,
          );
        if (before?.visibility === 'public' && visibility === 'internal')
          throw new GovernanceError(
            'visibility',
            'A public record stays public: the change log has shown it. Record a correction instead',
          );
        const record = { kind, missionSlug, id, visibility, content } as GovernanceRecord;
        await store.save(change, record, before, clock.now());
        return record;
      });
    },

    /** The stored records against the log's latest events about them. */
    async differencesFromLog(latest: Map<string, ChainedEntry>) {
      const records = await store.list({ internal: true });
      return governanceKinds.flatMap((kind) =>
        differencesFromLog(
          kind,
          new Map(
            records
              .filter((r) => r.kind === kind)
              .map((r) => [`${r.missionSlug}/${r.id}`, recordedState(r)]),
          ),
          latest,
        ),
      );
    },
  };
}

export type GovernanceService = ReturnType<typeof createGovernanceService>;
