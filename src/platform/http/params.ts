// Path and query parameters, validated at the boundary with one meaning everywhere. Every
// route declares a strict query schema (an unknown parameter is a 400), and every text that
// reaches a service has no control characters: a NUL is refused here, not by the database.
import { z } from 'zod';
import { endOfIsoDate, isIsoDate } from '../../domain/period.ts';

/** The earliest and latest instants an `asAt` may name: years 0100 to 9999, as dates allow. */
const EARLIEST = Date.UTC(100, 0, 1);
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A parameter given more than once counts once if every copy is the same (`?q=a&q=a`), and is
 * refused otherwise: one name, one value, so an answer and its cache entry are one.
 */
function single<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) =>
      Array.isArray(value) && value.length > 0 && value.every((v) => v === value[0])
        ? value[0]
        : value,
    schema,
  );
}

/** Text from an address: no control characters (a NUL above all), and bounded. */
export const text = (max = 200) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'control characters (such as %00) are not allowed');

/** A query parameter of text, given once. */
export const textParam = (max = 200) => single(text(max)).optional();

/** One segment of a path: a mission, goal, indicator or area id as it is written in links. */
export const pathParam = text(200).min(1);

/** A query parameter that must be given once and match `pattern`. */
export const patternParam = (pattern: RegExp, message: string) =>
  single(z.string().regex(pattern, { error: message, abort: true })).optional();

/** A query parameter with a fixed set of values. */
export const choiceParam = <const T extends readonly [string, ...string[]]>(values: T) =>
  single(z.enum(values));

const instant = z.iso.datetime({ offset: true }).refine((value) => {
  const [date] = value.split('T');
  const at = Date.parse(value);
  return isIsoDate(date!) && at >= EARLIEST && at <= LATEST;
});

export const asAtParam = single(
  z.union([z.iso.date().refine(isIsoDate), instant], {
    error:
      'expected a real date from 0100 to 9999 (2024-06-30) or an instant with its zone (2024-06-30T09:30:00Z)',
  }),
)
  .optional()
  .describe('View the data as published at this date or instant (ISO 8601); defaults to now');

/** A year or a real date bounding a period: `2015`, `2015-04-01`. */
export const periodBoundParam = single(
  z
    .string()
    .regex(/^\d{4}(-\d{2}-\d{2})?$/, 'expected a year (2015) or a date (2015-04-01)')
    .refine((value) => value >= '0100' && (value.length === 4 || isIsoDate(value)), {
      error: 'expected a real year from 0100 or a real date (2015-04-01, not 2015-02-30)',
    }),
).optional();

/** Leaves out of a page's query the fields a form sent empty (`kind=`, or `kind=&kind=`). */
export function dropEmptyFields(query: Record<string, unknown>) {
  for (const [name, value] of Object.entries(query))
    if (value === '' || (Array.isArray(value) && value.every((v) => v === ''))) delete query[name];
}

/** The query of a route that takes no parameters: any parameter is refused. */
export const noQuery = z.strictObject({});

/** An `asAt` as the instant it means: a date means the end of that day. */
export const toDate = (value: string | undefined) =>
  value ? (value.length === 10 ? endOfIsoDate(value) : new Date(value)) : undefined;

/** A whole number from the address, from `min` to `max`, given once. */
const countParam = (min: number, max: number) =>
  single(
    z
      .string()
      .regex(/^\d{1,7}$/, `expected a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, `expected a whole number from ${min}`)
          .max(max, `expected a whole number up to ${max}`),
      ),
  );

/**
 * The query of a list in pages: `page` (from 1) and `pageSize` (from 1 to `max`, `size` when
 * not given). Every list of the API pages the same way, and answers with `pagingFields`.
 */
export const pagingQuery = (size = 100, max = 1000) => ({
  page: countParam(1, 1_000_000).optional().describe('Which page, from 1 (default 1)'),
  pageSize: countParam(1, max)
    .optional()
    .describe(`How many a page, from 1 to ${max} (default ${size})`),
});
