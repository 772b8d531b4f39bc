-- The people who sign in to the workspace, what each may do, and their sessions. None of it is
-- public: who holds which role is kept here with its own history (people_events), not in the
-- public change log, which records what they change and names them.

create table users (
  id bigint generated always as identity primary key,
  -- Stored lower-cased: one person, one address, however it is typed.
  email text not null unique check (email = lower(email)),
  name text not null,
  -- argon2id; null for someone who signs in only through OpenID Connect.
  password_hash text,
  -- A password set by someone else (a new account, a reset) must be changed at next sign-in.
  password_must_change boolean not null default false,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null
);

-- A role and what it is for: a government's slug for a mission editor, an indicator's id for a
-- statistics publisher, a mission's slug for a steward, an organisation for a partner; '' for
-- the roles that are not scoped (administrator, reviewer).
create table user_roles (
  user_id bigint not null references users (id) on delete cascade,
  role text not null,
  scope text not null default '',
  primary key (user_id, role, scope)
);

-- Accounts at an OpenID provider, linked to a user at their first sign-in there.
create table user_identities (
  issuer text not null,
  subject text not null,
  user_id bigint not null references users (id) on delete cascade,
  primary key (issuer, subject)
);

-- A session is known by the SHA-256 of its cookie's token, so a copy of this table signs
-- nobody in.
create table sessions (
  token_sha256 text primary key,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null,
  last_seen_at timestamptz not null
);
create index sessions_by_user on sessions (user_id);

-- Sign-ins begun at an OpenID provider and not yet finished: what the callback must match.
create table oidc_attempts (
  token_sha256 text primary key,
  state text not null,
  nonce text not null,
  code_verifier text not null,
  return_to text not null,
  created_at timestamptz not null
);

-- Who added, changed or disabled whom, when and why.
create table people_events (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor text not null,
  user_id bigint not null references users (id) on delete cascade,
  action text not null,
  detail jsonb not null default '{}',
  reason text not null
);

-- Keys the server signs with (the CSRF tokens' HMAC key), made once and shared by every
-- process on the database.
create table server_secrets (
  name text primary key,
  value text not null
);
