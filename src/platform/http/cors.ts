// The read-only API may be read by any web page: every GET and HEAD answer under /api/ (errors
// and 304s included) allows any origin, without credentials, and exposes the validators and
// when to try again (429). Nothing else (workspace, forms, state-changing methods) is ever shared.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Last-Modified, Retry-After',
};

const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, HEAD',
  'access-control-allow-headers': 'If-None-Match, If-Modified-Since',
  'access-control-max-age': '86400',
};

const shared = (req: FastifyRequest) =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  req.url.startsWith('/api/') &&
  (req.routeOptions.config?.policy ?? 'public') === 'public';

export function setUpCors(app: FastifyInstance) {
  // A callback, not an async hook: it runs on every answer, cached ones included.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (shared(req)) reply.headers(CORS_HEADERS);
    done(null, payload);
  });
  // A browser asks before sending `If-None-Match` from another origin. The query is the GET's,
  // checked when the GET comes: the question is answered whatever it holds.
  app.options(
    '/api/*',
    { config: { rateLimit: false }, schema: { querystring: z.looseObject({}) } },
    async (_req, reply) => reply.code(204).headers(PREFLIGHT_HEADERS).send(),
  );
}
