// The workspace's form of a goal, and of its deletion: the goal as the text of its form and back,
// checked by the missions file's own schema and cross-checks.
import {
  comparators,
  goalSchema,
  type Goal,
  type GoalDefinition,
  type Mission,
} from '../../domain/mission.ts';
import { recordedGoal } from '../../domain/history.ts';
import { FormErrors } from '../../platform/http/forms.ts';
import { goalOf } from './load.ts';
import { checkGoal } from './missionsFile.ts';
import {
  lines,
  numberOrText,
  optional,
  schemaProblems,
  type Answers,
  type EntityForm,
} from './manageForm.ts';
import { areaProblem, spec, text, yes, yesNo, type FormsDeps } from './manageForms.ts';
import type { Government } from './store.ts';

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
    'Enter the indicator, or remove the series and dimensions: they need an indicator',
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
