-- How long a goal's figures stay fit to judge by: years after a figure's period ends.
alter table goals add column stale_after double precision;
