// The workspace's forms of each kind of governance record: a mission's board, a steward's mandate
// letter, a stocktake with a delivery-confidence rating for every goal and project, a decision,
// an action and a risk (an evaluation's is in evaluationForm.ts, a deliberative process's in
// processForm.ts). Each is the record's content as the text of a form and back; the kind's
// schema and the governance service decide what may be saved.
import {
  optimismGap,
  ratingLabels,
  ratings,
  type GovernanceKind,
  type Rating,
} from '../../domain/governance.ts';
import { statusLabels } from '../../domain/status.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { lines, numberOrText, optional } from '../missions/manageForm.ts';
import type { AssessedMission } from '../missions/service.ts';
import type { StoredRecord } from './store.ts';
import { evaluationForm } from './evaluationForm.ts';
import { processForm } from './processForm.ts';
import type { Answers, Candidate, GovernanceField, GovernanceForm } from './manageForm.ts';

/** What every form of a mission's records is given. */
export interface RecordContext {
  mission: AssessedMission;
  /** The stored record being changed; undefined when adding one. */
  record: StoredRecord | undefined;
  /** The dates of the mission's stocktakes, newest first, which decisions and actions may name. */
  stocktakes: string[];
  /** Today in the UK, as a date: what "check your answers" judges a report's delay by. */
  today?: string;
}

export const spec = (
  name: string,
  label: string,
  path: (string | number)[],
  missing: string,
  display?: (answer: string) => string,
): GovernanceField => ({ name, label, path, missing, display });

export const text = (value: unknown) =>
  value === undefined || value === null ? '' : String(value);

export const managePath = (missionSlug: string) => `/manage/governance/${missionSlug}`;
const formPath = (missionSlug: string, kind: GovernanceKind, record: StoredRecord | undefined) =>
  record
    ? `${managePath(missionSlug)}/${kind}/${encodeURIComponent(record.id)}`
    : `${managePath(missionSlug)}/add/${kind}`;

export const dateHint = (example: string) => `As YYYY-MM-DD, for example ${example}`;

/** The parts every form shares: where it posts, its page's title, where it goes back to. */
export function base(
  kind: GovernanceKind,
  { mission, record }: RecordContext,
  names: { add: string; change: string; describe: string },
) {
  const heading = record ? names.change : names.add;
  return {
    kind,
    mission: { slug: mission.slug, title: mission.title },
    record,
    action: formPath(mission.slug, kind, record),
    done: managePath(mission.slug),
    describe: names.describe,
    heading,
  };
}

// Goal or project, and stocktake: the optional links of decisions, actions and risks ---------

/** The goals and projects a record may be linked to, as select items (`goal:slug`). */
function linkItems(mission: AssessedMission, chosen: string) {
  return [
    { value: '', text: 'None', selected: chosen === '' },
    ...mission.goals.map((g) => ({
      value: `goal:${g.slug}`,
      text: `Goal: ${g.statement}`,
      selected: chosen === `goal:${g.slug}`,
    })),
    ...mission.projects.map((p) => ({
      value: `project:${p.slug}`,
      text: `Project: ${p.title}`,
      selected: chosen === `project:${p.slug}`,
    })),
  ];
}

const linkField = (mission: AssessedMission) =>
  spec('link', 'Goal or project', ['goal'], 'Select a goal or project of the mission', (answer) => {
    if (!answer) return 'None';
    const [subject, slug] = answer.split(':');
    return subject === 'goal'
      ? `Goal: ${mission.goals.find((g) => g.slug === slug)?.statement ?? slug}`
      : `Project: ${mission.projects.find((p) => p.slug === slug)?.title ?? slug}`;
  });
const linkProjectField = (field: GovernanceField) => ({ ...field, path: ['project'] });

/** `goal:slug` or `project:slug` as the content's `goal` or `project`. */
function linkOf(answer: string, errors: FormErrors) {
  if (!answer) return {};
  const match = /^(goal|project):(.+)$/.exec(answer);
  if (!match) {
    errors.add('link', 'Select a goal or project of the mission');
    return {};
  }
  return { [match[1]!]: match[2] };
}
const linkAnswer = (content: Record<string, unknown>) =>
  content.goal
    ? `goal:${text(content.goal)}`
    : content.project
      ? `project:${text(content.project)}`
      : '';

const stocktakeField = spec(
  'stocktake',
  'At the stocktake',
  ['stocktake'],
  'Select the stocktake',
  (answer) => (answer ? `Stocktake of ${answer}` : 'None'),
);
const stocktakeItems = (stocktakes: string[], chosen: string) => [
  { value: '', text: 'None', selected: chosen === '' },
  ...stocktakes.map((date) => ({
    value: date,
    text: `Stocktake of ${date}`,
    selected: chosen === date,
  })),
];

// Board -----------------------------------------------------------------------------------

const cadenceItems = [
  { value: 'monthly', text: 'Monthly' },
  { value: 'quarterly', text: 'Quarterly' },
  { value: 'half-yearly', text: 'Half-yearly' },
];

const boardFields = [
  spec('chair', 'Chair', ['chair'], 'Enter the name of the board’s chair'),
  spec(
    'cadence',
    'Meets',
    ['cadence'],
    'Select how often the board meets',
    (answer) => cadenceItems.find((c) => c.value === answer)?.text ?? (answer || 'Not set'),
  ),
  spec(
    'members',
    'Members',
    ['members'],
    'Enter the members, one a line, as name | role | department',
  ),
];

export function boardForm(context: RecordContext): GovernanceForm {
  const b = base('board', context, {
    add: 'Set up the mission board',
    change: 'Change the mission board',
    describe: 'mission board',
  });
  const answersOf = (c: Record<string, unknown>): Answers => ({
    chair: text(c.chair),
    cadence: text(c.cadence),
    members: ((c.members as { name: string; role: string; department: string }[]) ?? [])
      .map((m) => `${m.name} | ${m.role} | ${m.department}`)
      .join('\n'),
  });
  return {
    ...b,
    template: 'manage-governance-board',
    values: { title: b.heading, heading: b.heading, cadenceItems },
    fields: boardFields,
    initial: context.record ? answersOf(context.record.content) : { cadence: 'quarterly' },
    answersOf,
    candidate(a, errors): Candidate {
      const members = lines(a.members ?? '').map((line, i) => {
        const parts = line.split('|').map((p) => p.trim());
        if (parts.length !== 3 || parts.some((p) => !p))
          errors.add(
            'members',
            `Members, line ${i + 1}: write a name, a role and a department separated by |, like Jane Smith | Member | HM Treasury`,
          );
        return { name: parts[0] ?? '', role: parts[1] ?? '', department: parts[2] ?? '' };
      });
      return {
        content: { chair: a.chair, cadence: optional(a.cadence ?? ''), members },
        fields: boardFields,
      };
    },
  };
}

// Mandate letter --------------------------------------------------------------------------

const letterFields = [
  spec('steward', 'Steward', ['steward'], 'Enter the steward’s name'),
  spec('dated', 'Dated', ['dated'], 'Enter the date of the letter'),
  spec('body', 'Text of the letter', ['body'], 'Enter the text of the letter'),
];

export function letterForm(context: RecordContext): GovernanceForm {
  const b = base('mandate-letter', context, {
    add: 'Add a mandate letter',
    change: 'Change the mandate letter',
    describe: 'mandate letter',
  });
  const answersOf = (c: Record<string, unknown>): Answers => ({
    steward: text(c.steward),
    dated: text(c.dated),
    body: text(c.body),
  });
  return {
    ...b,
    template: 'manage-governance-letter',
    values: { title: b.heading, heading: b.heading, dateHint: dateHint('2026-01-15') },
    fields: letterFields,
    initial: context.record ? answersOf(context.record.content) : {},
    answersOf,
    candidate: (a) => ({
      content: { steward: a.steward, dated: a.dated, body: a.body },
      fields: letterFields,
    }),
  };
}

// Stocktake -------------------------------------------------------------------------------

/** A goal or project rated in a stocktake, as the form asks about it. */
interface Subject {
  subject: 'goal' | 'project';
  slug: string;
  name: string;
  ratingField: string;
  narrativeField: string;
}

const ratingDisplay = (answer: string) =>
  answer ? (ratingLabels[answer as keyof typeof ratingLabels] ?? answer) : 'Not rated';
const ratingItems = [
  ...ratings.map((r) => ({ value: r, text: ratingLabels[r] })),
  { value: '', text: 'Not rated' },
];

export function stocktakeForm(context: RecordContext): GovernanceForm {
  const { mission, record } = context;
  const b = base('stocktake', context, {
    add: 'Record a stocktake',
    change: 'Change the stocktake',
    describe: 'stocktake',
  });
  const subjects: Subject[] = [
    ...mission.goals.map((g) => ({
      subject: 'goal' as const,
      slug: g.slug,
      name: g.statement,
      ratingField: `rating-goal-${g.slug}`,
      narrativeField: `narrative-goal-${g.slug}`,
    })),
    ...mission.projects.map((p) => ({
      subject: 'project' as const,
      slug: p.slug,
      name: p.title,
      ratingField: `rating-project-${p.slug}`,
      narrativeField: `narrative-project-${p.slug}`,
    })),
  ];
  const fixed = [
    // A stocktake is known by its date (decisions and actions name it): set once, when added.
    ...(record
      ? []
      : [spec('heldOn', 'Held on', ['heldOn'], 'Enter the date the stocktake was held')]),
    spec('title', 'Title', ['title'], 'Enter a title for the stocktake, like Quarter 1 stocktake'),
  ];
  const subjectFields = subjects
    .flatMap((s) => [
      spec(s.ratingField, `Rating: ${s.name}`, [], `Select a rating for ${s.name}`, ratingDisplay),
      spec(s.narrativeField, `Narrative: ${s.name}`, [], `Enter the narrative for ${s.name}`),
    ])
    .map((f) => ({ ...f, skipWhenEmpty: true }));
  const answersOf = (c: Record<string, unknown>): Answers => {
    const given =
      (c.ratings as { subject: string; slug: string; rating: string; narrative: string }[]) ?? [];
    const answers: Answers = { heldOn: text(c.heldOn), title: text(c.title) };
    for (const s of subjects) {
      const r = given.find((g) => g.subject === s.subject && g.slug === s.slug);
      answers[s.ratingField] = r?.rating ?? '';
      answers[s.narrativeField] = r?.narrative ?? '';
    }
    return answers;
  };
  return {
    ...b,
    template: 'manage-governance-stocktake',
    values: {
      title: b.heading,
      heading: b.heading,
      dateHint: dateHint('2026-03-31'),
      ratingItems,
      goals: mission.goals.map((g) => ({
        ...subjects.find((s) => s.subject === 'goal' && s.slug === g.slug)!,
        status: g.assessment.status,
      })),
      projects: subjects.filter((s) => s.subject === 'project'),
    },
    fields: [...fixed, ...subjectFields],
    initial: record ? answersOf(record.content) : {},
    answersOf,
    checkRows(content) {
      const given = (content.ratings as { subject: string; slug: string; rating: Rating }[]) ?? [];
      return given.flatMap((r) => {
        const goal =
          r.subject === 'goal' ? mission.goals.find((g) => g.slug === r.slug) : undefined;
        return goal && optimismGap(r.rating, goal.assessment.status)
          ? [
              {
                key: 'Optimism gap',
                value: `${ratingLabels[r.rating]} for ${goal.statement}, which the data puts ${statusLabels[goal.assessment.status].toLowerCase()}: the mission’s pages will flag it`,
              },
            ]
          : [];
      });
    },
    candidate(a, errors) {
      const given: Record<string, unknown>[] = [];
      const fields: GovernanceField[] = [...fixed];
      for (const s of subjects) {
        const rating = a[s.ratingField] ?? '';
        const narrative = a[s.narrativeField] ?? '';
        if (!rating) {
          if (narrative)
            errors.add(s.ratingField, `Select a rating for ${s.name}, or remove its narrative`);
          continue;
        }
        const at = given.length;
        given.push({ subject: s.subject, slug: s.slug, rating, narrative });
        fields.push(
          spec(
            s.ratingField,
            `Rating of ${s.name}`,
            ['ratings', at],
            `Select a rating for ${s.name}`,
          ),
          spec(
            s.narrativeField,
            `Narrative for ${s.name}`,
            ['ratings', at, 'narrative'],
            `Enter the narrative for ${s.name}`,
          ),
        );
      }
      return {
        content: {
          heldOn: record ? (record.content as { heldOn: string }).heldOn : a.heldOn,
          title: a.title,
          example: (record?.content as { example?: boolean } | undefined)?.example ?? false,
          ratings: given,
        },
        fields,
      };
    },
  };
}

// Decision --------------------------------------------------------------------------------

const decisionFields = [
  spec('what', 'What was decided', ['what'], 'Enter what was decided'),
  spec('decidedBy', 'Decided by', ['decidedBy'], 'Enter who decided'),
  spec('decidedOn', 'Decided on', ['decidedOn'], 'Enter the date of the decision'),
  stocktakeField,
];

export function decisionForm(context: RecordContext): GovernanceForm {
  const b = base('decision', context, {
    add: 'Record a decision',
    change: 'Change the decision',
    describe: 'decision',
  });
  const answersOf = (c: Record<string, unknown>): Answers => ({
    what: text(c.what),
    decidedBy: text(c.decidedBy),
    decidedOn: text(c.decidedOn),
    stocktake: text(c.stocktake),
  });
  const initial = context.record ? answersOf(context.record.content) : {};
  return {
    ...b,
    template: 'manage-governance-decision',
    values: {
      title: b.heading,
      heading: b.heading,
      dateHint: dateHint('2026-03-31'),
      stocktakeItems: (chosen: string) => stocktakeItems(context.stocktakes, chosen),
    },
    fields: decisionFields,
    initial,
    answersOf,
    candidate: (a) => ({
      content: {
        what: a.what,
        decidedBy: a.decidedBy,
        decidedOn: a.decidedOn,
        stocktake: optional(a.stocktake ?? ''),
      },
      fields: decisionFields,
    }),
  };
}

// Action ----------------------------------------------------------------------------------

export function actionForm(context: RecordContext): GovernanceForm {
  const { mission } = context;
  const link = linkField(mission);
  const fields = [
    spec('title', 'Action', ['title'], 'Enter what is to be done'),
    spec('owner', 'Owner', ['owner'], 'Enter who owns the action'),
    spec('due', 'Due', ['due'], 'Enter the date the action is due'),
    spec('done', 'Done', ['done'], 'Enter the date the action was done'),
    link,
    stocktakeField,
  ];
  const b = base('action', context, {
    add: 'Add an action',
    change: 'Change the action',
    describe: 'action',
  });
  const answersOf = (c: Record<string, unknown>): Answers => ({
    title: text(c.title),
    owner: text(c.owner),
    due: text(c.due),
    done: text(c.done),
    link: linkAnswer(c),
    stocktake: text(c.stocktake),
  });
  return {
    ...b,
    template: 'manage-governance-action',
    values: {
      title: b.heading,
      heading: b.heading,
      linkItems: (chosen: string) => linkItems(mission, chosen),
      stocktakeItems: (chosen: string) => stocktakeItems(context.stocktakes, chosen),
    },
    fields,
    initial: context.record ? answersOf(context.record.content) : {},
    answersOf,
    candidate: (a, errors) => ({
      content: {
        title: a.title,
        owner: a.owner,
        due: a.due,
        done: optional(a.done ?? ''),
        ...linkOf(a.link ?? '', errors),
        stocktake: optional(a.stocktake ?? ''),
      },
      fields: [...fields, linkProjectField(link)],
    }),
  };
}

// Risk ------------------------------------------------------------------------------------

export function riskForm(context: RecordContext): GovernanceForm {
  const { mission } = context;
  const link = linkField(mission);
  const fields = [
    spec('description', 'Risk', ['description'], 'Enter what the risk is'),
    spec('likelihood', 'Likelihood', ['likelihood'], 'Select how likely the risk is, from 1 to 5'),
    spec('impact', 'Impact', ['impact'], 'Select how great its impact would be, from 1 to 5'),
    spec('owner', 'Owner', ['owner'], 'Enter who owns the risk'),
    spec('mitigation', 'Mitigation', ['mitigation'], 'Enter how the risk is being reduced'),
    link,
    spec('reviewOn', 'Review on', ['reviewOn'], 'Enter the date the risk is next reviewed'),
    spec('closed', 'Closed', ['closed'], 'Enter the date the risk was closed'),
  ];
  const b = base('risk', context, {
    add: 'Add a risk',
    change: 'Change the risk',
    describe: 'risk',
  });
  const answersOf = (c: Record<string, unknown>): Answers => ({
    description: text(c.description),
    likelihood: text(c.likelihood),
    impact: text(c.impact),
    owner: text(c.owner),
    mitigation: text(c.mitigation),
    link: linkAnswer(c),
    reviewOn: text(c.reviewOn),
    closed: text(c.closed),
  });
  return {
    ...b,
    template: 'manage-governance-risk',
    values: {
      title: b.heading,
      heading: b.heading,
      scores: ['1', '2', '3', '4', '5'],
      linkItems: (chosen: string) => linkItems(mission, chosen),
    },
    fields,
    initial: context.record ? answersOf(context.record.content) : {},
    answersOf,
    candidate: (a, errors) => ({
      content: {
        description: a.description,
        likelihood: numberOrText(a.likelihood ?? ''),
        impact: numberOrText(a.impact ?? ''),
        owner: a.owner,
        mitigation: a.mitigation,
        ...linkOf(a.link ?? '', errors),
        reviewOn: a.reviewOn,
        closed: optional(a.closed ?? ''),
      },
      fields: [...fields, linkProjectField(link)],
    }),
  };
}

/** Each kind's form. */
export const formsByKind: Record<GovernanceKind, (context: RecordContext) => GovernanceForm> = {
  board: boardForm,
  'mandate-letter': letterForm,
  stocktake: stocktakeForm,
  decision: decisionForm,
  action: actionForm,
  risk: riskForm,
  evaluation: evaluationForm,
  process: processForm,
};
