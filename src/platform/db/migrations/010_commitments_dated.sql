-- A mission's and a goal's commitments took effect on a date (the Plan for Change milestones
-- on 5 December 2024), not when they were first loaded: `since` holds it, and the events that
-- create them, or change it, take effect from then.
alter table missions add column since date;
alter table goals add column since date;
-- What a goal no published statistic measures yet is waiting for, in words.
alter table goals add column awaiting text;
