// Reports to Parliament on the site: the list, each report's page with its files, their SHA-256
// and how to check them, and the frozen files themselves, served as stored. In the workspace, a
// mission editor makes a government's annual report as at a date (its button and form).
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { isIsoDate } from '../../domain/period.ts';
import { allows } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { field, FormErrors } from '../../platform/http/forms.ts';
import { noQuery, pathParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { chromiumAvailable, CHROMIUM_MISSING } from '../../platform/pdf.ts';
import { makeAnnualReport, reportEntityId } from './reports.ts';
import type { ReportKey, StoredReport } from './store.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date, YYYY-MM-DD');
const reportParams = z.strictObject({ government: pathParam, kind: z.enum(['annual']), day });
const fileParams = reportParams.extend({ file: pathParam });

export const reportHref = (key: ReportKey) =>
  `/reports/${key.governmentSlug}/${key.kind}/${key.day}`;

const fileKinds: Record<string, string> = {
  'text/html; charset=utf-8': 'Web page (HTML)',
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'text/csv; charset=utf-8': 'Data annex (CSV)',
  'application/csvm+json': 'Data annex metadata (CSVW)',
};

/**
 * The policy a report's own HTML is served with: it fetches nothing, and its one inline style
 * sheet is allowed by its hash.
 */
function reportHtmlPolicy(html: Buffer) {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html.toString('utf8'))?.[1] ?? '';
  const hash = createHash('sha256').update(style).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export function setUpReportPages(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const governmentNames = async () =>
    new Map((await services.missions.governments()).map((g) => [g.slug, g.name]));
  const withNames = async (reports: StoredReport[]) => {
    const names = await governmentNames();
    return reports.map((r) => ({
      ...r,
      href: reportHref(r),
      government: names.get(r.governmentSlug) ?? r.governmentSlug,
    }));
  };

  pages.get('/reports', { schema: { querystring: noQuery } }, async (_req, reply) =>
    view(reply, 'reports', { reports: await withNames(await services.reports.list()) }),
  );

  pages.get(
    '/reports/:government/:kind/:day',
    {
      schema: {
        params: reportParams,
        querystring: z.strictObject({ made: z.literal('1').optional() }),
      },
    },
    async (req, reply) => {
      const key = {
        governmentSlug: req.params.government,
        kind: req.params.kind,
        day: req.params.day,
      };
      const report = (await services.reports.list(key.governmentSlug)).find(
        (r) => r.kind === key.kind && r.day === key.day,
      );
      if (!report) throw new NotFoundError('Report');
      const [event] = await services.audit.list({
        entityTypes: ['report'],
        entityId: reportEntityId(key),
        limit: 1,
      });
      const href = reportHref(key);
      const html = report.files.find((f) => f.name.endsWith('.html'));
      return view(reply, 'report', {
        report,
        government: (await governmentNames()).get(key.governmentSlug) ?? key.governmentSlug,
        made: req.query.made === '1',
        event,
        files: report.files.map((f) => ({
          ...f,
          href: `${href}/${f.name}`,
          kind: fileKinds[f.mediaType] ?? f.mediaType,
        })),
        htmlHref: html ? `${href}/${html.name}` : null,
      });
    },
  );

  pages.get(
    '/reports/:government/:kind/:day/:file',
    { schema: { params: fileParams, querystring: noQuery } },
    async (req, reply) => {
      const { file: name, ...rest } = req.params;
      const file = await services.reports.file(
        { governmentSlug: rest.government, kind: rest.kind, day: rest.day },
        name,
      );
      if (!file) throw new NotFoundError('File');
      if (file.mediaType.startsWith('text/html'))
        reply.header('content-security-policy', reportHtmlPolicy(file.bytes));
      return reply
        .type(file.mediaType)
        .header('content-disposition', `inline; filename="${file.name}"`)
        .send(file.bytes);
    },
  );
}

const madeForm = z.strictObject({ government: pathParam });

export function setUpReportWorkspace(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const governmentScope = async (req: { params: unknown }) => {
    const slug = (req.params as { government: string }).government;
    return (await services.missions.governments()).some((g) => g.slug === slug) ? slug : '';
  };
  const config = { policy: 'reports.make' as const, scope: governmentScope };

  pages.get(
    '/manage/reports',
    { config: { policy: 'reports.make' }, schema: { querystring: noQuery } },
    async (req, reply) => {
      const governments = (await services.missions.governments()).filter((g) =>
        allows(req.principal, 'reports.make', g.slug),
      );
      return view(reply, 'manage-reports', {
        title: 'Reports to Parliament',
        activeWorkspace: '/manage/reports',
        governments,
        reports: await services.reports.list(),
        reportHref,
      });
    },
  );

  const form = async (
    government: string,
    answers: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) => {
    const found = (await services.missions.governments()).find((g) => g.slug === government);
    if (!found) throw new NotFoundError('Government');
    return {
      title: `Make the annual report of the ${found.name}`,
      activeWorkspace: '/manage/reports',
      backLink: '/manage/reports',
      government: found,
      answers,
      chromium: { available: chromiumAvailable(), missing: CHROMIUM_MISSING },
      ...extra,
    };
  };

  pages.get(
    '/manage/reports/:government/annual',
    { config, schema: { params: madeForm, querystring: noQuery } },
    async (req, reply) =>
      view(reply, 'manage-report', await form(req.params.government, { reason: '' })),
  );

  pages.post(
    '/manage/reports/:government/annual',
    { config, schema: { params: madeForm } },
    async (req, reply) => {
      const answers = { asAt: field(req.body, 'asAt'), reason: field(req.body, 'reason') };
      const errors = new FormErrors();
      const today = services.clock.now().toISOString().slice(0, 10);
      if (!isIsoDate(answers.asAt))
        errors.add('asAt', 'Enter the date the report is as at, as YYYY-MM-DD');
      else if (answers.asAt > today)
        errors.add(
          'asAt',
          'The date must be today or in the past: a report is of what has happened',
        );
      if (!answers.reason) errors.add('reason', 'Enter the reason for making the report');
      if (errors.any) {
        reply.code(400);
        return view(
          reply,
          'manage-report',
          await form(req.params.government, answers, errors.view()),
        );
      }
      const key = {
        governmentSlug: req.params.government,
        kind: 'annual' as const,
        day: answers.asAt,
      };
      await makeAnnualReport(services, key, { actor: req.principal!.name, reason: answers.reason });
      return reply.redirect(`${reportHref(key)}?made=1`, 303);
    },
  );
}

/** Every report's page and files, for the published copy. */
export async function reportPublicPages(services: Services): Promise<string[]> {
  const reports = await services.reports.list();
  return [
    '/reports',
    ...reports.flatMap((r) => [reportHref(r), ...r.files.map((f) => `${reportHref(r)}/${f.name}`)]),
  ];
}
