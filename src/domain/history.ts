// Missions as they were defined at a past instant, rebuilt from the audit log: each mission,
// goal and project takes the content of its last recorded change by then. This is how a view
// "as at" a date uses the targets in force then, and shows that nobody moved the goalposts.
import { canonicalJson, effectiveAt, type ChainedEntry } from './audit.ts';
import type { Goal, Mission, Project } from './mission.ts';
import type { Redefinition } from './assessment.ts';

type MissionFields = Omit<Mission, 'slug' | 'goals' | 'projects'>;

/** A goal as an event recorded it: fields added since it was recorded take their defaults. */
export const recordedGoal = (after: unknown): Goal =>
  ({
    staleAfter: null,
    feeds: [],
    since: null,
    awaiting: null,
    ...(after as Partial<Goal>),
  }) as Goal;

/** Each entity's latest event, keyed `type:id`: what the log says the entity is now. */
export function latestEvents(events: ChainedEntry[]): Map<string, ChainedEntry> {
  const latest = new Map<string, ChainedEntry>();
  for (const e of events) {
    const key = `${e.entityType}:${e.entityId}`;
    if ((latest.get(key)?.id ?? -1) < e.id) latest.set(key, e);
  }
  return latest;
}

/**
 * Where the stored entities of one type differ from what the log's latest events say of them:
 * one sentence for each stored entity the log does not show as it is, and each entity the
 * log shows that is not stored. `recorded` reads an event's `after` as the stored shape.
 */
export function differencesFromLog(
  entityType: ChainedEntry['entityType'],
  stored: Map<string, unknown>,
  latest: Map<string, ChainedEntry>,
  recorded: (after: unknown) => unknown = (after) => after,
): string[] {
  const differences: string[] = [];
  for (const [id, state] of stored) {
    const event = latest.get(`${entityType}:${id}`);
    if (!event || event.action === 'delete')
      differences.push(`${entityType} ${id} is stored, but the change log does not have it`);
    else if (canonicalJson(recorded(event.after)) !== canonicalJson(state))
      differences.push(
        `${entityType} ${id} is not as its last recorded change (event ${event.id}) left it`,
      );
  }
  for (const event of latest.values())
    if (event.entityType === entityType && event.action !== 'delete' && !stored.has(event.entityId))
      differences.push(
        `${entityType} ${event.entityId} was recorded (event ${event.id}) but is not stored`,
      );
  return differences;
}

export function missionsAsAt(current: Mission[], events: ChainedEntry[], asAt: Date): Mission[] {
  const last = new Map<string, ChainedEntry>();
  for (const e of events) {
    if (new Date(effectiveAt(e)) > asAt || !['mission', 'goal', 'project'].includes(e.entityType))
      continue;
    const key = `${e.entityType}:${e.entityId}`;
    const seen = last.get(key);
    if (!seen || seen.id < e.id) last.set(key, e);
  }
  const state = (type: string) =>
    [...last.values()]
      .filter((e) => e.entityType === type && e.action !== 'delete')
      .sort((a, b) => a.id - b.id);
  // Keep today's order where an item still exists; items removed since follow.
  const order = new Map<string, number>();
  current.forEach((m, i) => {
    order.set(m.slug, i);
    m.goals.forEach((g, j) => order.set(`${m.slug}/${g.slug}`, j));
    m.projects.forEach((p, j) => order.set(`${m.slug}/${p.slug}`, j));
  });
  const rank = (key: string) => order.get(key) ?? Number.MAX_SAFE_INTEGER;
  // Fields added since an event was recorded take their defaults.
  const goals = state('goal').map((e) => recordedGoal(e.after));
  const projects = state('project').map((e) => ({ key: e.entityId, project: e.after as Project }));
  return state('mission')
    .map((e) => {
      const slug = e.entityId;
      const fields = e.after as MissionFields;
      return {
        ...fields,
        since: fields.since ?? null,
        slug,
        goals: goals
          .filter((g) => g.missionSlug === slug)
          .sort((a, b) => rank(`${slug}/${a.slug}`) - rank(`${slug}/${b.slug}`)),
        projects: projects
          .filter((p) => p.key.startsWith(`${slug}/`))
          .sort((a, b) => rank(a.key) - rank(b.key))
          .map((p) => p.project),
      };
    })
    .sort((a, b) => rank(a.slug) - rank(b.slug));
}

/**
 * For each goal, the latest change to its statistic's definition or unit recorded after the
 * goal itself was last set: its target was written in terms the statistic no longer uses.
 * Only a replaced definition or unit counts; the first one filled in does not.
 * `events` are the indicator and goal events up to the instant in question, in any order.
 */
export function redefinitionsSinceSet(
  goals: Goal[],
  events: ChainedEntry[],
): Map<string, Redefinition> {
  const latest = new Map<string, { at: string; order: number; change: string }>();
  // In the order they took effect: an embargoed release's redefinition counts from its time.
  const inEffectOrder = [...events].sort(
    (a, b) => effectiveAt(a).localeCompare(effectiveAt(b)) || a.id - b.id,
  );
  for (const [order, e] of inEffectOrder.entries()) {
    if (e.entityType === 'goal') {
      latest.set(`goal:${e.entityId}`, { at: effectiveAt(e), order, change: '' });
    } else if (e.entityType === 'indicator' && e.action === 'update') {
      const before = e.before as IndicatorDefinition | null;
      const after = e.after as IndicatorDefinition | null;
      // Filling in a field left blank is a first definition, not a change of one.
      const changes = (['definition', 'unit'] as const)
        .filter((field) => before?.[field] != null && before[field] !== (after?.[field] ?? null))
        .map((field) =>
          field === 'unit'
            ? `unit "${before?.unit ?? ''}" to "${after?.unit ?? ''}"`
            : 'definition text changed',
        );
      if (changes.length) {
        latest.set(`indicator:${e.entityId}`, {
          at: effectiveAt(e),
          order,
          change: changes.join('; '),
        });
      }
    }
  }
  const result = new Map<string, Redefinition>();
  for (const goal of goals) {
    const key = `${goal.missionSlug}/${goal.slug}`;
    const redefined = goal.indicatorId && latest.get(`indicator:${goal.indicatorId}`);
    const set = latest.get(`goal:${key}`);
    if (redefined && (!set || set.order < redefined.order)) {
      result.set(key, { at: redefined.at, change: redefined.change });
    }
  }
  return result;
}

/** The fields of an indicator's definition that the audit log records. */
interface IndicatorDefinition {
  title?: string;
  definition?: string | null;
  unit?: string | null;
}
