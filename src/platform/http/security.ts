// Security headers on every answer, cached ones included. The one definition of the policy:
// every page also carries it in a <meta> element, and the published copy ships it as header
// files for its web server or CDN, so a copy served elsewhere is as protected as this server.
import type { FastifyInstance } from 'fastify';

const contentSecurityPolicy: [directive: string, value: string][] = [
  ['default-src', "'self'"],
  ['img-src', "'self' data:"],
  ['style-src', "'self'"],
  // The template's one inline script only adds a class; it is allowed by its hash.
  ['script-src', "'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

const policyText = (directives: [string, string][]) =>
  directives.map(([directive, value]) => `${directive} ${value}`).join('; ');

/** Every security header, by its lower-case name. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': policyText(contentSecurityPolicy),
};

/**
 * The policy as a page's `<meta http-equiv="Content-Security-Policy">` states it: browsers
 * ignore `frame-ancestors` there (only the header can forbid framing), so it is left out.
 */
export const pageContentSecurityPolicy = policyText(
  contentSecurityPolicy.filter(([directive]) => directive !== 'frame-ancestors'),
);

export function setUpSecurityHeaders(app: FastifyInstance) {
  // A callback, not an async hook: it runs on every answer, cached ones included.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.headers(securityHeaders);
    done(null, payload);
  });
}
