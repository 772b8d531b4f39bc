// Nunjucks with the GOV.UK Frontend templates on the search path, each feature's own views,
// and the filters the pages share. Numbers, dates and targets are written by the domain's
// formatters, so a page and the API's words agree.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';
import { ROOT } from '../../config.ts';
import { statusColours, statusLabels } from '../../domain/status.ts';
import { levelNames } from '../../domain/area.ts';
import { standingLabels } from '../../domain/partners.ts';
import { governmentPath } from '../../domain/government.ts';
import { formatDate, formatValue, targetPhrase } from '../../domain/format.ts';
import { safeLink } from '../../domain/url.ts';
import { pageContentSecurityPolicy } from './security.ts';
import { renderSparkline } from './chart.ts';

export const govukDist = path.join(ROOT, 'node_modules', 'govuk-frontend', 'dist');
const platformViews = path.join(ROOT, 'src', 'platform', 'http', 'views');

export function setUpTemplates(
  app: FastifyInstance,
  views: string[],
  globals: Record<string, unknown>,
) {
  return app.register(fastifyView, {
    engine: { nunjucks },
    templates: [platformViews, ...views, govukDist],
    options: {
      onConfigure(env: nunjucks.Environment) {
        env.addGlobal('serviceName', 'Northstar');
        env.addGlobal('statusLabels', statusLabels);
        env.addGlobal('statusColours', statusColours);
        env.addGlobal('levelNames', levelNames);
        env.addGlobal('standingLabels', standingLabels);
        env.addGlobal('governmentPath', governmentPath);
        env.addGlobal('contentSecurityPolicy', pageContentSecurityPolicy);
        for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
        const british = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });
        env.addFilter('number', (value: unknown, digits = 4) =>
          typeof value === 'number' ? british.format(Number(value.toPrecision(digits))) : '',
        );
        env.addFilter('date', (value: unknown) =>
          typeof value === 'string' || value instanceof Date ? formatDate(value) : '',
        );
        env.addFilter('basename', (value: unknown) => path.basename(String(value)));
        env.addFilter('targetText', targetPhrase);
        // Links from data: a stored address that could run a script is shown as text.
        env.addFilter('safeUrl', (value: unknown) => safeLink(value) ?? '');
        env.addFilter('sparkline', renderSparkline);
        env.addFilter('value', (value: unknown, unit?: string | null, decimals?: number) =>
          typeof value === 'number' ? formatValue(value, unit, decimals) : '',
        );
      },
    },
  });
}
