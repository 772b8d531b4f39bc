// `northstar users` as an operator runs it on a new install: the first administrator, who then
// signs in to the running server; a role for an existing person; listing; disabling.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, startServer } from '../../test/support/cli.ts';

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-users-'));
after(() => fs.rmSync(cwd, { recursive: true, force: true }));

test('users add, list and disable, and the first administrator signs in', async (t) => {
  const added = run(
    cwd,
    [
      'users',
      'add',
      'First.Admin@Example.gov.uk',
      '--role',
      'administrator',
      '--name',
      'First Admin',
      '--password-stdin',
    ],
    {},
    [],
    'a long first password\n',
  );
  assert.equal(added.code, 0, added.stderr);
  assert.match(
    added.stdout,
    /Added first\.admin@example\.gov\.uk \(First Admin\) as Administrator\./,
  );

  const editor = run(cwd, [
    'users',
    'add',
    'editor@example.gov.uk',
    '--role',
    'mission-editor',
    '--for',
    'uk',
  ]);
  assert.equal(editor.code, 0, editor.stderr);
  const temporary = /Temporary password \(shown once; .*\): (\S+)/.exec(editor.stdout)?.[1];
  assert.ok(temporary && temporary.length >= 16, editor.stdout);

  const twice = run(cwd, ['users', 'add', 'editor@example.gov.uk', '--role', 'reviewer']);
  assert.equal(twice.code, 0, twice.stderr);
  assert.match(twice.stdout, /now also has the role Reviewer/);

  for (const [args, message] of [
    [['--role', 'emperor'], /--role must be one of administrator, mission-editor/],
    [['--role', 'mission-editor', '--for', 'atlantis'], /scope: There is no government "atlantis"/],
    [['--role', 'mission-editor'], /scope: Enter the government/],
  ] as const) {
    const refused = run(cwd, ['users', 'add', 'someone@example.gov.uk', ...args]);
    assert.equal(refused.code, 2, refused.stdout);
    assert.match(refused.stderr, message);
  }
  const weak = run(
    cwd,
    ['users', 'add', 'weak@example.gov.uk', '--role', 'reviewer', '--password-stdin'],
    {},
    [],
    'short\n',
  );
  assert.equal(weak.code, 2);
  assert.match(weak.stderr, /password: Password must be 12 characters or more/);

  const listed = run(cwd, ['users', 'list']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split('\n'), [
    'editor@example.gov.uk\teditor\tmission-editor:uk, reviewer\tactive',
    'first.admin@example.gov.uk\tFirst Admin\tadministrator\tactive',
  ]);

  // The administrator signs in to the server through its sign-in form.
  const server = await startServer(t, cwd, {});
  const base = `http://localhost:${server.port}`;
  const form = await fetch(`${base}/sign-in`);
  const html = await form.text();
  const csrfCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const signIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({
      _csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]!,
      email: 'first.admin@example.gov.uk',
      password: 'a long first password',
      next: '/manage/users',
    }),
  });
  assert.equal(signIn.status, 303);
  assert.equal(signIn.headers.get('location'), '/manage/users');
  const session = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const users = await fetch(`${base}/manage/users`, { headers: { cookie: session } });
  assert.equal(users.status, 200);
  assert.match(await users.text(), /editor@example\.gov\.uk/);
  server.child.kill('SIGTERM');
  await server.exited;

  const disabled = run(cwd, [
    'users',
    'disable',
    'editor@example.gov.uk',
    '--reason',
    'Moved department',
  ]);
  assert.equal(disabled.code, 0, disabled.stderr);
  assert.match(run(cwd, ['users', 'list']).stdout, /editor@example\.gov\.uk\t.*\tdisabled/);
  const unknown = run(cwd, ['users', 'disable', 'nobody@example.gov.uk']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /There is no user nobody@example\.gov\.uk/);
});
