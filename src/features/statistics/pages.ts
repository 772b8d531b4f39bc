// The statistics' pages: every indicator, one indicator with a chart and table of any of its
// measures in any area, and the open data downloads.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ROOT } from '../../config.ts';
import type { Services } from '../../compose.ts';
import { noQuery } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { setUpCalendarPages } from './calendarPages.ts';
import { setUpIndicatorPage } from './indicatorPage.ts';

export function setUpStatisticsPages(app: FastifyInstance, context: FeatureContext<Services>) {
  const { services, view } = context;
  setUpCalendarPages(app, context);
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/indicators', { schema: { querystring: noQuery } }, async (_req, reply) => {
    const listed = (await services.statistics.listIndicators()).sort((a, b) =>
      a.id.localeCompare(b.id, 'en', { numeric: true }),
    );
    // An indicator whose series come in several units (a publisher's workbook) names each.
    const indicators = [];
    for (const indicator of listed) {
      const units = indicator.unit
        ? [indicator.unit]
        : [...new Set((await services.statistics.measures(indicator.id)).map((m) => m.unit))];
      indicators.push({ ...indicator, units });
    }
    return view(reply, 'indicators', { indicators });
  });

  setUpIndicatorPage(app, context);

  pages.get('/open-data', { schema: { querystring: noQuery } }, async (_req, reply) => {
    const indicators = await services.statistics.listIndicators();
    indicators.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    const withData = [];
    for (const indicator of indicators) {
      // Placeholder indicators have a release but no figures, and so no files.
      if ((await services.statistics.measures(indicator.id)).length) withData.push(indicator);
    }
    return view(reply, 'open-data', { indicators: withData });
  });

  pages.get(
    '/open-data/tidy-template.csv',
    { schema: { querystring: noQuery } },
    async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="tidy-template.csv"')
        .send(fs.readFileSync(path.join(ROOT, 'data/templates/tidy-template.csv'))),
  );
}
