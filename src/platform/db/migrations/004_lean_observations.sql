-- Observations stored lean, so an import runs near the speed of COPY: each release's measures
-- (series, unit, breakdown) and periods are stored once and referred to by number, and a
-- measure's figures in one area are one row of arrays (a run of them, as a file gives them), so
-- the index holds one entry per series rather than per figure. `observations` becomes a view
-- with the columns the table had, so every query reads it as before.
create table measures (
  release_id bigint not null references releases (id),
  id integer not null,
  series text not null,
  unit text not null,
  dimensions jsonb not null,
  primary key (release_id, id)
);

create table periods (
  release_id bigint not null references releases (id),
  id integer not null,
  label text not null,
  kind text not null,
  start_date date not null,
  end_date date not null,
  time double precision not null,
  primary key (release_id, id)
);

create table observation_series (
  -- No foreign key: checking one costs more than a fifth of an import. Each row is copied by
  -- the import that records its release in the same transaction, before the release exists;
  -- the import drops any row of an id it did not record, and releases are never deleted.
  release_id bigint not null,
  measure integer not null,
  area_code text,
  lines integer[] not null,             -- physical lines in the source file, for located answers
  periods integer[] not null,
  "values" double precision[] not null, -- blank stays null: never a made-up zero
  statuses text[] not null,             -- normal, provisional, estimated, missing, suppressed, ...
  notes text[]                          -- the publisher's own wording where it says more
);
create index observation_series_lookup on observation_series (release_id, measure, area_code);

insert into measures (release_id, id, series, unit, dimensions)
select release_id, (row_number() over (partition by release_id order by series, unit, dimensions::text))::int - 1,
       series, unit, dimensions
from (select distinct release_id, series, unit, dimensions from observations) m;

insert into periods (release_id, id, label, kind, start_date, end_date, time)
select release_id, (row_number() over (partition by release_id order by period_time, period_label))::int - 1,
       period_label, period_kind, period_start, period_end, period_time
from (select distinct release_id, period_label, period_kind, period_start, period_end, period_time
      from observations) p;

insert into observation_series (release_id, measure, area_code, lines, periods, "values", statuses, notes)
select o.release_id, m.id, o.area_code, array_agg(o.line order by o.line), array_agg(p.id order by o.line),
       array_agg(o.value order by o.line), array_agg(o.status order by o.line),
       case when count(o.note) > 0 then array_agg(o.note order by o.line) end
from observations o
join measures m on m.release_id = o.release_id and m.series = o.series and m.unit = o.unit
  and m.dimensions = o.dimensions
join periods p on p.release_id = o.release_id and p.label = o.period_label
group by o.release_id, m.id, o.area_code;

drop table observations;

create view observations as
select s.release_id, o.line, m.series, m.unit, s.area_code, m.dimensions,
       p.label as period_label, p.kind as period_kind, p.start_date as period_start,
       p.end_date as period_end, p.time as period_time, o.value, o.status, o.note
from observation_series s
cross join lateral unnest(s.lines, s.periods, s."values", s.statuses, s.notes)
  as o (line, period, value, status, note)
join measures m on m.release_id = s.release_id and m.id = s.measure
join periods p on p.release_id = s.release_id and p.id = o.period;
