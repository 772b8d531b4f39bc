// Partners and their pledges: the organisations beyond government that commit to a mission's
// goals, what each commits to, and whether it still reports on it. A pledge is published only
// once a mission editor has approved it; a published pledge whose progress report is more than
// 12 months late is lapsed, as the UN's partnership platform marks commitments that stopped
// reporting. The rules here are written on the methodology page.
import { z } from 'zod';
import { gssCode, isoDate, slug } from './mission.ts';
import { isWebAddress, webAddressRule } from './url.ts';

export const sectors = [
  'business',
  'trade-union',
  'civil-society',
  'faith-group',
  'council',
  'university',
  'public-body',
] as const;
export type Sector = (typeof sectors)[number];
export const sectorLabels: Readonly<Record<Sector, string>> = {
  business: 'Business',
  'trade-union': 'Trade union',
  'civil-society': 'Civil society',
  'faith-group': 'Faith group',
  council: 'Council',
  university: 'University',
  'public-body': 'Public body',
};

/** People employed or volunteering, in the bands the UK's business statistics use. */
export const sizeBands = ['micro', 'small', 'medium', 'large'] as const;
export type SizeBand = (typeof sizeBands)[number];
export const sizeBandLabels: Readonly<Record<SizeBand, string>> = {
  micro: 'Micro (fewer than 10 people)',
  small: 'Small (10 to 49 people)',
  medium: 'Medium (50 to 249 people)',
  large: 'Large (250 people or more)',
};

const text = (max: number) => z.string().trim().min(1).max(max);
const webAddress = z.string().trim().max(2_000).refine(isWebAddress, webAddressRule);
const link = z.strictObject({ title: text(200), url: webAddress });
const areas = z.array(gssCode).max(400).default([]);

/** An organisation's entry in the partner register: all of it is published. */
export const organisationSchema = z.strictObject({
  name: text(200),
  sector: z.enum(sectors),
  size: z.enum(sizeBands),
  /** The areas it works in (GSS codes); none: across the country. */
  areas,
  website: webAddress.optional(),
  /** How the public reaches it about its pledges: an email address or a web page. */
  contact: z
    .string()
    .trim()
    .max(320)
    .refine(
      (v) => isWebAddress(v) || z.email().safeParse(v).success,
      'expected an email address or a web address starting https://',
    ),
  description: text(2_000).optional(),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const pledgeStatuses = ['active', 'completed', 'withdrawn'] as const;
export type PledgeStatus = (typeof pledgeStatuses)[number];

/** What a partner commits to, for one goal of one mission, and its progress reports. */
export const pledgeSchema = z
  .strictObject({
    title: text(200),
    commitment: text(5_000),
    goal: slug,
    deliverables: z
      .array(z.strictObject({ what: text(500), due: isoDate, done: isoDate.optional() }))
      .min(1)
      .max(30),
    /** Where it is delivered (GSS codes); none: across the country. */
    areas,
    evidence: z.array(link).max(20).default([]),
    status: z.enum(pledgeStatuses).default('active'),
    reports: z
      .array(
        z.strictObject({
          reportedOn: isoDate,
          summary: text(5_000),
          evidence: z.array(link).max(20).default([]),
        }),
      )
      .max(100)
      .default([]),
  })
  .superRefine((pledge, ctx) => {
    pledge.reports.forEach((report, i) => {
      if (i > 0 && report.reportedOn < pledge.reports[i - 1]!.reportedOn)
        ctx.addIssue({
          code: 'custom',
          path: ['reports', i, 'reportedOn'],
          message: 'must not be before the report before it',
        });
    });
  });
export type PledgeContent = z.output<typeof pledgeSchema>;

/** A progress report is due this many months after publication or the last report. */
export const REPORT_EVERY_MONTHS = 12;
/** A report this many months late lapses the pledge. */
export const LAPSED_AFTER_MONTHS = 12;

/** `date` plus `months`, clamped to the month's last day (31 January + 1 month: 28 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** Where a published pledge stands on a day, as every page, the API and the open data say. */
export type PledgeStanding = PledgeStatus | 'lapsed';
export const standingLabels: Readonly<Record<PledgeStanding, string>> = {
  active: 'Active',
  lapsed: 'Lapsed',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

/**
 * A published pledge's standing on `today`: an active pledge whose next progress report (due 12
 * months after its publication or its last report) is more than 12 months late is lapsed.
 * `reportDue` is that next report's date; `reportLate` says it has passed.
 * @example standing({ status: 'active', reports: [] }, '2025-01-10', '2027-01-11').standing // 'lapsed'
 */
export function standing(
  pledge: Pick<PledgeContent, 'status' | 'reports'>,
  publishedOn: string,
  today: string,
): { standing: PledgeStanding; reportDue?: string; reportLate: boolean } {
  if (pledge.status !== 'active') return { standing: pledge.status, reportLate: false };
  const since = pledge.reports.at(-1)?.reportedOn ?? publishedOn;
  const reportDue = addMonths(since, REPORT_EVERY_MONTHS);
  const lapsed = today > addMonths(reportDue, LAPSED_AFTER_MONTHS);
  return { standing: lapsed ? 'lapsed' : 'active', reportDue, reportLate: today > reportDue };
}
