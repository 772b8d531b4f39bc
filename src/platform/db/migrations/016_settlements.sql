-- Funding settlements: a government's multi-year money for an area (an integrated settlement,
-- say), the amount in each financial year, the goals it serves and the outcomes it is
-- accountable to, each outcome linked to a goal where one fits. A settlement's whole content is
-- one entity in the change log ('settlement'); its rows here are replaced together in the same
-- change. Goals are named by slug, not by a foreign key, so a goal's deletion (on the record) is
-- never blocked by money that once served it: pages show such a goal as no longer in its mission.
create table settlements (
  id text primary key,
  government_slug text not null references governments (slug),
  area_code text not null references areas (code),
  title text not null,
  conditions text not null default '',
  source text not null default '',
  source_url text
);
create index settlements_government on settlements (government_slug);
create index settlements_area on settlements (area_code);

create table settlement_amounts (
  settlement_id text not null references settlements (id) on delete cascade,
  -- A financial year as written in UK budgets: '2025-26' (April 2025 to March 2026).
  financial_year text not null check (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
  amount_gbp bigint not null check (amount_gbp >= 0),
  primary key (settlement_id, financial_year)
);

create table settlement_goals (
  settlement_id text not null references settlements (id) on delete cascade,
  position integer not null,
  mission_slug text not null,
  goal_slug text not null,
  primary key (settlement_id, position),
  unique (settlement_id, mission_slug, goal_slug)
);
create index settlement_goals_mission on settlement_goals (mission_slug);

create table settlement_outcomes (
  settlement_id text not null references settlements (id) on delete cascade,
  position integer not null,
  text text not null,
  mission_slug text,
  goal_slug text,
  primary key (settlement_id, position)
);
