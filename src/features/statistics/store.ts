// The statistics' SQL: indicators, their releases (with embargo), and the figures of each
// release, stored as series of figures (see docs/decisions.md). Both engines run the same SQL.
import { createHash } from 'node:crypto';
import type { Database, Sql } from '../../platform/db/database.ts';
import { canonicalJson } from '../../domain/audit.ts';
import { isWebAddress } from '../../domain/url.ts';
import { iso, json } from '../../platform/db/sql.ts';
import type { Change } from '../audit/store.ts';
import type { IndicatorMeta } from './readers/openSdg.ts';
import type { Direction } from '../../domain/mission.ts';
import type { PeriodKind } from '../../domain/period.ts';
import { seriesOfAreas, type AreaSeries, type SeriesRow } from './series.ts';
import { createManageStore } from './manageStore.ts';

export interface Indicator {
  id: string;
  title: string;
  definition: string | null;
  unit: string | null;
  direction: Direction | null;
  source: IndicatorMeta['source'] | Record<string, never>;
  meta: Record<string, unknown>;
}

export interface Release {
  id: number;
  indicatorId: string;
  releasedAt: string;
  loadedAt: string;
  loadedBy: string;
  sourceFile: string;
  sha256: string;
  rowCount: number;
}

export interface Observation {
  line: number;
  series: string;
  unit: string;
  areaCode: string | null;
  dimensions: Record<string, string>;
  period: { label: string; kind: PeriodKind; start: string; end: string; time: number };
  value: number | null;
  status: string;
  note: string | null;
}

export interface Measure {
  series: string;
  unit: string;
  dimensions: Record<string, string>;
  areas: string[];
  /** How many non-blank values it has. */
  values: number;
}

export interface ObservationQuery {
  indicatorId: string;
  /** Only data released by this instant: embargoed releases stay invisible until their time. */
  asAt: Date;
  series?: string;
  unit?: string;
  areaCode?: string;
  /** Exactly these breakdowns (all others empty); omit for every breakdown. */
  dimensions?: Record<string, string>;
  from?: string;
  to?: string;
}

/** Figures in one answer of the store's `observations` query: a few megabytes of JSON. */
export const FIGURES_PER_TEXT = 20000;

/** The measures of release $1 a query asks for: series $2, unit $3 and breakdown $4, if given. */
const MEASURES_ASKED = `release_id = $1
  and ($2::text is null or series = $2)
  and ($3::text is null or unit = $3)
  and ($4::jsonb is null or dimensions = $4::jsonb)`;

/** Stored series rows (see migration 004), a JSON array for each column. */
interface SeriesColumns {
  measures: string;
  areas: string;
  lines: string;
  periods: string;
  values: string;
  statuses: string;
  notes: string;
}

/** A figure a release changes from the one before: the same measure, area and period. */
export interface Revision {
  /** Its line in the new file. */
  line: number;
  series: string;
  unit: string;
  dimensions: Record<string, string>;
  areaCode: string | null;
  period: string;
  before: { value: number | null; status: string };
  after: { value: number | null; status: string };
}

/** What one release changes from another (or from nothing). */
export interface ReleaseComparison {
  rows: number;
  previousRows: number;
  /** Figures for a measure, area and period the other release did not have. */
  added: number;
  /** Figures of the other release this one no longer gives. */
  removed: number;
  revised: number;
  /** Periods the other release had no figure for, oldest first. */
  newPeriods: string[];
  /** The first revised figures, in the order of the file's lines. */
  revisions: Revision[];
}

/** What a release publishes of its indicator besides the figures. */
export type IndicatorMetadata = Pick<
  Indicator,
  'title' | 'definition' | 'unit' | 'source' | 'meta'
>;

/** The hash a release's event records of the metadata it publishes, checked on verify. */
export const metadataSha256 = (meta: IndicatorMetadata | null) =>
  createHash('sha256').update(canonicalJson(meta)).digest('hex');

/**
 * A source as stored, less an address that is not a web page's: imports refuse one now, but a
 * database may hold one from before, and no surface (page, API, export) passes it on.
 */
function safeSource(source: Indicator['source'] | undefined): Indicator['source'] {
  if (!source || !('url' in source) || source.url === undefined || isWebAddress(source.url))
    return source ?? {};
  const { url: _unsafe, ...rest } = source;
  return rest as Indicator['source'];
}

/** An indicator row with the metadata of its release in force (`meta`, null if none). */
function rowToIndicator(r: Record<string, unknown>): Indicator {
  const id = r.id as string;
  const published = r.meta as IndicatorMetadata | null;
  return {
    id,
    title: published?.title ?? `Indicator ${id}`,
    definition: published?.definition ?? null,
    unit: published?.unit ?? null,
    direction: (r.direction as Direction | null) ?? null,
    source: safeSource(published?.source),
    meta: published?.meta ?? {},
  };
}

export function rowToRelease(r: Record<string, unknown>): Release {
  return {
    id: Number(r.id),
    indicatorId: r.indicator_id as string,
    releasedAt: iso(r.released_at),
    loadedAt: iso(r.loaded_at),
    loadedBy: r.loaded_by as string,
    sourceFile: r.source_file as string,
    sha256: r.sha256 as string,
    rowCount: Number(r.row_count),
  };
}

/**
 * The id of the release of indicator $1 in force at instant $2: the latest published by then
 * (of two published at once, the later recorded).
 */
const RELEASE_IN_FORCE = `select id from releases where indicator_id = $1 and released_at <= $2
                          order by released_at desc, id desc limit 1`;

/**
 * Indicators as published at instant $1, each with the metadata of its release in force: one
 * whose every release is still embargoed does not exist yet; one with no release at all (named
 * by a missions file, awaiting data) does, with no metadata.
 */
const INDICATORS_AT = `select i.id, i.direction, r.meta
  from indicators i
  left join lateral (select id, meta from releases
                     where indicator_id = i.id and released_at <= $1
                     order by released_at desc, id desc limit 1) r on true
  where r.id is not null or not exists (select 1 from releases e where e.indicator_id = i.id)`;

export function createStatisticsStore(db: Database) {
  const store = {
    /** The workspace's uploads, pre-release access lists and release histories. */
    workspace: createManageStore(db),

    /**
     * Runs `work` in a transaction that is always rolled back: what a write would do, seen
     * from inside and then undone (sequences still move on, as PostgreSQL's do).
     */
    async rolledBack<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
      const undo = new Error('rolled back');
      let result: { value: T } | undefined;
      try {
        await db.transaction(async (tx) => {
          result = { value: await work(tx) };
          throw undo;
        });
      } catch (error) {
        if (error !== undo) throw error;
      }
      return result!.value;
    },

    /** Any release by its id, embargoed or not: for the workspace, never a public surface. */
    async release(id: number): Promise<Release | undefined> {
      const [row] = await db.query<Record<string, unknown>>(
        'select * from releases where id = $1',
        [id],
      );
      return row && rowToRelease(row);
    },

    /** The release of the same indicator in force just before `release` was. */
    async releaseBefore(release: Release): Promise<Release | undefined> {
      const [row] = await db.query<Record<string, unknown>>(
        `select * from releases where indicator_id = $1 and (released_at, id) < ($2::timestamptz, $3)
         order by released_at desc, id desc limit 1`,
        [release.indicatorId, release.releasedAt, release.id],
      );
      return row && rowToRelease(row);
    },

    /** A release's figures in the order of its file's lines, the first `limit` of them. */
    async releaseFigures(releaseId: number, limit: number) {
      const rows = await db.query<Record<string, unknown>>(
        `select line, series, unit, area_code, dimensions, period_label, value, status, note
         from observations where release_id = $1 order by line limit $2`,
        [releaseId, limit],
      );
      return rows.map((r) => ({
        line: r.line as number,
        series: r.series as string,
        unit: r.unit as string,
        areaCode: (r.area_code as string | null) ?? null,
        dimensions: r.dimensions as Record<string, string>,
        period: r.period_label as string,
        value: (r.value as number | null) ?? null,
        status: r.status as string,
        note: (r.note as string | null) ?? null,
      }));
    },

    /**
     * What release `releaseId` changes from release `previousId` (none: every figure is new):
     * figures matched by series, unit, breakdown, area and period. In `sql`, so an import not
     * yet committed can be compared.
     */
    async compareReleases(
      releaseId: number,
      previousId: number | undefined,
      limit: number,
      sql: Sql = db,
    ): Promise<ReleaseComparison> {
      const figures = (release: string) =>
        `select line, series, unit, dimensions, area_code, coalesce(area_code, '') as area,
                period_label, value, status from observations where release_id = ${release}`;
      const joined = `(${figures('$1')}) n full join (${figures('$2::bigint')}) o
        on n.series = o.series and n.unit = o.unit and n.dimensions = o.dimensions
           and n.area = o.area and n.period_label = o.period_label`;
      const revised = `n.line is not null and o.line is not null
                       and (n.value is distinct from o.value or n.status <> o.status)`;
      const params = [releaseId, previousId ?? null];
      // One after another: a transaction's statements run on one connection.
      const [counts] = await sql.query<Record<string, number>>(
        `select count(n.line)::int as rows, count(o.line)::int as previous_rows,
                count(*) filter (where o.line is null)::int as added,
                count(*) filter (where n.line is null)::int as removed,
                count(*) filter (where ${revised})::int as revised
         from ${joined}`,
        params,
      );
      const revisions = await sql.query<Record<string, unknown>>(
        `select n.line, n.series, n.unit, n.dimensions, n.area_code, n.period_label,
                o.value as old_value, o.status as old_status, n.value, n.status
         from ${joined} where ${revised} order by n.line limit ${Number(limit)}`,
        params,
      );
      const periods = await sql.query<{ label: string }>(
        `select label from periods where release_id = $1
           and label not in (select label from periods where release_id = $2::bigint)
         order by time, label`,
        params,
      );
      return {
        rows: counts?.rows ?? 0,
        previousRows: counts?.previous_rows ?? 0,
        added: counts?.added ?? 0,
        removed: counts?.removed ?? 0,
        revised: counts?.revised ?? 0,
        newPeriods: periods.map((p) => p.label),
        revisions: revisions.map((r) => ({
          line: r.line as number,
          series: r.series as string,
          unit: r.unit as string,
          dimensions: r.dimensions as Record<string, string>,
          areaCode: (r.area_code as string | null) ?? null,
          period: r.period_label as string,
          before: { value: (r.old_value as number | null) ?? null, status: r.old_status as string },
          after: { value: (r.value as number | null) ?? null, status: r.status as string },
        })),
      };
    },

    /** The indicators published at `asAt`, with their metadata then. */
    async listIndicators(asAt: Date): Promise<Indicator[]> {
      const rows = await db.query<Record<string, unknown>>(INDICATORS_AT, [asAt.toISOString()]);
      return rows.map(rowToIndicator);
    },

    /** An indicator as published at `asAt`; undefined if it was not published by then. */
    async getIndicator(id: string, asAt: Date): Promise<Indicator | undefined> {
      const [row] = await db.query<Record<string, unknown>>(
        `select * from (${INDICATORS_AT}) i where i.id = $2`,
        [asAt.toISOString(), id],
      );
      return row && rowToIndicator(row);
    },

    /**
     * Sets which way is better for an indicator (a government's missions file says it),
     * creating the indicator until its first release brings the rest.
     */
    async saveDirection(change: Change, id: string, direction: Direction | null) {
      const [old] = await change.sql.query<{ direction: Direction | null }>(
        'select direction from indicators where id = $1',
        [id],
      );
      if (change.record('indicator', id, old ? { direction: old.direction } : null, { direction }))
        await change.sql.query(
          `insert into indicators (id, direction) values ($1, $2)
           on conflict (id) do update set direction = excluded.direction`,
          [id, direction],
        );
    },

    /**
     * Every release as stored, with what its event records of it, and the hash of its figures
     * as they are stored now: for `audit verify`.
     */
    async releasesAsRecorded() {
      const rows = await db.query<Record<string, unknown>>(
        `select *, release_figures_sha256(id) as figures_now from releases order by id`,
      );
      return rows.map((r) => ({
        key: `${r.indicator_id as string}#${Number(r.id)}`,
        recorded: {
          file: r.source_file as string,
          sha256: r.sha256 as string,
          releasedAt: iso(r.released_at),
          rows: Number(r.row_count),
          figuresSha256: r.figures_sha256 as string | null,
          metaSha256: metadataSha256((r.meta as IndicatorMetadata | null) ?? null),
        },
        figuresNow: r.figures_now as string,
      }));
    },

    /** How many releases are public by `now`: a release reaching its time changes what shows. */
    async releasedCount(now: Date): Promise<number> {
      const [row] = await db.query<{ released: number }>(
        'select count(*)::int as released from releases where released_at <= $1',
        [now.toISOString()],
      );
      return row?.released ?? 0;
    },

    /** Releases of an indicator (or all), newest first, including embargoed ones. */
    async listReleases(indicatorId?: string, sql: Sql = db): Promise<Release[]> {
      const rows = await sql.query<Record<string, unknown>>(
        'select * from releases where $1::text is null or indicator_id = $1 order by released_at desc, id desc',
        [indicatorId ?? null],
      );
      return rows.map(rowToRelease);
    },

    /** The release in force for an indicator at an instant: the latest published by then. */
    async currentRelease(
      indicatorId: string,
      asAt: Date,
      sql: Sql = db,
    ): Promise<Release | undefined> {
      const [row] = await sql.query<Record<string, unknown>>(
        `select * from releases where id = (${RELEASE_IN_FORCE})`,
        [indicatorId, asAt.toISOString()],
      );
      return row && rowToRelease(row);
    },

    /**
     * The distinct measures (series, unit, breakdown) of the release in force, with their areas:
     * each series in the order the file first gives it (its first is the headline, as Open SDG
     * takes it), then by unit, the fewest breakdowns first.
     */
    async listMeasures(indicatorId: string, asAt: Date): Promise<Measure[]> {
      const release = await store.currentRelease(indicatorId, asAt);
      if (!release) return [];
      const rows = await db.query<Record<string, unknown>>(
        // From the stored series rows, not the figure-by-figure view: a third of the time.
        `select m.series, m.unit, m.dimensions,
                array_agg(distinct s.area_code) filter (where s.area_code is not null) as areas,
                sum(cardinality(array_remove(s."values", null)))::int as values
         from measures m
         join observation_series s on s.release_id = m.release_id and s.measure = m.id
         where m.release_id = $1
         group by m.id, m.series, m.unit, m.dimensions
         order by min(m.id) over (partition by m.series), m.series, m.unit,
                  (select count(*) from jsonb_object_keys(m.dimensions)), m.dimensions::text`,
        [release.id],
      );
      return rows.map((r) => ({
        series: r.series as string,
        unit: r.unit as string,
        dimensions: r.dimensions as Record<string, string>,
        areas: (r.areas as string[] | null) ?? [],
        values: r.values as number,
      }));
    },

    /**
     * The figures of the release in force at `q.asAt` that match the query, oldest period first.
     * Read as stored, a row of arrays for each run of a measure in an area, each column as one
     * JSON array parsed natively, and laid out figure by figure here: several times faster than
     * the engine unnesting every figure (a publish reads every figure of every indicator). An
     * answer holds the rows of at most about FIGURES_PER_TEXT figures, so a release of millions
     * stays within what one string may hold. Figures of one measure share its breakdown object,
     * and figures of one period its period: answers are read, never changed.
     */
    async observations(q: ObservationQuery): Promise<Observation[]> {
      const release = await store.currentRelease(q.indicatorId, q.asAt);
      if (!release) return [];
      const asked = [
        release.id,
        q.series ?? null,
        q.unit ?? null,
        q.dimensions ? json(q.dimensions) : null,
      ];
      const [[named], chunks] = await Promise.all([
        db.query<{ measures: string | null; periods: string | null }>(
          `select (select json_agg(json_build_array(id, series, unit, dimensions))
                   from measures where ${MEASURES_ASKED})::text as measures,
                  (select json_agg(json_build_array(id, label, kind, start_date, end_date, time))
                   from periods
                   where release_id = $1
                     and ($5::date is null or end_date >= $5)
                     and ($6::date is null or start_date <= $6))::text as periods`,
          [...asked, q.from ?? null, q.to ?? null],
        ),
        db.query<SeriesColumns>(
          `select json_agg(measure)::text as measures, json_agg(area_code)::text as areas,
                  json_agg(lines)::text as lines, json_agg(periods)::text as periods,
                  json_agg("values")::text as values, json_agg(statuses)::text as statuses,
                  json_agg(notes)::text as notes
           from (select *, sum(cardinality(lines)) over (rows unbounded preceding) as upto
                 from observation_series
                 where release_id = $1
                   and measure in (select id from measures where ${MEASURES_ASKED})
                   and ($5::text is null or area_code = $5)) s
           group by (upto - 1) / ${FIGURES_PER_TEXT}`,
          [...asked, q.areaCode ?? null],
        ),
      ]);
      type Named = [id: number, ...rest: unknown[]];
      const byId = <T>(text: string | null, make: (row: Named) => T) =>
        new Map((JSON.parse(text ?? '[]') as Named[]).map((row) => [row[0], make(row)]));
      const measures = byId(named?.measures ?? null, ([, series, unit, dimensions]) => ({
        series: series as string,
        unit: unit as string,
        dimensions: dimensions as Record<string, string>,
      }));
      // Only the periods asked for: a figure of any other is left out.
      const periods = byId(named?.periods ?? null, ([, label, kind, start, end, time]) => ({
        label: label as string,
        kind: kind as PeriodKind,
        start: start as string,
        end: end as string,
        time: time as number,
      }));
      const figures: Observation[] = [];
      for (const chunk of chunks) {
        const measureOf = JSON.parse(chunk.measures) as number[];
        const areaOf = JSON.parse(chunk.areas) as (string | null)[];
        const linesOf = JSON.parse(chunk.lines) as number[][];
        const periodsOf = JSON.parse(chunk.periods) as number[][];
        const valuesOf = JSON.parse(chunk.values) as (number | string | null)[][];
        const statusesOf = JSON.parse(chunk.statuses) as string[][];
        const notesOf = JSON.parse(chunk.notes) as ((string | null)[] | null)[];
        for (let row = 0; row < linesOf.length; row++) {
          const measure = measures.get(measureOf[row]!)!;
          const lines = linesOf[row]!;
          for (let i = 0; i < lines.length; i++) {
            const period = periods.get(periodsOf[row]![i]!);
            if (!period) continue;
            const value = valuesOf[row]![i]!;
            figures.push({
              line: lines[i]!,
              series: measure.series,
              unit: measure.unit,
              areaCode: areaOf[row]!,
              dimensions: measure.dimensions,
              period,
              // JSON has no NaN: the database writes a stored NaN as the text "NaN".
              value: value === null ? null : Number(value),
              status: statusesOf[row]![i]!,
              note: notesOf[row]?.[i] ?? null,
            });
          }
        }
      }
      return figures.sort((a, b) => a.period.time - b.period.time || a.line - b.line);
    },

    /**
     * An indicator and the observations of one of its measures, one series for each area
     * (areas in the order of their first figure, each area's figures oldest first), with the
     * unit of its first figure. Read from the stored series rows themselves, a row of arrays
     * for each measure and area, and the release's periods once (with the indicator): far less
     * to send and parse than a row for every figure.
     */
    async areaSeries(
      q: Omit<ObservationQuery, 'areaCode' | 'from' | 'to'>,
    ): Promise<{ indicator: Indicator | undefined; series: AreaSeries[] }> {
      // Two questions at once, each finding the release in force the same way.
      type Periods = [id: number, label: string, time: number][] | null;
      const periodsOf = (id: string) =>
        `(select json_agg(json_build_array(p.id, p.label, p.time)) from periods p
          where p.release_id = ${id})`;
      const [[indicator], rows] = await Promise.all([
        db.query<Record<string, unknown> & { release_id: number | null; periods: Periods }>(
          `select i.id, i.direction, r.meta, r.id as release_id, ${periodsOf('r.id')} as periods
           from indicators i
           left join releases r on r.id = (${RELEASE_IN_FORCE})
           where i.id = $1`,
          [q.indicatorId, q.asAt.toISOString()],
        ),
        db.query<SeriesRow>(
          `select s.release_id, s.area_code, m.unit, s.lines[1] as line,
                  array_to_string(s.periods, ',') as periods,
                  array_to_string(s."values", ',', '') as values
           from observation_series s
           join measures m on m.release_id = s.release_id and m.id = s.measure
           where s.release_id = (${RELEASE_IN_FORCE}) and s.area_code is not null
             and ($3::text is null or m.series = $3)
             and ($4::text is null or m.unit = $4)
             and ($5::jsonb is null or m.dimensions = $5::jsonb)`,
          [
            q.indicatorId,
            q.asAt.toISOString(),
            q.series ?? null,
            q.unit ?? null,
            q.dimensions ? json(q.dimensions) : null,
          ],
        ),
      ]);
      let periods = indicator?.periods ?? [];
      // A release published between the two answers: read the periods of the rows' own.
      const rowsRelease = rows[0] && Number(rows[0].release_id);
      if (rowsRelease !== undefined && rowsRelease !== Number(indicator?.release_id)) {
        const [other] = await db.query<{ periods: Periods }>(
          `select ${periodsOf('$1')} as periods`,
          [rowsRelease],
        );
        periods = other?.periods ?? [];
      }
      return {
        indicator: indicator && rowToIndicator(indicator),
        series: seriesOfAreas(periods, rows),
      };
    },
  };
  return store;
}

export type StatisticsStore = ReturnType<typeof createStatisticsStore>;
