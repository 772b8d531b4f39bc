// The workspace's form of an evaluation in the registry: which project it evaluates, its type,
// method and status, its planned and actual dates, its report and whether it is published, its
// findings and the strength of their evidence on the Maryland Scale. Like the other kinds'
// forms (manageForms.ts), it is the record's content as text and back; the schema
// (domain/evaluation.ts) and the governance service decide what may be saved.
import {
  evaluationMethodLabels,
  evaluationMethods,
  evaluationStatusLabels,
  evaluationStatuses,
  evaluationTypeLabels,
  evaluationTypes,
  evidenceLevelLabels,
  evidenceLevels,
  unpublishedTooLong,
  type Evaluation,
} from '../../domain/evaluation.ts';
import { numberOrText, optional } from '../missions/manageForm.ts';
import type { Answers, GovernanceField, GovernanceForm } from './manageForm.ts';
import { base, dateHint, spec, text, type RecordContext } from './manageForms.ts';

/** A label from `labels` for an answer, or the answer itself when it is not one of them. */
const labelOf =
  (labels: Readonly<Record<string, string>>, none = 'Not set') =>
  (answer: string) =>
    answer ? (labels[answer] ?? answer) : none;

const itemsOf = (values: readonly (string | number)[], labels: Readonly<Record<string, string>>) =>
  values.map((value) => ({ value: String(value), text: labels[value]! }));

/** The text fields of an evaluation, each answered as written and left out when blank. */
const optionalTexts = [
  'actualStart',
  'plannedDataCollection',
  'actualDataCollection',
  'actualReport',
  'reportUrl',
  'reportPublished',
  'unpublishedReason',
  'findings',
  'evidenceReason',
  'scaled',
] as const;

export function evaluationForm(context: RecordContext): GovernanceForm {
  const { mission } = context;
  const projectTitle = (slug: string) => mission.projects.find((p) => p.slug === slug)?.title;
  // Every field's `path` is where the schema has it, so each problem lands by its own field.
  const fields: GovernanceField[] = [
    spec('project', 'Project', ['project'], 'Select the project the evaluation is of', (answer) =>
      answer ? (projectTitle(answer) ?? answer) : 'Not set',
    ),
    spec('title', 'Title', ['title'], 'Enter the title of the evaluation'),
    spec('type', 'Type', ['type'], 'Select the type of evaluation', labelOf(evaluationTypeLabels)),
    spec(
      'method',
      'Method',
      ['method'],
      'Select the evaluation’s method',
      labelOf(evaluationMethodLabels),
    ),
    spec(
      'status',
      'Status',
      ['status'],
      'Select the evaluation’s status',
      labelOf(evaluationStatusLabels),
    ),
    spec('evaluator', 'Evaluator', ['evaluator'], 'Enter who runs the evaluation'),
    spec(
      'plannedStart',
      'Planned start',
      ['plannedStart'],
      'Enter the date it is planned to start',
    ),
    spec('actualStart', 'Actual start', ['actualStart'], 'Enter the date it started'),
    spec(
      'plannedDataCollection',
      'Data collection planned to end',
      ['plannedDataCollection'],
      'Enter the date data collection is planned to end',
    ),
    spec(
      'actualDataCollection',
      'Data collection ended',
      ['actualDataCollection'],
      'Enter the date data collection ended',
    ),
    spec(
      'plannedReport',
      'Report planned to be finished',
      ['plannedReport'],
      'Enter the date the report is planned to be finished',
    ),
    spec(
      'actualReport',
      'Report finished',
      ['actualReport'],
      'Enter the date the report was finished: a complete evaluation has one',
    ),
    spec(
      'reportUrl',
      'Report’s web address',
      ['reportUrl'],
      'Enter the web address of the published report',
    ),
    spec(
      'reportPublished',
      'Report published',
      ['reportPublished'],
      'Enter the date the report was published',
    ),
    spec(
      'unpublishedReason',
      'Why the report is not published',
      ['unpublishedReason'],
      'Enter why the report is not published',
    ),
    spec('findings', 'Findings', ['findings'], 'Enter the findings'),
    spec(
      'evidenceLevel',
      'Strength of evidence',
      ['evidenceLevel'],
      'Select the strength of evidence, or Not rated',
      labelOf(evidenceLevelLabels, 'Not rated'),
    ),
    spec(
      'evidenceReason',
      'Reason for the strength of evidence',
      ['evidenceReason'],
      'Enter the reason for the strength of evidence',
    ),
    spec('scaled', 'What worked and was scaled', ['scaled'], 'Enter what worked and was scaled'),
  ];
  const b = base('evaluation', context, {
    add: 'Add an evaluation',
    change: 'Change the evaluation',
    describe: 'evaluation',
  });
  const answersOf = (c: Record<string, unknown>): Answers =>
    Object.fromEntries(fields.map((f) => [f.name, text(c[f.name])]));
  return {
    ...b,
    template: 'manage-governance-evaluation',
    values: {
      title: b.heading,
      heading: b.heading,
      dateHint: dateHint('2026-06-30'),
      projectItems: (chosen: string) => [
        { value: '', text: 'Select a project', selected: chosen === '' },
        ...mission.projects.map((p) => ({
          value: p.slug,
          text: p.title,
          selected: chosen === p.slug,
        })),
      ],
      typeItems: itemsOf(evaluationTypes, evaluationTypeLabels),
      methodItems: itemsOf(evaluationMethods, evaluationMethodLabels),
      statusItems: itemsOf(evaluationStatuses, evaluationStatusLabels),
      levelItems: [
        ...itemsOf(evidenceLevels, evidenceLevelLabels),
        { value: '', text: 'Not rated' },
      ],
    },
    fields,
    initial: context.record ? answersOf(context.record.content) : {},
    answersOf,
    checkRows(content) {
      return context.today && unpublishedTooLong(content as Evaluation, context.today)
        ? [
            {
              key: 'Not published after 12 weeks',
              value: `The report was finished on ${String(content.actualReport)} and is not published: the mission’s pages will flag it`,
            },
          ]
        : [];
    },
    candidate: (a) => ({
      content: {
        project: a.project,
        title: a.title,
        type: a.type,
        method: a.method,
        status: a.status,
        evaluator: a.evaluator,
        plannedStart: a.plannedStart,
        plannedReport: a.plannedReport,
        ...Object.fromEntries(optionalTexts.map((name) => [name, optional(a[name] ?? '')])),
        evidenceLevel: numberOrText(a.evidenceLevel ?? ''),
      },
      fields,
    }),
  };
}
