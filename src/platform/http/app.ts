// The web application: a flat list of installers on one fastify instance, then each
// feature's pages and API routes. Built from the services and features it is given, so tests
// can hand it any store, or a failing one. Every route refuses query parameters it does not
// declare, so an unknown parameter is a 400 (and never a new cache entry), one way.
import path from 'node:path';
import http, { type ServerOptions } from 'node:http';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import {
  serializerCompiler,
  validatorCompiler,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROOT } from '../../config.ts';
import { chartColours } from './chart.ts';
import { clientErrorHandler, frameworkErrorHandler, setUpErrors } from './errors.ts';
import {
  setUpResponseCache,
  type CacheOptions,
  type CacheSource,
  type CacheStats,
  type DirectAnswer,
} from './cache.ts';
import { setUpRenderLimits, type RenderLimits } from './limits.ts';
import { dropEmptyFields, noQuery } from './params.ts';
import { setUpCors } from './cors.ts';
import { responses } from './problem.ts';
import { apiRoutes, type OpenApiDocument } from './apiPage.ts';
import {
  pageContentSecurityPolicyFor,
  securityHeadersFor,
  setUpSecurityHeaders,
} from './security.ts';
import { govukDist, renderPage, setUpTemplates } from './templates.ts';
import { languageOf, routeWelsh, translator } from './language.ts';
import { serviceNavigation, workspaceNavigation, type Feature } from './registry.ts';
import { csrfUserInfo, setUpAuth, type Authenticator } from '../auth/guard.ts';

export interface AppOptions {
  /** The listening server's timeouts, set by `northstar serve` (see cli/commands/serve.ts). */
  serverOptions?: {
    requestTimeout?: number;
    connectionTimeout?: number;
    keepAliveTimeout?: number;
    http?: ServerOptions;
    /** Which proxies in front may say the client's address and scheme (X-Forwarded-*). */
    trustProxy?: FastifyServerOptions['trustProxy'];
  };
  /** Hide error details (the default); `false` shows messages and stacks, for development. */
  production?: boolean;
  /** Log every request and every fault (pino, with request ids); off unless asked for. */
  logger?: FastifyServerOptions['logger'];
  /** Render pages for the static published copy (see publish/site.ts): no limits. */
  staticSite?: boolean;
  /** Where readers send feedback and report accessibility problems (the phase banner's link). */
  contactEmail?: string;
  /** Keep rendered responses until the data or missions change (default on, 64 MiB; off for `staticSite`). */
  cache?: boolean | CacheOptions;
  /** Per-client limits on answers worked out afresh (default on; off for `staticSite`). */
  limits?: boolean | RenderLimits;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What the response cache holds, when there is one. */
    responseCache?: CacheStats;
  }
}

/** What the platform itself asks of the services. */
export interface AppServices extends CacheSource {
  health(): Promise<{ status: 'ok'; database: string }>;
  /** The change log's newest event in effect, shown on every page (absent: none shown). */
  auditHead?(): Promise<{ id: number; hash: string } | undefined>;
  /** The governments whose overviews the header links to, the home one first. */
  governments?(): Promise<{ slug: string; name: string }[]>;
  /** The people who sign in (absent: no workspace, as in the published copy). */
  auth?: Authenticator;
  /** Sign-in at an OpenID provider, whose origin a sign-in form may then lead to. */
  openId?: { origin: string };
}

const notModified = {
  description:
    'Not Modified: the answer is the same as the copy whose `ETag` (`If-None-Match`) or `Last-Modified` (`If-Modified-Since`) the request sent',
};

function setUpOpenApi(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // A form's field left empty is a field not filled in: a browser sends `?kind=&from=` for it,
  // and a page takes it so. The API, read by programs, refuses an empty value as it is.
  app.addHook('preValidation', (req, _reply, done) => {
    if (!req.url.startsWith('/api/')) dropEmptyFields(req.query as Record<string, unknown>);
    done();
  });
  app.addHook('onRoute', (route) => {
    // A route that declares no query takes none (assets are files, and take anything).
    if (!route.schema?.querystring && !route.url.startsWith('/assets/'))
      route.schema = { ...route.schema, querystring: noQuery };
    // The OpenAPI document describes the API: pages and assets stay out of it.
    const described = route.url.startsWith('/api/v1/') || route.url === '/health';
    if (!described) route.schema = { ...route.schema, hide: true };
  });
  return app.register(fastifySwagger, {
    openapi: {
      // 3.1: schemas are JSON Schema 2020-12, so a field that may be null says so plainly.
      openapi: '3.1.0',
      info: {
        title: 'Northstar API',
        version: '1.0.0',
        description: 'Missions, goals, official statistics and computed progress.',
      },
    },
    transform: jsonSchemaTransform,
    // Schemas with an id (the problem body) are components, referred to by each route.
    transformObject(input) {
      const document = jsonSchemaTransformObject(input);
      const { paths } = document as { paths: Record<string, { get?: { responses: object } }> };
      // Every answer but the health check's carries validators (see cache.ts).
      for (const [url, item] of Object.entries(paths))
        if (url !== '/health' && item.get)
          item.get.responses = { ...item.get.responses, 304: notModified };
      return document;
    },
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

/** What fastify passes a server factory: its options, with its defaults filled in. */
interface ServerSettings {
  http?: ServerOptions;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket?: number | null;
}

/** The HTTP server fastify would make with these settings (`serverOptions`), for `handler`. */
function httpServer(settings: ServerSettings, handler: http.RequestListener): http.Server {
  const server = http.createServer(settings.http ?? {}, handler);
  server.keepAliveTimeout = settings.keepAliveTimeout;
  server.requestTimeout = settings.requestTimeout;
  server.setTimeout(settings.connectionTimeout);
  if (settings.maxRequestsPerSocket) server.maxRequestsPerSocket = settings.maxRequestsPerSocket;
  return server;
}

/** Builds the application; `listen` is the caller's. */
export async function createApp<S extends AppServices>(
  services: S,
  features: Feature<S>[],
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const production = options.production ?? true;
  const staticSite = options.staticSite ?? false;
  const workspace = !staticSite && services.auth !== undefined;
  const formActions = workspace && services.openId ? [services.openId.origin] : [];
  const securityHeaders = securityHeadersFor(formActions);
  const getApp = (): FastifyInstance => app;
  // Set once the response cache is: its hits go out before fastify routes the request.
  let answerDirectly: DirectAnswer | undefined;
  const app = Fastify({
    ...options.serverOptions,
    serverFactory: (handler, settings) =>
      httpServer(
        settings as unknown as ServerSettings,
        (req, res) => answerDirectly?.(req, res) || handler(req, res),
      ),
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    // Welsh pages are the same routes under /cy (see language.ts).
    rewriteUrl: routeWelsh,
    frameworkErrors: frameworkErrorHandler(getApp, () => securityHeaders),
    clientErrorHandler: clientErrorHandler(getApp, () => securityHeaders),
  });
  await setUpOpenApi(app);
  await setUpAssets(app);
  const catalogue = await setUpTemplates(
    app,
    features.flatMap((f) => (f.views ? [f.views] : [])),
    {
      serviceNavigation: (active?: string, t?: (text: string) => string) =>
        serviceNavigation(features, active, t),
      contentSecurityPolicy: pageContentSecurityPolicyFor(formActions),
      contactEmail: options.contactEmail,
      staticSite,
    },
  );
  setUpSecurityHeaders(app, securityHeaders);
  setUpCors(app);
  setUpErrors(app, !production);
  // Before any route of a feature, so each is checked for its policy as it is added.
  if (workspace) await setUpAuth(app, services.auth!);
  // Never limited nor cached: it must answer at once however busy the rest is.
  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Whether the service is up, and the database engine it uses',
        response: responses(z.object({ status: z.literal('ok'), database: z.string() })),
      },
    },
    async () => services.health(),
  );
  // A publish asks for each address once: nothing to keep (see publish/site.ts).
  const cache = options.cache ?? !staticSite;
  if (cache) {
    const kept = setUpResponseCache(app, services, cache === true ? {} : cache);
    answerDirectly = kept.answerDirectly;
    app.decorate('responseCache', kept.stats);
  }
  const limits = options.limits ?? !staticSite;
  if (limits) await setUpRenderLimits(app, services.clock, limits === true ? {} : limits);
  const context = {
    services,
    staticSite,
    translate: (req: FastifyRequest) => translator(languageOf(req), catalogue),
    view: async (reply: FastifyReply, template: string, values: Record<string, unknown>) => {
      const req = reply.request;
      // Only forms need a token, and only pages that are nobody else's carry one.
      const personal = workspace && (req.routeOptions.config.policy ?? 'public') !== 'public';
      return renderPage(reply, `${template}.njk`, {
        ...values,
        chartColours,
        staticSite,
        workspace,
        principal: req.principal,
        csrfToken: personal ? reply.generateCsrf({ userInfo: csrfUserInfo(req) }) : undefined,
        workspaceNavigation: req.principal
          ? workspaceNavigation(features, req.principal, values.activeWorkspace as string)
          : [],
        auditHead: await services.auditHead?.(),
        governmentLinks: (await services.governments?.()) ?? [],
      });
    },
  };
  // Every feature's API routes, then every feature's pages, in the features' order.
  for (const feature of features) await feature.setUpApi?.(app, context);
  for (const feature of features) await feature.setUpPages?.(app, context);
  if (workspace) for (const feature of features) await feature.setUpWorkspace?.(app, context);
  app.get('/accessibility', async (_req, reply) => context.view(reply, 'accessibility', {}));
  app.get('/feedback', async (_req, reply) => context.view(reply, 'feedback', {}));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The API's page for people, made from the same document.
  app.get('/api', async (_req, reply) =>
    context.view(reply, 'api', { routes: apiRoutes(app.swagger() as OpenApiDocument) }),
  );
  return app;
}
