// The web application: a flat list of installers on one fastify instance, then each
// feature's pages and API routes. Built from the services and features it is given, so tests
// can hand it any store, or a failing one.
import path from 'node:path';
import type { ServerOptions } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import {
  serializerCompiler,
  validatorCompiler,
  jsonSchemaTransform,
} from 'fastify-type-provider-zod';
import { ROOT } from '../../config.ts';
import { chartColours } from './chart.ts';
import { setUpErrors } from './errors.ts';
import { setUpResponseCache, type CacheSource } from './cache.ts';
import { setUpSecurityHeaders } from './security.ts';
import { govukDist, setUpTemplates } from './templates.ts';
import { serviceNavigation, type Feature } from './registry.ts';

export interface AppOptions {
  /** The listening server's timeouts, set by `northstar serve` (see cli/commands/serve.ts). */
  serverOptions?: {
    requestTimeout?: number;
    connectionTimeout?: number;
    keepAliveTimeout?: number;
    http?: ServerOptions;
  };
  production?: boolean;
  logger?: boolean;
  /** Render pages for the static published copy (see publish/site.ts). */
  staticSite?: boolean;
  /** Keep rendered responses until the data or missions change (default on). */
  cache?: boolean;
}

/** What the platform itself asks of the services. */
export interface AppServices extends CacheSource {
  health(): Promise<{ status: 'ok'; database: string }>;
  /** The change log's newest event in effect, shown on every page (absent: none shown). */
  auditHead?(): Promise<{ id: number; hash: string } | undefined>;
}

function setUpOpenApi(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The OpenAPI document describes the API: pages and assets stay out of it.
  app.addHook('onRoute', (route) => {
    const described = route.url.startsWith('/api/v1/') || route.url === '/health';
    if (!described) route.schema = { ...route.schema, hide: true };
  });
  return app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Northstar API',
        version: '1.0.0',
        description: 'Missions, goals, official statistics and computed progress.',
      },
    },
    transform: jsonSchemaTransform,
  });
}

function setUpAssets(app: FastifyInstance) {
  return app.register(fastifyStatic, {
    root: [
      path.join(govukDist, 'govuk', 'assets'),
      path.join(ROOT, 'src', 'platform', 'http', 'public'),
      path.join(govukDist, 'govuk'),
    ],
    prefix: '/assets/',
  });
}

/** Builds the application; `listen` is the caller's. */
export async function createApp<S extends AppServices>(
  services: S,
  features: Feature<S>[],
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...options.serverOptions,
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  await setUpOpenApi(app);
  await setUpAssets(app);
  await setUpTemplates(
    app,
    features.flatMap((f) => (f.views ? [f.views] : [])),
    { serviceNavigation: (active?: string) => serviceNavigation(features, active) },
  );
  setUpSecurityHeaders(app);
  setUpErrors(app, options.production ?? false);
  app.get('/health', async () => services.health());
  if (options.cache ?? true) setUpResponseCache(app, services);
  const staticSite = options.staticSite ?? false;
  const context = {
    services,
    staticSite,
    view: async (reply: FastifyReply, template: string, values: Record<string, unknown>) =>
      reply.view(`${template}.njk`, {
        ...values,
        chartColours,
        staticSite,
        auditHead: await services.auditHead?.(),
      }),
  };
  // Every feature's API routes, then every feature's pages, in the features' order.
  for (const feature of features) await feature.setUpApi?.(app, context);
  for (const feature of features) await feature.setUpPages?.(app, context);
  app.get('/accessibility', async (_req, reply) => context.view(reply, 'accessibility', {}));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
