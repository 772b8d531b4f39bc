// The writes of an import, in its change's transaction: release ids reserved up front so rows
// can be copied as they are read, then each release recorded with its indicator's metadata
// and the audit events of both.
import type { CopyChunks } from '../../platform/db/database.ts';
import { json, WRITER_LOCK } from '../../platform/db/sql.ts';
import type { Change } from '../audit/store.ts';
import type { Period } from '../../domain/period.ts';
import type { IndicatorMeta } from './readers/openSdg.ts';
import type { MeasureKey } from './rows.ts';
import { rowToRelease, type Release } from './store.ts';

/** A release as an import finishes it: its rows are already copied. */
export interface NewRelease extends Omit<Release, 'loadedAt'> {
  meta?: IndicatorMeta;
  measures: MeasureKey[];
  periods: Period[];
}

/**
 * Creates or updates a release's indicator, recording a changed definition; then records the
 * release itself.
 */
async function saveIndicator(change: Change, release: NewRelease): Promise<void> {
  const { meta } = release;
  const tx = change.sql;
  const [old] = await tx.query<Record<string, unknown>>('select * from indicators where id = $1', [
    release.indicatorId,
  ]);
  if (!meta) {
    if (!old)
      await tx.query('insert into indicators (id, title) values ($1, $2)', [
        release.indicatorId,
        `Indicator ${release.indicatorId}`,
      ]);
  } else {
    await tx.query(
      `insert into indicators (id, title, definition, unit, source, meta) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
       on conflict (id) do update set title = excluded.title, definition = excluded.definition, unit = excluded.unit,
         source = excluded.source, meta = excluded.meta`,
      [
        release.indicatorId,
        meta.title,
        meta.definition,
        meta.unit,
        json(meta.source),
        json(meta.meta),
      ],
    );
    const before = old
      ? { title: old.title, definition: old.definition, unit: old.unit, source: old.source }
      : null;
    const after = {
      title: meta.title,
      definition: meta.definition,
      unit: meta.unit,
      source: meta.source,
    };
    change.record('indicator', release.indicatorId, before, after, {
      actor: release.loadedBy,
      reason: `metadata imported from ${release.sourceFile}`,
    });
  }
  const releaseEvent = {
    file: release.sourceFile,
    sha256: release.sha256,
    releasedAt: release.releasedAt,
    rows: release.rowCount,
  };
  change.record('release', `${release.indicatorId}#${release.id}`, null, releaseEvent, {
    actor: release.loadedBy,
    reason: `data imported from ${release.sourceFile}`,
  });
}

/**
 * Starts an import in the caller's transaction. Release ids from `firstReleaseId` on are
 * the import's to give as it meets new indicators, so rows can be copied as they are read,
 * before their releases are recorded.
 */
export async function beginImport(change: Change) {
  const tx = change.sql;
  await tx.query(WRITER_LOCK);
  const [{ id: firstReleaseId }] = (await tx.query<{ id: number }>(
    "select nextval('releases_id_seq')::bigint as id",
  )) as [{ id: number }];
  return {
    firstReleaseId,
    /** Copies rows written by `ObservationRows`. */
    async copy(rows: CopyChunks) {
      await tx.copyFrom(
        `copy observation_series (release_id, measure, area_code, lines, periods, "values", statuses, notes)
         from stdin (format csv)`,
        rows,
      );
    },
    /**
     * Records the releases (ids below `firstReleaseId + reserved`) whose rows were copied,
     * with their indicators' metadata and audit events; rows of other ids are dropped.
     */
    async finish(releases: NewRelease[], reserved: number): Promise<Release[]> {
      const ids = releases.map((r) => r.id);
      if (releases.length < reserved)
        await tx.query(
          `delete from observation_series where release_id >= $1 and release_id <> all($2::bigint[])`,
          [firstReleaseId, ids],
        );
      if (releases.length === 0) return [];
      // Later imports number their releases after this one's.
      await tx.query("select setval('releases_id_seq', $1)", [firstReleaseId + reserved - 1]);
      for (const release of releases) await saveIndicator(change, release);
      const saved = (
        await tx.query<Record<string, unknown>>(
          `insert into releases (id, indicator_id, released_at, loaded_by, source_file, sha256, row_count)
           select * from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::int[])
           returning *`,
          [
            ids,
            releases.map((r) => r.indicatorId),
            releases.map((r) => r.releasedAt),
            releases.map((r) => r.loadedBy),
            releases.map((r) => r.sourceFile),
            releases.map((r) => r.sha256),
            releases.map((r) => r.rowCount),
          ],
        )
      ).map(rowToRelease);
      const measures = releases.flatMap((r) => r.measures.map((m, id) => ({ r, m, id })));
      await tx.query(
        `insert into measures (release_id, id, series, unit, dimensions)
         select r, i, s, u, d::jsonb from unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[]) as t (r, i, s, u, d)`,
        [
          measures.map((x) => x.r.id),
          measures.map((x) => x.id),
          measures.map((x) => x.m.series),
          measures.map((x) => x.m.unit),
          measures.map((x) => json(x.m.dimensions)),
        ],
      );
      const periods = releases.flatMap((r) => r.periods.map((p, id) => ({ r, p, id })));
      await tx.query(
        `insert into periods (release_id, id, label, kind, start_date, end_date, time)
         select * from unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::date[], $6::date[], $7::float8[])`,
        [
          periods.map((x) => x.r.id),
          periods.map((x) => x.id),
          periods.map((x) => x.p.label),
          periods.map((x) => x.p.kind),
          periods.map((x) => x.p.start),
          periods.map((x) => x.p.end),
          periods.map((x) => x.p.time),
        ],
      );
      return saved;
    },
  };
}
