// Signing in at the OpenID provider. The button on the sign-in page begins an attempt, kept in
// the database and known to this browser only by a short-lived cookie, and sends the person to
// the provider; the provider sends them back to the callback, which finishes the attempt once
// and starts a session for the account linked to them (or with their verified email address).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { cookieOptions } from '../../platform/auth/guard.ts';
import { OpenIdError } from '../../platform/auth/openid.ts';
import { SESSION_COOKIE } from '../../platform/auth/session.ts';
import { field, localPath } from '../../platform/http/forms.ts';
import { textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

const ATTEMPT_COOKIE = 'northstar_openid';
const ATTEMPT_PATH = '/sign-in/openid';
/** How long a person has at the provider before the attempt they began is no use. */
export const ATTEMPT_MS = 10 * 60_000;

/**
 * What providers send back: oidc-provider `code`, `state`, `iss` and on failure `error`,
 * `error_description` (and `scope`); GOV.UK One Login `code`, `state`, `error`,
 * `error_description`; Microsoft Entra ID also `session_state`, and `error_uri` on failure.
 */
const callbackQuery = z.strictObject({
  code: textParam(2000),
  state: textParam(500),
  iss: textParam(500),
  session_state: textParam(500),
  scope: textParam(1000),
  error: textParam(200),
  error_description: textParam(2000),
  error_uri: textParam(2000),
});

export function setUpOpenIdSignIn(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const { openId, people, clock } = services;
  if (!openId) return;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  /** The sign-in page again, saying why, and with no session begun. */
  const refuse = (reply: FastifyReply, statusCode: number, message: string, next: string) => {
    reply.code(statusCode);
    return view(reply, 'sign-in', {
      title: 'Sign in',
      openId: openId.name,
      next,
      errorList: [{ text: message }],
    });
  };
  const refuseWith = (req: FastifyRequest, reply: FastifyReply, error: unknown, next: string) => {
    if (!(error instanceof OpenIdError)) throw error;
    req.log.warn({ err: error.cause ?? error }, 'OpenID sign-in refused');
    return refuse(reply, error.statusCode, error.message, next);
  };

  pages.post(
    '/sign-in/openid',
    // Each press stores an attempt: a few a minute from one address.
    { config: { policy: 'sign-in', rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (req, reply) => {
      const returnTo = localPath(field(req.body, 'next'));
      let started;
      try {
        started = await openId.start();
      } catch (error) {
        return refuseWith(req, reply, error, returnTo);
      }
      const token = randomBytes(32).toString('base64url');
      await people.saveAttempt(token, { ...started.checks, returnTo }, clock.now());
      reply.setCookie(ATTEMPT_COOKIE, token, {
        ...cookieOptions(req),
        path: ATTEMPT_PATH,
        maxAge: ATTEMPT_MS / 1000,
      });
      return reply.redirect(started.url.href, 303);
    },
  );

  pages.get(
    '/sign-in/openid/callback',
    { config: { policy: 'sign-in' }, schema: { querystring: callbackQuery } },
    async (req, reply) => {
      const token = req.cookies[ATTEMPT_COOKIE];
      reply.clearCookie(ATTEMPT_COOKIE, { path: ATTEMPT_PATH });
      // Taken whatever happens next: an attempt is finished once, or not at all.
      const attempt = token ? await people.takeAttempt(token) : undefined;
      if (!attempt || clock.now().getTime() - attempt.createdAt.getTime() >= ATTEMPT_MS)
        return refuse(
          reply,
          400,
          `This sign-in with ${openId.name} was not finished within ${ATTEMPT_MS / 60_000} minutes, or has been used already. Start again.`,
          attempt?.returnTo ?? localPath(undefined),
        );
      const parameters = new URLSearchParams(
        Object.entries(req.query).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      let identity;
      try {
        identity = await openId.finish(parameters, attempt);
      } catch (error) {
        return refuseWith(req, reply, error, attempt.returnTo);
      }
      // The session the browser held ends: a session id never survives a sign-in.
      const signedIn = await people.signInWithIdentity(identity, req.cookies[SESSION_COOKIE]);
      if (!signedIn)
        return refuse(
          reply,
          403,
          `You signed in with ${openId.name}${identity.email ? ` as ${identity.email}` : ''}, but there is no Northstar account for you, or it has been disabled. Ask an administrator of your workspace to add you, then try again.`,
          attempt.returnTo,
        );
      reply.setCookie(SESSION_COOKIE, signedIn.token, cookieOptions(req));
      return reply.redirect(attempt.returnTo, 303);
    },
  );
}
