-- Partners and their pledges. An organisation's entry is public. A pledge has two versions: the
-- one the public sees (`published`, null until a mission editor first approves it) and the
-- partner's submission awaiting moderation (`submitted`, with the editor's reason when refused).
-- What each holds is checked by its schema (src/domain/partners.ts) and kept as JSON.
create table organisations (
  slug text primary key,
  content jsonb not null,
  recorded_at timestamptz not null
);

create table pledges (
  id integer primary key,
  organisation_slug text not null references organisations (slug),
  mission_slug text not null references missions (slug) on delete cascade,
  published jsonb,
  -- The day it was first published: its first progress report falls due a year later.
  published_on date,
  submitted jsonb,
  submitted_by text,
  submitted_at timestamptz,
  refusal text,
  created_at timestamptz not null
);
create index pledges_mission on pledges (mission_slug);
create index pledges_organisation on pledges (organisation_slug);
