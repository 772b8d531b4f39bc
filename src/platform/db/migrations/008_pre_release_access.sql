-- Publishing statistics through the workspace: the files people upload, kept between their
-- preview and publication; who may see an embargoed release before its time (pre-release
-- access, as the Code of Practice for Statistics allows); and what happened to each release
-- there. None of it is public.

-- An uploaded file waiting to be published, bound to the session it was uploaded in: signing
-- out (or the session ending) removes it, and so does publishing it or leaving it a day.
create table statistics_uploads (
  -- Random and unguessable: the address of its preview.
  id text primary key,
  session_id text not null references sessions (token_sha256) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  file_name text not null,
  bytes bytea not null,
  -- The indicators the file brings, each of which the uploader may publish.
  indicator_ids text[] not null,
  uploaded_at timestamptz not null
);
create index statistics_uploads_by_time on statistics_uploads (uploaded_at);

-- Who, besides the indicator's publishers and the administrators, may see a release before its
-- release time.
create table pre_release_access (
  release_id bigint not null references releases (id),
  user_id bigint not null references users (id) on delete cascade,
  primary key (release_id, user_id)
);

-- What happened to a release in the workspace, oldest first: published (with the publisher's
-- reason), pre-release access granted or revoked (and why), and every view of its figures
-- through pre-release access before its release time.
create table release_events (
  id bigint generated always as identity primary key,
  release_id bigint not null references releases (id),
  at timestamptz not null,
  actor text not null,
  action text not null check (action in ('published', 'granted', 'revoked', 'viewed')),
  -- Whom access was granted or revoked for, or who viewed.
  user_id bigint references users (id) on delete set null,
  user_email text,
  reason text
);
create index release_events_by_release on release_events (release_id, id);
