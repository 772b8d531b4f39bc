-- Northstar's schema: missions and their route maps, indicators and their releases of
-- observations, areas, and the hash-chained audit log.

create table areas (
  code text primary key,
  name text not null,
  level text not null,          -- uk, gb, ew, country, region, sub-region, utla, la, cauth
  parent_code text,             -- the next level up used for roll-ups (la -> region or country)
  successor_code text,          -- for superseded codes: the current code
  current boolean not null default true
);
create index areas_parent on areas (parent_code);

create table governments (
  slug text primary key,
  name text not null,
  area_code text references areas (code)
);

create table indicators (
  id text primary key,
  title text not null,
  definition text,
  unit text,
  direction text check (direction in ('higher', 'lower')),
  source jsonb not null default '{}',
  meta jsonb not null default '{}'
);

create table releases (
  id bigserial primary key,
  indicator_id text not null references indicators (id),
  released_at timestamptz not null,
  loaded_at timestamptz not null default now(),
  loaded_by text not null,
  source_file text not null,
  sha256 text not null,
  row_count integer not null
);
create index releases_indicator on releases (indicator_id, released_at desc);

create table observations (
  release_id bigint not null references releases (id) on delete cascade,
  line integer not null,               -- physical line in the source file, for located answers
  series text not null default '',
  unit text not null default '',
  area_code text,
  dimensions jsonb not null default '{}',
  period_label text not null,
  period_kind text not null,
  period_start date not null,
  period_end date not null,
  period_time double precision not null,
  value double precision,              -- blank stays null: never a made-up zero
  status text not null,               -- normal, provisional, estimated, missing, suppressed, ...
  note text,                           -- the publisher's own wording where it says more
  primary key (release_id, line)
);
create index observations_series on observations (release_id, series, unit, area_code);

create table missions (
  slug text primary key,
  government_slug text not null references governments (slug),
  position integer not null,
  title text not null,
  ambition text not null,
  stewards jsonb not null default '[]',
  start_date date not null,
  horizon date not null,
  source jsonb not null default '{}'
);

create table goals (
  mission_slug text not null references missions (slug) on delete cascade,
  slug text not null,
  position integer not null,
  statement text not null,
  indicator_id text,
  proxy boolean not null default false,
  proxy_note text,
  series text,
  unit text,
  dimensions jsonb not null default '{}',
  area_code text not null,
  baseline_period text,
  baseline_value double precision,
  target_value double precision,
  target_comparator text check (target_comparator in ('<=', '<', '>=', '>')),
  target_deadline date,
  trajectory jsonb,                     -- explicit dated points; null means linear
  tolerance double precision,           -- share of the planned change a figure may lag and be at risk
  source jsonb not null default '{}',
  primary key (mission_slug, slug)
);

create table projects (
  mission_slug text not null references missions (slug) on delete cascade,
  slug text not null,
  position integer not null,
  title text not null,
  lead text not null,
  contributors jsonb not null default '[]',
  start_date date,
  end_date date,
  status text not null,
  confidence text,
  first_step boolean not null default false,
  milestones jsonb not null default '[]',
  primary key (mission_slug, slug)
);

create table audit_events (
  id bigserial primary key,
  at timestamptz not null,
  actor text not null,
  entity_type text not null,
  entity_id text not null,
  action text not null,
  before jsonb,
  after jsonb,
  reason text not null,
  prev_hash text not null,
  hash text not null unique
);
