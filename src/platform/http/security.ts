// Security headers on every answer, cached ones included. The one definition of the policy:
// every page also carries it in a <meta> element, and the published copy ships it as header
// files for its web server or CDN, so a copy served elsewhere is as protected as this server.
import type { FastifyInstance } from 'fastify';

const contentSecurityPolicy: [directive: string, value: string][] = [
  ['default-src', "'self'"],
  ['img-src', "'self' data:"],
  ['style-src', "'self'"],
  // The template's one inline script only adds a class; it is allowed by its hash. WebAssembly
  // (not eval) for the published copy's search, which runs Pagefind's index in the browser.
  ['script-src', "'self' 'wasm-unsafe-eval' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

const policyText = (directives: [string, string][]) =>
  directives.map(([directive, value]) => `${directive} ${value}`).join('; ');

/**
 * The policy with further places a form may lead to: signing in at an OpenID provider posts a
 * form here that redirects there, and browsers hold that redirect to `form-action` too.
 */
const withFormActions = (origins: string[]) =>
  contentSecurityPolicy.map(([directive, value]): [string, string] =>
    directive === 'form-action' && origins.length
      ? [directive, [value, ...origins].join(' ')]
      : [directive, value],
  );

/** Every security header, by its lower-case name; forms may also lead to `formActions`. */
export const securityHeadersFor = (formActions: string[]): Readonly<Record<string, string>> => ({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': policyText(withFormActions(formActions)),
});

/** The headers of the public site and its published copy, whose forms stay on the site. */
export const securityHeaders = securityHeadersFor([]);

/**
 * The policy as a page's `<meta http-equiv="Content-Security-Policy">` states it: browsers
 * ignore `frame-ancestors` there (only the header can forbid framing), so it is left out.
 */
export const pageContentSecurityPolicyFor = (formActions: string[]) =>
  policyText(withFormActions(formActions).filter(([directive]) => directive !== 'frame-ancestors'));
export const pageContentSecurityPolicy = pageContentSecurityPolicyFor([]);

export function setUpSecurityHeaders(app: FastifyInstance, headers = securityHeaders) {
  // A callback, not an async hook: it runs on every answer, cached ones included.
  app.addHook('onSend', (_req, reply, payload, done) => {
    const own = reply.getHeader('content-security-policy');
    reply.headers(headers);
    // A document that states its own policy keeps it: a frozen report's HTML, whose inline
    // styles are allowed by their hash and which may fetch nothing at all.
    if (own) reply.header('content-security-policy', own);
    done(null, payload);
  });
}
