// The guard every route passes: who is asking (their session), whether a form came from this
// service (CSRF), and whether the route's policy lets them. A route names its policy in its
// config; a GET outside the workspace is public unless it says otherwise, and any other route
// that names none stops the app from starting. Refusals happen before the handler runs, so a
// refused request changes nothing.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyCsrf from '@fastify/csrf-protection';
import { allows, isPolicyName, needsSignIn, type PolicyName, type Principal } from './policy.ts';
import { SESSION_COOKIE } from './session.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The policy that guards the route (policy.ts). */
    policy?: PolicyName;
    /** What a scoped policy is asked about: the government, indicator, mission… acted on. */
    scope?: (req: FastifyRequest) => Promise<string | undefined> | string | undefined;
  }
  interface FastifyRequest {
    /** The signed-in person, or null. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route with the policy that guards it: what the authorization matrix tests. */
    guardedRoutes: GuardedRoute[];
  }
}

export interface GuardedRoute {
  method: string;
  url: string;
  policy: PolicyName;
  /** Whether the route names what it acts on (a scoped policy asked about one thing). */
  scoped: boolean;
}

/** What the guard asks of the people who sign in. */
export interface Authenticator {
  principal(token: string): Promise<Principal | undefined>;
  /** A key made once per installation (the CSRF tokens' HMAC key). */
  secret(name: string): Promise<string>;
}

export const CSRF_COOKIE = 'northstar_csrf';
/** Where a person whose password someone else set goes before anything else. */
export const CHANGE_PASSWORD_PATH = '/manage/account/password';

export class RefusedError extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const changesState = (method: string) => !SAFE_METHODS.has(method);

/** Cookies of the workspace: never readable by scripts, sent only on this site's own links. */
export function cookieOptions(req: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.protocol === 'https',
  };
}

/** What a CSRF token is bound to: the session, or (before signing in) none. */
export const csrfUserInfo = (req: FastifyRequest) => req.principal?.sessionId ?? 'no session';

/** The policy a route named, or the public one for a page or answer that only reads. */
function policyOf(route: RouteOptions): PolicyName {
  const named = route.config?.policy;
  if (named !== undefined) {
    if (!isPolicyName(named)) throw new Error(`Route ${route.url} names no policy "${named}"`);
    return named;
  }
  const methods = [route.method].flat();
  if (methods.some(changesState) || route.url.startsWith('/manage'))
    throw new Error(
      `Route ${methods.join(',')} ${route.url} changes state or is in the workspace: it must name a policy`,
    );
  return 'public';
}

export async function setUpAuth(app: FastifyInstance, auth: Authenticator) {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' },
    // A token is bound to the session it was made in: one from before a sign-in is no use after.
    getUserInfo: csrfUserInfo,
    // Forms send it as a field; an upload's route reads it from the form's first part and
    // hands it on as this header (see statistics/manageUpload.ts).
    getToken: (req: FastifyRequest) => {
      const field = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof field === 'string' ? field : (req.headers['x-csrf-token'] as string);
    },
    csrfOpts: { hmacKey: await auth.secret('csrf-hmac') },
  });
  app.decorateRequest('principal', null);
  const guardedRoutes: GuardedRoute[] = [];
  app.decorate('guardedRoutes', guardedRoutes);

  app.addHook('onRoute', (route) => {
    const policy = policyOf(route);
    route.config = { ...route.config, policy };
    for (const method of [route.method].flat())
      guardedRoutes.push({ method, url: route.url, policy, scoped: !!route.config.scope });
  });

  app.addHook('onRequest', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token === undefined) return;
    req.principal = (await auth.principal(token)) ?? null;
    // An ended session's cookie goes, so the public pages are shared (cached) again.
    if (!req.principal) reply.clearCookie(SESSION_COOKIE, { path: '/' });
  });

  // After the body is read, before it is validated or handled: first that a form came from
  // this service (a refusal is answered by the error handler, see errors.ts)…
  app.addHook('preValidation', (req, reply, done) => {
    // A request no route takes changes nothing: it is answered 404 or 405 (see errors.ts).
    if (changesState(req.method) && !req.is404) app.csrfProtection(req, reply, done);
    else done();
  });
  // … then that its sender may do what it asks.
  app.addHook('preValidation', async (req, reply) => {
    const policy = req.routeOptions.config.policy ?? 'public';
    if (!needsSignIn(policy)) return;
    const principal = req.principal;
    if (!principal) {
      if (req.method === 'GET')
        return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
      throw new RefusedError(401, 'Sign in to do this. Nothing was changed.');
    }
    if (
      principal.passwordMustChange &&
      !req.url.startsWith(CHANGE_PASSWORD_PATH) &&
      req.url !== '/sign-out'
    ) {
      if (req.method === 'GET') return reply.redirect(CHANGE_PASSWORD_PATH, 303);
      throw new RefusedError(403, 'Choose a new password first. Nothing was changed.');
    }
    const scope = await req.routeOptions.config.scope?.(req);
    if (!allows(principal, policy, scope))
      throw new RefusedError(403, 'You do not have permission to do this. Nothing was changed.');
  });

  // Nothing answered to someone signed in, or from the workspace, is kept by any cache.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.principal || (req.routeOptions.config?.policy ?? 'public') !== 'public')
      reply.header('cache-control', 'no-store').header('vary', 'Cookie');
    done(null, payload);
  });
}
