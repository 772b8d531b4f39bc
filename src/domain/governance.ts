// Governance: each mission's board, its stewards' mandate letters, the stocktakes where the
// steward rates delivery confidence in every goal and project, and the decisions, actions and
// risks the board keeps. Every record is public or internal. What the rules here decide (the
// optimism gap, an overdue action, a milestone's slippage) is written on the methodology page.
import { z } from 'zod';
import { evaluationSchema } from './evaluation.ts';
import { isoDate, slug } from './mission.ts';
import { processSchema } from './participation.ts';
import type { Status } from './status.ts';

/** The Infrastructure and Projects Authority's delivery-confidence scale, greenest first. */
export const ratings = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
export type Rating = (typeof ratings)[number];
export const ratingLabels: Readonly<Record<Rating, string>> = {
  green: 'Green',
  'amber-green': 'Amber/green',
  amber: 'Amber',
  'amber-red': 'Amber/red',
  red: 'Red',
};

export const visibilities = ['public', 'internal'] as const;
export type Visibility = (typeof visibilities)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const name = text(200);
const cadences = ['monthly', 'quarterly', 'half-yearly'] as const;
const score = z.number().int().min(1).max(5);

/** Each kind of record and the rules its content keeps. */
export const governanceSchemas = {
  board: z.strictObject({
    chair: name,
    cadence: z.enum(cadences),
    members: z
      .array(z.strictObject({ name, role: name, department: name }))
      .max(100)
      .default([]),
  }),
  'mandate-letter': z.strictObject({ steward: name, dated: isoDate, body: text(20_000) }),
  stocktake: z.strictObject({
    heldOn: isoDate,
    title: name,
    /** An illustration, not a record of a real meeting: every page says so. */
    example: z.boolean().default(false),
    ratings: z
      .array(
        z.strictObject({
          subject: z.enum(['goal', 'project']),
          slug,
          rating: z.enum(ratings),
          narrative: text(5_000),
        }),
      )
      .max(200)
      .default([]),
  }),
  decision: z.strictObject({
    what: text(2_000),
    decidedBy: name,
    decidedOn: isoDate,
    stocktake: isoDate.optional(),
  }),
  action: z.strictObject({
    title: text(500),
    owner: name,
    due: isoDate,
    done: isoDate.optional(),
    goal: slug.optional(),
    project: slug.optional(),
    stocktake: isoDate.optional(),
  }),
  risk: z.strictObject({
    description: text(2_000),
    likelihood: score,
    impact: score,
    owner: name,
    mitigation: text(2_000),
    goal: slug.optional(),
    project: slug.optional(),
    reviewOn: isoDate,
    closed: isoDate.optional(),
  }),
  evaluation: evaluationSchema,
  /** A citizens' assembly, panel or jury, its recommendations and the responses to them. */
  process: processSchema,
} as const;

export type GovernanceKind = keyof typeof governanceSchemas;
export const governanceKinds = Object.keys(governanceSchemas) as GovernanceKind[];

/** What each kind of record is called in a sentence. */
export const governanceKindNames: Readonly<Record<GovernanceKind, string>> = {
  board: 'mission board',
  'mandate-letter': 'mandate letter',
  stocktake: 'stocktake',
  decision: 'decision',
  action: 'action',
  risk: 'risk',
  evaluation: 'evaluation',
  process: 'deliberative process',
};
export type GovernanceContent<K extends GovernanceKind> = z.infer<(typeof governanceSchemas)[K]>;

/** One stored record: which mission, which kind, its id within them, who may see it. */
export interface GovernanceRecord<K extends GovernanceKind = GovernanceKind> {
  missionSlug: string;
  kind: K;
  /** `board` for the board; the steward's slug for a letter; the date of a stocktake; a number. */
  id: string;
  visibility: Visibility;
  content: GovernanceContent<K>;
}

export type Board = GovernanceRecord<'board'>;
export type MandateLetter = GovernanceRecord<'mandate-letter'>;
export type Stocktake = GovernanceRecord<'stocktake'>;
export type Decision = GovernanceRecord<'decision'>;
export type Action = GovernanceRecord<'action'>;
export type Risk = GovernanceRecord<'risk'>;
export type EvaluationRecord = GovernanceRecord<'evaluation'>;
export type ProcessRecord = GovernanceRecord<'process'>;

/**
 * The least red rating that is honest about a computed status: none for a goal on track or
 * achieved; amber for one at risk; amber/red for one off track. A rating greener than that is
 * an optimism gap. A goal the data cannot judge has no floor.
 */
const floorForStatus: Partial<Record<Status, Rating>> = {
  'at-risk': 'amber',
  'off-track': 'amber-red',
};

/** Whether `rating` is greener than the computed status allows: the steward's optimism gap. */
export function optimismGap(rating: Rating, status: Status): boolean {
  const floor = floorForStatus[status];
  return floor !== undefined && ratings.indexOf(rating) < ratings.indexOf(floor);
}

/**
 * A project has no figures of its own; what the record says of it is its milestones. One due
 * and not done puts it behind schedule, which a green or amber/green rating glosses over.
 */
export function projectOptimismGap(
  rating: Rating,
  milestones: { due: string; done?: string }[],
  today: string,
): boolean {
  return (
    ratings.indexOf(rating) < ratings.indexOf('amber') &&
    milestones.some((m) => !m.done && m.due < today)
  );
}

const DAY_MS = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/**
 * How late a milestone is, in days: done after its due date, the days between them (negative
 * when early); not done and past due, the days since; otherwise null (not late yet).
 */
export function slippageDays(milestone: { due: string; done?: string }, today: string) {
  if (milestone.done) return days(milestone.due, milestone.done);
  return milestone.due < today ? days(milestone.due, today) : null;
}

/** An action not done by the end of its due date. */
export const isOverdue = (action: GovernanceContent<'action'>, today: string) =>
  !action.done && action.due < today;

/** A risk's score: likelihood × impact, 1 to 25. */
export const riskScore = (risk: GovernanceContent<'risk'>) => risk.likelihood * risk.impact;

const cadenceMonths: Record<(typeof cadences)[number], number> = {
  monthly: 1,
  quarterly: 3,
  'half-yearly': 6,
};

/** When the next stocktake is due: the board's cadence after the last one held. */
export function nextStocktakeDue(cadence: (typeof cadences)[number], lastHeldOn: string): string {
  const date = new Date(`${lastHeldOn}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + cadenceMonths[cadence]);
  return date.toISOString().slice(0, 10);
}
