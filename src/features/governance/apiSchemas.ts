// What the governance API answers, as zod schemas: each route serialises through these and the
// OpenAPI document describes them. A record is its id, who may see it and its content, whose
// fields are those its kind keeps (domain/governance.ts); a record's content is kept whole.
import { z } from 'zod';
import { ratings, visibilities } from '../../domain/governance.ts';
import { statuses } from '../../domain/status.ts';
import { isoDateString } from '../../platform/http/problem.ts';

/** A governance record: its id within its mission and kind, its visibility, its content. */
export const record = z
  .looseObject({ id: z.string(), visibility: z.string().describe(visibilities.join(' or ')) })
  .describe("A record's id, who may see it, and its content's fields");

export const evaluatedShare = z
  .object({
    projects: z.number().int(),
    evaluated: z.number().int().describe('Projects with a completed impact evaluation'),
    unrated: z.number().int(),
    byLevel: z.array(z.object({ level: z.number().int(), projects: z.number().int() })),
  })
  .describe("How much of the mission's work has a completed impact evaluation, at what level");

const rating = z.enum(ratings).nullable();

/** A recommendation of a deliberative process, its response and whether it is late. */
export const recommendation = z.object({
  number: z.number().int(),
  text: z.string(),
  goals: z.array(z.string()),
  projects: z.array(z.string()),
  responseDue: isoDateString.nullable(),
  overdue: z.boolean(),
  respondedLate: z.boolean(),
  response: z
    .object({
      decision: z.string(),
      reasons: z.string(),
      respondedOn: isoDateString,
      deliveredBy: z.array(
        z.object({
          project: z.string(),
          projectStatus: z.string().nullable(),
          milestone: z
            .object({
              index: z.number().int(),
              title: z.string(),
              due: isoDateString,
              done: isoDateString.nullable(),
              state: z.string(),
            })
            .nullable(),
        }),
      ),
    })
    .nullable(),
});

export const missionGovernance = z.object({
  mission: z.string(),
  title: z.string(),
  asAt: isoDateString,
  board: record.nullable(),
  mandateLetters: z.array(record),
  stocktakes: z.array(record),
  latestStocktake: isoDateString.nullable(),
  nextStocktakeDue: isoDateString.nullable(),
  ratings: z.object({
    goals: z.array(
      z.object({
        goal: z.string(),
        status: z.enum(statuses),
        rating,
        optimismGap: z.boolean(),
        example: z.boolean(),
      }),
    ),
    projects: z.array(
      z.object({
        project: z.string(),
        lateMilestones: z.number().int(),
        rating,
        optimismGap: z.boolean(),
        example: z.boolean(),
        evidenceLevel: z.number().int().nullable(),
      }),
    ),
  }),
  decisions: z.array(record),
  actions: z.array(record),
  overdueActions: z.number().int(),
  risks: z.array(record),
  milestones: z.array(
    z.object({
      project: z.string().describe("The project's slug"),
      projectTitle: z.string(),
      title: z.string(),
      due: isoDateString,
      done: isoDateString.nullable(),
      slippageDays: z.number().int().nullable(),
    }),
  ),
  evaluations: z.array(record),
  evaluatedShare,
  unpublishedReports: z.number().int(),
  processes: z.array(record),
  overdueResponses: z.number().int(),
});
