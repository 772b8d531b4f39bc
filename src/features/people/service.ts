// People's use cases: accounts and roles (by an administrator, or `northstar users` on the
// server), signing in by password or at an OpenID provider, and the sessions that follow.
// Every change of an account is recorded with who made it and why.
import type { Clock } from '../../clock.ts';
import {
  hashPassword,
  passwordMatches,
  passwordProblem,
  spendVerifying,
  temporaryPassword,
} from '../../platform/auth/password.ts';
import {
  roleNames,
  roles,
  roleScopes,
  type Grant,
  type Principal,
  type Role,
} from '../../platform/auth/policy.ts';
import type { PeopleStore, User } from './store.ts';

export interface SessionLimits {
  /** A session unused for this long has ended. */
  idleMs: number;
  /** A session this old has ended, however busy. */
  absoluteMs: number;
}

export const defaultSessionLimits: SessionLimits = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
};

/** Wrong passwords in a row that lock an account, and for how long. */
export const LOCKOUT = { attempts: 5, ms: 15 * 60_000 };

/** How often a session's last use is written (it need not be exact to the second). */
const TOUCH_EVERY_MS = 60_000;

/** What an account change is refused for, with the field it concerns. */
export class PeopleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export type SignInResult =
  { signedIn: true; token: string; user: User } | { signedIn: false; locked?: { until: string } };

export interface ChangeMeta {
  actor: string;
  reason: string;
}

/** Whether `scope` names something that exists, for a role scoped to that kind of thing. */
export type ScopeCheck = (role: Role, scope: string) => Promise<boolean>;

export const normalEmail = (email: string) => email.trim().toLowerCase();
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createPeopleService(deps: {
  store: PeopleStore;
  clock: Clock;
  scopeExists: ScopeCheck;
  sessionLimits?: SessionLimits;
}) {
  const { store, clock, scopeExists } = deps;
  const limits = deps.sessionLimits ?? defaultSessionLimits;
  const newSession = (userId: number, replacing?: string) => {
    const now = clock.now().getTime();
    return store.createSession(
      userId,
      clock.now(),
      { idleSince: new Date(now - limits.idleMs), begunBefore: new Date(now - limits.absoluteMs) },
      replacing,
    );
  };

  async function checkGrant(grant: Grant): Promise<Grant> {
    if (!roles.includes(grant.role)) throw new PeopleError('role', 'Select a role');
    const kind = roleScopes[grant.role];
    const scope = grant.scope.trim();
    if (kind === null) return { role: grant.role, scope: '' };
    if (!scope)
      throw new PeopleError(
        'scope',
        `Enter the ${kind} this ${roleNames[grant.role].toLowerCase()} is for`,
      );
    if (!(await scopeExists(grant.role, scope)))
      throw new PeopleError('scope', `There is no ${kind} "${scope}"`);
    return { role: grant.role, scope };
  }

  async function userOrFail(id: number) {
    const user = await store.byId(id);
    if (!user) throw new PeopleError('user', 'There is no such user');
    return user;
  }

  /** The people event and the store write of one account change, in one transaction. */
  const changeUser = (
    userId: number,
    action: string,
    meta: ChangeMeta,
    detail: object,
    write: (sql: Parameters<Parameters<PeopleStore['transaction']>[0]>[0]) => Promise<unknown>,
  ) =>
    store.transaction(async (sql) => {
      if (!meta.reason.trim()) throw new PeopleError('reason', 'Enter the reason for this change');
      await write(sql);
      await store.recordEvent(sql, {
        at: clock.now(),
        actor: meta.actor,
        userId,
        action,
        detail,
        reason: meta.reason.trim(),
      });
    });

  return {
    list: store.list,
    get: store.byId,
    byEmail: (email: string) => store.byEmail(normalEmail(email)),
    events: store.events,
    count: store.countUsers,
    secret: store.secret,

    /**
     * Adds an account with its first role. Without a password it is given a temporary one,
     * answered once, to be changed at first sign-in; `signsInElsewhere` gives none at all
     * (the person signs in at the OpenID provider).
     */
    async add(
      input: {
        email: string;
        name: string;
        grant: Grant;
        password?: string;
        signsInElsewhere?: boolean;
      },
      meta: ChangeMeta,
    ): Promise<{ user: User; temporaryPassword?: string }> {
      const email = normalEmail(input.email);
      if (!EMAIL.test(email))
        throw new PeopleError(
          'email',
          'Enter an email address in the correct format, like name@example.gov.uk',
        );
      const name = input.name.trim();
      if (!name) throw new PeopleError('name', 'Enter their full name');
      if (await store.byEmail(email))
        throw new PeopleError('email', 'There is already a user with this email address');
      const grant = await checkGrant(input.grant);
      if (input.password !== undefined) {
        const problem = passwordProblem(input.password, email);
        if (problem) throw new PeopleError('password', problem);
      }
      const temporary =
        input.password === undefined && !input.signsInElsewhere ? temporaryPassword() : undefined;
      const password = input.password ?? temporary;
      const passwordHash = password === undefined ? null : await hashPassword(password);
      let id = 0;
      await store.transaction(async (sql) => {
        if (!meta.reason.trim())
          throw new PeopleError('reason', 'Enter the reason for this change');
        id = await store.insertUser(
          sql,
          { email, name, passwordHash, mustChange: temporary !== undefined },
          clock.now(),
        );
        await store.addGrant(sql, id, grant);
        await store.recordEvent(sql, {
          at: clock.now(),
          actor: meta.actor,
          userId: id,
          action: 'added',
          detail: { email, name, grant },
          reason: meta.reason.trim(),
        });
      });
      return { user: (await store.byId(id))!, temporaryPassword: temporary };
    },

    async grant(userId: number, grant: Grant, meta: ChangeMeta) {
      await userOrFail(userId);
      const checked = await checkGrant(grant);
      await changeUser(userId, 'role added', meta, { grant: checked }, async (sql) => {
        if (!(await store.addGrant(sql, userId, checked)))
          throw new PeopleError('role', 'They already have this role');
      });
    },

    async revoke(userId: number, grant: Grant, meta: ChangeMeta) {
      await userOrFail(userId);
      await changeUser(userId, 'role removed', meta, { grant }, async (sql) => {
        if (!(await store.removeGrant(sql, userId, grant)))
          throw new PeopleError('role', 'They do not have this role');
      });
    },

    /** Disables an account and ends its sessions at once; or enables it again. */
    async setDisabled(userId: number, disabled: boolean, meta: ChangeMeta) {
      const user = await userOrFail(userId);
      if (disabled === (user.disabledAt !== null))
        throw new PeopleError(
          'user',
          disabled ? 'This user is already disabled' : 'This user is not disabled',
        );
      await changeUser(userId, disabled ? 'disabled' : 'enabled', meta, {}, (sql) =>
        store.setDisabled(sql, userId, disabled ? clock.now() : null),
      );
    },

    /** A new temporary password, answered once; the person's sessions end. */
    async resetPassword(userId: number, meta: ChangeMeta) {
      await userOrFail(userId);
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      await changeUser(userId, 'password reset', meta, {}, async (sql) => {
        await store.setPassword(sql, userId, passwordHash, true);
        await store.endSessionsOf(userId, sql);
      });
      return password;
    },

    /** A person's own new password, given with their current one; their other sessions end. */
    async changePassword(principal: Principal, current: string, next: string) {
      const stored = await store.passwordHash(principal.userId);
      if (!stored || !(await passwordMatches(stored, current)))
        throw new PeopleError('current', 'Your current password is not right');
      const problem = passwordProblem(next, principal.email);
      if (problem) throw new PeopleError('password', problem);
      if (next === current)
        throw new PeopleError(
          'password',
          'Your new password must be different from your current one',
        );
      const passwordHash = await hashPassword(next);
      await changeUser(
        principal.userId,
        'password changed',
        { actor: principal.name, reason: 'Changed their own password' },
        {},
        async (sql) => {
          await store.setPassword(sql, principal.userId, passwordHash, false);
          await sql.query('delete from sessions where user_id = $1 and token_sha256 <> $2', [
            principal.userId,
            principal.sessionId,
          ]);
        },
      );
    },

    /**
     * Signs in by password. A wrong address and a wrong password are refused alike; a locked
     * account says until when (the person must know what happened), and a disabled one is
     * refused like a wrong password. `replacing` is the session the browser held: it ends, and
     * a new one begins (a session id never survives a sign-in).
     */
    async signIn(emailTyped: string, password: string, replacing?: string): Promise<SignInResult> {
      const now = clock.now();
      const user = await store.byEmail(normalEmail(emailTyped));
      const stored = user && (await store.passwordHash(user.id));
      if (!user || !stored || user.disabledAt) {
        await spendVerifying(password);
        return { signedIn: false };
      }
      if (user.lockedUntil) {
        if (new Date(user.lockedUntil) > now)
          return { signedIn: false, locked: { until: user.lockedUntil } };
        await store.clearFailures(user.id);
      }
      if (!(await passwordMatches(stored, password))) {
        const { lockedUntil } = await store.failedSignIn(
          user.id,
          LOCKOUT.attempts,
          new Date(now.getTime() + LOCKOUT.ms),
        );
        return lockedUntil
          ? { signedIn: false, locked: { until: lockedUntil } }
          : { signedIn: false };
      }
      if (user.failedSignIns) await store.clearFailures(user.id);
      return { signedIn: true, token: await newSession(user.id, replacing), user };
    },

    /**
     * Signs in someone the OpenID provider vouches for: by the account already linked to them
     * there, or else by an enabled account with their verified email address, which is then
     * linked. Nobody gets an account by signing in: an administrator adds them first.
     */
    async signInWithIdentity(
      identity: { issuer: string; subject: string; email?: string; emailVerified?: boolean },
      replacing?: string,
    ): Promise<{ token: string; user: User } | undefined> {
      let user = await store.userByIdentity(identity.issuer, identity.subject);
      if (!user && identity.email && identity.emailVerified) {
        user = await store.byEmail(normalEmail(identity.email));
        if (user && !user.disabledAt)
          await store.linkIdentity(identity.issuer, identity.subject, user.id);
      }
      if (!user || user.disabledAt) return undefined;
      return { token: await newSession(user.id, replacing), user };
    },

    /** The person a session token belongs to, if it is current; an ended one is removed. */
    async principal(token: string): Promise<Principal | undefined> {
      const session = await store.session(token);
      if (!session) return undefined;
      const now = clock.now().getTime();
      const ended =
        now - session.lastSeenAt.getTime() >= limits.idleMs ||
        now - session.createdAt.getTime() >= limits.absoluteMs;
      const user = ended ? undefined : await store.byId(session.userId);
      if (!user || user.disabledAt) {
        await store.endSession(session.id);
        return undefined;
      }
      if (now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
        await store.touchSession(session.id, clock.now());
      return {
        userId: user.id,
        email: user.email,
        name: user.name,
        grants: user.grants,
        sessionId: session.id,
        passwordMustChange: user.passwordMustChange,
      };
    },

    signOut: (sessionId: string) => store.endSession(sessionId),
    sessionCount: store.sessionCount,
    saveAttempt: store.saveAttempt,
    takeAttempt: store.takeAttempt,
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
