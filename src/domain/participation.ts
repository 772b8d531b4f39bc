// Participation's rules: what a deliberative process of a mission records (a citizens' assembly,
// panel or jury: who commissioned it, its members and how they were chosen, its method and
// outputs), its recommendations tied to the mission's goals and projects, and the government's
// response to each, due by a date set when the process reports. A recommendation still without
// a response after that date is overdue. The methodology page states each rule in words.
import { z } from 'zod';
import { isoDate, slug } from './mission.ts';
import { isWebAddress, webAddressRule } from './url.ts';

export const processTypes = [
  'citizens-assembly',
  'citizens-panel',
  'citizens-jury',
  'other',
] as const;
export type ProcessType = (typeof processTypes)[number];
export const processTypeLabels: Readonly<Record<ProcessType, string>> = {
  'citizens-assembly': 'Citizens’ assembly',
  'citizens-panel': 'Citizens’ panel',
  'citizens-jury': 'Citizens’ jury',
  other: 'Other deliberative process',
};

export const decisions = ['accepted', 'partly-accepted', 'rejected'] as const;
export type Decision = (typeof decisions)[number];
export const decisionLabels: Readonly<Record<Decision, string>> = {
  accepted: 'Accepted',
  'partly-accepted': 'Partly accepted',
  rejected: 'Rejected',
};

/** The limits on what one process may hold: a form, an import or the API can send no more. */
export const LIMITS = { recommendations: 200, links: 50, outputs: 20, members: 100_000 } as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const webAddress = z.string().trim().max(2_000).refine(isWebAddress, webAddressRule);

/** What delivers an accepted recommendation: a project, or one of its milestones (by place). */
const delivery = z.strictObject({
  project: slug,
  milestone: z.number().int().min(0).max(499).optional(),
});

const responseSchema = z.strictObject({
  decision: z.enum(decisions),
  reasons: text(10_000),
  respondedOn: isoDate,
  delivers: z.array(delivery).max(LIMITS.links).default([]),
});

const recommendationSchema = z.strictObject({
  number: z.number().int().min(1).max(999),
  text: text(10_000),
  goals: z.array(slug).max(LIMITS.links).default([]),
  projects: z.array(slug).max(LIMITS.links).default([]),
  response: responseSchema.optional(),
});

/** A citizens' assembly, panel or jury of a mission, with its recommendations and responses. */
export const processSchema = z
  .strictObject({
    type: z.enum(processTypes),
    title: text(300),
    commissionedBy: text(200),
    started: isoDate,
    /** The day it reported: the response clock starts. */
    reported: isoDate.optional(),
    members: z.number().int().min(1).max(LIMITS.members),
    /** How the members were chosen: a civic lottery (sortition), stratified by… */
    selection: text(2_000),
    method: text(5_000),
    outputs: z
      .array(z.strictObject({ title: text(300), url: webAddress }))
      .max(LIMITS.outputs)
      .default([]),
    /** The day the government's response to every recommendation is due. */
    responseDue: isoDate.optional(),
    /** An illustration, not a record of a real process: every page says so. */
    example: z.boolean().default(false),
    recommendations: z.array(recommendationSchema).max(LIMITS.recommendations).default([]),
  })
  .superRefine((p, ctx) => {
    // Each message follows the field's name in a form ("Response due must be …") and in the API.
    const problem = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (p.reported && p.reported < p.started)
      problem(['reported'], 'must be on or after the day the process started');
    if (p.reported && !p.responseDue)
      problem(['responseDue'], 'must be given once the process has reported');
    if (!p.reported && p.responseDue)
      problem(['responseDue'], 'is set when the process reports: leave it blank until then');
    if (p.reported && p.responseDue && p.responseDue < p.reported)
      problem(['responseDue'], 'must be on or after the day the process reported');
    const numbers = new Set<number>();
    p.recommendations.forEach((r, i) => {
      if (numbers.has(r.number))
        problem(['recommendations', i, 'number'], 'is already another recommendation’s number');
      numbers.add(r.number);
      const response = r.response;
      if (!response) return;
      const at = ['recommendations', i, 'response'];
      if (!p.reported)
        problem([...at, 'respondedOn'], 'is after the process reports: record that day first');
      else if (response.respondedOn < p.reported)
        problem([...at, 'respondedOn'], 'must be on or after the day the process reported');
      if (response.decision === 'rejected' && response.delivers.length)
        problem([...at, 'delivers'], 'is for an accepted or partly accepted recommendation only');
    });
  });

export type CitizensProcess = z.infer<typeof processSchema>;
export type Recommendation = CitizensProcess['recommendations'][number];

/**
 * Whether the government's response to `recommendation` is overdue on `today`: the process has
 * reported, its response date has passed (the due day itself is not late) and no response has
 * been given by `today` (one recorded with a later date has not been given yet).
 */
export const responseOverdue = (
  process: Pick<CitizensProcess, 'reported' | 'responseDue'>,
  recommendation: Pick<Recommendation, 'response'>,
  today: string,
) =>
  Boolean(process.reported && process.responseDue) &&
  today > process.responseDue! &&
  !(recommendation.response && recommendation.response.respondedOn <= today);

/** Whether a response was given after the day it was due: shown, though no longer overdue. */
export const respondedLate = (
  process: Pick<CitizensProcess, 'responseDue'>,
  recommendation: Pick<Recommendation, 'response'>,
) =>
  Boolean(process.responseDue && recommendation.response) &&
  recommendation.response!.respondedOn > process.responseDue!;
