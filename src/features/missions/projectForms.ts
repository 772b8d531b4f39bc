// The workspace's forms of a project and of its milestones, checked by the missions file's own
// schemas. A milestone is part of its project's record.
import {
  milestoneSchema,
  projectSchema,
  type Mission,
  type Project,
} from '../../domain/mission.ts';
import { projectOf } from './load.ts';
import { lines, optional, schemaProblems, type Answers, type EntityForm } from './manageForm.ts';
import { spec, text, yes, yesNo, type FormsDeps } from './manageForms.ts';
import type { Milestone } from './store.ts';

const projectFieldSpecs = [
  spec('title', 'Title', ['title'], 'Enter the project’s title'),
  spec('lead', 'Lead', ['lead'], 'Enter the lead department'),
  spec('contributors', 'Contributors', ['contributors'], 'Enter the contributors, one a line'),
  spec('start', 'Start', ['start'], 'Enter the date the project starts'),
  spec('end', 'End', ['end'], 'Enter the date the project ends'),
  spec('status', 'Status', ['status'], 'Select the project’s status'),
  spec('confidence', 'Delivery confidence', ['confidence'], 'Select the delivery confidence'),
  spec('firstStep', 'First step', ['firstStep'], 'Select whether the project is a first step'),
];
const projectSlugSpec = spec(
  'slug',
  'Slug',
  ['slug'],
  'Enter a slug for the project, like planning-reform',
);

const statusItems = [
  { value: 'planned', text: 'Planned' },
  { value: 'in-progress', text: 'In progress' },
  { value: 'complete', text: 'Complete' },
  { value: 'paused', text: 'Paused' },
];
const confidenceItems = [
  { value: '', text: 'Not rated' },
  { value: 'green', text: 'Green' },
  { value: 'amber-green', text: 'Amber/green' },
  { value: 'amber', text: 'Amber' },
  { value: 'amber-red', text: 'Amber/red' },
  { value: 'red', text: 'Red' },
];

const projectAnswers = (p: Project): Answers => ({
  slug: p.slug,
  title: p.title,
  lead: p.lead,
  contributors: p.contributors.join('\n'),
  start: text(p.start),
  end: text(p.end),
  status: p.status,
  confidence: text(p.confidence),
  firstStep: yesNo(p.firstStep),
});

export function projectForm(
  deps: FormsDeps,
  mission: Mission,
  project: Project | null,
): EntityForm<Project> {
  const fields = project ? projectFieldSpecs : [projectSlugSpec, ...projectFieldSpecs];
  const missionPage = `/manage/missions/mission/${mission.slug}`;
  return {
    template: 'manage-project',
    values: {
      title: project ? `Change the project: ${project.title}` : `Add a project to ${mission.title}`,
      action: project ? `${missionPage}/projects/${project.slug}` : `${missionPage}/new-project`,
      mission,
      project,
      statusItems,
      confidenceItems,
      backLink: missionPage,
    },
    fields,
    entity: { type: 'project', version: deps.missions.versionOf(project) },
    kind: project ? 'edit' : 'add',
    before: project && projectAnswers(project),
    initial: project ? projectAnswers(project) : { firstStep: 'no', confidence: '' },
    async parse(a, errors) {
      const slug = project?.slug ?? a.slug!;
      const value = schemaProblems(
        projectSchema,
        {
          slug,
          title: a.title,
          lead: a.lead,
          contributors: lines(a.contributors!),
          start: optional(a.start!),
          end: optional(a.end!),
          status: a.status,
          confidence: optional(a.confidence!),
          firstStep: yes(a.firstStep!),
          // Milestones have forms of their own.
          milestones: project?.milestones ?? [],
        },
        fields,
        errors,
      );
      if (!project && mission.projects.some((p) => p.slug === slug))
        errors.add('slug', 'There is already a project with this slug in this mission');
      return value && projectOf(value);
    },
    answersOf: (recorded) => (recorded ? projectAnswers(recorded as Project) : null),
    afterAnswers: projectAnswers,
    check: {
      heading: project ? 'Check the changes to the project' : 'Check the new project',
      saveText: project ? 'Save the project' : 'Add the project',
      rows: [{ key: 'Mission', value: mission.title }],
    },
    save: (value, meta, version) => deps.missions.saveProject(mission.slug, value, meta, version),
    done: missionPage,
  };
}

// Milestones ------------------------------------------------------------------------------

const milestoneFieldSpecs = [
  spec('title', 'Milestone', ['title'], 'Enter what the milestone is'),
  spec('due', 'Due', ['due'], 'Enter the date the milestone is due'),
  spec('done', 'Done', ['done'], 'Enter the date the milestone was done'),
];
const milestoneAnswers = (m: Milestone): Answers => ({
  title: m.title,
  due: m.due,
  done: text(m.done),
});

/**
 * Adding a milestone to a project (`milestone` null), or marking one done. A milestone is part
 * of its project's record, so it is the project's version that the form carries.
 */
export function milestoneForm(
  deps: FormsDeps,
  mission: Mission,
  project: Project,
  milestone: { index: number; milestone: Milestone } | null,
  today: string,
): EntityForm<Milestone> {
  const fields = milestone ? milestoneFieldSpecs.slice(2) : milestoneFieldSpecs;
  const missionPage = `/manage/missions/mission/${mission.slug}`;
  const projectPage = `${missionPage}/projects/${project.slug}`;
  const title = milestone?.milestone.title;
  return {
    template: 'manage-milestone',
    values: {
      title: milestone ? `Mark a milestone done: ${title}` : `Add a milestone to ${project.title}`,
      action: milestone
        ? `${projectPage}/milestones/${milestone.index}`
        : `${projectPage}/new-milestone`,
      mission,
      project,
      milestone: milestone?.milestone,
      backLink: missionPage,
    },
    fields,
    entity: { type: 'project', version: deps.missions.versionOf(project) },
    kind: milestone ? 'edit' : 'add',
    before: milestone && { done: text(milestone.milestone.done) },
    // Most milestones are marked done on the day.
    initial: milestone ? { done: milestone.milestone.done ?? today } : {},
    async parse(a, errors) {
      const candidate = milestone
        ? { ...milestone.milestone, done: a.done }
        : { title: a.title, due: a.due, done: optional(a.done!) };
      const value = schemaProblems(milestoneSchema, candidate, fields, errors);
      // Milestones are told apart by their titles.
      if (!milestone && project.milestones.some((m) => m.title === a.title))
        errors.add('title', 'The project already has a milestone with this title');
      return value;
    },
    answersOf(recorded) {
      const found = (recorded as Project | null)?.milestones.find((m) => m.title === title);
      return found ? { done: text(found.done) } : null;
    },
    afterAnswers: (m) => (milestone ? { done: text(m.done) } : milestoneAnswers(m)),
    check: {
      heading: milestone ? 'Check the milestone’s date done' : 'Check the new milestone',
      saveText: milestone ? 'Save the milestone' : 'Add the milestone',
      rows: [
        { key: 'Project', value: project.title },
        ...(milestone ? [{ key: 'Milestone', value: title! }] : []),
      ],
    },
    save: (value, meta, version) =>
      deps.missions.saveMilestone(mission.slug, project.slug, value, meta, version),
    done: missionPage,
  };
}
