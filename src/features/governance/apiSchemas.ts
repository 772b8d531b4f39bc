// What the governance API answers, as zod schemas: each route serialises through these and the
// OpenAPI document describes them. A record is its id, who may see it and its content, whose
// fields are those its kind keeps (domain/governance.ts), from the same schemas that check
// them when they are written.
import { z } from 'zod';
import {
  governanceSchemas,
  ratings,
  visibilities,
  type GovernanceKind,
} from '../../domain/governance.ts';
import { isoDate } from '../../domain/mission.ts';
import { statuses } from '../../domain/status.ts';
import { isoDateString } from '../../platform/http/problem.ts';

/**
 * A content field as an answer holds it. A date is checked on the way in from text or from a
 * YAML date, a conversion the answer's serialiser cannot run backwards: it is text in answers.
 */
const answered = (field: z.core.$ZodType): z.core.$ZodType =>
  field === isoDate
    ? isoDateString
    : field instanceof z.ZodOptional && field.unwrap() === isoDate
      ? isoDateString.optional()
      : field;

/** A governance record of `kind`: its id within its mission and kind, its visibility, its content. */
export const recordOf = <K extends GovernanceKind>(kind: K) =>
  z
    .object({
      id: z.string(),
      visibility: z.enum(visibilities),
      // The fields alone (the rules between them were kept when the record was written), each
      // answering the same type as the field it stands for.
      ...(Object.fromEntries(
        Object.entries(governanceSchemas[kind].shape).map(([name, field]) => [
          name,
          answered(field),
        ]),
      ) as unknown as (typeof governanceSchemas)[K]['shape']),
    })
    .describe(`A ${kind} record: its id, who may see it, and its content's fields`);

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
  board: recordOf('board').nullable(),
  mandateLetters: z.array(recordOf('mandate-letter')),
  stocktakes: z.array(recordOf('stocktake')),
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
  decisions: z.array(recordOf('decision')),
  actions: z.array(recordOf('action').extend({ overdue: z.boolean() })),
  overdueActions: z.number().int(),
  risks: z.array(recordOf('risk').extend({ score: z.number().int() })),
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
  evaluations: z.array(
    recordOf('evaluation').extend({
      unpublishedTooLong: z.boolean(),
    }),
  ),
  evaluatedShare,
  unpublishedReports: z.number().int(),
  processes: z.array(
    recordOf('process').extend({
      recommendations: z.array(recommendation),
    }),
  ),
  overdueResponses: z.number().int(),
});
