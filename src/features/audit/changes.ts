// What an update changed, field by field, as the change log and a goal's history show it.
import { governanceKindNames } from '../../domain/governance.ts';

const shortText = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** The fields an update changed, with their old and new values. */
export function describeChanges(before: unknown, after: unknown) {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: shortText(b[field]), after: shortText(a[field]) }));
}

/** What governance records are called in the change log. */
const governanceWords: Partial<Record<string, string>> = governanceKindNames;
const verbs: Record<string, string> = { create: 'Recorded', update: 'Changed', delete: 'Removed' };

const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A change-log event in words: `Create mission growth` for most, and for a governance record
 * what it is and of which mission (`Recorded risk 2 of the nhs mission: …`), with a line on
 * what a new record says. Only what the event itself records is used, and the public change
 * log never holds an internal record's events.
 */
export function describeEvent(e: {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}): { governance: boolean; title: string; summary: string | null } {
  const words = governanceWords[e.entityType];
  if (!words) {
    const action = e.action.charAt(0).toUpperCase() + e.action.slice(1);
    return { governance: false, title: `${action} ${e.entityType} ${e.entityId}`, summary: null };
  }
  const slash = e.entityId.indexOf('/');
  const mission = slash < 0 ? e.entityId : e.entityId.slice(0, slash);
  const id = slash < 0 ? '' : e.entityId.slice(slash + 1);
  const record = (e.after ?? e.before ?? {}) as Record<string, unknown>;
  const text = (field: string) => (typeof record[field] === 'string' ? record[field] : '');
  const numbered = ['decision', 'action', 'risk', 'evaluation'].includes(e.entityType)
    ? ` ${id}`
    : '';
  const detail: Record<string, string> = {
    board: '',
    'mandate-letter': `, to ${text('steward')}, dated ${text('dated')}`,
    stocktake: `, held ${text('heldOn')}: ${text('title')}`,
    decision: `: ${clip(text('what'))}`,
    action: `: ${clip(text('title'))}`,
    risk: `: ${clip(text('description'))}`,
    evaluation: `: ${clip(text('title'))}`,
  };
  const visibility = record.visibility === 'internal' ? ' (internal)' : '';
  const title = `${verbs[e.action] ?? e.action} ${words}${numbered}${visibility} of the ${mission} mission${detail[e.entityType] ?? ''}`;
  if (e.action !== 'create') return { governance: true, title, summary: null };
  const ratings = Array.isArray(record.ratings) ? record.ratings.length : 0;
  const members = Array.isArray(record.members) ? record.members.length : 0;
  const summaries: Record<string, string> = {
    board: `Chair: ${text('chair')}; meets ${text('cadence').replace('-', ' ')}; ${members} member${members === 1 ? '' : 's'}`,
    'mandate-letter': clip(text('body')),
    stocktake: `${ratings} delivery-confidence rating${ratings === 1 ? '' : 's'}${record.example ? '; an example, not a real stocktake' : ''}`,
    decision: `Decided by ${text('decidedBy')} on ${text('decidedOn')}`,
    action: `Owner: ${text('owner')}; due ${text('due')}${record.done ? `; done ${text('done')}` : ''}`,
    risk: `Likelihood ${String(record.likelihood)}, impact ${String(record.impact)}; owner: ${text('owner')}; review by ${text('reviewOn')}`,
    evaluation: `${text('type')} evaluation, ${text('status')}; run by ${text('evaluator')}`,
  };
  return { governance: true, title, summary: summaries[e.entityType] ?? null };
}
