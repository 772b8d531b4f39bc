// The people who sign in: accounts, their roles, their sessions and links to OpenID providers,
// and the history of who changed which account. Kept out of the public change log: which
// person holds which role is internal.
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Sql } from '../../platform/db/database.ts';
import { iso, json } from '../../platform/db/sql.ts';
import type { Grant, Role } from '../../platform/auth/policy.ts';

export interface User {
  id: number;
  email: string;
  name: string;
  hasPassword: boolean;
  passwordMustChange: boolean;
  failedSignIns: number;
  lockedUntil: string | null;
  disabledAt: string | null;
  createdAt: string;
  grants: Grant[];
}

export interface PeopleEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  reason: string;
}

/** A session's token as its cookie holds it, and the SHA-256 the database knows it by. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

const USER_COLUMNS = `u.id, u.email, u.name, u.password_hash is not null as has_password,
  u.password_must_change, u.failed_sign_ins, u.locked_until, u.disabled_at, u.created_at,
  coalesce((select jsonb_agg(jsonb_build_object('role', r.role, 'scope', r.scope) order by r.role, r.scope)
            from user_roles r where r.user_id = u.id), '[]'::jsonb) as grants`;

function rowToUser(r: Record<string, unknown>): User {
  return {
    id: Number(r.id),
    email: r.email as string,
    name: r.name as string,
    hasPassword: r.has_password as boolean,
    passwordMustChange: r.password_must_change as boolean,
    failedSignIns: Number(r.failed_sign_ins),
    lockedUntil: r.locked_until ? iso(r.locked_until) : null,
    disabledAt: r.disabled_at ? iso(r.disabled_at) : null,
    createdAt: iso(r.created_at),
    grants: r.grants as Grant[],
  };
}

export function createPeopleStore(db: Database) {
  const userWhere = async (sql: Sql, where: string, params: unknown[]) => {
    const [row] = await sql.query(`select ${USER_COLUMNS} from users u where ${where}`, params);
    return row ? rowToUser(row) : undefined;
  };

  return {
    transaction: db.transaction.bind(db),

    async list(): Promise<User[]> {
      const rows = await db.query(`select ${USER_COLUMNS} from users u order by u.email`);
      return rows.map(rowToUser);
    },
    byId: (id: number, sql: Sql = db) => userWhere(sql, 'u.id = $1', [id]),
    byEmail: (email: string, sql: Sql = db) =>
      userWhere(sql, 'u.email = $1', [email.toLowerCase()]),
    async passwordHash(id: number): Promise<string | null> {
      const [row] = await db.query<{ password_hash: string | null }>(
        'select password_hash from users where id = $1',
        [id],
      );
      return row?.password_hash ?? null;
    },
    async countUsers(): Promise<number> {
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from users');
      return row!.n;
    },

    async insertUser(
      sql: Sql,
      user: { email: string; name: string; passwordHash: string | null; mustChange: boolean },
      at: Date,
    ): Promise<number> {
      const [row] = await sql.query<{ id: number }>(
        `insert into users (email, name, password_hash, password_must_change, created_at)
         values ($1, $2, $3, $4, $5) returning id`,
        [user.email.toLowerCase(), user.name, user.passwordHash, user.mustChange, at],
      );
      return Number(row!.id);
    },
    async addGrant(sql: Sql, userId: number, grant: Grant) {
      const rows = await sql.query(
        `insert into user_roles (user_id, role, scope) values ($1, $2, $3)
         on conflict do nothing returning role`,
        [userId, grant.role, grant.scope],
      );
      return rows.length > 0;
    },
    async removeGrant(sql: Sql, userId: number, grant: Grant) {
      const rows = await sql.query(
        'delete from user_roles where user_id = $1 and role = $2 and scope = $3 returning role',
        [userId, grant.role, grant.scope],
      );
      return rows.length > 0;
    },
    async setDisabled(sql: Sql, userId: number, at: Date | null) {
      await sql.query('update users set disabled_at = $2 where id = $1', [userId, at]);
      if (at) await sql.query('delete from sessions where user_id = $1', [userId]);
    },
    async setPassword(sql: Sql, userId: number, passwordHash: string, mustChange: boolean) {
      await sql.query(
        `update users set password_hash = $2, password_must_change = $3, failed_sign_ins = 0,
           locked_until = null where id = $1`,
        [userId, passwordHash, mustChange],
      );
    },
    async recordEvent(
      sql: Sql,
      event: {
        at: Date;
        actor: string;
        userId: number;
        action: string;
        detail?: object;
        reason: string;
      },
    ) {
      await sql.query(
        `insert into people_events (at, actor, user_id, action, detail, reason)
         values ($1, $2, $3, $4, $5::jsonb, $6)`,
        [event.at, event.actor, event.userId, event.action, json(event.detail ?? {}), event.reason],
      );
    },
    async events(userId: number): Promise<PeopleEvent[]> {
      const rows = await db.query(
        'select id, at, actor, action, detail, reason from people_events where user_id = $1 order by id desc',
        [userId],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        at: iso(r.at),
        actor: r.actor as string,
        action: r.action as string,
        detail: r.detail as Record<string, unknown>,
        reason: r.reason as string,
      }));
    },

    /** A failed password: counted, and the account locked once `limit` are reached. */
    async failedSignIn(userId: number, limit: number, lockUntil: Date) {
      const [row] = await db.query<{ failed_sign_ins: number; locked_until: unknown }>(
        `update users set failed_sign_ins = failed_sign_ins + 1,
           locked_until = case when failed_sign_ins + 1 >= $2 then $3::timestamptz else locked_until end
         where id = $1 returning failed_sign_ins, locked_until`,
        [userId, limit, lockUntil],
      );
      return {
        failed: Number(row!.failed_sign_ins),
        lockedUntil: row!.locked_until ? iso(row!.locked_until) : null,
      };
    },
    /** A lock that has run out starts a fresh count. */
    async clearFailures(userId: number) {
      await db.query('update users set failed_sign_ins = 0, locked_until = null where id = $1', [
        userId,
      ]);
    },

    // Sessions
    /**
     * A new session; the one being replaced, and every session that has ended (unused since
     * `ended.idleSince`, or begun before `ended.begunBefore`), are removed.
     */
    async createSession(
      userId: number,
      at: Date,
      ended: { idleSince: Date; begunBefore: Date },
      replacing?: string,
    ): Promise<string> {
      const token = newToken();
      await db.transaction(async (tx) => {
        await tx.query(
          'delete from sessions where token_sha256 = $1 or last_seen_at < $2 or created_at < $3',
          [sha256(replacing ?? ''), ended.idleSince, ended.begunBefore],
        );
        await tx.query(
          'insert into sessions (token_sha256, user_id, created_at, last_seen_at) values ($1, $2, $3, $3)',
          [sha256(token), userId, at],
        );
      });
      return token;
    },
    async session(token: string) {
      const [row] = await db.query<{ user_id: number; created_at: unknown; last_seen_at: unknown }>(
        'select user_id, created_at, last_seen_at from sessions where token_sha256 = $1',
        [sha256(token)],
      );
      return (
        row && {
          id: sha256(token),
          userId: Number(row.user_id),
          createdAt: new Date(iso(row.created_at)),
          lastSeenAt: new Date(iso(row.last_seen_at)),
        }
      );
    },
    async touchSession(id: string, at: Date) {
      await db.query('update sessions set last_seen_at = $2 where token_sha256 = $1', [id, at]);
    },
    async endSession(id: string) {
      await db.query('delete from sessions where token_sha256 = $1', [id]);
    },
    async endSessionsOf(userId: number, sql: Sql = db) {
      await sql.query('delete from sessions where user_id = $1', [userId]);
    },
    async sessionCount(userId: number): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        'select count(*)::int as n from sessions where user_id = $1',
        [userId],
      );
      return row!.n;
    },

    // OpenID Connect
    async userByIdentity(issuer: string, subject: string) {
      return userWhere(
        db,
        'u.id = (select user_id from user_identities where issuer = $1 and subject = $2)',
        [issuer, subject],
      );
    },
    async linkIdentity(issuer: string, subject: string, userId: number) {
      await db.query(
        'insert into user_identities (issuer, subject, user_id) values ($1, $2, $3) on conflict do nothing',
        [issuer, subject, userId],
      );
    },
    async saveAttempt(
      token: string,
      attempt: { state: string; nonce: string; codeVerifier: string; returnTo: string },
      at: Date,
    ) {
      // Attempts never finished go: one is finished within minutes or never.
      await db.query('delete from oidc_attempts where created_at < $1', [
        new Date(at.getTime() - 60 * 60_000),
      ]);
      await db.query(
        `insert into oidc_attempts (token_sha256, state, nonce, code_verifier, return_to, created_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [sha256(token), attempt.state, attempt.nonce, attempt.codeVerifier, attempt.returnTo, at],
      );
    },
    /** Takes a sign-in attempt: it can be finished once only. */
    async takeAttempt(token: string) {
      const [row] = await db.query<Record<string, unknown>>(
        'delete from oidc_attempts where token_sha256 = $1 returning *',
        [sha256(token)],
      );
      return (
        row && {
          state: row.state as string,
          nonce: row.nonce as string,
          codeVerifier: row.code_verifier as string,
          returnTo: row.return_to as string,
          createdAt: new Date(iso(row.created_at)),
        }
      );
    },

    /** A key the server signs with, made the first time it is asked for. */
    async secret(name: string): Promise<string> {
      await db.query(
        'insert into server_secrets (name, value) values ($1, $2) on conflict (name) do nothing',
        [name, randomBytes(32).toString('base64url')],
      );
      const [row] = await db.query<{ value: string }>(
        'select value from server_secrets where name = $1',
        [name],
      );
      return row!.value;
    },
  };
}

export type PeopleStore = ReturnType<typeof createPeopleStore>;
export type { Role };
