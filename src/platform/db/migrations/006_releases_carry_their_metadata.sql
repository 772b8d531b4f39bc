-- A release brings everything of its indicator it publishes: figures and metadata (title,
-- definition, unit, source) together, in force from its release time and not before. So the
-- metadata moves from the indicator onto each release; the indicator keeps what a missions
-- file says of it (which way is better). Events of an embargoed release take effect at its
-- release time (`effective_at`), and each release records the SHA-256 of its stored figures,
-- which `audit verify` recomputes.

alter table releases add column meta jsonb;
-- Every release already stored is given its indicator's metadata as it stands: earlier
-- versions were overwritten in place and cannot be recovered.
update releases r
set meta = jsonb_build_object('title', i.title, 'definition', i.definition, 'unit', i.unit,
                              'source', i.source, 'meta', i.meta)
from indicators i
where i.id = r.indicator_id and (i.definition is not null or i.unit is not null or i.source <> '{}');

alter table indicators drop column title, drop column definition, drop column unit,
  drop column source, drop column meta;

alter table audit_events add column effective_at timestamptz;

-- The figures of a release as stored (its measures, periods and series rows), hashed in the
-- database itself so an import and a later verification compute it the same way. Each series
-- row is hashed on its own and the list of those hashes hashed again, so no text grows with
-- the size of the release.
create function release_figures_sha256(release bigint) returns text
language sql stable as $$
  select encode(sha256(convert_to(
    coalesce((select string_agg(format(E'%s\t%s\t%s\t%s', m.id, m.series, m.unit, m.dimensions),
                                E'\n' order by m.id)
              from measures m where m.release_id = release), '')
    || E'\n\n' ||
    coalesce((select string_agg(format(E'%s\t%s\t%s\t%s\t%s\t%s', p.id, p.label, p.kind,
                                       p.start_date, p.end_date, p.time), E'\n' order by p.id)
              from periods p where p.release_id = release), '')
    || E'\n\n' ||
    coalesce((select string_agg(encode(sha256(convert_to(
                format(E'%s\t%s\t%s\t%s\t%s\t%s\t%s', s.measure, s.area_code, s.lines, s.periods,
                       s."values", s.statuses, s.notes), 'UTF8')), 'hex'), E'\n' order by s.lines[1])
              from observation_series s where s.release_id = release), ''),
    'UTF8')), 'hex')
$$;

alter table releases add column figures_sha256 text;
update releases set figures_sha256 = release_figures_sha256(id);
