// One way through every workspace form of the missions: the form, then "check your answers"
// with what changes, then the save, with a reason, as the signed-in person, refused when someone
// else changed the thing since it was opened. The answers are the form's text fields throughout;
// each form says how they become an entity (with the missions file's rules) and back.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { confirmed, field, FormErrors } from '../../platform/http/forms.ts';
import type { AuditEvent, ChangeMeta, EntityType } from '../audit/store.ts';
import { LastGoalError, type MissionsService } from './service.ts';
import { DividedGoalError, StaleVersionError } from './writes.ts';
import { LocalTargetError } from './divisions.ts';
import { describeChanges } from '../audit/changes.ts';

/** A form's fields as typed: text, '' when empty. */
export type Answers = Record<string, string>;

/** A field of a form: its name, its label, and where the missions file has it. */
export interface FieldSpec {
  name: string;
  label: string;
  /** Its path in the file's entity, to place the schema's problems by the field. */
  path: (string | number)[];
  /** What to say when it is empty but must not be: "Enter …", "Select …". */
  missing: string;
}

/** An answer as a line of a summary or table: a list on one line, "Not set" for none. */
const displayOf = (value: string) => (value ? value.split(/\r?\n/).join('; ') : 'Not set');

const valueAt = (value: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    value,
  );

/**
 * The schema's problems with `candidate` (the entity as the file would have it), each by the
 * field it is about, in words for a person: "Enter the target value", "Tolerance must be at
 * most 1", "Target deadline must be a date as YYYY-MM-DD".
 */
export function schemaProblems<S extends z.ZodType>(
  schema: S,
  candidate: unknown,
  fields: FieldSpec[],
  errors: FormErrors,
): z.output<S> | undefined {
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const spec =
      [...fields]
        .filter((f) => f.path.every((key, i) => issue.path[i] === key))
        .sort((a, b) => b.path.length - a.path.length)[0] ?? fields[0]!;
    // A problem with one line of a list field (a trajectory point) names the line.
    const line = issue.path[spec.path.length];
    const label = typeof line === 'number' ? `${spec.label}, line ${line + 1}` : spec.label;
    const value = valueAt(candidate, issue.path);
    errors.add(spec.name, messageOf(issue, label, spec, value));
  }
  return undefined;
}

function messageOf(issue: z.core.$ZodIssue, label: string, spec: FieldSpec, value: unknown) {
  if (value === undefined || value === '') return spec.missing;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number') return `${label} must be a number, like 12.5`;
      break;
    case 'too_small':
      if (issue.origin === 'number')
        return `${label} must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
      if (issue.origin === 'array') return `${label} needs at least ${issue.minimum} lines`;
      break;
    case 'too_big':
      if (issue.origin === 'number')
        return `${label} must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
      break;
    case 'invalid_value':
      return spec.missing;
  }
  return `${label} ${issue.message.replace(/^expected /, 'must be ')}`;
}

/** Text as a number if it is written as one; anything else is passed on for the schema to refuse. */
export const numberOrText = (text: string): number | string | undefined =>
  text === '' ? undefined : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;

/** Text as written, or undefined when empty (an optional field left blank). */
export const optional = (text: string) => (text === '' ? undefined : text);

/** A list field: one item a line, blank lines ignored. */
export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A form of one entity, from its answers to its save. */
export interface EntityForm<T> {
  /** Its template (manage-*.njk) and what the template needs besides answers and errors. */
  template: string;
  values: Record<string, unknown>;
  fields: FieldSpec[];
  /** What the form changes, as the change log names it, at the version the person opened. */
  entity: { type: EntityType; version: string };
  /** `edit` shows what changes from the stored answers, `add` the new ones, `delete` all removed. */
  kind: 'edit' | 'add' | 'delete';
  /** The stored entity as answers (for `add`, none). */
  before: Answers | null;
  /** The answers when the form is first shown: what is stored, or a new entity's defaults. */
  initial: Answers;
  /** The entity the answers make, with the missions file's rules; problems go in `errors`. */
  parse(answers: Answers, errors: FormErrors): Promise<T | undefined>;
  /** The entity the answers made, as answers again: what "check your answers" shows. */
  afterAnswers(value: T): Answers;
  /** An entity as its events record it, as this form's answers (null: none to show). */
  answersOf(recorded: unknown): Answers | null;
  /** "Check your answers": its heading, its save button and the rows that say what is changed. */
  check: { heading: string; saveText: string; rows?: { key: string; value: string }[] };
  save(value: T, meta: ChangeMeta, version: string): Promise<number>;
  /** Where to go once saved. */
  done: string;
}

export interface FormContext {
  missions: MissionsService;
  view(reply: FastifyReply, template: string, values: Record<string, unknown>): unknown;
}

const summaryRow = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });

/** Shows the form with `answers` (and problems, if any). */
export function showForm<T>(
  context: FormContext,
  reply: FastifyReply,
  form: EntityForm<T>,
  answers: Answers = { ...form.initial, version: form.entity.version },
  extra: Record<string, unknown> = {},
) {
  return context.view(reply, form.template, {
    ...form.values,
    activeWorkspace: '/manage/missions',
    answers,
    ...extra,
  });
}

/** A posted form: its answers checked, then shown to check, then saved. */
export async function submitForm<T>(
  context: FormContext,
  req: FastifyRequest,
  reply: FastifyReply,
  form: EntityForm<T>,
) {
  const answers: Answers = Object.fromEntries(
    form.fields.map((f) => [f.name, field(req.body, f.name)]),
  );
  const reason = field(req.body, 'reason');
  const version = field(req.body, 'version');
  Object.assign(answers, { reason, version });
  if (field(req.body, 'confirm') === 'change') return showForm(context, reply, form, answers);

  const errors = new FormErrors();
  const value = await form.parse(answers, errors);
  if (!reason) errors.add('reason', 'Enter the reason for this change');
  if (value === undefined || errors.any) {
    reply.code(400);
    return showForm(context, reply, form, answers, errors.view());
  }

  if (!confirmed(req.body)) {
    const after = form.kind === 'delete' ? null : form.afterAnswers(value);
    return context.view(reply, 'check-answers', {
      heading: form.check.heading,
      activeWorkspace: '/manage/missions',
      action: form.values.action,
      rows: [
        ...(form.check.rows ?? []).map((r) => summaryRow(r.key, r.value)),
        ...(form.kind === 'add'
          ? form.fields.map((f) => summaryRow(f.label, displayOf(after![f.name] ?? '')))
          : []),
        summaryRow('Reason', reason),
      ],
      diff: form.before ? diffRows(form.fields, form.before, after) : undefined,
      hidden: answers,
      saveText: form.check.saveText,
    });
  }

  try {
    const recorded = await form.save(value, { actor: req.principal!.name, reason }, version);
    return reply.redirect(
      `${form.done}?${recorded ? 'saved' : 'unchanged'}=${form.entity.type}`,
      303,
    );
  } catch (error) {
    // Refused in words: by the field it is about, or by the reason.
    if (
      error instanceof LastGoalError ||
      error instanceof DividedGoalError ||
      error instanceof LocalTargetError
    ) {
      reply.code(400);
      const on = error instanceof LocalTargetError ? error.field : 'reason';
      return showForm(context, reply, form, answers, errors.add(on, error.message).view());
    }
    if (!(error instanceof StaleVersionError)) throw error;
    // Their answers stay; the form now carries the version they have seen, so saving again
    // replaces the other changes knowingly.
    reply.code(409);
    return showForm(
      context,
      reply,
      form,
      { ...answers, version: context.missions.versionOf(error.current) },
      {
        ...errors.add('stale', staleMessage(error)).view(),
        stale: await staleChanges(context.missions, form, error, answers),
      },
    );
  }
}

/** What a person is told when someone else saved first. */
export const staleMessage = (error: StaleVersionError) =>
  error.current === null
    ? 'Someone else has deleted this since you opened it: nothing was saved'
    : 'Someone else has changed this since you opened it: nothing was saved. Check what they changed, then save again to replace it with your answers';

/**
 * What changed since the person opened the form: who changed it, when and why, and for each
 * field that differs, its value when they opened it, now, and in their answers.
 */
async function staleChanges<T>(
  missions: MissionsService,
  form: EntityForm<T>,
  error: StaleVersionError,
  answers: Answers,
) {
  const { events, opened } = await missions.changesSince(
    error.entityType,
    error.entityId,
    answers.version ?? '',
  );
  const then = opened === undefined ? null : form.answersOf(opened);
  const now = form.answersOf(error.current);
  const shown = (a: Answers | null, name: string) => (a ? displayOf(a[name] ?? '') : 'Not known');
  // Deleted, or nothing of it this form shows: who changed it and how says it all.
  if (!now) return { events: eventsOf(events), rows: [] };
  return {
    events: eventsOf(events),
    rows: form.fields
      .filter((f) => ((then ?? answers)[f.name] ?? '') !== (now[f.name] ?? ''))
      .map((f) => [
        { text: f.label },
        { text: shown(then, f.name) },
        { text: shown(now, f.name) },
        { text: displayOf(answers[f.name] ?? '') },
      ]),
  };
}

const eventsOf = (events: AuditEvent[]) =>
  events.map((e) => ({
    at: e.at,
    actor: e.actor,
    reason: e.reason,
    action: e.action,
    changes: describeChanges(e.before, e.after),
  }));

/** The fields whose answers differ, before and after (after null: deleted). */
function diffRows(fields: FieldSpec[], before: Answers, after: Answers | null) {
  return fields
    .filter((f) => (before[f.name] ?? '') !== (after?.[f.name] ?? ''))
    .map((f) => [
      { text: f.label },
      { text: displayOf(before[f.name] ?? '') },
      { text: after ? displayOf(after[f.name] ?? '') : 'Deleted' },
    ]);
}
