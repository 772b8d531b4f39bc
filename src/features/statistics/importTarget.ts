// The writes of an import, in its change's transaction: release ids reserved up front so rows
// can be copied as they are read, then each release recorded with its indicator's metadata,
// the hash of its figures as stored, and the audit events of both, in effect from its
// release time.
import type { CopyChunks, Sql } from '../../platform/db/database.ts';
import { json, WRITER_LOCK } from '../../platform/db/sql.ts';
import type { Change } from '../audit/store.ts';
import type { Period } from '../../domain/period.ts';
import type { IndicatorMeta } from './readers/openSdg.ts';
import type { MeasureKey } from './rows.ts';
import { metadataSha256, rowToRelease, type IndicatorMetadata, type Release } from './store.ts';

/** A release as an import finishes it: its rows are already copied. */
export interface NewRelease extends Omit<Release, 'loadedAt'> {
  /**
   * Its release time was given (an embargo, or the publisher's own date) rather than being
   * the import's: the change log records it as when the release took effect.
   */
  dated: boolean;
  meta?: IndicatorMeta;
  measures: MeasureKey[];
  periods: Period[];
}

/**
 * The metadata a release publishes: what it brings, or else what is in force at its release
 * time (a tidy file brings none), so each release carries its indicator's metadata whole. With
 * it, what was in force before, for the change log.
 */
async function metadataOf(
  tx: Sql,
  release: NewRelease,
): Promise<{ before: IndicatorMetadata | null; published: IndicatorMetadata | null }> {
  await tx.query('insert into indicators (id) values ($1) on conflict (id) do nothing', [
    release.indicatorId,
  ]);
  const [previous] = await tx.query<{ meta: IndicatorMetadata }>(
    `select meta from releases where indicator_id = $1 and released_at <= $2 and meta is not null
     order by released_at desc, id desc limit 1`,
    [release.indicatorId, release.releasedAt],
  );
  const before = previous?.meta ?? null;
  const { meta } = release;
  const published = meta
    ? {
        title: meta.title,
        definition: meta.definition,
        unit: meta.unit,
        source: meta.source,
        meta: meta.meta,
      }
    : before;
  return { before, published };
}

/** What the change log shows of an indicator's metadata. */
const described = (m: IndicatorMetadata | null) =>
  m && { title: m.title, definition: m.definition, unit: m.unit, source: m.source };

/**
 * Records a stored release and the change to its indicator's metadata, both taking effect at
 * its release time: before then no surface shows either.
 */
function recordRelease(
  change: Change,
  release: NewRelease,
  metadata: { before: IndicatorMetadata | null; published: IndicatorMetadata | null },
  figuresSha256: string,
  reason: string | undefined,
) {
  // The publisher's own reason where one was given, and always which file it came from.
  const why = (what: string) =>
    reason
      ? `${reason} (${what} imported from ${release.sourceFile})`
      : `${what} imported from ${release.sourceFile}`;
  const meta = {
    actor: release.loadedBy,
    reason: why('data'),
    ...(release.dated ? { effectiveAt: release.releasedAt } : {}),
  };
  if (release.meta)
    change.record(
      'indicator',
      release.indicatorId,
      described(metadata.before),
      described(metadata.published),
      {
        ...meta,
        reason: why('metadata'),
      },
    );
  change.record(
    'release',
    `${release.indicatorId}#${release.id}`,
    null,
    {
      file: release.sourceFile,
      sha256: release.sha256,
      releasedAt: release.releasedAt,
      rows: release.rowCount,
      figuresSha256,
      metaSha256: metadataSha256(metadata.published),
    },
    meta,
  );
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
    async finish(releases: NewRelease[], reserved: number, reason?: string): Promise<Release[]> {
      const ids = releases.map((r) => r.id);
      if (releases.length < reserved)
        await tx.query(
          `delete from observation_series where release_id >= $1 and release_id <> all($2::bigint[])`,
          [firstReleaseId, ids],
        );
      if (releases.length === 0) return [];
      // Later imports number their releases after this one's.
      await tx.query("select setval('releases_id_seq', $1)", [firstReleaseId + reserved - 1]);
      const metadata: Awaited<ReturnType<typeof metadataOf>>[] = [];
      for (const release of releases) metadata.push(await metadataOf(tx, release));
      const saved = (
        await tx.query<Record<string, unknown>>(
          `insert into releases (id, indicator_id, released_at, loaded_by, source_file, sha256, row_count, meta)
           select * from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
             $7::int[], $8::jsonb[])
           returning *`,
          [
            ids,
            releases.map((r) => r.indicatorId),
            releases.map((r) => r.releasedAt),
            releases.map((r) => r.loadedBy),
            releases.map((r) => r.sourceFile),
            releases.map((r) => r.sha256),
            releases.map((r) => r.rowCount),
            metadata.map((m) => (m.published ? json(m.published) : null)),
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
      const hashes = await tx.query<{ id: number; figures_sha256: string }>(
        `update releases set figures_sha256 = release_figures_sha256(id) where id = any($1::bigint[])
         returning id::int, figures_sha256`,
        [ids],
      );
      const figuresHash = new Map(hashes.map((h) => [h.id, h.figures_sha256]));
      releases.forEach((release, i) =>
        recordRelease(change, release, metadata[i]!, figuresHash.get(release.id)!, reason),
      );
      return saved;
    },
  };
}
