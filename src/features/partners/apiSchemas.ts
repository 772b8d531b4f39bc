// What the partners' API answers, as zod schemas: the routes serialise through these and the
// OpenAPI document describes them.
import { z } from 'zod';
import { pledgeStatuses, sectors, sizeBands } from '../../domain/partners.ts';
import { isoDateString, pagingFields } from '../../platform/http/problem.ts';

const link = z.object({ title: z.string(), url: z.string() });

export const partnersAnswer = z.object({
  partners: z.array(
    z.object({
      organisation: z.string().describe("The organisation's slug"),
      name: z.string(),
      sector: z.enum(sectors),
      size: z.enum(sizeBands),
      areas: z.array(z.string()).describe('Where it works (GSS codes); none: across the country'),
      website: z.string().optional(),
      contact: z.string().describe('An email address or a web page'),
      description: z.string().optional(),
      pledges: z.array(z.number().int()).describe('The ids of its published pledges'),
    }),
  ),
  ...pagingFields,
});

export const pledgesAnswer = z.object({
  asAt: isoDateString,
  pledges: z.array(
    z.object({
      id: z.number().int(),
      organisation: z.string(),
      sector: z.enum(sectors),
      mission: z.string(),
      goal: z.string(),
      indicator: z.string().nullable(),
      title: z.string(),
      commitment: z.string(),
      areas: z.array(z.string()),
      deliverables: z.array(
        z.object({ what: z.string(), due: isoDateString, done: isoDateString.optional() }),
      ),
      evidence: z.array(link),
      status: z.enum([...pledgeStatuses, 'lapsed']),
      publishedOn: isoDateString,
      nextReportDue: isoDateString.nullable(),
      reportLate: z.boolean(),
      reports: z.array(
        z.object({ reportedOn: isoDateString, summary: z.string(), evidence: z.array(link) }),
      ),
    }),
  ),
  ...pagingFields,
});
