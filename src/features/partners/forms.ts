// The partners' forms as text fields and back: an organisation's entry, a pledge, a progress
// report. Lists are one item a line ("2027-03-31 Train 200 apprentices", "https://… Our plan"),
// so the forms work without JavaScript; each problem lands on the field (and line) it is about.
import {
  organisationSchema,
  pledgeSchema,
  type Organisation,
  type PledgeContent,
} from '../../domain/partners.ts';
import { FormErrors } from '../../platform/http/forms.ts';
import {
  lines,
  optional,
  schemaProblems,
  type Answers,
  type FieldSpec,
} from '../missions/manageForm.ts';
import { PartnersError } from './service.ts';

export const organisationFields: FieldSpec[] = [
  { name: 'name', label: 'Name', path: ['name'], missing: 'Enter the organisation’s name' },
  { name: 'sector', label: 'Sector', path: ['sector'], missing: 'Select the sector' },
  { name: 'size', label: 'Size', path: ['size'], missing: 'Select the size' },
  { name: 'areas', label: 'Areas', path: ['areas'], missing: 'Enter the areas' },
  { name: 'website', label: 'Website', path: ['website'], missing: 'Enter the website' },
  {
    name: 'contact',
    label: 'Public contact',
    path: ['contact'],
    missing: 'Enter an email address or web page the public can use to reach you',
  },
  {
    name: 'description',
    label: 'Description',
    path: ['description'],
    missing: 'Enter a description',
  },
];

export const pledgeFields: FieldSpec[] = [
  { name: 'goal', label: 'Goal', path: ['goal'], missing: 'Select the goal the pledge serves' },
  { name: 'title', label: 'Title', path: ['title'], missing: 'Enter a short title' },
  {
    name: 'commitment',
    label: 'What you commit to',
    path: ['commitment'],
    missing: 'Enter what you commit to',
  },
  {
    name: 'deliverables',
    label: 'Deliverables',
    path: ['deliverables'],
    missing: 'Enter at least one deliverable, with the date it is due',
  },
  { name: 'areas', label: 'Areas', path: ['areas'], missing: 'Enter the areas' },
  { name: 'evidence', label: 'Evidence', path: ['evidence'], missing: 'Enter the evidence' },
];

/** "https://example.org/plan Our plan" a line, as links; the title defaults to the address. */
const linksOf = (text: string) =>
  lines(text).map((line) => {
    const [url = '', ...title] = line.split(/\s+/);
    return { url, title: title.join(' ') || url };
  });
const linksText = (links: { url: string; title: string }[]) =>
  links.map((l) => (l.title === l.url ? l.url : `${l.url} ${l.title}`)).join('\n');

/** A problem the service found, by the field of the form it is about. */
export function serviceProblem(error: PartnersError, fields: FieldSpec[], errors: FormErrors) {
  const path = error.field.split('.').slice(1);
  const spec = fields.find((f) => f.path.length > 0 && f.path[0] === path[0]);
  const line = Number(path[1]);
  errors.add(
    spec?.name ?? error.field,
    spec && Number.isInteger(line)
      ? `${spec.label}, line ${line + 1}: ${error.message}`
      : error.message,
  );
}

export function organisationAnswers(content: Organisation | undefined): Answers {
  return {
    name: content?.name ?? '',
    sector: content?.sector ?? '',
    size: content?.size ?? '',
    areas: content?.areas.join('\n') ?? '',
    website: content?.website ?? '',
    contact: content?.contact ?? '',
    description: content?.description ?? '',
  };
}

export function organisationOf(answers: Answers, errors: FormErrors): Organisation | undefined {
  const candidate = {
    name: answers.name,
    sector: optional(answers.sector!),
    size: optional(answers.size!),
    areas: lines(answers.areas!).map((code) => code.toUpperCase()),
    website: optional(answers.website!),
    contact: answers.contact,
    description: optional(answers.description!),
  };
  return schemaProblems(organisationSchema, candidate, organisationFields, errors);
}

/** "2027-03-31 Train 200 apprentices" a line; a done deliverable ends "(done 2027-02-01)". */
const DELIVERABLE = /^(\S+)\s+(.*?)(?:\s+\(done (\S+)\))?$/;

export function pledgeAnswers(pledge: PledgeContent | undefined, mission?: string): Answers {
  return {
    goal: pledge && mission ? `${mission}/${pledge.goal}` : '',
    title: pledge?.title ?? '',
    commitment: pledge?.commitment ?? '',
    deliverables:
      pledge?.deliverables
        .map((d) => `${d.due} ${d.what}${d.done ? ` (done ${d.done})` : ''}`)
        .join('\n') ?? '',
    areas: pledge?.areas.join('\n') ?? '',
    evidence: linksText(pledge?.evidence ?? []),
  };
}

/**
 * The pledge the answers make, on top of what it was (its reports and status stay): its mission
 * and its content, or undefined with the problems in `errors`.
 */
export function pledgeOf(
  answers: Answers,
  errors: FormErrors,
  before?: PledgeContent,
): { mission: string; content: PledgeContent } | undefined {
  const [mission = '', goal] = answers.goal!.split('/');
  const candidate = {
    ...before,
    title: answers.title,
    commitment: answers.commitment,
    goal: goal ?? '',
    deliverables: lines(answers.deliverables!).map((line) => {
      const [, due = line, what = '', done] = DELIVERABLE.exec(line) ?? [];
      return { due, what, ...(done ? { done } : {}) };
    }),
    areas: lines(answers.areas!).map((code) => code.toUpperCase()),
    evidence: linksOf(answers.evidence!),
  };
  if (!answers.goal) errors.add('goal', pledgeFields[0]!.missing);
  const content = schemaProblems(pledgeSchema, candidate, pledgeFields, errors);
  return content && !errors.any ? { mission, content } : undefined;
}

/**
 * The pledge with a new progress report of `today`: the deliverables ticked are done today
 * (unless done before), and a pledge said to be complete is completed.
 */
export function reportedPledge(
  pledge: PledgeContent,
  answers: { summary: string; evidence: string; done: string[]; complete: boolean },
  today: string,
  errors: FormErrors,
): PledgeContent | undefined {
  const candidate = {
    ...pledge,
    status: answers.complete ? 'completed' : pledge.status,
    deliverables: pledge.deliverables.map((d, i) =>
      answers.done.includes(String(i)) && !d.done ? { ...d, done: today } : d,
    ),
    reports: [
      ...pledge.reports,
      { reportedOn: today, summary: answers.summary, evidence: linksOf(answers.evidence) },
    ],
  };
  // The new report's own fields; any other problem is the pledge's, shown by the summary.
  const at = pledge.reports.length;
  return schemaProblems(
    pledgeSchema,
    candidate,
    [
      { name: 'summary', label: 'Progress', path: [], missing: 'Enter your progress' },
      {
        name: 'summary',
        label: 'Progress',
        path: ['reports', at, 'summary'],
        missing: 'Enter your progress',
      },
      {
        name: 'evidence',
        label: 'Evidence',
        path: ['reports', at, 'evidence'],
        missing: 'Enter the evidence',
      },
    ],
    errors,
  );
}
