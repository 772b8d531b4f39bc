-- Series rows as runs in the order of their lines, as an import writes them: readers order a
-- release's figures by each row's first line (see ObservationRows). Migration 004 made one row
-- of each measure's figures in an area, and two such rows could interleave (a file alternating
-- units, say); the releases where they do are rewritten as runs. Imports never make such rows.
create temporary table interleaved on commit drop as
select distinct release_id
from (select release_id, lines[1] as first_line,
             lag(lines[array_length(lines, 1)]) over (partition by release_id order by lines[1]) as last_before
      from observation_series) r
where last_before > first_line;

create temporary table figures on commit drop as
select s.release_id, s.measure, s.area_code, f.line, f.period, f.value, f.status, f.note
from observation_series s
cross join lateral unnest(s.lines, s.periods, s."values", s.statuses, s.notes)
  as f (line, period, value, status, note)
where s.release_id in (select release_id from interleaved);

delete from observation_series where release_id in (select release_id from interleaved);

-- A run is a stretch of consecutive lines of one measure and area: the two numberings differ by
-- the same amount all along it.
insert into observation_series (release_id, measure, area_code, lines, periods, "values", statuses, notes)
select release_id, measure, area_code, array_agg(line order by line), array_agg(period order by line),
       array_agg(value order by line), array_agg(status order by line),
       case when count(note) > 0 then array_agg(note order by line) end
from (select *, row_number() over (partition by release_id order by line)
              - row_number() over (partition by release_id, measure, area_code order by line) as run
      from figures) f
group by release_id, measure, area_code, run;

-- A database made by an early draft of 004 may still check each row's release by a foreign
-- key, which 004 now leaves out (see there).
alter table observation_series drop constraint if exists observation_series_release_id_fkey;
