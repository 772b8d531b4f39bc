// National goals delivered area by area: a goal divided among areas, each area's own target,
// whether the targets add up to the national one (and the gap nobody has taken on), and whether
// the local figures add up to the national figure. Pages, API, CLI and the workspace call these.
import { covers } from '../../domain/area.ts';
import type { ChainedEntry } from '../../domain/audit.ts';
import {
  addUp,
  areasWithin,
  rollUp,
  type Division,
  type LocalTarget,
} from '../../domain/localTargets.ts';
import type { Goal } from '../../domain/mission.ts';
import type { Assessment } from '../../domain/assessment.ts';
import { WRITER_LOCK } from '../../platform/db/sql.ts';
import type { Geography } from '../areas/geography.ts';
import type { AuditService } from '../audit/service.ts';
import type { Change, ChangeMeta } from '../audit/store.ts';
import { differencesFromLog } from '../../domain/history.ts';
import {
  divisionFromLog,
  readDivision,
  targetId,
  writeDivision,
  writeTarget,
  type GoalDivision,
  type GoalKey,
} from './localTargets.ts';
import type { MissionsStore } from './store.ts';
import * as writes from './writes.ts';

/** A local target refused: what is wrong with it, in words for the person who set it. */
export class LocalTargetError extends Error {
  constructor(
    message: string,
    /** The form field it is about. */
    readonly field = 'reason',
  ) {
    super(message);
  }
}

const keyOf = (goal: Goal): GoalKey => ({ missionSlug: goal.missionSlug, goalSlug: goal.slug });

/** What the goal's page, the API and the open data show of one area's target. */
interface AreaTargetRow {
  areaCode: string;
  name: string;
  target: LocalTarget;
  setByName: string;
  /** Why the add-up leaves it out, if it does. */
  leftOut: string | null;
  /** The area judged against its own target, when its figures are published. */
  assessment: Assessment | null;
}

export function createDivisions(deps: {
  store: MissionsStore;
  audit: AuditService;
  geography: Geography;
  /** Whether `asAt` is in the past (judged from the log) or now. */
  isPast: (asAt?: Date) => boolean;
}) {
  const { store, audit, geography } = deps;
  const parents = geography.byCode;

  /** A goal's division and its local targets, as stored now or as at a past instant. */
  async function divisionAt(goal: GoalKey, asAt?: Date) {
    if (!deps.isPast(asAt)) return store.division(goal);
    const events = await audit.list({
      entityTypes: ['goal-division', 'local-target'],
      until: asAt,
    });
    return divisionFromLog(events, goal);
  }

  /**
   * The goal's local targets beside its national one: whether they add up (null when the goal
   * has no target), each area's target judged against the area's figures (`byArea`, judged on
   * the areas' own targets), and the local figures rolled up against the national figure.
   */
  async function localTargets(
    goal: Goal & { assessment: Assessment },
    byArea: { areas: { code: string; assessment: Assessment }[] } | null,
    asAt?: Date,
  ) {
    const divided = await divisionAt(keyOf(goal), asAt);
    if (!divided) return null;
    const { division, targets } = divided;
    const areas = areasWithin(goal.areaCode, division.level, geography.areas, parents);
    const sum = goal.target
      ? addUp({
          national: goal.target,
          goalArea: goal.areaCode,
          division,
          targets,
          areas,
          parents,
          nameOf: (code) => geography.byCode.get(code)?.name ?? code,
        })
      : null;
    const governments = new Map((await store.listGovernments()).map((g) => [g.slug, g.name]));
    const judged = new Map(byArea?.areas.map((a) => [a.code, a.assessment]));
    const rows: AreaTargetRow[] = targets.map((target) => ({
      areaCode: target.areaCode,
      name: geography.byCode.get(target.areaCode)?.name ?? target.areaCode,
      target,
      setByName: governments.get(target.setBy) ?? target.setBy,
      leftOut: sum?.leftOut.find((l) => l.target === target)?.reason ?? null,
      assessment: judged.get(target.areaCode) ?? null,
    }));
    rows.sort((a, b) => a.name.localeCompare(b.name));
    const latest = goal.assessment.latest;
    const figures = byArea?.areas.flatMap((a) =>
      a.assessment.latest
        ? [
            {
              areaCode: a.code,
              period: a.assessment.latest.period,
              value: a.assessment.latest.value,
            },
          ]
        : [],
    );
    return {
      division,
      rows,
      addUp: sum,
      missing: (sum?.missing ?? []).map((code) => ({
        code,
        name: geography.byCode.get(code)?.name ?? code,
      })),
      rollUp:
        latest && figures
          ? rollUp({
              method: division.method,
              national: { period: latest.period, value: latest.value },
              local: figures,
              areas,
              weights: new Map(
                targets.flatMap((t) => (t.weight === null ? [] : [[t.areaCode, t.weight]])),
              ),
            })
          : null,
    };
  }

  /** What is wrong with an area's target for the goal, by the form field it is about; null: nothing. */
  function problemWith(goal: Goal, division: Division, target: LocalTarget) {
    const area = geography.byCode.get(target.areaCode);
    const on = (field: 'value' | 'weight', message: string) => ({ field, message });
    if (!area) return on('value', `${target.areaCode} is not a known ONS area code`);
    if (!covers(goal.areaCode, target.areaCode, parents) || target.areaCode === goal.areaCode)
      return on('value', `${area.name} is not an area within the goal’s own area`);
    if (division.method === 'weighted-mean' && target.weight === null)
      return on(
        'weight',
        `Enter ${area.name}’s weight: the local targets add up by a weighted mean`,
      );
    return null;
  }
  const check = (goal: Goal, division: Division, target: LocalTarget) => {
    const problem = problemWith(goal, division, target);
    if (problem) throw new LocalTargetError(problem.message, problem.field);
  };

  /** One person's change, refused if what it overwrites is no longer at the version they opened. */
  const edit = (
    meta: ChangeMeta,
    versions: Record<string, string>,
    goal: GoalKey,
    write: (guarded: Change, stored: GoalDivision | undefined, change: Change) => Promise<void>,
  ) =>
    audit.change(meta, async (change) => {
      await change.sql.query(WRITER_LOCK);
      const guarded = writes.expecting(change, new Map(Object.entries(versions)));
      await write(guarded, await readDivision(change.sql, goal), change);
      return change.recorded;
    });

  return {
    /** Every goal's division with its targets, as stored now. */
    all: () => store.divisions(),
    divisionAt,
    localTargets,
    problemWith,
    /** Whether `outer` is `code` or contains it. */
    covers: (outer: string, code: string) => covers(outer, code, parents),
    /** The version of a goal's division and of an area's target, which forms carry. */
    divisionVersion: (divided: GoalDivision | undefined) =>
      writes.versionOf(divided?.division ?? null),
    targetVersion: (divided: GoalDivision | undefined, areaCode: string) =>
      writes.versionOf(divided?.targets.find((t) => t.areaCode === areaCode) ?? null),
    /** Divides a goal among areas, or changes how; null ends the division and its targets. */
    divide: (goal: Goal, division: Division | null, meta: ChangeMeta, version: string) =>
      edit(
        meta,
        { [`goal-division:${goal.missionSlug}/${goal.slug}`]: version },
        keyOf(goal),
        async (guarded, stored, change) => {
          if (division) {
            // A new way of adding up must still count every target set so far.
            for (const t of stored?.targets ?? []) {
              const problem = problemWith(goal, division, t);
              if (problem) throw new LocalTargetError(problem.message, 'method');
            }
          } else if (stored) {
            // Ending a division removes its targets first, each on the record.
            for (const t of stored.targets)
              await writeTarget(change, keyOf(goal), t.areaCode, null, t);
            stored = { ...stored, targets: [] };
          } else return;
          await writeDivision(guarded, keyOf(goal), division, stored);
        },
      ),
    /** Sets an area's own target, or removes it (null). */
    setTarget: (
      goal: Goal,
      areaCode: string,
      target: LocalTarget | null,
      meta: ChangeMeta,
      version: string,
    ) =>
      edit(
        meta,
        { [`local-target:${targetId(keyOf(goal), areaCode)}`]: version },
        keyOf(goal),
        async (guarded, stored) => {
          if (!stored) throw new LocalTargetError('The goal is not divided among areas');
          if (target) check(goal, stored.division, target);
          const before = stored.targets.find((t) => t.areaCode === areaCode);
          await writeTarget(guarded, keyOf(goal), areaCode, target, before);
        },
      ),
    /**
     * Sets many areas' targets at once, as a file gives them: all or none. Targets of areas the
     * file leaves out stay as they are.
     */
    importTargets: (goal: Goal, targets: LocalTarget[], meta: ChangeMeta) =>
      audit.change(meta, async (change) => {
        await change.sql.query(WRITER_LOCK);
        const stored = await readDivision(change.sql, keyOf(goal));
        if (!stored) throw new LocalTargetError('The goal is not divided among areas');
        for (const t of targets) check(goal, stored.division, t);
        for (const t of targets) {
          const before = stored.targets.find((s) => s.areaCode === t.areaCode);
          if (writes.versionOf(before ?? null) === writes.versionOf(t)) continue;
          await writeTarget(change, keyOf(goal), t.areaCode, t, before);
        }
        return change.recorded;
      }),
    /** Where the stored divisions differ from the change log: for `audit verify`. */
    async differencesFromLog(latest: Map<string, ChainedEntry>) {
      const stored = await store.divisions();
      return [
        ...differencesFromLog(
          'goal-division',
          new Map(stored.map((d) => [`${d.goal.missionSlug}/${d.goal.goalSlug}`, d.division])),
          latest,
        ),
        ...differencesFromLog(
          'local-target',
          new Map(stored.flatMap((d) => d.targets.map((t) => [targetId(d.goal, t.areaCode), t]))),
          latest,
        ),
      ];
    },
  };
}
