// The workspace's forms of a government, a mission and an indicator's direction, and what the
// missions' forms share (goals are in goalForms.ts, projects and milestones in projectForms.ts):
// each entity as the text of its form and back, checked by the missions file's own schemas and
// saved by the missions service's versioned writes.
import {
  governmentSchema,
  indicatorDirectionSchema,
  missionFieldsSchema,
  missionSchema,
  type Direction,
  type Goal,
  type Mission,
} from '../../domain/mission.ts';
import { goalOf } from './load.ts';
import {
  lines,
  optional,
  schemaProblems,
  type Answers,
  type EntityForm,
  type FieldSpec,
} from './manageForm.ts';
import type { MissionsService } from './service.ts';
import { missionFields, type Government, type MissionFields } from './store.ts';

export interface FormsDeps {
  missions: MissionsService;
  /** Whether an ONS area code is known, as `missions load` asks of a file's areas. */
  areaExists(code: string): Promise<boolean>;
}

export const spec = (
  name: string,
  label: string,
  path: (string | number)[],
  missing: string,
): FieldSpec => ({ name, label, path, missing });

export const areaProblem = (code: string) =>
  `Area must be a known ONS area code: there is no area ${code}`;

/** Yes/no radios as the file's booleans. */
export const yes = (answer: string) => answer === 'yes';
export const yesNo = (value: boolean) => (value ? 'yes' : 'no');
export const text = (value: string | number | null | undefined) =>
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
