// Signing in for in-process tests: a person with a role, signed in through the real sign-in
// form, and a client that carries their cookies and posts forms with the CSRF token of the
// page the form came from, as a browser would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Runtime } from '../../src/compose.ts';
import type { Grant } from '../../src/platform/auth/policy.ts';

export const TEST_PASSWORD = 'a long test password';

/** The cookies a response sets, merged into `jar`. */
function keepCookies(jar: Map<string, string>, response: LightMyRequestResponse) {
  for (const cookie of response.cookies) {
    if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
      jar.delete(cookie.name);
    else jar.set(cookie.name, cookie.value);
  }
}

/** The CSRF token in a page's first form. */
export const csrfTokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

export interface Client {
  readonly cookies: Map<string, string>;
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts `fields` with the token of the form on `formPage` (the url's own page by default). */
  post(
    url: string,
    fields: Record<string, string | string[]>,
    options?: { formPage?: string; token?: string | null },
  ): Promise<LightMyRequestResponse>;
}

export function client(app: FastifyInstance): Client {
  const cookies = new Map<string, string>();
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (url: string) => {
    const response = await app.inject({ url, headers: cookies.size ? { cookie: cookie() } : {} });
    keepCookies(cookies, response);
    return response;
  };
  return {
    cookies,
    get,
    async post(url, fields, options = {}) {
      const token =
        options.token === undefined
          ? csrfTokenOf((await get(options.formPage ?? url)).body)
          : options.token;
      const body = new URLSearchParams();
      if (token) body.append('_csrf', token);
      for (const [name, value] of Object.entries(fields))
        for (const v of [value].flat()) body.append(name, v);
      const response = await app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(cookies.size ? { cookie: cookie() } : {}),
        },
      });
      keepCookies(cookies, response);
      return response;
    },
  };
}

/** Adds a person with `grant` (and the test password) unless they exist. */
export async function addPerson(runtime: Runtime, email: string, grant: Grant, name = email) {
  const existing = await runtime.services.people.byEmail(email);
  if (existing) return existing;
  const { user } = await runtime.services.people.add(
    { email, name, grant, password: TEST_PASSWORD },
    { actor: 'test', reason: 'Test user' },
  );
  return user;
}

/** A client signed in as a new person with `grant`, through the sign-in form. */
export async function signedIn(
  app: FastifyInstance,
  runtime: Runtime,
  grant: Grant,
  email = `${grant.role}${grant.scope ? `.${grant.scope}` : ''}@example.gov.uk`,
): Promise<Client> {
  await addPerson(runtime, email, grant);
  const browser = client(app);
  const response = await browser.post(
    '/sign-in',
    { email, password: TEST_PASSWORD, next: '/manage' },
    { formPage: '/sign-in' },
  );
  if (response.statusCode !== 303)
    throw new Error(`Signing in as ${email} answered ${response.statusCode}`);
  return browser;
}
