// Security headers on every answer, cached ones included.
import type { FastifyInstance } from 'fastify';

const headers = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  // The template's one inline script only adds a class; it is allowed by its hash.
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

export function setUpSecurityHeaders(app: FastifyInstance) {
  // A callback, not an async hook: it runs on every answer, cached ones included.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.headers(headers);
    done(null, payload);
  });
}
