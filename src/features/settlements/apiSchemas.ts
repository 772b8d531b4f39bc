// What the settlements' API answers, as a zod schema: the route serialises through it and the
// OpenAPI document describes it.
import { z } from 'zod';
import { pagingFields } from '../../platform/http/problem.ts';

export const settlementsAnswer = z.object({
  settlements: z.array(
    z.object({
      id: z.string(),
      government: z.string(),
      area: z.string().describe('ONS GSS code'),
      areaName: z.string(),
      title: z.string(),
      amounts: z.array(
        z.object({
          financialYear: z.string().describe('April to March, written 2025-26'),
          amountGbp: z.number(),
        }),
      ),
      totalGbp: z.number(),
      serves: z.array(z.object({ mission: z.string(), goal: z.string() })),
      outcomes: z.array(
        z.object({ text: z.string(), mission: z.string().nullable(), goal: z.string().nullable() }),
      ),
      conditions: z.string(),
      source: z.string().describe('Where the figures come from, in words'),
      sourceUrl: z.string().nullable(),
    }),
  ),
  ...pagingFields,
});
