// What the missions' API answers, as zod schemas: each route serialises through these and the
// OpenAPI document describes them, so the two cannot drift. Goals and assessments are the same
// shapes the pages use (domain/mission.ts, domain/assessment.ts); nested method details (the
// Open SDG inputs, the projection) are described by their main fields and keep the rest.
import { z } from 'zod';
import { statuses } from '../../domain/status.ts';
import { comparators } from '../../domain/mission.ts';
import { decimalYear, isoDateString } from '../../platform/http/problem.ts';
import { openSdgStatuses } from '../../domain/openSdgProgress.ts';

const source = z.object({ title: z.string(), url: z.string().optional() });
const statusEnum = z.enum(statuses);
const statusCounts = z.object(
  Object.fromEntries(statuses.map((s) => [s, z.number().int()])) as Record<
    (typeof statuses)[number],
    z.ZodNumber
  >,
);
const figure = z.object({ period: z.string(), value: z.number() });
const point = z.object({
  time: decimalYear,
  date: isoDateString.describe('The decimal year as the ISO date it falls on'),
  value: z.number(),
});

const openSdg = z
  .object({
    status: z.enum(openSdgStatuses),
    score: z.number().nullable().describe('From −5 to 5; null when not available'),
    reason: z.string().optional(),
    inputs: z.object({
      points: z.array(z.object({ year: z.number(), value: z.number() })),
      baseYear: z.number().nullable(),
      currentYear: z.number().nullable(),
      baseValue: z.number().nullable(),
      currentValue: z.number().nullable(),
      direction: z.enum(['positive', 'negative']),
      target: z.number().nullable(),
      targetYear: z.number().nullable(),
      limit: z.number().nullable(),
    }),
    cagr: z.number().nullable().describe('Observed compound annual growth rate'),
    requiredCagr: z.number().nullable(),
    value: z.number().nullable(),
  })
  .describe('The Open SDG progress measure on the same series, with every input it used');

const projection = z
  .discriminatedUnion('ok', [
    z.object({ ok: z.literal(false), reason: z.string() }),
    z.object({
      ok: z.literal(true),
      points: z.array(point).describe('The figures the trend is fitted to'),
      slope: z.number().describe('Change per year'),
      intercept: z.number(),
      residualSd: z.number(),
      at: decimalYear.describe('The time projected to (the deadline)'),
      atDate: isoDateString.describe('`at` as an ISO date'),
      value: z.number().describe('The central projection at the deadline'),
      lower: z.number(),
      upper: z.number(),
      probability: z.number().describe('The chance the figure at the deadline meets the target'),
      reachesTargetAt: decimalYear
        .nullable()
        .describe('When the trend line reaches the target; null if it never does'),
      reachesTargetOn: isoDateString.nullable().describe('`reachesTargetAt` as an ISO date'),
    }),
  ])
  .describe('The recent trend projected to the deadline, with its interval');

export const assessment = z.object({
  status: statusEnum,
  reason: z
    .enum([
      'no-data',
      'no-target',
      'no-baseline',
      'too-few-points',
      'stale-data',
      'definition-changed',
    ])
    .nullable(),
  summary: z.string(),
  direction: z.enum(['higher', 'lower']).nullable(),
  latest: figure.nullable(),
  baseline: figure.nullable(),
  trajectoryValue: z.number().nullable(),
  gap: z.number().nullable(),
  trajectory: z.array(point),
  projection: projection.nullable(),
  openSdg: openSdg.nullable(),
});

const target = z.object({
  value: z.number(),
  comparator: z.enum(comparators),
  deadline: isoDateString,
});

export const goal = z.object({
  mission: z.string().describe("The mission's slug"),
  goal: z.string().describe("The goal's slug, unique within its mission"),
  statement: z.string(),
  since: isoDateString.nullable(),
  indicator: z.string().nullable().describe('The indicator that measures it'),
  indicatorTitle: z.string().nullable(),
  awaiting: z.string().nullable(),
  proxy: z.boolean(),
  proxyNote: z.string().nullable(),
  series: z.string().nullable(),
  unit: z.string().nullable(),
  dimensions: z.record(z.string(), z.string()).describe('The breakdown measured'),
  area: z.string().describe('ONS GSS code of the area it is for'),
  baseline: z.object({ period: z.string(), value: z.number().nullable() }).nullable(),
  target: target.nullable(),
  trajectory: z.array(z.object({ date: isoDateString, value: z.number() })).nullable(),
  tolerance: z.number().nullable(),
  staleAfter: z.number().nullable(),
  feeds: z.array(z.object({ goal: z.string(), why: z.string() })),
  source,
  recent: z.array(
    z.object({
      period: z.string(),
      time: decimalYear,
      date: isoDateString.describe('The end of the period: the decimal year as an ISO date'),
      value: z.number(),
    }),
  ),
  assessment,
});

const project = z.object({
  project: z.string().describe("The project's slug"),
  title: z.string(),
  lead: z.string(),
  contributors: z.array(z.string()),
  start: isoDateString.nullable(),
  end: isoDateString.nullable(),
  status: z.string(),
  confidence: z.string().nullish(),
  firstStep: z.boolean(),
  milestones: z.array(
    z.object({ title: z.string(), due: isoDateString, done: isoDateString.optional() }),
  ),
});

export const mission = z.object({
  mission: z.string().describe("The mission's slug"),
  government: z.string().describe("The government's slug"),
  title: z.string(),
  ambition: z.string(),
  stewards: z.array(z.string()),
  since: isoDateString.nullable(),
  start: isoDateString,
  horizon: isoDateString,
  source,
  goals: z.array(goal),
  projects: z.array(project),
  statusCounts,
  weakestGoal: z.object({ goal: z.string(), statement: z.string(), status: statusEnum }).nullable(),
});

export const governments = z.object({
  governments: z.array(
    z.object({
      government: z.string().describe("The government's slug"),
      name: z.string(),
      area: z.string().describe('ONS GSS code of the area it governs'),
      overview: z.string().describe('The address of its overview page'),
    }),
  ),
});

export const assessmentRow = assessment.extend({
  government: z.string(),
  mission: z.string(),
  goal: z.string(),
  statement: z.string(),
  indicator: z.string().nullable(),
  area: z.string(),
  target: target.nullable(),
});

const areaAssessment = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string().nullable(),
  ownTarget: z.number().nullable().describe("The area's own target, where it has one"),
  assessment,
});

const byArea = z
  .object({
    areas: z.array(areaAssessment),
    counts: statusCounts,
    best: areaAssessment.nullable(),
    worst: areaAssessment.nullable(),
    spread: z.number().nullable(),
    holdingBack: z.array(areaAssessment),
    everyAreaAchieved: z.boolean(),
  })
  .nullable()
  .describe('The goal judged in every area with figures for its measure');

export const goalDetail = goal.extend({
  byArea,
  localTargets: z
    .looseObject({})
    .nullable()
    .describe("How the goal is divided among areas, each area's target, and whether they add up"),
});
