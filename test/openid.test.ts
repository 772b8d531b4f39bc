// Sign-in with OpenID Connect against a real provider (oidc-provider on a loopback port), the
// app listening on its own port, driven over real HTTP by a client that keeps cookies and
// follows redirects as a browser does: through the provider's sign-in and consent pages and
// back. Also the configuration: all of it or none.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './e2e/browser.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createWebApp, openRuntime, type Runtime } from '../src/compose.ts';
import { createPgliteDatabase } from '../src/platform/db/pglite.ts';
import { createOpenIdClient, OpenIdError } from '../src/platform/auth/openid.ts';
import { SESSION_COOKIE } from '../src/platform/auth/session.ts';
import { ATTEMPT_MS } from '../src/features/people/openid.ts';
import { startOidcProvider, type TestProvider } from './support/oidcProvider.ts';
import { testConfig } from './support/runtime.ts';
import { addPerson, csrfTokenOf, TEST_PASSWORD } from './support/workspace.ts';

const OIDC_ENV = {
  NORTHSTAR_OIDC_ISSUER: 'https://oidc.account.gov.uk/',
  NORTHSTAR_OIDC_CLIENT_ID: 'client',
  NORTHSTAR_OIDC_CLIENT_SECRET: 'secret',
  NORTHSTAR_PUBLIC_URL: 'https://northstar.example.gov.uk/',
};

describe('OpenID Connect configuration', () => {
  it('is off when none of it is given, and complete when all of it is', () => {
    assert.equal(loadConfig({}).openId, undefined);
    assert.deepEqual(loadConfig({ ...OIDC_ENV, NORTHSTAR_OIDC_NAME: 'GOV.UK One Login' }).openId, {
      issuer: 'https://oidc.account.gov.uk/',
      clientId: 'client',
      clientSecret: 'secret',
      name: 'GOV.UK One Login',
      redirectUri: 'https://northstar.example.gov.uk/sign-in/openid/callback',
    });
    assert.equal(loadConfig(OIDC_ENV).openId?.name, 'your organisation’s account');
  });

  it('refuses half a configuration, naming what is missing', () => {
    for (const missing of Object.keys(OIDC_ENV)) {
      const env: Record<string, string> = { ...OIDC_ENV };
      delete env[missing];
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error instanceof ConfigError && error.message.includes(missing),
        missing,
      );
    }
    assert.throws(() => loadConfig({ NORTHSTAR_OIDC_NAME: 'GOV.UK One Login' }), ConfigError);
  });

  it('refuses an issuer over plain HTTP unless it is on this machine', () => {
    const issuer = (address: string) =>
      loadConfig({ ...OIDC_ENV, NORTHSTAR_OIDC_ISSUER: address }).openId?.issuer;
    assert.throws(() => issuer('http://login.example.org'), /https:\/\//);
    assert.throws(() => issuer('not an address'), ConfigError);
    assert.equal(issuer('http://127.0.0.1:9000'), 'http://127.0.0.1:9000');
  });

  it('says clearly when the provider cannot be reached', async () => {
    const port = await freePort();
    const client = createOpenIdClient({
      issuer: `http://127.0.0.1:${port}`,
      clientId: 'client',
      clientSecret: 'secret',
      name: 'Test Login',
      redirectUri: 'http://127.0.0.1/sign-in/openid/callback',
    });
    await assert.rejects(
      client.start(),
      (error: Error) =>
        error instanceof OpenIdError &&
        error.statusCode === 502 &&
        /Test Login cannot be reached/.test(error.message),
    );
  });
});

/** A port nothing listens on at the moment (the app's, known before the provider is told it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

interface Cookie {
  origin: string;
  name: string;
  value: string;
  path: string;
}

/** Real HTTP with a cookie jar (by origin and path), following redirects only when asked. */
class Browser {
  cookies: Cookie[] = [];

  cookie(origin: string, name: string) {
    return this.cookies.find((c) => c.origin === origin && c.name === name)?.value;
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const target = new URL(url);
    const cookie = this.cookies
      .filter((c) => c.origin === target.origin && target.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form && new URLSearchParams(init.form).toString(),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const [name, value] = [
        pair!.slice(0, pair!.indexOf('=')),
        pair!.slice(pair!.indexOf('=') + 1),
      ];
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? '/';
      const expires = attribute('expires');
      const gone =
        value === '' ||
        attribute('max-age') === '0' ||
        (expires !== undefined && Date.parse(expires) < Date.now());
      this.cookies = this.cookies.filter(
        (c) => !(c.origin === target.origin && c.name === name && c.path === path),
      );
      if (!gone) this.cookies.push({ origin: target.origin, name, value, path });
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
      url: target.href,
    };
  }

  /** Requests `url` and follows redirects (as GET) until an answer that is not one, or `stopAt`. */
  async follow(url: string, init: { form?: Record<string, string> } = {}, stopAt?: string) {
    let answer = await this.request(url, init);
    while (answer.location) {
      const next = new URL(answer.location, answer.url).href;
      if (stopAt && next.startsWith(stopAt)) return { ...answer, location: next };
      answer = await this.request(next);
    }
    return answer;
  }
}

/** The value of a hidden input or the action of the form on a provider's page. */
const formOf = (html: string, page: string) => {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(action && prompt, `a sign-in or consent form on ${page}:\n${html.slice(0, 500)}`);
  return { action: new URL(action.replaceAll('&amp;', '&'), page).href, prompt };
};

describe('Signing in with OpenID Connect', () => {
  let provider: TestProvider;
  let runtime: Runtime;
  let app: FastifyInstance;
  let site: string;
  let callbackUrl: string;
  // Moves the app's clock (never the provider's): an attempt can be made to look old.
  let skewMs = 0;

  before(async () => {
    const port = await freePort();
    site = `http://127.0.0.1:${port}`;
    callbackUrl = `${site}/sign-in/openid/callback`;
    provider = await startOidcProvider({
      redirectUri: callbackUrl,
      accounts: {
        editor: { email: 'Editor@Example.gov.uk', email_verified: true, name: 'Ed Itor' },
        stranger: { email: 'stranger@example.org', email_verified: true, name: 'A Stranger' },
        unverified: { email: 'reviewer@example.gov.uk', email_verified: false, name: 'Not Sure' },
        disabled: { email: 'disabled@example.gov.uk', email_verified: true, name: 'Dis Abled' },
      },
    });
    runtime = await openRuntime(
      {
        ...testConfig,
        openId: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          name: 'Test Login',
          redirectUri: callbackUrl,
        },
      },
      {
        db: await createPgliteDatabase(),
        clock: { now: () => new Date(Date.now() + skewMs) },
      },
    );
    const reviewer = { role: 'reviewer', scope: '' } as const;
    await addPerson(runtime, 'editor@example.gov.uk', reviewer, 'Editor Person');
    await addPerson(runtime, 'reviewer@example.gov.uk', reviewer);
    const disabled = await addPerson(runtime, 'disabled@example.gov.uk', reviewer);
    await runtime.services.people.setDisabled(disabled.id, true, { actor: 'test', reason: 'Left' });
    app = await createWebApp(runtime.services, { production: false });
    await app.listen({ port, host: '127.0.0.1' });
  });

  after(async () => {
    await app?.close();
    await runtime?.close();
    await provider?.close();
  });

  /**
   * Presses "Sign in with Test Login" on the sign-in page (or posts its form with the token of
   * `formPage`), signs in at the provider as `login` and consents; answers the callback address
   * the provider sends the browser back to, without following it.
   */
  async function atProvider(browser: Browser, login: string, formPage = '/sign-in?next=/manage') {
    const page = await browser.request(`${site}${formPage}`);
    if (formPage.startsWith('/sign-in')) assert.match(page.body, /Sign in with Test Login/);
    let answer = await browser.follow(
      `${site}/sign-in/openid`,
      { form: { _csrf: csrfTokenOf(page.body)!, next: '/manage' } },
      callbackUrl,
    );
    for (let step = 0; answer.status === 200 && step < 3; step++) {
      const form = formOf(answer.body, answer.url);
      answer = await browser.follow(
        form.action,
        {
          form:
            form.prompt === 'login'
              ? { prompt: 'login', login, password: 'any' }
              : { prompt: 'consent' },
        },
        callbackUrl,
      );
    }
    const back = answer.location ?? '';
    assert.ok(
      back.startsWith(callbackUrl),
      `back at the callback, not ${answer.status} ${answer.url}`,
    );
    return back;
  }

  const sessionOf = (browser: Browser) => browser.cookie(site, SESSION_COOKIE);

  /** Whether `session` signs anyone in: the workspace home, or the way to the sign-in page. */
  async function whoIs(session: string | undefined) {
    const answer = await fetch(`${site}/manage`, {
      redirect: 'manual',
      headers: session ? { cookie: `${SESSION_COOKIE}=${session}` } : {},
    });
    return answer.status === 200
      ? /Signed in as ([^(]+) \(/.exec(await answer.text())?.[1]?.trim()
      : undefined;
  }

  let replay: { url: string; attemptCookie: string };

  it('signs in the person whose verified email matches, in a new session that ends the one held before', async () => {
    const browser = new Browser();
    // Signed in already, by password: that session must not survive the new sign-in.
    const passwordForm = await browser.request(`${site}/sign-in`);
    const byPassword = await browser.request(`${site}/sign-in`, {
      form: {
        _csrf: csrfTokenOf(passwordForm.body)!,
        email: 'editor@example.gov.uk',
        password: TEST_PASSWORD,
        next: '/manage',
      },
    });
    assert.equal(byPassword.status, 303);
    const before = sessionOf(browser);
    assert.equal(await whoIs(before), 'Editor Person');
    // The sign-in page sends a signed-in person on: the button's form is posted with the token
    // of a workspace page, as an old tab's copy of the sign-in page would be.
    const callback = await atProvider(browser, 'editor', '/manage');
    const attemptCookie = browser.cookie(site, 'northstar_openid')!;
    assert.ok(attemptCookie);

    const landed = await browser.follow(callback);
    assert.equal(landed.status, 200);
    assert.equal(landed.url, `${site}/manage`);
    assert.match(landed.body, /Signed in as Editor Person \(editor@example\.gov\.uk\)/);
    const after = sessionOf(browser);
    assert.ok(after && after !== before, 'a new session id');
    assert.equal(await whoIs(before), undefined, 'the session held before has ended');
    assert.equal(await whoIs(after), 'Editor Person');
    assert.equal(browser.cookie(site, 'northstar_openid'), undefined, 'the attempt cookie is gone');

    const user = await runtime.services.people.byEmail('editor@example.gov.uk');
    const linked = await runtime.stores.people.userByIdentity(provider.issuer, 'editor');
    assert.equal(linked?.id, user?.id, 'the account is linked to its subject at the provider');
    replay = { url: callback, attemptCookie };
  });

  it('refuses the same callback a second time, even with the attempt cookie', async () => {
    const browser = new Browser();
    browser.cookies.push({
      origin: site,
      name: 'northstar_openid',
      value: replay.attemptCookie,
      path: '/sign-in/openid',
    });
    const answer = await browser.request(replay.url);
    assert.equal(answer.status, 400);
    assert.match(answer.body, /govuk-error-summary/);
    assert.match(answer.body, /has been used already/);
    assert.equal(sessionOf(browser), undefined);
  });

  it('refuses a callback whose state is not the one this browser was given', async () => {
    const browser = new Browser();
    const callback = new URL(await atProvider(browser, 'editor'));
    callback.searchParams.set('state', 'a state from somewhere else');
    const answer = await browser.request(callback.href);
    assert.equal(answer.status, 400);
    assert.match(answer.body, /The answer from Test Login could not be checked/);
    assert.equal(sessionOf(browser), undefined);
    // The attempt was used up by the wrong answer: the right one cannot follow it.
    callback.searchParams.delete('state');
    assert.equal((await browser.request(callback.href)).status, 400);
    assert.equal(sessionOf(browser), undefined);
  });

  it('refuses an attempt older than ten minutes', async () => {
    const browser = new Browser();
    const callback = await atProvider(browser, 'editor');
    skewMs = ATTEMPT_MS;
    try {
      const answer = await browser.request(callback);
      assert.equal(answer.status, 400);
      assert.match(answer.body, /not finished within 10 minutes/);
      assert.equal(sessionOf(browser), undefined);
    } finally {
      skewMs = 0;
    }
  });

  for (const [login, why] of [
    ['stranger', 'someone with no account'],
    ['unverified', 'an email address the provider has not verified'],
    ['disabled', 'a disabled account'],
  ] as const)
    it(`refuses ${why}, with no session`, async () => {
      const browser = new Browser();
      const answer = await browser.follow(await atProvider(browser, login));
      assert.equal(answer.status, 403);
      assert.match(answer.body, /there is no Northstar account for you, or it has been disabled/);
      assert.match(answer.body, /govuk-error-summary/);
      assert.equal(sessionOf(browser), undefined);
      assert.equal(await runtime.stores.people.userByIdentity(provider.issuer, login), undefined);
    });

  it('says so when the person cancels at the provider', async () => {
    const browser = new Browser();
    const signInPage = await browser.request(`${site}/sign-in`);
    const loginPage = await browser.follow(`${site}/sign-in/openid`, {
      form: { _csrf: csrfTokenOf(signInPage.body)!, next: '/manage' },
    });
    const abort = /href="([^"]+\/abort)"/.exec(loginPage.body)?.[1];
    assert.ok(abort, 'the provider offers to cancel');
    const answer = await browser.follow(new URL(abort, loginPage.url).href);
    assert.equal(answer.status, 403);
    assert.match(answer.body, /You did not sign in with Test Login/);
    assert.equal(sessionOf(browser), undefined);
  });

  it('signs in in a real browser, through the provider’s pages', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${site}/sign-in?next=/manage`);
      await page.getByRole('button', { name: 'Sign in with Test Login' }).click();
      await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: 10_000 });
      await page.fill('input[name=login]', 'editor');
      await page.fill('input[name=password]', 'any');
      await page.click('button[type=submit]');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${site}/manage`, { timeout: 10_000 });
      assert.match(
        (await page.textContent('main')) ?? '',
        /Signed in as Editor Person \(editor@example\.gov\.uk\)/,
      );
    } finally {
      await browser.close();
    }
  });

  it('refuses a callback parameter no provider sends', async () => {
    const answer = await fetch(`${callbackUrl}?code=x&state=y&surprise=1`);
    assert.equal(answer.status, 400);
  });
});
