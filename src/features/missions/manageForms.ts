// The workspace's forms of a government, a mission, a goal, a project, a milestone and an
// indicator's direction: each entity as the text of its form and back, checked by the missions
// file's own schemas and cross-checks, and saved by the missions service's versioned writes.
import {
  comparators,
  goalSchema,
  governmentSchema,
  indicatorDirectionSchema,
  milestoneSchema,
  missionFieldsSchema,
  missionSchema,
  projectSchema,
  type Direction,
  type Goal,
  type GoalDefinition,
  type Mission,
  type Project,
} from '../../domain/mission.ts';
import { recordedGoal } from '../../domain/history.ts';
import { FormErrors } from '../../platform/http/forms.ts';
import { goalOf, projectOf } from './load.ts';
import { checkGoal } from './missionsFile.ts';
import {
  lines,
  numberOrText,
  optional,
  schemaProblems,
  type Answers,
  type EntityForm,
  type FieldSpec,
} from './manageForm.ts';
import type { MissionsService } from './service.ts';
import { missionFields, type Government, type Milestone, type MissionFields } from './store.ts';

export interface FormsDeps {
  missions: MissionsService;
  /** Whether an ONS area code is known, as `missions load` asks of a file's areas. */
  areaExists(code: string): Promise<boolean>;
}

const spec = (
  name: string,
  label: string,
  path: (string | number)[],
  missing: string,
): FieldSpec => ({ name, label, path, missing });

const areaProblem = (code: string) =>
  `Area must be a known ONS area code: there is no area ${code}`;

/** Yes/no radios as the file's booleans. */
const yes = (answer: string) => answer === 'yes';
const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const text = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

// Government ------------------------------------------------------------------------------

const governmentFields = [
  spec('name', 'Name', ['name'], 'Enter the government’s name'),
  spec('area', 'Area', ['area'], 'Enter the ONS code of the area it governs'),
];
const governmentAnswers = (g: Government): Answers => ({ name: g.name, area: g.area });

export function governmentForm(deps: FormsDeps, government: Government): EntityForm<Government> {
  const action = `/manage/missions/government/${government.slug}`;
  return {
    template: 'manage-government',
    values: {
      title: `Change ${government.name}`,
      action,
      government,
      backLink: '/manage/missions',
    },
    fields: governmentFields,
    entity: { type: 'government', version: deps.missions.versionOf(government) },
    kind: 'edit',
    before: governmentAnswers(government),
    initial: governmentAnswers(government),
    async parse(a, errors) {
      const value = schemaProblems(
        governmentSchema,
        { slug: government.slug, name: a.name, area: a.area },
        governmentFields,
        errors,
      );
      if (value && !(await deps.areaExists(value.area)))
        errors.add('area', areaProblem(value.area));
      return value;
    },
    answersOf: (recorded) => (recorded ? governmentAnswers(recorded as Government) : null),
    afterAnswers: governmentAnswers,
    check: {
      heading: `Check the changes to ${government.name}`,
      saveText: 'Save the government',
      rows: [{ key: 'Government', value: government.name }],
    },
    save: (value, meta, version) => deps.missions.saveGovernment(value, meta, version),
    done: '/manage/missions',
  };
}

// Mission ---------------------------------------------------------------------------------

const missionFieldSpecs = [
  spec('title', 'Title', ['title'], 'Enter the mission’s title'),
  spec('ambition', 'Ambition', ['ambition'], 'Enter the mission’s ambition'),
  spec('stewards', 'Stewards', ['stewards'], 'Enter the stewards, one a line'),
  spec('start', 'Start', ['start'], 'Enter the date the mission started'),
  spec('horizon', 'Horizon', ['horizon'], 'Enter the date the mission runs to'),
  spec('sourceTitle', 'Source', ['source', 'title'], 'Enter where the mission is set out'),
  spec('sourceUrl', 'Source address', ['source', 'url'], 'Enter the source’s web address'),
];
const missionAnswers = (m: MissionFields): Answers => ({
  title: m.title,
  ambition: m.ambition,
  stewards: m.stewards.join('\n'),
  start: m.start,
  horizon: m.horizon,
  sourceTitle: m.source.title,
  sourceUrl: m.source.url ?? '',
});
const missionCandidate = (slug: string, a: Answers) => ({
  slug,
  title: a.title,
  ambition: a.ambition,
  stewards: lines(a.stewards ?? ''),
  start: a.start,
  horizon: a.horizon,
  source: { title: a.sourceTitle, url: optional(a.sourceUrl ?? '') },
});

type MissionValue = MissionFields & { slug: string };

export function missionForm(deps: FormsDeps, mission: Mission): EntityForm<MissionValue> {
  const action = `/manage/missions/mission/${mission.slug}/edit`;
  return {
    template: 'manage-mission-form',
    values: {
      title: `Change the mission: ${mission.title}`,
      action,
      mission,
      backLink: `/manage/missions/mission/${mission.slug}`,
    },
    fields: missionFieldSpecs,
    entity: { type: 'mission', version: deps.missions.versionOf(missionFields(mission)) },
    kind: 'edit',
    before: missionAnswers(mission),
    initial: missionAnswers(mission),
    async parse(a, errors) {
      const value = schemaProblems(
        missionFieldsSchema,
        missionCandidate(mission.slug, a),
        missionFieldSpecs,
        errors,
      );
      // When the mission took effect is the file's to say: the form keeps it.
      return value && { ...value, governmentSlug: mission.governmentSlug, since: mission.since };
    },
    answersOf: (recorded) => (recorded ? missionAnswers(recorded as MissionFields) : null),
    afterAnswers: missionAnswers,
    check: {
      heading: 'Check the changes to the mission',
      saveText: 'Save the mission',
      rows: [{ key: 'Mission', value: mission.title }],
    },
    save: (value, meta, version) => deps.missions.saveMission(value, meta, version),
    done: `/manage/missions/mission/${mission.slug}`,
  };
}

const newMissionFields = [
  spec('slug', 'Slug', ['slug'], 'Enter a slug for the mission’s address, like safer-streets'),
  ...missionFieldSpecs,
  spec('goalSlug', 'First goal’s slug', ['goals', 0, 'slug'], 'Enter a slug for the first goal'),
  spec(
    'goalStatement',
    'First goal',
    ['goals', 0, 'statement'],
    'Enter the first goal’s statement',
  ),
];

export function newMissionForm(
  deps: FormsDeps,
  government: Government,
): EntityForm<{ mission: MissionValue; goal: Goal }> {
  const answersOf = (v: { mission: MissionValue; goal: Goal }): Answers => ({
    slug: v.mission.slug,
    ...missionAnswers(v.mission),
    goalSlug: v.goal.slug,
    goalStatement: v.goal.statement,
  });
  return {
    template: 'manage-mission-form',
    values: {
      title: `Add a mission to ${government.name}`,
      action: `/manage/missions/government/${government.slug}/new-mission`,
      government,
      adding: true,
      backLink: '/manage/missions',
    },
    fields: newMissionFields,
    entity: { type: 'mission', version: deps.missions.versionOf(null) },
    kind: 'add',
    before: null,
    initial: {},
    async parse(a, errors) {
      const candidate = missionCandidate(a.slug!, a);
      // A mission has at least one goal, as in a missions file: its first is asked for here,
      // citing the mission's own source until it is edited.
      const firstGoal = { slug: a.goalSlug, statement: a.goalStatement, source: candidate.source };
      const value = schemaProblems(
        missionSchema,
        { ...candidate, goals: [firstGoal], projects: [] },
        newMissionFields,
        errors,
      );
      if (value && (await deps.missions.stored()).some((m) => m.slug === value.slug))
        errors.add('slug', 'There is already a mission with this slug: choose another');
      if (!value || errors.any) return undefined;
      const { goals, projects: _projects, ...fields } = value;
      return {
        mission: { ...fields, since: null, governmentSlug: government.slug },
        goal: goalOf(value, goals[0]!, government.area),
      };
    },
    answersOf: (recorded) =>
      recorded ? { slug: '', ...missionAnswers(recorded as MissionFields) } : null,
    afterAnswers: answersOf,
    check: { heading: 'Check the new mission', saveText: 'Add the mission' },
    save: ({ mission, goal }, meta) => deps.missions.addMission(mission, goal, meta),
    done: '/manage/missions',
  };
}

// Goal ------------------------------------------------------------------------------------

const goalFieldSpecs = [
  spec('statement', 'Statement', ['statement'], 'Enter the goal’s statement'),
  spec('indicator', 'Indicator', ['indicator'], 'Enter the indicator’s id, like 3.a.1'),
  spec('series', 'Series', ['series'], 'Enter the series'),
  spec('unit', 'Unit', ['unit'], 'Enter the unit'),
  spec('dimensions', 'Dimensions', ['dimensions'], 'Enter the dimensions, one a line'),
  spec('area', 'Area', ['area'], 'Enter the ONS code of the area the goal is for'),
  spec(
    'baselinePeriod',
    'Baseline period',
    ['baseline', 'period'],
    'Enter the baseline period, like 2023 or 2023/24',
  ),
  spec('baselineValue', 'Baseline value', ['baseline', 'value'], 'Enter the baseline value'),
  spec('targetValue', 'Target value', ['target', 'value'], 'Enter the target value'),
  spec(
    'targetComparator',
    'Target comparator',
    ['target', 'comparator'],
    'Select whether the target is a floor or a ceiling',
  ),
  spec(
    'targetDeadline',
    'Target deadline',
    ['target', 'deadline'],
    'Enter the date the target is for, like 2030-03-31',
  ),
  spec('trajectory', 'Trajectory', ['trajectory'], 'Enter the trajectory’s points, one a line'),
  spec('tolerance', 'Tolerance', ['tolerance'], 'Enter the tolerance'),
  spec('staleAfter', 'Figures go stale after (years)', ['staleAfter'], 'Enter a number of years'),
  spec('proxy', 'Proxy', ['proxy'], 'Select whether the indicator is a proxy'),
  spec('proxyNote', 'Proxy note', ['proxyNote'], 'Enter how the proxy measures the goal'),
  spec('sourceTitle', 'Source', ['source', 'title'], 'Enter where the goal is set out'),
  spec('sourceUrl', 'Source address', ['source', 'url'], 'Enter the source’s web address'),
];
const goalSlugSpec = spec(
  'slug',
  'Slug',
  ['slug'],
  'Enter a slug for the goal’s address, like smoke-free',
);

/** The comparators in words, as the radios offer them. */
const comparatorItems = [
  { value: '<=', text: 'At most (a ceiling, lower is better)' },
  { value: '<', text: 'Below' },
  { value: '>=', text: 'At least (a floor, higher is better)' },
  { value: '>', text: 'Above' },
] satisfies { value: (typeof comparators)[number]; text: string }[];

const goalAnswers = (g: Goal): Answers => ({
  slug: g.slug,
  statement: g.statement,
  indicator: text(g.indicatorId),
  series: text(g.series),
  unit: text(g.unit),
  dimensions: Object.entries(g.dimensions)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n'),
  area: g.areaCode,
  baselinePeriod: text(g.baseline?.period),
  baselineValue: text(g.baseline?.value),
  targetValue: text(g.target?.value),
  targetComparator: text(g.target?.comparator),
  targetDeadline: text(g.target?.deadline),
  trajectory: (g.trajectory ?? []).map((p) => `${p.date} ${p.value}`).join('\n'),
  tolerance: text(g.tolerance),
  staleAfter: text(g.staleAfter),
  proxy: yesNo(g.proxy),
  proxyNote: text(g.proxyNote),
  sourceTitle: g.source.title,
  sourceUrl: text(g.source.url),
});

/** "Name: value" a line, as a goal's dimension filter. */
function parseDimensions(answer: string, errors: FormErrors) {
  const dimensions: Record<string, string> = {};
  lines(answer).forEach((line, i) => {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (colon < 0 || !name || !value)
      errors.add(
        'dimensions',
        `Dimensions, line ${i + 1}: write a name and a value, like Age: 18 to 24`,
      );
    else if (Object.hasOwn(dimensions, name))
      errors.add('dimensions', `Dimensions, line ${i + 1}: ${name} is given twice`);
    else dimensions[name] = value;
  });
  return dimensions;
}

/** "date value" a line, as a goal's trajectory; none when blank. */
function parseTrajectory(answer: string, errors: FormErrors) {
  const points = lines(answer).map((line, i) => {
    const match = /^(\S+)[\s,]+(\S+)$/.exec(line);
    if (!match)
      errors.add(
        'trajectory',
        `Trajectory, line ${i + 1}: write a date and a value, like 2027-03-31 45.5`,
      );
    return { date: match?.[1], value: numberOrText(match?.[2] ?? '') };
  });
  return points.length ? points : undefined;
}

/** The goal as the missions file would have it: optional fields left out when blank. */
function goalCandidate(slug: string, a: Answers, stored: Goal | null) {
  const anyOf = (...names: string[]) => names.some((n) => a[n]);
  return {
    slug,
    statement: a.statement,
    // When the goal took effect is the file's to say: the form keeps it.
    since: stored?.since ?? undefined,
    indicator: optional(a.indicator!),
    // What a goal without an indicator awaits is kept while it has none.
    awaiting: a.indicator ? undefined : (stored?.awaiting ?? undefined),
    proxy: yes(a.proxy!),
    proxyNote: optional(a.proxyNote!),
    series: optional(a.series!),
    unit: optional(a.unit!),
    area: optional(a.area!),
    baseline: anyOf('baselinePeriod', 'baselineValue')
      ? { period: a.baselinePeriod, value: numberOrText(a.baselineValue!) }
      : undefined,
    target: anyOf('targetValue', 'targetComparator', 'targetDeadline')
      ? {
          value: numberOrText(a.targetValue!),
          comparator: optional(a.targetComparator!),
          deadline: optional(a.targetDeadline!),
        }
      : undefined,
    tolerance: numberOrText(a.tolerance!),
    staleAfter: numberOrText(a.staleAfter!),
    // Links to other missions' goals are kept as they are: the form does not change them.
    feeds: stored?.feeds ?? [],
    source: { title: a.sourceTitle, url: optional(a.sourceUrl!) },
  };
}

/** What the file's cross-checks of a goal say, by the field a person would change. */
const crossCheckFields: Record<string, [string, string]> = {
  target: [
    'baselinePeriod',
    'Enter the baseline period: a target measured by an indicator needs a baseline to measure progress from',
  ],
  proxyNote: [
    'proxyNote',
    'Select “Yes” for proxy, or remove the proxy note: the note explains a proxy',
  ],
  series: [
    'indicator',
    'Enter the indicator, or remove the series, unit and dimensions: they need an indicator',
  ],
};

interface GoalContext {
  government: Government;
  mission: Mission;
  /** Every goal of the government's missions ("mission/goal"), which links may name. */
  goalKeys: Set<string>;
}

export function goalForm(
  deps: FormsDeps,
  { government, mission, goalKeys }: GoalContext,
  goal: Goal | null,
): EntityForm<Goal> {
  const fields = goal ? goalFieldSpecs : [goalSlugSpec, ...goalFieldSpecs];
  const missionPage = `/manage/missions/mission/${mission.slug}`;
  return {
    template: 'manage-goal',
    values: {
      title: goal ? `Change the goal: ${goal.statement}` : `Add a goal to ${mission.title}`,
      action: goal ? `${missionPage}/goals/${goal.slug}` : `${missionPage}/new-goal`,
      mission,
      goal,
      governmentArea: government.area,
      comparatorItems,
      backLink: missionPage,
    },
    fields,
    entity: { type: 'goal', version: deps.missions.versionOf(goal) },
    kind: goal ? 'edit' : 'add',
    before: goal && goalAnswers(goal),
    initial: goal ? goalAnswers(goal) : { proxy: 'no' },
    async parse(a, errors) {
      const dimensions = parseDimensions(a.dimensions!, errors);
      const trajectory = parseTrajectory(a.trajectory!, errors);
      const slug = goal?.slug ?? a.slug!;
      const value: GoalDefinition | undefined = schemaProblems(
        goalSchema,
        { ...goalCandidate(slug, a, goal), dimensions, trajectory },
        fields,
        errors,
      );
      if (!value) return undefined;
      checkGoal(value, mission.slug, goalKeys, (path, message) => {
        const [name, words] = crossCheckFields[String(path[0])] ?? [
          'statement',
          message[0]!.toUpperCase() + message.slice(1),
        ];
        errors.add(name, words);
      });
      if (value.area && !(await deps.areaExists(value.area)))
        errors.add('area', areaProblem(value.area));
      if (!goal && mission.goals.some((g) => g.slug === slug))
        errors.add('slug', 'There is already a goal with this slug in this mission');
      return goalOf(mission, value, government.area);
    },
    answersOf: (recorded) => (recorded ? goalAnswers(recordedGoal(recorded)) : null),
    afterAnswers: goalAnswers,
    check: {
      heading: goal ? 'Check the changes to the goal' : 'Check the new goal',
      saveText: goal ? 'Save the goal' : 'Add the goal',
      rows: [{ key: 'Mission', value: mission.title }],
    },
    save: (value, meta, version) => deps.missions.saveGoal(value, meta, version),
    done: missionPage,
  };
}

export function deleteGoalForm(deps: FormsDeps, mission: Mission, goal: Goal): EntityForm<Goal> {
  const missionPage = `/manage/missions/mission/${mission.slug}`;
  return {
    template: 'manage-goal-delete',
    values: {
      title: `Delete the goal: ${goal.statement}`,
      action: `${missionPage}/goals/${goal.slug}/delete`,
      mission,
      goal,
      backLink: missionPage,
    },
    fields: [goalSlugSpec, ...goalFieldSpecs],
    entity: { type: 'goal', version: deps.missions.versionOf(goal) },
    kind: 'delete',
    before: goalAnswers(goal),
    initial: {},
    async parse(_answers, errors) {
      if (mission.goals.length === 1)
        errors.add(
          'reason',
          'A mission needs at least one goal: add another before deleting this one',
        );
      return goal;
    },
    answersOf: (recorded) => (recorded ? goalAnswers(recordedGoal(recorded)) : null),
    afterAnswers: goalAnswers,
    check: {
      heading: 'Check the goal to delete',
      saveText: 'Delete the goal',
      rows: [
        { key: 'Mission', value: mission.title },
        { key: 'Goal', value: goal.statement },
      ],
    },
    save: (value, meta, version) =>
      deps.missions.deleteGoal(mission.slug, value.slug, meta, version),
    done: missionPage,
  };
}

// Project ---------------------------------------------------------------------------------

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

// Indicator direction ---------------------------------------------------------------------

const directionFields = [
  spec('direction', 'Which way is better', ['direction'], 'Select which way is better'),
];

export function directionForm(
  deps: FormsDeps,
  government: Government,
  indicator: { id: string; title: string; direction: Direction | null; known: boolean },
): EntityForm<Direction> {
  const recorded = indicator.known ? { direction: indicator.direction } : null;
  return {
    template: 'manage-indicator',
    values: {
      title: `Which way is better for ${indicator.id}`,
      action: `/manage/missions/government/${government.slug}/indicators/${encodeURIComponent(indicator.id)}`,
      government,
      indicator,
      backLink: '/manage/missions',
    },
    fields: directionFields,
    entity: { type: 'indicator', version: deps.missions.versionOf(recorded) },
    kind: 'edit',
    before: { direction: text(indicator.direction) },
    initial: { direction: text(indicator.direction) },
    async parse(a, errors) {
      return schemaProblems(
        indicatorDirectionSchema,
        { id: indicator.id, direction: optional(a.direction!) },
        directionFields,
        errors,
      )?.direction;
    },
    answersOf: (r) =>
      r ? { direction: text((r as { direction: string | null }).direction) } : null,
    afterAnswers: (direction) => ({ direction }),
    check: {
      heading: `Check which way is better for ${indicator.id}`,
      saveText: 'Save',
      rows: [{ key: 'Indicator', value: `${indicator.id}: ${indicator.title}` }],
    },
    save: (value, meta, version) => deps.missions.saveDirection(indicator.id, value, meta, version),
    done: '/manage/missions',
  };
}
