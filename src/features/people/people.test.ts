// Signing in and out as a person meets it: the lockout that says what happened, sessions that
// end when they should and never survive a sign-in, a temporary password changed first, and
// public pages that stay the same shared answers for everyone who is not signed in.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { SESSION_COOKIE } from '../../platform/auth/session.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { addPerson, client, signedIn, TEST_PASSWORD } from '../../../test/support/workspace.ts';

const MINUTE = 60_000;

describe('signing in and out', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  const clock = fixedClock('2026-06-01T09:00:00Z');
  const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    app = await createWebApp(runtime.services, { limits: false });
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  const signIn = (browser = client(app), email: string, password: string) =>
    browser.post('/sign-in', { email, password, next: '/manage' }, { formPage: '/sign-in' });

  it('sets an HttpOnly, SameSite=Lax session cookie, Secure behind HTTPS', async () => {
    await addPerson(runtime, 'cookie@example.gov.uk', { role: 'reviewer', scope: '' });
    const response = await signIn(undefined, 'cookie@example.gov.uk', TEST_PASSWORD);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/manage');
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, undefined, 'plain HTTP: a Secure cookie would never come back');

    const secureApp = await createWebApp(runtime.services, {
      limits: false,
      serverOptions: { trustProxy: true },
    });
    const page = await secureApp.inject({
      url: '/sign-in',
      headers: { 'x-forwarded-proto': 'https' },
    });
    const secured = await secureApp.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        'x-forwarded-proto': 'https',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      },
      payload: new URLSearchParams({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
        email: 'cookie@example.gov.uk',
        password: TEST_PASSWORD,
      }).toString(),
    });
    assert.equal(secured.statusCode, 303);
    assert.equal(secured.cookies.find((c) => c.name === SESSION_COOKIE)!.secure, true);
    await secureApp.close();
  });

  it('refuses a wrong address and a wrong password in the same words', async () => {
    await addPerson(runtime, 'same@example.gov.uk', { role: 'reviewer', scope: '' });
    const wrongAddress = await signIn(undefined, 'nobody@example.gov.uk', TEST_PASSWORD);
    const wrongPassword = await signIn(undefined, 'same@example.gov.uk', 'not the password');
    for (const response of [wrongAddress, wrongPassword]) {
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Enter a correct email address and password/);
      assert.match(response.body, /govuk-error-summary/);
      assert.equal(
        response.cookies.find((c) => c.name === SESSION_COOKIE),
        undefined,
      );
    }
  });

  it('locks an account after five wrong passwords, says until when, and unlocks after 15 minutes', async () => {
    await addPerson(runtime, 'five.tries@example.gov.uk', { role: 'reviewer', scope: '' });
    for (let i = 0; i < 4; i++) {
      const response = await signIn(undefined, 'five.tries@example.gov.uk', 'wrong password');
      assert.doesNotMatch(response.body, /account is locked/);
    }
    const fifth = await signIn(undefined, 'five.tries@example.gov.uk', 'wrong password');
    assert.match(fifth.body, /Your account is locked because the password was wrong 5 times/);
    assert.match(fifth.body, /Try again after 10:15/); // 09:00 UTC is 10:00 in London in June
    // The right password does not get through a lock.
    const during = await signIn(undefined, 'five.tries@example.gov.uk', TEST_PASSWORD);
    assert.equal(during.statusCode, 400);
    assert.match(during.body, /account is locked/);
    later(15 * MINUTE);
    const afterwards = await signIn(undefined, 'five.tries@example.gov.uk', TEST_PASSWORD);
    assert.equal(afterwards.statusCode, 303);
  });

  it('gives a new session id at sign-in and ends the one held before', async () => {
    await addPerson(runtime, 'fixation@example.gov.uk', { role: 'reviewer', scope: '' });
    // A session id chosen by someone else and planted in the browser is never adopted.
    const browser = client(app);
    browser.cookies.set(SESSION_COOKIE, 'chosen-by-an-attacker');
    await signIn(browser, 'fixation@example.gov.uk', TEST_PASSWORD);
    const first = browser.cookies.get(SESSION_COOKIE)!;
    assert.notEqual(first, 'chosen-by-an-attacker');
    assert.equal((await browser.get('/manage')).statusCode, 200);
    // Signing in again from a signed-in browser: a new id, and the old one ends.
    const again = await browser.post(
      '/sign-in',
      { email: 'fixation@example.gov.uk', password: TEST_PASSWORD, next: '/manage' },
      { formPage: '/manage' },
    );
    assert.equal(again.statusCode, 303);
    const second = browser.cookies.get(SESSION_COOKIE)!;
    assert.notEqual(second, first);
    const replay = await app.inject({
      url: '/manage',
      headers: { cookie: `${SESSION_COOKIE}=${first}` },
    });
    assert.equal(replay.statusCode, 303, 'the earlier session no longer signs anyone in');
    assert.equal((await browser.get('/manage')).statusCode, 200);
  });

  it('ends the session on the server at sign-out', async () => {
    const browser = await signedIn(
      app,
      runtime,
      { role: 'reviewer', scope: '' },
      'out@example.gov.uk',
    );
    const token = browser.cookies.get(SESSION_COOKIE)!;
    const response = await browser.post('/sign-out', {}, { formPage: '/manage' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /You have signed out/);
    const user = await runtime.services.people.byEmail('out@example.gov.uk');
    assert.equal(await runtime.services.people.sessionCount(user!.id), 0);
    // A copy of the cookie kept from before signs nobody in.
    const replay = await app.inject({
      url: '/manage',
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    assert.equal(replay.statusCode, 303);
    assert.match(String(replay.headers.location), /^\/sign-in\?next=/);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy', async () => {
    const idle = await signedIn(
      app,
      runtime,
      { role: 'reviewer', scope: '' },
      'idle@example.gov.uk',
    );
    later(29 * MINUTE);
    assert.equal((await idle.get('/manage')).statusCode, 200);
    later(29 * MINUTE);
    assert.equal((await idle.get('/manage')).statusCode, 200, 'each use restarts the idle time');
    later(30 * MINUTE);
    assert.equal((await idle.get('/manage')).statusCode, 303);

    // Sessions nobody comes back to are cleared at the next sign-in.
    const left = await signedIn(
      app,
      runtime,
      { role: 'reviewer', scope: '' },
      'left@example.gov.uk',
    );
    assert.equal((await left.get('/manage')).statusCode, 200);
    const leftUser = await runtime.services.people.byEmail('left@example.gov.uk');
    later(31 * MINUTE);
    const busy = await signedIn(
      app,
      runtime,
      { role: 'reviewer', scope: '' },
      'busy@example.gov.uk',
    );
    for (let hour = 0; hour < 12 * 4 - 1; hour++) {
      later(15 * MINUTE);
      assert.equal((await busy.get('/manage')).statusCode, 200);
    }
    later(15 * MINUTE);
    assert.equal((await busy.get('/manage')).statusCode, 303);
    assert.equal(await runtime.services.people.sessionCount(leftUser!.id), 0);
  });

  it('ends a disabled person’s sessions at once', async () => {
    const browser = await signedIn(
      app,
      runtime,
      { role: 'reviewer', scope: '' },
      'leaver@example.gov.uk',
    );
    const user = await runtime.services.people.byEmail('leaver@example.gov.uk');
    await runtime.services.people.setDisabled(user!.id, true, { actor: 'test', reason: 'Left' });
    assert.equal((await browser.get('/manage')).statusCode, 303);
    const again = await signIn(undefined, 'leaver@example.gov.uk', TEST_PASSWORD);
    assert.equal(again.statusCode, 400);
  });

  it('asks for a new password first when someone else set it', async () => {
    const admin = await signedIn(
      app,
      runtime,
      { role: 'administrator', scope: '' },
      'admin@example.gov.uk',
    );
    const answers = {
      email: 'new.starter@example.gov.uk',
      name: 'New Starter',
      role: 'reviewer',
      scope: '',
      signIn: 'password',
      reason: 'Joined the team',
    };
    const check = await admin.post('/manage/users/new', answers);
    assert.match(check.body, /Check the new user’s details/);
    const added = await admin.post(
      '/manage/users/new',
      { ...answers, confirm: 'yes' },
      { formPage: '/manage/users/new' },
    );
    assert.match(added.body, /User added/);
    const temporary = /<code class="ns-secret">([^<]+)<\/code>/.exec(added.body)![1]!;

    const starter = client(app);
    await signIn(starter, 'new.starter@example.gov.uk', temporary);
    const home = await starter.get('/manage');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/manage/account/password');
    const refused = await starter.post('/manage/users/new', answers, {
      formPage: '/manage/account/password',
    });
    assert.equal(refused.statusCode, 403);
    const mismatch = await starter.post('/manage/account/password', {
      current: temporary,
      password: 'a brand new passphrase',
      confirmPassword: 'something else entirely',
    });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /The passwords do not match/);
    const changed = await starter.post('/manage/account/password', {
      current: temporary,
      password: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    });
    assert.equal(changed.statusCode, 303);
    assert.equal((await starter.get('/manage')).statusCode, 200);
    // The history of the account names who did what and why.
    const user = await runtime.services.people.byEmail('new.starter@example.gov.uk');
    const events = await runtime.services.people.events(user!.id);
    assert.deepEqual(
      events.map((e) => [e.action, e.actor, e.reason]),
      [
        ['password changed', 'New Starter', 'Changed their own password'],
        ['added', 'admin@example.gov.uk', 'Joined the team'],
      ],
    );
  });

  it('keeps public pages shared and cookie-free for anonymous readers, and never caches a signed-in answer', async () => {
    const anonymous = await app.inject({ url: '/' });
    const again = await app.inject({ url: '/' });
    assert.equal(anonymous.headers['set-cookie'], undefined);
    assert.equal(again.headers['x-cache'], 'hit');
    const browser = await signedIn(
      app,
      runtime,
      { role: 'reviewer', scope: '' },
      'reader@example.gov.uk',
    );
    const signedInPage = await browser.get('/');
    assert.equal(signedInPage.headers['x-cache'], undefined);
    assert.equal(signedInPage.headers['cache-control'], 'no-store');
    for (const url of ['/manage', '/sign-in'])
      assert.equal((await browser.get(url)).headers['cache-control'], 'no-store', url);
  });
});
