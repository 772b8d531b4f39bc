// Sign-in at an OpenID Connect provider (GOV.UK One Login, Microsoft Entra ID…), as a
// confidential client: the authorization code flow with PKCE, state and nonce, through
// openid-client. Who may then sign in, and the session, are the people feature's.
import * as oidc from 'openid-client';
import { isLoopback, type OpenIdSettings } from '../../config.ts';

/** What the callback must match, kept on the server from the start of a sign-in to its end. */
export interface OpenIdChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Whom the provider vouches for. */
export interface OpenIdIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified?: boolean;
}

/** A sign-in at the provider that did not succeed, with the status to answer it with. */
export class OpenIdError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 502,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type OpenIdClient = ReturnType<typeof createOpenIdClient>;

export function createOpenIdClient(settings: OpenIdSettings) {
  const { name } = settings;
  const issuer = new URL(settings.issuer);

  // The provider's metadata is fetched at the first sign-in, not at start: a provider that is
  // down must not stop the site (or password sign-in). A failed fetch is tried again next time.
  let discovered: Promise<oidc.Configuration> | undefined;
  const provider = () =>
    (discovered ??= oidc
      .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        execute:
          issuer.protocol === 'http:' && isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw new OpenIdError(
          502,
          `${name} cannot be reached at the moment, so you cannot sign in with it. Try again later, or sign in with your email address and password.`,
          { cause: error },
        );
      }));

  /** The person's answer for what went wrong, from what openid-client threw. */
  function refusal(error: unknown): OpenIdError {
    const again = 'Start again, or sign in with your email address and password.';
    if (error instanceof oidc.AuthorizationResponseError)
      return error.error === 'access_denied'
        ? new OpenIdError(403, `You did not sign in with ${name}. ${again}`, { cause: error })
        : new OpenIdError(400, `${name} could not sign you in (${error.error}). ${again}`, {
            cause: error,
          });
    if (error instanceof oidc.ResponseBodyError)
      return new OpenIdError(
        400,
        `${name} did not accept this sign-in (${error.error}). ${again}`,
        {
          cause: error,
        },
      );
    if (
      (error instanceof TypeError && error.message === 'fetch failed') ||
      (error instanceof oidc.ClientError &&
        ['OAUTH_TIMEOUT', 'OAUTH_RESPONSE_IS_NOT_CONFORM'].includes(error.code ?? ''))
    )
      return new OpenIdError(502, `${name} did not answer as expected. ${again}`, {
        cause: error,
      });
    // A wrong state, issuer, nonce or signature: an answer this sign-in did not ask for.
    if (error instanceof oidc.ClientError)
      return new OpenIdError(400, `The answer from ${name} could not be checked. ${again}`, {
        cause: error,
      });
    throw error;
  }

  return {
    name,
    /** Where the sign-in form leads: the provider's pages are at its issuer's origin. */
    origin: issuer.origin,

    /** Where to send the person to sign in, and what to keep until they come back. */
    async start(): Promise<{ url: URL; checks: OpenIdChecks }> {
      const configuration = await provider();
      const checks = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
      });
      return { url, checks };
    },

    /**
     * Finishes a sign-in from the callback's parameters: checks them against `checks`, trades
     * the code for tokens, validates the ID token, and reads who signed in. Providers that keep
     * the email address out of the ID token (GOV.UK One Login) give it from their userinfo.
     */
    async finish(parameters: URLSearchParams, checks: OpenIdChecks): Promise<OpenIdIdentity> {
      const configuration = await provider();
      const callback = new URL(settings.redirectUri);
      callback.search = parameters.toString();
      try {
        const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims()!;
        const info =
          claims.email === undefined && configuration.serverMetadata().userinfo_endpoint
            ? await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub)
            : claims;
        return {
          issuer: claims.iss,
          subject: claims.sub,
          email: typeof info.email === 'string' ? info.email : undefined,
          emailVerified: info.email_verified === true,
        };
      } catch (error) {
        throw refusal(error);
      }
    },
  };
}
