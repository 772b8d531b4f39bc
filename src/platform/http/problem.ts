// The API's shared answer shapes, as zod schemas the routes declare: fastify-type-provider-zod
// serialises each answer through its route's schema and describes it in the OpenAPI document,
// so what is documented is what is sent. The problem body is the one errors.ts sends.
import { z } from 'zod';
import { NotFoundError } from './errors.ts';

/** The body of every API error: a problem details object (RFC 9457), see `problem` in errors.ts. */
export const problemSchema = z
  .object({
    type: z
      .string()
      .describe('`about:blank`: the status alone says what kind of problem it is (RFC 9457)'),
    title: z.string().describe('The status in words: `Bad Request`, `Not Found`'),
    status: z.number().int().describe('The HTTP status, repeated'),
    detail: z.string().describe('What was wrong, in words: each refused parameter is named'),
  })
  .meta({ id: 'Problem', description: 'A problem: what was refused or not found, and why' });

/** The problem body as an answer: sent as `application/problem+json`. */
const problemAnswer = {
  description: 'A problem details object (RFC 9457)',
  content: { 'application/problem+json': { schema: problemSchema } },
};

/**
 * A route's responses: its answer for 200 and the problem body for a refused request (400),
 * something that does not exist (404), too many requests (429) and a fault of ours (500).
 *
 * @example
 * schema: { response: responses(z.object({ missions: z.array(mission) })) }
 */
export const responses = <T extends z.ZodType>(ok: T) =>
  ({
    200: ok,
    400: problemAnswer,
    404: problemAnswer,
    429: problemAnswer,
    500: problemAnswer,
  }) as const;

/** A year as a decimal number (2024.5 is the middle of 2024), as trends are computed on. */
export const decimalYear = z
  .number()
  .describe('A decimal year: 2024.0 is the start of 1 January 2024, 2024.5 halfway through it');

/** An ISO 8601 calendar date, `2024-06-30`. */
export const isoDateString = z.string().describe('An ISO 8601 date, 2024-06-30');

const link = z.string().describe('An address on this service, with the same query');

/** What every paged list answers beside its items: where it is, and the way to the others. */
export const pagingFields = {
  total: z.number().int().describe('How many there are in all, on every page'),
  page: z.number().int().describe('This page, from 1'),
  pageSize: z.number().int().describe('How many a page holds'),
  pages: z.number().int().describe('How many pages there are (at least 1)'),
  links: z
    .object({
      self: link,
      first: link,
      prev: link.nullable(),
      next: link.nullable(),
      last: link,
    })
    .describe('This page, the first and last, and those either side of it (null: none)'),
};

/** The page of `items` the request asks for, with the paging fields; a page past the last is a 404. */
export function paged<T>(
  url: string,
  items: readonly T[],
  query: { page?: number; pageSize?: number },
  defaultSize = 100,
) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultSize;
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (page > pages) throw new NotFoundError(`Page ${page} of ${pages}`);
  const at = (p: number) => {
    const address = new URL(url, 'http://localhost');
    // The other parameters as they were, then the page and its size, in that order.
    address.searchParams.delete('page');
    address.searchParams.delete('pageSize');
    address.searchParams.append('page', String(p));
    address.searchParams.append('pageSize', String(pageSize));
    return `${address.pathname}${address.search}`;
  };
  return {
    items: items.slice((page - 1) * pageSize, page * pageSize),
    paging: {
      total,
      page,
      pageSize,
      pages,
      links: {
        self: at(page),
        first: at(1),
        prev: page > 1 ? at(page - 1) : null,
        next: page < pages ? at(page + 1) : null,
        last: at(pages),
      },
    },
  };
}

const DAY_MS = 86_400_000;

/**
 * A decimal year as the ISO date it falls on (to the nearest day's start, UTC): 2024.0 is
 * 2024-01-01; a period's `time`, the instant it ends, is the day after its last.
 *
 * @example isoDateOfTime(2024 + 91 / 366) // '2024-04-01'
 */
export function isoDateOfTime(time: number): string {
  const year = Math.floor(time);
  const start = Date.UTC(year, 0, 1);
  const at = start + (time - year) * (Date.UTC(year + 1, 0, 1) - start);
  return new Date(Math.round(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** A point of a series with its decimal year's ISO date beside it. */
export const withDate = <P extends { time: number }>(point: P) => ({
  ...point,
  date: isoDateOfTime(point.time),
});
