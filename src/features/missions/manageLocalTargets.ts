// A goal's local targets in the workspace. The goal's own government divides it among areas
// (how they add up, and the weights' source for rates); an area's own target is set by the
// goal's government or by the government of an area containing it, and recorded as set by it.
// Each form goes the one way every missions form goes (manageForm.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import {
  divisionLevels,
  divisionMethodLabels,
  divisionMethods,
  divisionSchema,
  localTargetSchema,
  type Division,
  type LocalTarget,
} from '../../domain/localTargets.ts';
import { formatValue } from '../../domain/format.ts';
import type { Goal, Mission } from '../../domain/mission.ts';
import { levelNames } from '../../domain/area.ts';
import { allows } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import type { GoalDivision } from './localTargets.ts';
import {
  numberOrText,
  optional,
  schemaProblems,
  showForm,
  submitForm,
  type Answers,
  type EntityForm,
  type FieldSpec,
  type FormContext,
} from './manageForm.ts';
import type { Government } from './store.ts';

const text = (v: string | number | null | undefined) =>
  v === null || v === undefined ? '' : String(v);

const divisionFields: FieldSpec[] = [
  {
    name: 'level',
    label: 'Areas',
    path: ['level'],
    missing: 'Select the areas the goal is divided among',
  },
  {
    name: 'method',
    label: 'How they add up',
    path: ['method'],
    missing: 'Select how the local targets add up',
  },
  {
    name: 'weightsSource',
    label: 'Source of the weights',
    path: ['weightsSource'],
    missing: 'Enter the source of the weights: a weighted mean needs it',
  },
  {
    name: 'totalWeight',
    label: 'Total weight',
    path: ['totalWeight'],
    missing: 'Enter the total weight',
  },
];
const divisionAnswers = (d: Division): Answers => ({
  level: d.level,
  method: d.method,
  weightsSource: text(d.weightsSource),
  totalWeight: text(d.totalWeight),
});

const targetFields: FieldSpec[] = [
  { name: 'value', label: 'Target', path: ['value'], missing: 'Enter the area’s target' },
  { name: 'weight', label: 'Weight', path: ['weight'], missing: 'Enter the area’s weight' },
];
const targetAnswers = (t: LocalTarget): Answers => ({
  value: text(t.value),
  weight: text(t.weight),
});

export function setUpLocalTargetsWorkspace(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { missions } = services;
  const { divisions } = missions;
  const areas = services.areas;
  const context: FormContext = { missions, view };

  /** The stored mission and goal a route names, with the goal's government: or a 404. */
  const goalOr404 = async (params: Record<string, string>) => {
    const mission = (await missions.stored()).find((m) => m.slug === params.mission);
    const goal = mission?.goals.find((g) => g.slug === params.goal);
    if (!mission || !goal) throw new NotFoundError('Goal');
    const governments = await missions.governments();
    const government = governments.find((g) => g.slug === mission.governmentSlug)!;
    return { mission, goal, government, governments };
  };
  /**
   * The government an area's target is set as: the goal's own, or one whose area contains the
   * area, whichever the person edits (the goal's own first). What the guard asks about.
   */
  const setterOf = (
    req: FastifyRequest,
    owner: Government,
    governments: Government[],
    areaCode: string,
  ) =>
    [
      owner,
      ...governments.filter((g) => g.slug !== owner.slug && divisions.covers(g.area, areaCode)),
    ].find((g) => allows(req.principal, 'targets.local', g.slug)) ?? owner;
  const params = (req: FastifyRequest) => req.params as Record<string, string>;
  const ownerScope = async (req: FastifyRequest) =>
    (await missions.stored()).find((m) => m.slug === params(req).mission)?.governmentSlug ?? '';
  // A goal that does not exist is no editor's: refused, as the other workspace routes are.
  const areaScope = async (req: FastifyRequest) => {
    const found = await goalOr404(params(req)).catch(() => undefined);
    return found ? setterOf(req, found.government, found.governments, params(req).area!).slug : '';
  };
  const base = (m: Mission, g: Goal) =>
    `/manage/missions/mission/${m.slug}/goals/${g.slug}/local-targets`;
  const goalParams = z.strictObject({ mission: pathParam, goal: pathParam });
  const areaParams = z.strictObject({ mission: pathParam, goal: pathParam, area: pathParam });

  // The goal's division and every area the person may set a target for.
  pages.get(
    '/manage/missions/mission/:mission/goals/:goal/local-targets',
    {
      config: { policy: 'targets.local' },
      schema: {
        params: goalParams,
        querystring: z.strictObject({ saved: textParam(20), unchanged: textParam(20) }),
      },
    },
    async (req, reply) => {
      const { mission, goal, government, governments } = await goalOr404(req.params);
      const divided = await divisions.divisionAt({
        missionSlug: mission.slug,
        goalSlug: goal.slug,
      });
      const all = await areas.list();
      const ofLevel = divided
        ? all.filter(
            (a) =>
              a.current &&
              a.level === divided.division.level &&
              divisions.covers(goal.areaCode, a.code),
          )
        : [];
      const targets = new Map(divided?.targets.map((t) => [t.areaCode, t]));
      const names = new Map(governments.map((g) => [g.slug, g.name]));
      const codes = [...new Set([...ofLevel.map((a) => a.code), ...targets.keys()])];
      const rows = codes
        .map((code) => ({
          code,
          name: all.find((a) => a.code === code)?.name ?? code,
          target: targets.get(code),
          setBy: names.get(targets.get(code)?.setBy ?? '') ?? null,
          canSet: allows(
            req.principal,
            'targets.local',
            setterOf(req, government, governments, code).slug,
          ),
        }))
        .filter((r) => r.canSet || r.target)
        .sort((a, b) => a.name.localeCompare(b.name));
      return view(reply, 'manage-local-targets', {
        title: `Local targets: ${goal.statement}`,
        activeWorkspace: '/manage/missions',
        backLink: `/manage/missions/mission/${mission.slug}`,
        done: req.query.saved ? 'saved' : req.query.unchanged ? 'unchanged' : undefined,
        mission,
        goal,
        government,
        division: divided?.division,
        canDivide: allows(req.principal, 'missions.edit', government.slug),
        base: base(mission, goal),
        rows,
      });
    },
  );

  const formRoute = (
    url: string,
    schema: z.ZodObject,
    config: {
      policy: 'missions.edit' | 'targets.local';
      scope: (req: FastifyRequest) => Promise<string>;
    },
    build: (req: FastifyRequest) => Promise<EntityForm<unknown>>,
  ) => {
    pages.get(
      url,
      { config, schema: { params: schema, querystring: noQuery } },
      async (req, reply) => showForm(context, reply, await build(req)),
    );
    pages.post(url, { config, schema: { params: schema } }, async (req, reply) =>
      submitForm(context, req, reply, await build(req)),
    );
  };

  // How the goal is divided: by its own government's editors.
  formRoute(
    '/manage/missions/mission/:mission/goals/:goal/local-targets/division',
    goalParams,
    { policy: 'missions.edit', scope: ownerScope },
    async (req) => {
      const { mission, goal } = await goalOr404(params(req));
      const key = { missionSlug: mission.slug, goalSlug: goal.slug };
      const divided = await divisions.divisionAt(key);
      return divisionForm(mission, goal, divided) as EntityForm<unknown>;
    },
  );
  formRoute(
    '/manage/missions/mission/:mission/goals/:goal/local-targets/end',
    goalParams,
    { policy: 'missions.edit', scope: ownerScope },
    async (req) => {
      const { mission, goal } = await goalOr404(params(req));
      const divided = await divisions.divisionAt({
        missionSlug: mission.slug,
        goalSlug: goal.slug,
      });
      if (!divided) throw new NotFoundError('Division');
      return endDivisionForm(mission, goal, divided) as EntityForm<unknown>;
    },
  );
  // An area's own target, set as the government the person edits.
  formRoute(
    '/manage/missions/mission/:mission/goals/:goal/local-targets/:area',
    areaParams,
    { policy: 'targets.local', scope: areaScope },
    async (req) => {
      const { mission, goal, government, governments } = await goalOr404(params(req));
      const area = await areas.get(params(req).area!);
      const divided = await divisions.divisionAt({
        missionSlug: mission.slug,
        goalSlug: goal.slug,
      });
      if (!area || !divided) throw new NotFoundError(area ? 'Division' : 'Area');
      const setter = setterOf(req, government, governments, area.code);
      return targetForm(mission, goal, divided, area, setter) as EntityForm<unknown>;
    },
  );
  formRoute(
    '/manage/missions/mission/:mission/goals/:goal/local-targets/:area/remove',
    areaParams,
    { policy: 'targets.local', scope: areaScope },
    async (req) => {
      const { mission, goal } = await goalOr404(params(req));
      const divided = await divisions.divisionAt({
        missionSlug: mission.slug,
        goalSlug: goal.slug,
      });
      const target = divided?.targets.find((t) => t.areaCode === params(req).area);
      const area = await areas.get(params(req).area!);
      if (!divided || !target || !area) throw new NotFoundError('Target');
      return removeTargetForm(mission, goal, divided, area, target) as EntityForm<unknown>;
    },
  );

  function divisionForm(
    mission: Mission,
    goal: Goal,
    divided: GoalDivision | undefined,
  ): EntityForm<Division> {
    const initial = divided
      ? divisionAnswers(divided.division)
      : { level: 'la', method: 'sum', weightsSource: '', totalWeight: '' };
    return {
      template: 'manage-division',
      values: {
        title: `Divide the goal among areas: ${goal.statement}`,
        action: `${base(mission, goal)}/division`,
        mission,
        goal,
        levels: divisionLevels.map((level) => ({ value: level, text: levelNames[level] })),
        methods: divisionMethods.map((method) => ({
          value: method,
          text: divisionMethodLabels[method],
        })),
        backLink: base(mission, goal),
      },
      fields: divisionFields,
      entity: { type: 'goal-division', version: divisions.divisionVersion(divided) },
      kind: divided ? 'edit' : 'add',
      before: divided ? divisionAnswers(divided.division) : null,
      initial,
      async parse(a, errors) {
        return schemaProblems(
          divisionSchema,
          {
            level: optional(a.level!),
            method: optional(a.method!),
            weightsSource: optional(a.weightsSource!.trim()),
            totalWeight: numberOrText(a.totalWeight!.trim()),
          },
          divisionFields,
          errors,
        );
      },
      answersOf: (r) => (r ? divisionAnswers(r as Division) : null),
      afterAnswers: divisionAnswers,
      check: {
        heading: 'Check how the goal is divided',
        saveText: 'Save',
        rows: [{ key: 'Goal', value: goal.statement }],
      },
      save: (value, meta, version) => divisions.divide(goal, value, meta, version),
      done: base(mission, goal),
    };
  }

  function endDivisionForm(mission: Mission, goal: Goal, divided: GoalDivision): EntityForm<null> {
    return {
      template: 'manage-division-end',
      values: {
        title: `End the division: ${goal.statement}`,
        action: `${base(mission, goal)}/end`,
        mission,
        goal,
        count: divided.targets.length,
        backLink: base(mission, goal),
      },
      fields: divisionFields,
      entity: { type: 'goal-division', version: divisions.divisionVersion(divided) },
      kind: 'delete',
      before: divisionAnswers(divided.division),
      initial: {},
      parse: async () => null,
      answersOf: (r) => (r ? divisionAnswers(r as Division) : null),
      afterAnswers: () => ({}),
      check: {
        heading: 'Check the division to end',
        saveText: 'End the division and remove its targets',
        rows: [
          { key: 'Goal', value: goal.statement },
          { key: 'Local targets removed', value: String(divided.targets.length) },
        ],
      },
      save: (_value, meta, version) => divisions.divide(goal, null, meta, version),
      done: base(mission, goal),
    };
  }

  function targetForm(
    mission: Mission,
    goal: Goal,
    divided: GoalDivision,
    area: { code: string; name: string },
    setter: Government,
  ): EntityForm<LocalTarget> {
    const stored = divided.targets.find((t) => t.areaCode === area.code);
    const weighted = divided.division.method === 'weighted-mean';
    return {
      template: 'manage-local-target',
      values: {
        title: `Target for ${area.name}: ${goal.statement}`,
        action: `${base(mission, goal)}/${area.code}`,
        mission,
        goal,
        area,
        setter,
        weighted,
        division: divided.division,
        backLink: base(mission, goal),
      },
      fields: weighted ? targetFields : targetFields.slice(0, 1),
      entity: { type: 'local-target', version: divisions.targetVersion(divided, area.code) },
      kind: stored ? 'edit' : 'add',
      before: stored ? targetAnswers(stored) : null,
      initial: stored ? targetAnswers(stored) : { value: '', weight: '' },
      async parse(a, errors) {
        const target = schemaProblems(
          localTargetSchema,
          {
            areaCode: area.code,
            value: numberOrText(a.value!.trim()),
            weight: weighted ? (numberOrText(a.weight!.trim()) ?? null) : null,
            setBy: setter.slug,
          },
          targetFields,
          errors,
        );
        const problem = target && divisions.problemWith(goal, divided.division, target);
        if (problem) errors.add(problem.field, problem.message);
        return problem ? undefined : target;
      },
      answersOf: (r) => (r ? targetAnswers(r as LocalTarget) : null),
      afterAnswers: targetAnswers,
      check: {
        heading: `Check ${area.name}’s target`,
        saveText: 'Save',
        rows: [
          { key: 'Goal', value: goal.statement },
          { key: 'Area', value: `${area.name} (${area.code})` },
          { key: 'Set by', value: setter.name },
          ...(goal.target
            ? [{ key: 'National target', value: formatValue(goal.target.value, goal.unit) }]
            : []),
        ],
      },
      save: (value, meta, version) => divisions.setTarget(goal, area.code, value, meta, version),
      done: base(mission, goal),
    };
  }

  function removeTargetForm(
    mission: Mission,
    goal: Goal,
    divided: GoalDivision,
    area: { code: string; name: string },
    target: LocalTarget,
  ): EntityForm<null> {
    return {
      template: 'manage-local-target-remove',
      values: {
        title: `Remove ${area.name}’s target`,
        action: `${base(mission, goal)}/${area.code}/remove`,
        mission,
        goal,
        area,
        target,
        backLink: base(mission, goal),
      },
      fields: targetFields,
      entity: { type: 'local-target', version: divisions.targetVersion(divided, area.code) },
      kind: 'delete',
      before: targetAnswers(target),
      initial: {},
      parse: async () => null,
      answersOf: (r) => (r ? targetAnswers(r as LocalTarget) : null),
      afterAnswers: () => ({}),
      check: {
        heading: `Check the target to remove`,
        saveText: 'Remove the target',
        rows: [
          { key: 'Goal', value: goal.statement },
          { key: 'Area', value: `${area.name} (${area.code})` },
        ],
      },
      save: (_value, meta, version) => divisions.setTarget(goal, area.code, null, meta, version),
      done: base(mission, goal),
    };
  }
}
