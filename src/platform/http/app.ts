// The web application: public pages and the JSON API on one fastify instance, built from
// the services it is given so tests can hand it any store, or a failing one.
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import fastifySwagger from '@fastify/swagger';
import nunjucks from 'nunjucks';
import {
  serializerCompiler,
  validatorCompiler,
  jsonSchemaTransform,
  hasZodFastifySchemaValidationErrors,
} from 'fastify-type-provider-zod';
import { ROOT } from '../../config.ts';
import type { Services } from '../../features/missions/service.ts';
import { setUpApi } from '../../features/missions/api.ts';
import { setUpPages, NotFoundError } from '../../features/missions/pages.ts';
import { setUpResponseCache } from './cache.ts';
import { statusLabels } from '../../domain/assessment.ts';
import { levelNames } from '../../domain/area.ts';
import { formatValue } from '../../domain/format.ts';
import type { Goal } from '../../domain/mission.ts';
import { renderSparkline } from './chart.ts';

const govukDist = path.join(ROOT, 'node_modules', 'govuk-frontend', 'dist');
const viewsDirs = ['platform/http', 'features/missions', 'features/statistics', 'features/areas', 'features/audit'].map((d) => path.join(ROOT, 'src', d, 'views'));

export interface AppOptions {
  production?: boolean;
  logger?: boolean;
  /** Render pages for the static published copy (see publish/site.ts). */
  staticSite?: boolean;
  /** Keep rendered responses until the data or missions change (default on). */
  cache?: boolean;
}

function setUpTemplates(app: FastifyInstance) {
  return app.register(fastifyView, {
    engine: { nunjucks },
    templates: [...viewsDirs, govukDist],
    options: {
      onConfigure(env: nunjucks.Environment) {
        env.addGlobal('serviceName', 'Northstar');
        env.addGlobal('statusLabels', statusLabels);
        env.addGlobal('levelNames', levelNames);
        const british = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });
        env.addFilter('number', (value: unknown, digits = 4) =>
          typeof value === 'number' ? british.format(Number(value.toPrecision(digits))) : '',
        );
        env.addFilter('date', (value: unknown) =>
          typeof value === 'string' || value instanceof Date
            ? new Date(value).toLocaleDateString('en-GB', {
                day: 'numeric',
                month: 'long',
                year: 'numeric',
                timeZone: 'Europe/London',
              })
            : '',
        );
        env.addFilter('basename', (value: unknown) => path.basename(String(value)));
        env.addFilter('targetText', (target: Goal['target'], unit?: string | null) => {
          if (!target) return 'None set';
          const words = { '<=': 'at most', '<': 'below', '>=': 'at least', '>': 'above' }[
            target.comparator
          ];
          const deadline = new Date(target.deadline).toLocaleDateString('en-GB', {
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          });
          return `${words} ${formatValue(target.value, unit)} by ${deadline}`;
        });
        env.addFilter('sparkline', renderSparkline);
        env.addFilter('value', (value: unknown, unit?: string | null) =>
          typeof value === 'number' ? formatValue(value, unit) : '',
        );
      },
    },
  });
}

function setUpSecurityHeaders(app: FastifyInstance) {
  const headers = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    // The template's one inline script only adds a class; it is allowed by its hash.
    'content-security-policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  };
  // A callback, not an async hook: it runs on every answer, cached ones included.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.headers(headers);
    done(null, payload);
  });
}

function setUpErrors(app: FastifyInstance, production: boolean) {
  const isApi = (url: string) => url.startsWith('/api/');
  app.setNotFoundHandler(async (req, reply) => {
    reply.code(404);
    if (isApi(req.url))
      return {
        statusCode: 404,
        error: 'Not Found',
        message: `No API route ${req.method} ${req.url.split('?')[0]}`,
      };
    return reply.view('not-found.njk');
  });
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (error instanceof NotFoundError) {
      reply.code(404);
      return reply.view('not-found.njk');
    }
    const status =
      hasZodFastifySchemaValidationErrors(error) || error.validation
        ? 400
        : (error.statusCode ?? 500);
    if (status >= 500) req.log.error(error);
    reply.code(status);
    if (isApi(req.url) || status < 500) {
      const message = hasZodFastifySchemaValidationErrors(error)
        ? error.validation
            .map((v) => `${v.instancePath.replace(/^\//, '') || 'request'}: ${v.message}`)
            .join('; ')
        : status >= 500 && production
          ? 'Something went wrong on our side.'
          : error.message;
      return {
        statusCode: status,
        error: status >= 500 ? 'Internal Server Error' : 'Bad Request',
        message,
      };
    }
    return reply.view('error.njk', { detail: production ? undefined : error.stack });
  });
}

/** Builds the application from its services; `listen` is the caller's. */
export async function createApp(
  services: Services,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const production = options.production ?? false;
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Northstar API',
        version: '1.0.0',
        description: 'Missions, goals, official statistics and computed progress.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyStatic, {
    root: [
      path.join(govukDist, 'govuk', 'assets'),
      path.join(ROOT, 'src', 'platform', 'http', 'public'),
      path.join(govukDist, 'govuk'),
    ],
    prefix: '/assets/',
  });
  await setUpTemplates(app);
  setUpSecurityHeaders(app);
  setUpErrors(app, production);
  app.get('/health', async () => services.health());
  if (options.cache ?? true) setUpResponseCache(app, services);
  await setUpApi(app, services);
  await setUpPages(app, services, { staticSite: options.staticSite });
  return app;
}
