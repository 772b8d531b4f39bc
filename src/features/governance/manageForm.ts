// One way through every governance form of the workspace: the form, then "check your answers"
// with what changes, then the save through the governance service with a reason, as the signed-in
// person, refused when someone else changed the record since it was opened. The answers are the
// form's text fields throughout; each kind's form (manageForms.ts) says how they become a record's
// content and back, and where the schema's and the service's problems belong.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  governanceSchemas,
  visibilities,
  type GovernanceKind,
  type Visibility,
} from '../../domain/governance.ts';
import { confirmed, field, FormErrors } from '../../platform/http/forms.ts';
import { describeChanges } from '../audit/changes.ts';
import type { AuditEvent } from '../audit/store.ts';
import type { AuditService } from '../audit/service.ts';
import {
  schemaProblems,
  staleMessage,
  type Answers,
  type FieldSpec,
} from '../missions/manageForm.ts';
import { StaleVersionError, versionOf } from '../missions/writes.ts';
import { GovernanceError, type GovernanceService } from './service.ts';
import { recordedState, type StoredRecord } from './store.ts';

export type { Answers, FieldSpec };

/** A record as its events record it: its visibility and its content, side by side. */
export type RecordedState = { visibility: Visibility } & Record<string, unknown>;

/** A field of a governance form; `path` is where the kind's content has it. */
export interface GovernanceField extends FieldSpec {
  /** How "check your answers" shows the answer (default: as written, "Not set" when empty). */
  display?: (answer: string) => string;
  /** Left out of "check your answers" of a new record when not answered (a goal not rated). */
  skipWhenEmpty?: boolean;
  /** Checkboxes: every value ticked, one a line in the answer. */
  multiple?: boolean;
}

/** A record's content made from the answers, with the fields its paths belong to. */
export interface Candidate {
  content: Record<string, unknown>;
  /** The fields of this candidate (a stocktake's ratings depend on which were given). */
  fields: GovernanceField[];
}

/** A form of one kind of governance record, from its answers to its save. */
export interface GovernanceForm {
  kind: GovernanceKind;
  mission: { slug: string; title: string };
  /** The stored record being changed; undefined when adding one. */
  record: StoredRecord | undefined;
  /** Its template (manage-governance-*.njk) and what the template needs besides the answers. */
  template: string;
  values: Record<string, unknown>;
  /** Every answer the form posts, but the visibility, reason and version. */
  fields: GovernanceField[];
  /** The answers when the form is first shown, but the visibility. */
  initial: Answers;
  /** The content the answers make; problems that the schema cannot see go in `errors`. */
  candidate(answers: Answers, errors: FormErrors): Candidate;
  /** A recorded content as this form's answers. */
  answersOf(content: Record<string, unknown>): Answers;
  /** What "check your answers" says besides the answers: a rating greener than the data. */
  checkRows?(content: Record<string, unknown>): { key: string; value: string }[];
  /** What the record is, for "check your answers": "Risk 3", "Stocktake of 2026-03-31". */
  describe: string;
  /** Where the form posts. */
  action: string;
  /** Where to go once saved. */
  done: string;
}

export interface GovernanceFormContext {
  governance: GovernanceService;
  audit: Pick<AuditService, 'list'>;
  view(reply: FastifyReply, template: string, values: Record<string, unknown>): unknown;
}

const WORKSPACE = '/manage/governance';

export const visibilityField: GovernanceField = {
  name: 'visibility',
  label: 'Who may see it',
  path: [],
  missing: 'Select whether the record is public or internal',
  display: (answer) =>
    answer === 'public' ? 'Public' : answer === 'internal' ? 'Internal' : answer || 'Not set',
};

const PUBLIC_STAYS_PUBLIC =
  'A public record stays public: the change log has shown it. Record a correction instead';

const displayOf = (f: GovernanceField, answer: string) =>
  f.display ? f.display(answer) : answer ? answer.split(/\r?\n/).join('; ') : 'Not set';
const summaryRow = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });

/** Every answer of a record as recorded, visibility included. */
const recordedAnswers = (form: GovernanceForm, state: unknown): Answers | null => {
  if (!state || typeof state !== 'object') return null;
  const { visibility, ...content } = state as RecordedState;
  return { ...form.answersOf(content), visibility: String(visibility ?? '') };
};

const allFields = (form: GovernanceForm) => [...form.fields, visibilityField];

/** Shows the form with `answers` (and problems, if any). */
export function showForm(
  context: GovernanceFormContext,
  reply: FastifyReply,
  form: GovernanceForm,
  answers: Answers = {
    ...form.initial,
    visibility: form.record?.visibility ?? 'internal',
    version: context.governance.versionOf(form.record),
  },
  extra: Record<string, unknown> = {},
) {
  return context.view(reply, form.template, {
    ...form.values,
    mission: form.mission,
    record: form.record,
    action: form.action,
    wasPublic: form.record?.visibility === 'public',
    activeWorkspace: WORKSPACE,
    backLink: form.done,
    answers,
    ...extra,
  });
}

/** The field a problem the service found belongs to: `content.ratings.3.narrative`, `visibility`. */
function fieldOf(candidateFields: GovernanceField[], problem: string): string {
  if (problem === 'reason' || problem === 'visibility') return problem;
  const [head, ...path] = problem.split('.');
  if (head !== 'content') return 'reason';
  const spec = candidateFields
    .filter((f) => f.path.length > 0 && f.path.every((key, i) => String(key) === path[i]))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return (spec ?? candidateFields[0])?.name ?? 'reason';
}

/** A posted form: its answers checked, then shown to check, then saved. */
export async function submitForm(
  context: GovernanceFormContext,
  req: FastifyRequest,
  reply: FastifyReply,
  form: GovernanceForm,
) {
  const answers: Answers = Object.fromEntries(
    allFields(form).map((f) => [
      f.name,
      f.multiple ? ticked(req.body, f.name) : field(req.body, f.name),
    ]),
  );
  const reason = field(req.body, 'reason');
  const version = field(req.body, 'version');
  Object.assign(answers, { reason, version });
  if (field(req.body, 'confirm') === 'change') return showForm(context, reply, form, answers);

  const errors = new FormErrors();
  const { content, fields } = form.candidate(answers, errors);
  const parsed = schemaProblems(governanceSchemas[form.kind], content, fields, errors);
  const visibility = answers.visibility as Visibility;
  if (!(visibilities as readonly string[]).includes(visibility))
    errors.add('visibility', visibilityField.missing);
  else if (form.record?.visibility === 'public' && visibility === 'internal')
    errors.add('visibility', PUBLIC_STAYS_PUBLIC);
  if (!reason) errors.add('reason', 'Enter the reason for this change');
  if (parsed === undefined || errors.any) {
    reply.code(400);
    return showForm(context, reply, form, answers, errors.view());
  }

  const after = recordedAnswers(form, { visibility, ...(parsed as Record<string, unknown>) })!;
  if (!confirmed(req.body)) {
    const before = form.record ? recordedAnswers(form, recordedState(form.record)) : null;
    return context.view(reply, 'check-answers', {
      heading: form.record
        ? `Check the changes to the ${form.describe}`
        : `Check the new ${form.describe}`,
      activeWorkspace: WORKSPACE,
      action: form.action,
      rows: [
        summaryRow('Mission', form.mission.title),
        ...(form.record
          ? []
          : allFields(form)
              .filter((f) => !f.skipWhenEmpty || after[f.name])
              .map((f) => summaryRow(f.label, displayOf(f, after[f.name] ?? '')))),
        ...(form.checkRows?.(parsed as Record<string, unknown>) ?? []).map((r) =>
          summaryRow(r.key, r.value),
        ),
        summaryRow('Reason', reason),
      ],
      diff: before
        ? allFields(form)
            .filter((f) => (before[f.name] ?? '') !== (after[f.name] ?? ''))
            .map((f) => [
              { text: f.label },
              { text: displayOf(f, before[f.name] ?? '') },
              { text: displayOf(f, after[f.name] ?? '') },
            ])
        : undefined,
      hidden: answers,
      saveText: form.record ? `Save the ${form.describe}` : `Add the ${form.describe}`,
    });
  }

  const unchanged =
    form.record !== undefined &&
    versionOf(recordedState(form.record)) ===
      versionOf({ visibility, ...(parsed as Record<string, unknown>) });
  try {
    await context.governance.save(
      {
        kind: form.kind,
        missionSlug: form.mission.slug,
        id: form.record?.id,
        visibility,
        content: parsed,
      },
      { actor: req.principal!.name, reason },
      version,
    );
  } catch (error) {
    if (error instanceof GovernanceError) {
      reply.code(400);
      return showForm(
        context,
        reply,
        form,
        answers,
        errors.add(fieldOf(fields, error.field), sentence(error.message)).view(),
      );
    }
    if (!(error instanceof StaleVersionError)) throw error;
    // Their answers stay; the form now carries the version they have seen, so saving again
    // replaces the other changes knowingly.
    reply.code(409);
    return showForm(
      context,
      reply,
      form,
      { ...answers, version: versionOf(error.current) },
      {
        ...errors.add('stale', staleMessage(error)).view(),
        stale: await staleChanges(context, form, error, answers),
      },
    );
  }
  return reply.redirect(`${form.done}?${unchanged ? 'unchanged' : 'saved'}=${form.kind}`, 303);
}

/**
 * Every value of a checkboxes field, one a line: as ticked on the form, or as carried back from
 * "check your answers" (where the answer travels as one value of several lines).
 */
function ticked(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return [value]
    .flat()
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(/\r?\n/))
    .map((v) => v.trim())
    .filter(Boolean)
    .join('\n');
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * What changed since the person opened the form: who changed it, when and why, and for each
 * field that differs, its value when they opened it, now, and in their answers.
 */
async function staleChanges(
  context: GovernanceFormContext,
  form: GovernanceForm,
  error: StaleVersionError,
  answers: Answers,
) {
  const all = await context.audit.list({
    entityTypes: [error.entityType],
    entityId: error.entityId,
    internal: true,
  });
  const openedAt = all.findIndex((e) => versionOf(e.after) === answers.version);
  const events = openedAt < 0 ? all : all.slice(0, openedAt);
  const then = openedAt < 0 ? null : recordedAnswers(form, all[openedAt]!.after);
  const now = recordedAnswers(form, error.current);
  const shown = (f: GovernanceField, a: Answers | null) =>
    a ? displayOf(f, a[f.name] ?? '') : 'Not known';
  if (!now) return { events: eventsOf(events), rows: [] };
  return {
    events: eventsOf(events),
    rows: allFields(form)
      .filter((f) => ((then ?? answers)[f.name] ?? '') !== (now[f.name] ?? ''))
      .map((f) => [
        { text: f.label },
        { text: shown(f, then) },
        { text: shown(f, now) },
        { text: displayOf(f, answers[f.name] ?? '') },
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
