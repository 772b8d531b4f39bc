// Query parameters more than one API route takes, with one meaning everywhere.
import { z } from 'zod';
import { endOfIsoDate, isIsoDate } from '../../domain/period.ts';

export const asAtParam = z
  .union([z.iso.date().refine(isIsoDate), z.iso.datetime({ offset: true })], {
    error: 'expected a real date (2024-06-30) or an instant with its zone (2024-06-30T09:30:00Z)',
  })
  .optional()
  .describe('View the data as published at this date or instant (ISO 8601); defaults to now');

/** An `asAt` as the instant it means: a date means the end of that day. */
export const toDate = (value: string | undefined) =>
  value ? (value.length === 10 ? endOfIsoDate(value) : new Date(value)) : undefined;
