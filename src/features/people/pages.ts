// Signing in and out, the workspace home, one's own password, and the administrators' pages for
// users and their roles.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { cookieOptions } from '../../platform/auth/guard.ts';
import {
  roleNames,
  roles,
  roleScopes,
  type Grant,
  type Principal,
  type Role,
} from '../../platform/auth/policy.ts';
import { SESSION_COOKIE } from '../../platform/auth/session.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { confirmed, field, FormErrors, localPath, rawField } from '../../platform/http/forms.ts';
import { textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { workspaceNavigation } from '../../platform/http/registry.ts';
import { features } from '../index.ts';
import { setUpOpenIdSignIn } from './openid.ts';
import { PeopleError } from './service.ts';
import type { User } from './store.ts';

const signInQuery = z.strictObject({ next: textParam(2000) });
const userParams = z.strictObject({ id: z.coerce.number().int().positive() });

const startSession = (req: FastifyRequest, reply: FastifyReply, token: string) =>
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(req));

const grantText = (grant: Grant) =>
  grant.scope ? `${roleNames[grant.role]} for ${grant.scope}` : roleNames[grant.role];

const roleItems = (checked?: string) =>
  roles.map((role) => ({
    value: role,
    text: roleNames[role],
    hint: {
      text: roleScopes[role] ? `For one ${roleScopes[role]}` : 'For everything',
    },
    checked: role === checked,
  }));

/** Whom the change log and the people history name for a change made by `principal`. */
const actorOf = (principal: Principal) => principal.name;

export function setUpPeoplePages(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { people } = services;

  // Signing in: open to anyone, never cached (the form carries a token).
  const signInPage = (reply: FastifyReply, values: Record<string, unknown>) =>
    view(reply, 'sign-in', {
      title: 'Sign in',
      openId: services.openId?.name ?? null,
      ...values,
    });

  pages.get(
    '/sign-in',
    { config: { policy: 'sign-in' }, schema: { querystring: signInQuery } },
    async (req, reply) => {
      if (req.principal) return reply.redirect(localPath(req.query.next), 303);
      return signInPage(reply, { next: localPath(req.query.next) });
    },
  );

  pages.post(
    '/sign-in',
    // Besides the lock on each account: a few tries a minute from one address.
    { config: { policy: 'sign-in', rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (req, reply) => {
      const email = field(req.body, 'email');
      const password = rawField(req.body, 'password');
      const next = localPath(field(req.body, 'next'));
      const errors = new FormErrors();
      if (!email) errors.add('email', 'Enter your email address');
      if (!password) errors.add('password', 'Enter your password');
      if (!errors.any) {
        const result = await people.signIn(email, password, req.cookies[SESSION_COOKIE]);
        if (result.signedIn) {
          startSession(req, reply, result.token);
          return reply.redirect(next, 303);
        }
        if (result.locked)
          errors.add(
            'email',
            `Your account is locked because the password was wrong ${services.lockout.attempts} times in a row. Try again after ${new Date(result.locked.until).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })} (UK time), or ask an administrator to reset your password.`,
          );
        else errors.add('email', 'Enter a correct email address and password');
      }
      reply.code(errors.any ? 400 : 200);
      return signInPage(reply, { email, next, ...errors.view() });
    },
  );

  pages.post('/sign-out', { config: { policy: 'workspace' } }, async (req, reply) => {
    await people.signOut(req.principal!.sessionId);
    req.principal = null;
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return view(reply, 'signed-out', { title: 'You have signed out' });
  });

  // The workspace home: what this person may do here.
  pages.get('/manage', { config: { policy: 'workspace' } }, async (req, reply) =>
    view(reply, 'workspace-home', {
      title: 'Your workspace',
      activeWorkspace: '/manage',
      places: workspaceNavigation(features, req.principal).filter((p) => p.href !== '/manage'),
      grants: req.principal!.grants.map(grantText),
    }),
  );

  // One's own password.
  const passwordPage = (req: FastifyRequest, reply: FastifyReply, values: object = {}) =>
    view(reply, 'password', {
      title: 'Change your password',
      mustChange: req.principal!.passwordMustChange,
      ...values,
    });
  pages.get('/manage/account/password', { config: { policy: 'workspace' } }, async (req, reply) =>
    passwordPage(req, reply),
  );
  pages.post(
    '/manage/account/password',
    { config: { policy: 'workspace' } },
    async (req, reply) => {
      const current = rawField(req.body, 'current');
      const password = rawField(req.body, 'password');
      const errors = new FormErrors();
      if (!current) errors.add('current', 'Enter your current password');
      if (!password) errors.add('password', 'Enter a new password');
      else if (password !== rawField(req.body, 'confirmPassword'))
        errors.add('confirmPassword', 'The passwords do not match');
      if (!errors.any) {
        try {
          await people.changePassword(req.principal!, current, password);
          return reply.redirect('/manage?changed=password', 303);
        } catch (error) {
          if (!(error instanceof PeopleError)) throw error;
          errors.add(error.field, error.message);
        }
      }
      reply.code(400);
      return passwordPage(req, reply, errors.view());
    },
  );

  setUpUserPages(app, { services, view } as FeatureContext<Services>);
  setUpOpenIdSignIn(app, { services, view } as FeatureContext<Services>);
}

/** The administrators' pages: every user, adding one, and one user's roles and account. */
function setUpUserPages(app: FastifyInstance, { services, view }: FeatureContext<Services>) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { people } = services;
  const config = { policy: 'users.manage' as const };

  pages.get('/manage/users', { config }, async (_req, reply) =>
    view(reply, 'users', {
      title: 'Users',
      activeWorkspace: '/manage/users',
      users: (await people.list()).map((u) => ({ ...u, roles: u.grants.map(grantText) })),
    }),
  );

  // Adding a user: the form, then "check your answers", then the account with its temporary
  // password, shown this once.
  const newUserForm = (reply: FastifyReply, values: Record<string, unknown> = {}) =>
    view(reply, 'user-new', {
      title: 'Add a user',
      activeWorkspace: '/manage/users',
      backLink: '/manage/users',
      roleItems: roleItems(values.role as string),
      ...values,
    });
  pages.get('/manage/users/new', { config }, async (_req, reply) => newUserForm(reply));
  pages.post('/manage/users/new', { config }, async (req, reply) => {
    const answers = {
      email: field(req.body, 'email'),
      name: field(req.body, 'name'),
      role: field(req.body, 'role'),
      scope: field(req.body, 'scope'),
      signIn: field(req.body, 'signIn') === 'openid' ? 'openid' : 'password',
      reason: field(req.body, 'reason'),
    };
    const errors = new FormErrors();
    if (!answers.email) errors.add('email', 'Enter their email address');
    if (!answers.name) errors.add('name', 'Enter their full name');
    if (!roles.includes(answers.role as Role)) errors.add('role', 'Select a role');
    else if (roleScopes[answers.role as Role] && !answers.scope)
      errors.add('scope', `Enter the ${roleScopes[answers.role as Role]} this role is for`);
    if (!answers.reason) errors.add('reason', 'Enter the reason for adding them');
    if (field(req.body, 'confirm') === 'change' || errors.any) {
      if (errors.any && field(req.body, 'confirm') !== 'change') reply.code(400);
      return newUserForm(reply, {
        ...answers,
        ...(field(req.body, 'confirm') === 'change' ? {} : errors.view()),
      });
    }
    const grant = { role: answers.role as Role, scope: answers.scope };
    if (!confirmed(req.body))
      return view(reply, 'check-answers', {
        heading: 'Check the new user’s details',
        activeWorkspace: '/manage/users',
        action: '/manage/users/new',
        rows: [
          { key: { text: 'Email address' }, value: { text: answers.email } },
          { key: { text: 'Full name' }, value: { text: answers.name } },
          {
            key: { text: 'Role' },
            value: {
              text: grantText({ ...grant, scope: roleScopes[grant.role] ? grant.scope : '' }),
            },
          },
          {
            key: { text: 'Signs in with' },
            value: {
              text:
                answers.signIn === 'openid'
                  ? 'Their organisation’s account (OpenID Connect)'
                  : 'Email and a password',
            },
          },
          { key: { text: 'Reason' }, value: { text: answers.reason } },
        ],
        hidden: answers,
        saveText: 'Add user',
      });
    try {
      const { user, temporaryPassword } = await people.add(
        {
          email: answers.email,
          name: answers.name,
          grant,
          signsInElsewhere: answers.signIn === 'openid',
        },
        { actor: actorOf(req.principal!), reason: answers.reason },
      );
      return view(reply, 'user-added', {
        title: 'User added',
        activeWorkspace: '/manage/users',
        user,
        temporaryPassword,
      });
    } catch (error) {
      if (!(error instanceof PeopleError)) throw error;
      reply.code(400);
      return newUserForm(reply, {
        ...answers,
        ...new FormErrors().add(error.field, error.message).view(),
      });
    }
  });

  // One user: their roles, the account's state and its history.
  const userPage = async (reply: FastifyReply, user: User, values: Record<string, unknown> = {}) =>
    view(reply, 'user', {
      title: user.name,
      activeWorkspace: '/manage/users',
      backLink: '/manage/users',
      user,
      roles: user.grants.map((g) => ({ ...g, text: grantText(g) })),
      roleItems: roleItems(values.role as string),
      events: await people.events(user.id),
      sessions: await people.sessionCount(user.id),
      ...values,
    });
  const userOr404 = async (id: number) => {
    const user = await people.get(id);
    if (!user) throw new NotFoundError('User');
    return user;
  };
  pages.get('/manage/users/:id', { config, schema: { params: userParams } }, async (req, reply) =>
    userPage(reply, await userOr404(req.params.id)),
  );

  // Each change of an account is one small form with its reason, saved at once: it names what
  // it does on its button, and the history shows it after.
  const accountChanges: Record<
    string,
    (user: User, req: FastifyRequest) => Promise<string | void>
  > = {
    'add-role': async (user, req) =>
      people.grant(
        user.id,
        { role: field(req.body, 'role') as Role, scope: field(req.body, 'scope') },
        meta(req),
      ),
    'remove-role': async (user, req) =>
      people.revoke(
        user.id,
        { role: field(req.body, 'role') as Role, scope: field(req.body, 'scope') },
        meta(req),
      ),
    disable: async (user, req) => people.setDisabled(user.id, true, meta(req)),
    enable: async (user, req) => people.setDisabled(user.id, false, meta(req)),
    'reset-password': async (user, req) => people.resetPassword(user.id, meta(req)),
  };
  const meta = (req: FastifyRequest) => ({
    actor: actorOf(req.principal!),
    reason: field(req.body, 'reason'),
  });

  pages.post(
    '/manage/users/:id',
    { config, schema: { params: userParams } },
    async (req, reply) => {
      const user = await userOr404(req.params.id);
      const action = field(req.body, 'action');
      const change = accountChanges[action];
      if (!change) {
        reply.code(400);
        return userPage(
          reply,
          user,
          new FormErrors().add('action', 'Choose what to change').view(),
        );
      }
      if (action === 'disable' && user.id === req.principal!.userId) {
        reply.code(400);
        return userPage(
          reply,
          user,
          new FormErrors().add('disable-reason', 'You cannot disable your own account').view(),
        );
      }
      try {
        const password = await change(user, req);
        return userPage(reply, (await people.get(user.id))!, {
          done: action,
          temporaryPassword: typeof password === 'string' ? password : undefined,
        });
      } catch (error) {
        if (!(error instanceof PeopleError)) throw error;
        reply.code(400);
        // The reason box of the form that was posted: each role has its own.
        const where =
          error.field !== 'reason'
            ? error.field
            : action === 'remove-role'
              ? `remove-role-reason-${field(req.body, 'role')}-${field(req.body, 'scope')}`
              : `${action}-reason`;
        return userPage(reply, user, {
          ...new FormErrors().add(where, error.message).view(),
        });
      }
    },
  );
}
