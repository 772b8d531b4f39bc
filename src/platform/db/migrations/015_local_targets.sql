-- A national goal divided among areas: how its local targets add up (`goal_divisions`) and
-- each area's own target for the same indicator and deadline (`local_targets`), with the
-- government that set it. Every change is in the change log, which as-at views read.
create table goal_divisions (
  mission_slug text not null,
  goal_slug text not null,
  level text not null,
  method text not null check (method in ('sum', 'weighted-mean')),
  weights_source text,
  total_weight double precision,
  primary key (mission_slug, goal_slug),
  -- A divided goal is not deleted until its division ends, on the record (writes.deleteGoal).
  foreign key (mission_slug, goal_slug) references goals (mission_slug, slug)
);

create table local_targets (
  mission_slug text not null,
  goal_slug text not null,
  area_code text not null references areas (code),
  value double precision not null,
  weight double precision,
  set_by text not null references governments (slug),
  primary key (mission_slug, goal_slug, area_code),
  foreign key (mission_slug, goal_slug) references goal_divisions (mission_slug, goal_slug)
    on delete cascade
);
