// Missions, goals and route maps: the types the rest of Northstar speaks, and the schema of a
// government's missions file (YAML), validated strictly so a typo is an error, not a gap.
import { z } from 'zod';
import { RESERVED_SLUGS } from './government.ts';
import { isIsoDate } from './period.ts';
import { isWebAddress, webAddressRule } from './url.ts';

// A real date: 2030-02-30 would otherwise be read as 2 March.
export const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD'));
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lowercase slug like clean-power');
/**
 * A slug made from a name, for things named by people (a steward, an organisation); `fallback`
 * when the name has no letter or digit in it.
 * @example slugFrom('Tyne Builders Co-operative', 'organisation') // 'tyne-builders-co-operative'
 */
export const slugFrom = (text: string, fallback: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || fallback;
export const gssCode = z
  .string()
  .regex(/^[A-Z]\d{8}$/, 'expected a 9-character ONS GSS code like E92000001');
const source = z.strictObject({
  title: z.string().min(1),
  url: z.string().refine(isWebAddress, webAddressRule).optional(),
});

export const comparators = ['<=', '<', '>=', '>'] as const;
export type Comparator = (typeof comparators)[number];
export type Direction = 'higher' | 'lower';

// The rules of each entity, exported so the workspace's forms check exactly what a missions file
// is checked against.
export const governmentSchema = z.strictObject({
  // A government's overview is at its slug, so it may not be a path the site already uses.
  slug: slug.refine((s) => !RESERVED_SLUGS.has(s), 'is a path the site already uses'),
  name: z.string().min(1),
  area: gssCode,
});

export const indicatorDirectionSchema = z.strictObject({
  id: z.string().min(1),
  direction: z.enum(['higher', 'lower']),
});

/** The date a commitment took effect: when it was made, not when it was loaded. */
const since = isoDate.optional();

export const goalSchema = z.strictObject({
  slug,
  statement: z.string().min(1),
  since,
  indicator: z.string().min(1).optional(),
  /** Without an indicator: the statistics the goal awaits, and why they are not here. */
  awaiting: z.string().min(1).optional(),
  proxy: z.boolean().default(false),
  proxyNote: z.string().optional(),
  series: z.string().optional(),
  unit: z.string().optional(),
  dimensions: z.record(z.string(), z.string()).default({}),
  area: gssCode.optional(),
  baseline: z.strictObject({ period: z.string().min(1), value: z.number().optional() }).optional(),
  target: z
    .strictObject({ value: z.number(), comparator: z.enum(comparators), deadline: isoDate })
    .optional(),
  trajectory: z
    .array(z.strictObject({ date: isoDate, value: z.number() }))
    .min(2)
    .optional(),
  /** How far behind the path, as a share of the planned change, still counts as at risk. */
  tolerance: z.number().min(0).max(1).optional(),
  /** Years after its period ends that a figure still shows how the goal stands (default 3). */
  staleAfter: z.number().positive().optional(),
  /** Goals of other missions this one helps to reach ("mission/goal"), and how. */
  feeds: z
    .array(
      z.strictObject({
        goal: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'expected mission-slug/goal-slug'),
        why: z.string().min(1),
      }),
    )
    .default([]),
  source,
});

export const milestoneSchema = z.strictObject({
  title: z.string().min(1),
  due: isoDate,
  done: isoDate.optional(),
});

export const projectSchema = z.strictObject({
  slug,
  title: z.string().min(1),
  lead: z.string().min(1),
  contributors: z.array(z.string()).default([]),
  start: isoDate.optional(),
  end: isoDate.optional(),
  status: z.enum(['planned', 'in-progress', 'complete', 'paused']),
  confidence: z.enum(['green', 'amber-green', 'amber', 'amber-red', 'red']).optional(),
  firstStep: z.boolean().default(false),
  milestones: z.array(milestoneSchema).default([]),
});

/** A mission's own fields, without its goals and projects. */
export const missionFieldsSchema = z.strictObject({
  slug,
  title: z.string().min(1),
  ambition: z.string().min(1),
  stewards: z.array(z.string()).default([]),
  since,
  start: isoDate,
  horizon: isoDate,
  source,
});

export const missionSchema = z.strictObject({
  ...missionFieldsSchema.shape,
  goals: z.array(goalSchema).min(1),
  projects: z.array(projectSchema).default([]),
});

export const missionsFileSchema = z.strictObject({
  government: governmentSchema,
  indicators: z.array(indicatorDirectionSchema).default([]),
  missions: z.array(missionSchema).min(1),
});

export type MissionsFile = z.infer<typeof missionsFileSchema>;
export type GoalDefinition = z.infer<typeof goalSchema>;
export type ProjectDefinition = z.infer<typeof projectSchema>;
export type MissionDefinition = z.infer<typeof missionSchema>;
export type Source = z.infer<typeof source>;

/** A goal as stored: its definition plus the mission and area it belongs to. */
export interface Goal {
  missionSlug: string;
  slug: string;
  statement: string;
  /** When the goal and its target took effect (ISO date); null if when it was recorded. */
  since: string | null;
  indicatorId: string | null;
  awaiting: string | null;
  proxy: boolean;
  proxyNote: string | null;
  series: string | null;
  unit: string | null;
  dimensions: Record<string, string>;
  areaCode: string;
  baseline: { period: string; value: number | null } | null;
  target: { value: number; comparator: Comparator; deadline: string } | null;
  trajectory: { date: string; value: number }[] | null;
  tolerance: number | null;
  staleAfter: number | null;
  feeds: { goal: string; why: string }[];
  source: Source;
}

export interface Project {
  slug: string;
  title: string;
  lead: string;
  contributors: string[];
  start: string | null;
  end: string | null;
  status: ProjectDefinition['status'];
  confidence: ProjectDefinition['confidence'] | null;
  firstStep: boolean;
  milestones: { title: string; due: string; done?: string }[];
}

export interface Mission {
  slug: string;
  governmentSlug: string;
  title: string;
  ambition: string;
  stewards: string[];
  /** When the mission took effect (ISO date); null if when it was recorded. */
  since: string | null;
  start: string;
  horizon: string;
  source: Source;
  goals: Goal[];
  projects: Project[];
}

/** Whether `value` meets a target under its comparator. */
export function meetsTarget(value: number, target: { value: number; comparator: Comparator }) {
  switch (target.comparator) {
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
  }
}

/** The direction a target implies: a ceiling means lower is better. */
export function directionOfComparator(comparator: Comparator): Direction {
  return comparator.startsWith('<') ? 'lower' : 'higher';
}
