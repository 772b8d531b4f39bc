// What an update changed, field by field, as the change log and a goal's history show it.
import { governanceKindNames } from '../../domain/governance.ts';
import { formatDate, formatValue, targetPhrase } from '../../domain/format.ts';
import type { Comparator } from '../../domain/mission.ts';

const shortText = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

const baseName = (value: unknown) =>
  typeof value === 'string' ? (value.split(/[\\/]/).pop() ?? '') : value;

/** A record as published: an import's file by its name only, never its path on the server. */
export const withoutPaths = (value: unknown) =>
  value && typeof value === 'object' && 'file' in value
    ? { ...value, file: baseName((value as { file: unknown }).file) }
    : value;

/** The fields an update changed, with their old and new values. */
export function describeChanges(before: unknown, after: unknown) {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) =>
      // An import may record where its file was on the server: only the file's name is shown.
      field === 'file'
        ? { field, before: shortText(baseName(b[field])), after: shortText(baseName(a[field])) }
        : { field, before: shortText(b[field]), after: shortText(a[field]) },
    );
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
  if (!words) return { governance: false, title: sentence(e), summary: null };
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

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields =>
  value && typeof value === 'object' ? (value as Fields) : {};
const str = (value: unknown) => (typeof value === 'string' ? value : '');
const quoted = (text: string) => (text ? `\u2018${clip(text, 80)}\u2019` : '');
// A file's name only: an import may record where the file was on the server.
const fileName = (value: unknown) => str(value).split(/[\\/]/).pop() ?? '';

const safeDate = (value: unknown) => {
  try {
    return formatDate(str(value));
  } catch {
    return str(value);
  }
};

const isTarget = (
  value: unknown,
): value is { value: number; comparator: Comparator; deadline: string } => {
  const t = fields(value);
  return (
    typeof t.value === 'number' &&
    typeof t.comparator === 'string' &&
    typeof t.deadline === 'string'
  );
};

const nouns: Record<string, string> = {
  government: 'Government',
  mission: 'Mission',
  goal: 'Goal',
  project: 'Project',
  indicator: 'Statistic',
  release: 'Release of data',
  pack: 'Pack',
  report: 'Report',
  organisation: 'Partner organisation',
  pledge: 'Pledge',
  'pledge-submission': 'Pledge submission',
  'goal-division': 'Division of a goal',
  'local-target': 'Local target',
  settlement: 'Settlement',
};
const happened: Record<string, string> = { create: 'added', update: 'changed', delete: 'removed' };

/**
 * A change in words a citizen reads: what it is by its name, and for a goal's target or
 * baseline the old and new values, formatted as everywhere else on the site.
 */
function sentence(e: {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}) {
  const b = fields(e.before);
  const a = fields(e.after);
  const latest = e.action === 'delete' ? b : a;
  const noun = nouns[e.entityType] ?? e.entityType;
  const name = str(latest.title) || str(latest.statement) || str(latest.name) || str(latest.series);
  const unit = str(latest.unit) || null;
  if (e.entityType === 'release') {
    const file = fileName(latest.file);
    const when = latest.releasedAt ? `, released ${safeDate(latest.releasedAt)}` : '';
    const rows =
      typeof latest.rows === 'number' ? ` (${latest.rows.toLocaleString('en-GB')} rows)` : '';
    const series = e.entityId.split('#')[0];
    return `Release of data for ${series} ${happened[e.action] ?? e.action}${when}${file ? `: ${file}` : ''}${rows}`;
  }
  if (e.entityType === 'goal' && e.action === 'update') {
    if (JSON.stringify(b.target) !== JSON.stringify(a.target)) {
      const old = isTarget(b.target) ? targetPhrase(b.target, str(b.unit) || null) : 'none';
      const now = isTarget(a.target) ? targetPhrase(a.target, unit) : 'none';
      return `Target for ${quoted(name) || e.entityId} changed from ${old} to ${now}`;
    }
    const bb = fields(b.baseline);
    const ab = fields(a.baseline);
    if (JSON.stringify(bb) !== JSON.stringify(ab) && typeof ab.value === 'number') {
      const old =
        typeof bb.value === 'number' ? formatValue(bb.value, str(b.unit) || null) : 'none';
      return `Baseline for ${quoted(name) || e.entityId} changed from ${old} to ${formatValue(ab.value, unit)}${ab.period ? ` (${str(ab.period)})` : ''}`;
    }
  }
  if (e.entityType === 'goal' && e.action === 'create' && isTarget(a.target)) {
    return `Goal ${quoted(name) || e.entityId} added: ${targetPhrase(a.target, unit)}`;
  }
  if (e.entityType === 'indicator') {
    const changed = describeChanges(e.before, e.after).map((c) => c.field);
    return `Definition of statistic ${e.entityId} ${happened[e.action] ?? e.action}${changed.length && e.action === 'update' ? ` (${changed.join(', ')})` : ''}`;
  }
  const what = name ? `${noun} ${quoted(name)}` : `${noun} ${e.entityId}`;
  if (e.action !== 'update') return `${what} ${happened[e.action] ?? e.action}`;
  const changed = describeChanges(e.before, e.after).map((c) => c.field);
  return `${what} changed${changed.length ? `: ${clip(changed.join(', '), 80)}` : ''}`;
}
