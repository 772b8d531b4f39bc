// Partners and pledges in public: the register, each organisation and pledge, each mission's
// mobilisation map, the API and the open data. Only what a mission editor approved is shown,
// so a partner's submission reaches no page, answer or file before then.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { ROOT } from '../../config.ts';
import {
  LAPSED_AFTER_MONTHS,
  REPORT_EVERY_MONTHS,
  sectorLabels,
  sizeBandLabels,
  standingLabels,
} from '../../domain/partners.ts';
import { isWebAddress } from '../../domain/url.ts';
import { csvPaths, serveCsvTable, type Column } from '../../platform/csv/csvw.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import {
  choiceParam,
  noQuery,
  pagingQuery,
  pathParam,
  textParam,
} from '../../platform/http/params.ts';
import { paged, responses } from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { partnersAnswer, pledgesAnswer } from './apiSchemas.ts';
import { loadHexLayout, renderHexMap } from '../areas/hexmap.ts';
import { OGL_URL } from '../statistics/openData.ts';
import type { StoredOrganisation } from './store.ts';
import { mobilisation, pledgesByArea, publishedPledges, type PledgeView } from './view.ts';

const pledgeParams = z.strictObject({ pledge: z.coerce.number().int().positive().max(1e9) });

/** An organisation as the register, the API and the open data show it. */
const organisationView = (o: StoredOrganisation, pledges: PledgeView[]) => ({
  slug: o.slug,
  ...o.content,
  sectorLabel: sectorLabels[o.content.sector],
  sizeLabel: sizeBandLabels[o.content.size],
  contactIsWeb: isWebAddress(o.content.contact),
  pledges: pledges.filter((p) => p.organisation.slug === o.slug),
});

/** A pledge as the API and the open data give it. */
const pledgeJson = (p: PledgeView) => ({
  id: p.id,
  organisation: p.organisation.slug,
  sector: p.organisation.content.sector,
  mission: p.mission,
  goal: p.content.goal,
  indicator: p.indicator ?? null,
  title: p.content.title,
  commitment: p.content.commitment,
  areas: p.content.areas,
  deliverables: p.content.deliverables,
  evidence: p.content.evidence,
  status: p.standing.standing,
  publishedOn: p.publishedOn,
  nextReportDue: p.standing.reportDue ?? null,
  reportLate: p.standing.reportLate,
  reports: p.content.reports,
});

const organisationColumns: Column<ReturnType<typeof organisationView>>[] = [
  ['Organisation', 'string', (o) => o.slug],
  ['Name', 'string', (o) => o.name],
  ['Sector', 'string', (o) => o.sector],
  ['Size', 'string', (o) => o.size],
  ['Areas', 'string', (o) => o.areas.join(' ')],
  ['Website', 'anyURI', (o) => o.website],
  ['Contact', 'string', (o) => o.contact],
  ['Description', 'string', (o) => o.description],
  ['Published pledges', 'integer', (o) => o.pledges.length],
];

const pledgeColumns: Column<PledgeView>[] = [
  ['Pledge', 'integer', (p) => p.id],
  ['Organisation', 'string', (p) => p.organisation.slug],
  ['Sector', 'string', (p) => p.organisation.content.sector],
  ['Mission', 'string', (p) => p.mission],
  ['Goal', 'string', (p) => p.content.goal],
  ['Indicator', 'string', (p) => p.indicator],
  ['Title', 'string', (p) => p.content.title],
  ['Commitment', 'string', (p) => p.content.commitment],
  ['Areas', 'string', (p) => p.content.areas.join(' ')],
  ['Deliverables', 'integer', (p) => p.content.deliverables.length],
  ['Deliverables done', 'integer', (p) => p.content.deliverables.filter((d) => d.done).length],
  ['Status', 'string', (p) => p.standing.standing],
  ['Published', 'date', (p) => p.publishedOn],
  ['Progress reports', 'integer', (p) => p.content.reports.length],
  ['Last report', 'date', (p) => p.content.reports.at(-1)?.reportedOn],
  ['Next report due', 'date', (p) => p.standing.reportDue],
];

type ReportRow = { pledge: PledgeView; report: PledgeView['content']['reports'][number] };
const reportColumns: Column<ReportRow>[] = [
  ['Pledge', 'integer', (r) => r.pledge.id],
  ['Reported', 'date', (r) => r.report.reportedOn],
  ['Summary', 'string', (r) => r.report.summary],
  ['Evidence', 'string', (r) => r.report.evidence.map((e) => e.url).join(' ')],
];

const STATUS_RULE = `A pledge's status is active, lapsed, completed or withdrawn. A progress report is due ${REPORT_EVERY_MONTHS} months after the pledge was published or last reported on; an active pledge whose report is more than ${LAPSED_AFTER_MONTHS} months late is lapsed.`;

export const PARTNERS_CSV = '/partners.csv';
export const PLEDGES_CSV = '/pledges.csv';
export const PLEDGE_REPORTS_CSV = '/pledge-reports.csv';

export function setUpPartnersPages(
  app: FastifyInstance,
  { services, view, translate }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const hexLayout = loadHexLayout(
    path.join(ROOT, 'data/hexmaps/uk-local-authority-districts-2023.hexjson'),
  );
  const register = async () => {
    const pledges = await publishedPledges(services);
    return (await services.partners.organisations()).map((o) => organisationView(o, pledges));
  };

  pages.get('/partners', { schema: { querystring: noQuery } }, async (_req, reply) =>
    view(reply, 'partners', { organisations: await register() }),
  );

  pages.get(
    '/partners/:organisation',
    { schema: { params: z.strictObject({ organisation: pathParam }), querystring: noQuery } },
    async (req, reply) => {
      const organisation = (await register()).find((o) => o.slug === req.params.organisation);
      if (!organisation) throw new NotFoundError('Organisation');
      const areas = await services.areas.list();
      const names = new Map(areas.map((a) => [a.code, a.name]));
      return view(reply, 'partner', {
        organisation,
        areaNames: organisation.areas.map((c) => names.get(c) ?? c),
      });
    },
  );

  pages.get(
    '/pledges/:pledge',
    { schema: { params: pledgeParams, querystring: noQuery } },
    async (req, reply) => {
      const pledge = (await publishedPledges(services)).find((p) => p.id === req.params.pledge);
      if (!pledge) throw new NotFoundError('Pledge');
      return view(reply, 'pledge', {
        pledge,
        reports: [...pledge.content.reports].reverse(),
      });
    },
  );

  pages.get(
    '/missions/:slug/pledges',
    { schema: { params: z.strictObject({ slug: pathParam }), querystring: noQuery } },
    async (req, reply) => {
      const mission = (await services.missions.stored()).find((m) => m.slug === req.params.slug);
      if (!mission) throw new NotFoundError('Mission');
      const map = mobilisation(mission, await publishedPledges(services));
      const byArea = pledgesByArea(map.pledges, await services.areas.list());
      const counts = new Map(byArea.local.map((a) => [a.code, a.count]));
      const most = Math.max(1, ...counts.values());
      const t = translate(req);
      return view(reply, 'mobilisation', {
        mission,
        map,
        byArea,
        hexmap: byArea.local.length
          ? renderHexMap(
              hexLayout,
              (code) => {
                const n = counts.get(code) ?? 0;
                return n
                  ? {
                      className: `ns-band-${Math.min(4, Math.floor((n / most) * 4.999))}`,
                      label: t(n === 1 ? '{count} active pledge' : '{count} active pledges', {
                        count: n,
                      }),
                    }
                  : { className: 'ns-band-none', label: t('no active pledge') };
              },
              t('Active pledges to {mission} by local authority', { mission: mission.title }),
              t,
            )
          : '',
      });
    },
  );

  serveCsvTable(app, {
    path: PARTNERS_CSV,
    title: 'Partner register',
    description:
      'Organisations beyond government that pledge to the missions: their sector (business, trade union, civil society, faith group, council, university, public body), size band, the areas they work in (ONS GSS codes, space-separated; blank for across the country) and their public contact.',
    license: OGL_URL,
    columns: organisationColumns,
    primaryKey: ['Organisation'],
    rows: register,
  });
  serveCsvTable(app, {
    path: PLEDGES_CSV,
    title: 'Partners’ pledges to the missions',
    description: `Every pledge a mission editor approved, with the goal it serves. ${STATUS_RULE}`,
    license: OGL_URL,
    columns: pledgeColumns,
    primaryKey: ['Pledge'],
    rows: () => publishedPledges(services),
  });
  serveCsvTable(app, {
    path: PLEDGE_REPORTS_CSV,
    title: 'Progress reports on partners’ pledges',
    description:
      'Each approved progress report on a pledge, with its evidence (addresses, space-separated).',
    license: OGL_URL,
    columns: reportColumns,
    primaryKey: ['Pledge', 'Reported'],
    rows: async () =>
      (await publishedPledges(services)).flatMap((pledge) =>
        pledge.content.reports.map((report) => ({ pledge, report })),
      ),
  });
}

export function setUpPartnersApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/partners',
    {
      schema: {
        tags: ['partners'],
        summary:
          'The partner register: organisations beyond government that pledge to the missions',
        querystring: z.strictObject({ ...pagingQuery() }),
        response: responses(partnersAnswer),
      },
    },
    async (req) => {
      const pledges = await publishedPledges(services);
      const organisations = await services.partners.organisations();
      const { items, paging } = paged(req.url, organisations, req.query);
      return {
        ...paging,
        partners: items.map((o) => {
          const {
            pledges: own,
            sectorLabel: _s,
            sizeLabel: _z,
            contactIsWeb: _c,
            ...entry
          } = organisationView(o, pledges);
          const { slug, ...rest } = entry;
          return { organisation: slug, ...rest, pledges: own.map((p) => p.id) };
        }),
      };
    },
  );
  api.get(
    '/api/v1/pledges',
    {
      schema: {
        tags: ['partners'],
        summary: `Partners' published pledges, with the goal each serves and its status. ${STATUS_RULE}`,
        querystring: z.strictObject({
          mission: textParam().describe("Only pledges to this mission's goals (its slug)"),
          goal: textParam().describe('Only pledges to this goal (its slug)'),
          organisation: textParam().describe("Only this organisation's pledges"),
          status: choiceParam(Object.keys(standingLabels) as [string, ...string[]])
            .optional()
            .describe('Only pledges of this status'),
          ...pagingQuery(),
        }),
        response: responses(pledgesAnswer),
      },
    },
    async (req) => {
      const { mission, goal, organisation, status, page, pageSize } = req.query;
      const pledges = (await publishedPledges(services)).filter(
        (p) =>
          (mission === undefined || p.mission === mission) &&
          (goal === undefined || p.content.goal === goal) &&
          (organisation === undefined || p.organisation.slug === organisation) &&
          (status === undefined || p.standing.standing === status),
      );
      const { items, paging } = paged(req.url, pledges, { page, pageSize });
      return {
        asAt: services.clock.now().toISOString().slice(0, 10),
        ...paging,
        pledges: items.map(pledgeJson),
      };
    },
  );
}

/** The published copy starts from the register and each mission's map; it follows the links. */
export async function partnersPublicPages(services: Services) {
  return [
    '/partners',
    ...(await services.missions.stored()).map((m) => `/missions/${m.slug}/pledges`),
    ...[PARTNERS_CSV, PLEDGES_CSV, PLEDGE_REPORTS_CSV].flatMap((p) => csvPaths({ path: p })),
  ];
}
