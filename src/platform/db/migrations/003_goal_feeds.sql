-- Links between missions: the goals of other missions a goal helps to reach, and how.
alter table goals add column feeds jsonb not null default '[]';
