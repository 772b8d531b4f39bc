// The workspace's forms of a deliberative process: the process itself (who commissioned it, its
// members and how they were chosen, its method, dates and outputs), then one recommendation at a
// time, then the government's response to one. Each is a change of the one process record, so
// each goes through "check your answers" with a reason and is one event in the change log. The
// schema (domain/participation.ts) and the governance service decide what may be saved.
import type { Project } from '../../domain/mission.ts';
import {
  decisionLabels,
  decisions,
  LIMITS,
  processTypeLabels,
  processTypes,
  type CitizensProcess,
  type Recommendation,
} from '../../domain/participation.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { lines, numberOrText, optional } from '../missions/manageForm.ts';
import type { Answers, GovernanceField, GovernanceForm } from './manageForm.ts';
import { base, dateHint, managePath, spec, text, type RecordContext } from './manageForms.ts';

/** The workspace page of one process: its recommendations and the responses to them. */
export const processWorkspacePath = (missionSlug: string, id: string) =>
  `${managePath(missionSlug)}/processes/${encodeURIComponent(id)}`;

const labelOf =
  (labels: Readonly<Record<string, string>>) =>
  (answer: string): string =>
    answer ? (labels[answer] ?? answer) : 'Not set';

/** A date as the forms take it, `YYYY-MM-DD`: only such answers are compared with others. */
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

const contentOf = (context: RecordContext) =>
  context.record?.content as CitizensProcess | undefined;

// The process ----------------------------------------------------------------------------

/** Outputs as the form writes them: one a line, `title | web address`. */
const outputsAnswer = (outputs: { title: string; url: string }[] = []) =>
  outputs.map((o) => `${o.title} | ${o.url}`).join('\n');

function outputsOf(answer: string, errors: FormErrors) {
  return lines(answer).map((line, i) => {
    const bar = line.lastIndexOf('|');
    if (bar < 0)
      errors.add(
        'outputs',
        `What it published, line ${i + 1}: write a title and a web address separated by |, like Final report | https://example.org/report.pdf`,
      );
    return { title: line.slice(0, Math.max(bar, 0)).trim(), url: line.slice(bar + 1).trim() };
  });
}

export function processForm(context: RecordContext): GovernanceForm {
  const stored = contentOf(context);
  const fields: GovernanceField[] = [
    spec('type', 'Type', ['type'], 'Select the type of process', labelOf(processTypeLabels)),
    spec('title', 'Title', ['title'], 'Enter the title of the process'),
    spec('commissionedBy', 'Commissioned by', ['commissionedBy'], 'Enter who commissioned it'),
    spec('started', 'Started', ['started'], 'Enter the date the process started'),
    spec('reported', 'Reported', ['reported'], 'Enter the date the process reported'),
    spec('members', 'Members', ['members'], 'Enter the number of members, like 100'),
    spec(
      'selection',
      'How members were chosen',
      ['selection'],
      'Enter how the members were chosen',
    ),
    spec('method', 'Method', ['method'], 'Enter the method'),
    spec(
      'outputs',
      'What it published',
      ['outputs'],
      'Enter each output as a title and a web address separated by |',
    ),
    spec(
      'responseDue',
      'Government’s response due',
      ['responseDue'],
      'Enter the date the government’s response is due: needed once the process has reported',
    ),
  ];
  const b = base('process', context, {
    add: 'Add a deliberative process',
    change: 'Change the deliberative process',
    describe: 'deliberative process',
  });
  const answersOf = (c: Record<string, unknown>): Answers => ({
    ...Object.fromEntries(fields.map((f) => [f.name, text(c[f.name])])),
    outputs: outputsAnswer(c.outputs as CitizensProcess['outputs']),
  });
  // A response answers the report: rules about responses land on the day it reported.
  const reportedSpec = fields.find((f) => f.name === 'reported')!;
  return {
    ...b,
    done: context.record ? processWorkspacePath(b.mission.slug, context.record.id) : b.done,
    template: 'manage-governance-process',
    values: {
      title: b.heading,
      heading: b.heading,
      dateHint: dateHint('2026-04-30'),
      typeItems: processTypes.map((t) => ({ value: t, text: processTypeLabels[t] })),
    },
    fields,
    initial: stored ? answersOf(stored) : {},
    answersOf,
    candidate(a, errors) {
      const recommendations = stored?.recommendations ?? [];
      const responses = recommendations.flatMap((r) => (r.response ? [r.response] : []));
      const reported = a.reported ?? '';
      if (responses.length && !reported)
        errors.add(
          'reported',
          `Enter the date the process reported: ${responses.length} recommendation${responses.length === 1 ? ' has' : 's have'} a response`,
        );
      const earliest = responses.map((r) => r.respondedOn).sort()[0];
      // Only a date is compared: anything else is refused by the schema, with its own message.
      if (earliest && isoDay.test(reported) && reported > earliest)
        errors.add(
          'reported',
          `Reported must be on or before the first response, given on ${earliest}`,
        );
      return {
        content: {
          type: a.type,
          title: a.title,
          commissionedBy: a.commissionedBy,
          started: a.started,
          reported: optional(reported),
          members: numberOrText(a.members ?? ''),
          selection: a.selection,
          method: a.method,
          outputs: outputsOf(a.outputs ?? '', errors),
          responseDue: optional(a.responseDue ?? ''),
          example: stored?.example ?? false,
          recommendations,
        },
        fields: [...fields, { ...reportedSpec, path: ['recommendations'] }],
      };
    },
  };
}

// A recommendation -----------------------------------------------------------------------

/** Which recommendation of the process a form is about: its place in the list. */
export interface RecommendationContext extends RecordContext {
  /** Its place; the end of the list for a new one. */
  at: number;
}

const nameList = (names: Map<string, string>) => (answer: string) =>
  lines(answer)
    .map((slug) => names.get(slug) ?? slug)
    .join('; ') || 'None';

const checkboxItems = (options: { value: string; text: string }[]) => (chosen: string) => {
  const ticked = new Set(lines(chosen ?? ''));
  return options.map((o) => ({ ...o, checked: ticked.has(o.value) }));
};

/** The forms of a recommendation and its response share where they go and what they show. */
function recommendationBase(
  context: RecommendationContext,
  names: { add: string; change: string; describe: string },
  path: string,
) {
  const stored = contentOf(context)!;
  const b = base('process', context, names);
  const recommendation = stored.recommendations[context.at] as Recommendation | undefined;
  const done = processWorkspacePath(b.mission.slug, context.record!.id);
  return {
    stored,
    recommendation,
    b: {
      ...b,
      heading: recommendation ? names.change : names.add,
      action: `${done}/recommendations/${path}`,
      done,
    },
  };
}

export function recommendationForm(context: RecommendationContext): GovernanceForm {
  const { mission, at } = context;
  const existing = contentOf(context)!.recommendations[at];
  const { stored, recommendation, b } = recommendationBase(
    context,
    {
      add: 'Add a recommendation',
      change: `Change recommendation ${existing?.number}`,
      describe: `recommendations of ${contentOf(context)!.title}`,
    },
    existing ? String(existing.number) : 'add',
  );
  const goalNames = new Map(mission.goals.map((g) => [g.slug, g.statement]));
  const projectNames = new Map(mission.projects.map((p) => [p.slug, p.title]));
  const fields: GovernanceField[] = [
    spec(
      'number',
      'Number',
      ['recommendations', at, 'number'],
      'Enter the recommendation’s number, like 3',
    ),
    spec(
      'text',
      'Recommendation',
      ['recommendations', at, 'text'],
      'Enter what the process recommended',
    ),
    {
      ...spec(
        'goals',
        'Goals it is about',
        ['recommendations', at, 'goals'],
        'Select the goals it is about',
        nameList(goalNames),
      ),
      multiple: true,
    },
    {
      ...spec(
        'projects',
        'Projects it is about',
        ['recommendations', at, 'projects'],
        'Select the projects it is about',
        nameList(projectNames),
      ),
      multiple: true,
    },
  ];
  const answersOf = (c: Record<string, unknown>): Answers => {
    const r = (c as CitizensProcess).recommendations?.[at];
    return r
      ? {
          number: String(r.number),
          text: r.text,
          goals: r.goals.join('\n'),
          projects: r.projects.join('\n'),
        }
      : { number: '', text: '', goals: '', projects: '' };
  };
  const next = Math.max(0, ...stored.recommendations.map((r) => r.number)) + 1;
  return {
    ...b,
    template: 'manage-governance-recommendation',
    values: {
      title: b.heading,
      heading: b.heading,
      process: stored,
      goalItems: checkboxItems(mission.goals.map((g) => ({ value: g.slug, text: g.statement }))),
      projectItems: checkboxItems(mission.projects.map((p) => ({ value: p.slug, text: p.title }))),
    },
    fields,
    initial: recommendation ? answersOf(stored) : { number: String(next) },
    answersOf,
    candidate(a, errors) {
      if (!recommendation && stored.recommendations.length >= LIMITS.recommendations)
        errors.add('text', `A process may have at most ${LIMITS.recommendations} recommendations`);
      const recommendations = [...stored.recommendations];
      recommendations[at] = {
        number: numberOrText(a.number ?? ''),
        text: a.text,
        goals: lines(a.goals ?? ''),
        projects: lines(a.projects ?? ''),
        ...(recommendation?.response ? { response: recommendation.response } : {}),
      } as Recommendation;
      return { content: { ...stored, recommendations }, fields };
    },
  };
}

// The government's response --------------------------------------------------------------

/** A project (`slug`) or one of its milestones (`slug:2`, by place) that delivers a response. */
const deliveryItems = (projects: Project[]) =>
  projects.flatMap((p) => [
    { value: p.slug, text: `Project: ${p.title}` },
    ...p.milestones.map((m, i) => ({
      value: `${p.slug}:${i}`,
      text: `Milestone of ${p.title}: ${m.title} (due ${m.due})`,
    })),
  ]);

export function responseForm(context: RecommendationContext): GovernanceForm {
  const { mission, at } = context;
  const number = contentOf(context)!.recommendations[at]!.number;
  const { stored, recommendation, b } = recommendationBase(
    context,
    {
      add: `Record the response to recommendation ${number}`,
      change: `Record the response to recommendation ${number}`,
      describe: `response to recommendation ${number}`,
    },
    `${number}/response`,
  );
  const items = deliveryItems(mission.projects);
  const names = new Map(items.map((i) => [i.value, i.text]));
  const path = ['recommendations', at, 'response'];
  const fields: GovernanceField[] = [
    spec(
      'decision',
      'Decision',
      [...path, 'decision'],
      'Select the government’s decision',
      labelOf(decisionLabels),
    ),
    spec('reasons', 'Reasons', [...path, 'reasons'], 'Enter the reasons for the decision'),
    spec(
      'respondedOn',
      'Responded on',
      [...path, 'respondedOn'],
      'Enter the date the government responded',
    ),
    {
      ...spec(
        'delivers',
        'Delivered by',
        [...path, 'delivers'],
        'Select the projects and milestones that deliver it',
        nameList(names),
      ),
      multiple: true,
    },
  ];
  const answersOf = (c: Record<string, unknown>): Answers => {
    const response = (c as CitizensProcess).recommendations?.[at]?.response;
    return {
      decision: response?.decision ?? '',
      reasons: response?.reasons ?? '',
      respondedOn: response?.respondedOn ?? '',
      delivers: (response?.delivers ?? [])
        .map((d) => (d.milestone === undefined ? d.project : `${d.project}:${d.milestone}`))
        .join('\n'),
    };
  };
  return {
    ...b,
    template: 'manage-governance-response',
    values: {
      title: b.heading,
      heading: b.heading,
      dateHint: dateHint('2026-07-31'),
      process: stored,
      recommendation,
      decisionItems: decisions.map((d) => ({ value: d, text: decisionLabels[d] })),
      deliveryItems: checkboxItems(items),
    },
    fields,
    initial: answersOf(stored),
    answersOf,
    candidate(a, errors) {
      // A response dated after today has not been given: it would hide an overdue one.
      const respondedOn = a.respondedOn ?? '';
      if (context.today && isoDay.test(respondedOn) && respondedOn > context.today)
        errors.add('respondedOn', 'Responded on must be today or in the past');
      const delivers = lines(a.delivers ?? '').map((value) => {
        const match = /^([a-z0-9-]+)(?::(\d{1,3}))?$/.exec(value);
        if (!match) errors.add('delivers', 'Select the projects and milestones that deliver it');
        return {
          project: match?.[1] ?? value,
          ...(match?.[2] === undefined ? {} : { milestone: Number(match[2]) }),
        };
      });
      const recommendations = [...stored.recommendations];
      recommendations[at] = {
        ...recommendation!,
        response: {
          decision: a.decision,
          reasons: a.reasons,
          respondedOn: a.respondedOn,
          delivers,
        },
      } as Recommendation;
      return { content: { ...stored, recommendations }, fields };
    },
  };
}
