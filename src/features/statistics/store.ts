// Every query Northstar makes, written once over the Database interface so both engines run
// the same SQL. Services compose these; nothing above this file writes SQL.
import type { CopyChunks, Database, Sql } from '../../platform/db/database.ts';
import { decimals, integers } from './numbers.ts';
import type { Area } from '../../domain/area.ts';
import type { Goal, Mission, MissionsFile, Project } from '../../domain/mission.ts';
import {
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  type AuditEntry,
  type ChainedEntry,
} from '../../domain/audit.ts';
import type { IndicatorMeta } from './readers/openSdg.ts';
import type { Comparator, Direction } from '../../domain/mission.ts';
import type { Period, PeriodKind } from '../../domain/period.ts';

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

export type AuditEvent = ChainedEntry;

/** A stored series row as `areaSeries` reads it: its arrays as comma-separated text. */
interface SeriesRow {
  release_id: number;
  area_code: string;
  unit: string;
  /** The line of the row's first figure. */
  line: number;
  periods: string;
  values: string;
}

/** One area's figures for a measure, oldest first, as progress is judged from them. */
export interface AreaSeries {
  areaCode: string;
  /** The unit of its first figure. */
  unit: string;
  /** Periods are shared between the areas of one answer: read them, never change them. */
  points: { period: { readonly label: string; readonly time: number }; value: number | null }[];
}

/** A release's series rows as one series for each area (see `areaSeries`). */
function seriesOfAreas(
  releasePeriods: [id: number, label: string, time: number][],
  rows: SeriesRow[],
): AreaSeries[] {
  // Period ids are small whole numbers, counted from 0 within a release.
  const periods: { label: string; time: number }[] = [];
  for (const [id, label, time] of releasePeriods) periods[id] = { label, time };
  // Oldest period first, then by line, as `observations` orders them. A row's figures are in
  // line order, and rows in the order of their first lines (see ObservationRows).
  rows.sort((a, b) => a.line - b.line);
  // An area's figures may come in more than one row (runs of a file, or several units).
  type Figures = { areaCode: string; points: AreaSeries['points']; rowOf: number[]; last: number };
  const byArea = new Map<string, Figures>();
  let inOrder = true;
  rows.forEach((r, row) => {
    const ids = integers(r.periods);
    const values = decimals(r.values);
    let figures = byArea.get(r.area_code);
    for (let i = 0; i < ids.length; i++) {
      const period = periods[ids[i]!];
      if (!period) continue;
      if (!figures) {
        figures = { areaCode: r.area_code, points: [], rowOf: [], last: -Infinity };
        byArea.set(r.area_code, figures);
      }
      if (period.time < figures.last) inOrder = false;
      figures.last = period.time;
      figures.points.push({ period, value: values[i] ?? null });
      figures.rowOf.push(row);
    }
  });
  const series = [...byArea.values()];
  if (!inOrder) {
    for (const figures of series) {
      // A stable sort by period keeps each period's figures in line order.
      const { points, rowOf } = figures;
      const order = points
        .map((_, i) => i)
        .sort((a, b) => points[a]!.period.time - points[b]!.period.time);
      figures.points = order.map((i) => points[i]!);
      figures.rowOf = order.map((i) => rowOf[i]!);
    }
  }
  // Areas in the order of their first figure, by period and then by line; each in the unit of
  // its first figure.
  const first = (f: Figures) => rows[f.rowOf[0]!]!;
  series.sort(
    (a, b) => a.points[0]!.period.time - b.points[0]!.period.time || first(a).line - first(b).line,
  );
  return series.map((f) => ({ areaCode: f.areaCode, unit: first(f).unit, points: f.points }));
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
const json = (v: unknown) => JSON.stringify(v ?? null);

function rowToArea(r: Record<string, unknown>): Area {
  return {
    code: r.code as string,
    name: r.name as string,
    level: r.level as Area['level'],
    parentCode: (r.parent_code as string | null) ?? null,
    successorCode: (r.successor_code as string | null) ?? null,
    current: r.current as boolean,
  };
}

function rowToGoal(r: Record<string, unknown>): Goal {
  return {
    missionSlug: r.mission_slug as string,
    slug: r.slug as string,
    statement: r.statement as string,
    indicatorId: (r.indicator_id as string | null) ?? null,
    proxy: r.proxy as boolean,
    proxyNote: (r.proxy_note as string | null) ?? null,
    series: (r.series as string | null) ?? null,
    unit: (r.unit as string | null) ?? null,
    dimensions: r.dimensions as Record<string, string>,
    areaCode: r.area_code as string,
    baseline: r.baseline_period
      ? { period: r.baseline_period as string, value: (r.baseline_value as number | null) ?? null }
      : null,
    target:
      r.target_value !== null && r.target_value !== undefined
        ? {
            value: r.target_value as number,
            comparator: r.target_comparator as Comparator,
            deadline: r.target_deadline as string,
          }
        : null,
    trajectory: (r.trajectory as Goal['trajectory']) ?? null,
    tolerance: (r.tolerance as number | null) ?? null,
    staleAfter: (r.stale_after as number | null) ?? null,
    feeds: (r.feeds as Goal['feeds'] | null) ?? [],
    source: r.source as Goal['source'],
  };
}

function rowToProject(r: Record<string, unknown>): Project {
  return {
    slug: r.slug as string,
    title: r.title as string,
    lead: r.lead as string,
    contributors: r.contributors as string[],
    start: (r.start_date as string | null) ?? null,
    end: (r.end_date as string | null) ?? null,
    status: r.status as Project['status'],
    confidence: (r.confidence as Project['confidence']) ?? null,
    firstStep: r.first_step as boolean,
    milestones: r.milestones as Project['milestones'],
  };
}

function rowToIndicator(r: Record<string, unknown>): Indicator {
  return {
    id: r.id as string,
    title: r.title as string,
    definition: (r.definition as string | null) ?? null,
    unit: (r.unit as string | null) ?? null,
    direction: (r.direction as Direction | null) ?? null,
    source: r.source as Indicator['source'],
    meta: r.meta as Record<string, unknown>,
  };
}

function rowToRelease(r: Record<string, unknown>): Release {
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

function rowToAuditEvent(r: Record<string, unknown>): AuditEvent {
  return {
    id: Number(r.id),
    at: iso(r.at),
    actor: r.actor as string,
    entityType: r.entity_type as AuditEntry['entityType'],
    entityId: r.entity_id as string,
    action: r.action as AuditEntry['action'],
    before: r.before,
    after: r.after,
    reason: r.reason as string,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

/** Appends events to the hash chain inside the caller's transaction. */
async function appendAudit(tx: Sql, entries: Omit<AuditEntry, 'at'>[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(WRITER_LOCK);
  const [last] = await tx.query<{ hash: string }>(
    'select hash from audit_events order by id desc limit 1',
  );
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  for (const partial of entries) {
    // Store exactly what was hashed, so verification reads back the same content.
    const entry: AuditEntry = JSON.parse(canonicalJson({ ...partial, at }));
    const hash = auditHash(prevHash, entry);
    await tx.query(
      `insert into audit_events (at, actor, entity_type, entity_id, action, before, after, reason, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10)`,
      [
        entry.at,
        entry.actor,
        entry.entityType,
        entry.entityId,
        entry.action,
        json(entry.before),
        json(entry.after),
        entry.reason,
        prevHash,
        hash,
      ],
    );
    prevHash = hash;
  }
}

/** What tells a release's measures apart; its rows refer to one by its number. */
export interface MeasureKey {
  series: string;
  unit: string;
  dimensions: Record<string, string>;
}

const COMMA = 44;
const NEWLINE = 10;
const CHUNK_BYTES = 1 << 20;
/** A run longer than this is split, so no row of arrays grows without bound. */
const MAX_RUN = 10_000;

/** Bytes appended to a buffer that grows as needed. */
class Bytes {
  buf = Buffer.allocUnsafe(4096);
  at = 0;

  reserve(n: number) {
    if (this.at + n <= this.buf.length) return;
    const old = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(Math.max(this.buf.length, old.length + n) * 2);
    this.buf.set(old);
  }

  byte(b: number) {
    this.reserve(1);
    this.buf[this.at++] = b;
  }

  bytes(src: Uint8Array, start = 0, end = src.length) {
    this.reserve(end - start);
    if (end - start > 32) {
      this.buf.set(src.subarray(start, end), this.at);
      this.at += end - start;
    } else for (let i = start; i < end; i++) this.buf[this.at++] = src[i]!;
  }

  /** A whole number's digits, written without making a string. */
  integer(n: number) {
    if (n < 0 || n >= 2 ** 31) {
      this.text(String(n));
      return;
    }
    this.reserve(10);
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = this.at + digits - 1; i >= this.at; i--, n = Math.floor(n / 10))
      this.buf[i] = 48 + (n % 10);
    this.at += digits;
  }

  text(s: string) {
    this.reserve(Buffer.byteLength(s));
    this.at += this.buf.write(s, this.at);
  }
}

/** An element of a PostgreSQL array literal: quoted, with backslash escapes. */
const arrayElement = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * The rows an import copies, as CSV bytes written straight into buffers. Consecutive figures
 * of one release, measure and area (as files give them) become one row of arrays: lines,
 * period numbers, values, statuses and notes. `take` hands over the finished rows.
 * Figures come in the order of their lines, so a row's lines rise and the lines of one row
 * all come before the next row's: readers order figures by a row's first line alone.
 */
export class ObservationRows {
  private out = new Bytes();
  private lastLine = -Infinity;
  private release = -1;
  private measure = -1;
  private area: string | null = null;
  private count = 0;
  private readonly lines = new Bytes();
  private readonly periods = new Bytes();
  private readonly values = new Bytes();
  private readonly statuses = new Bytes();
  private notes: (string | null)[] | undefined;
  private readonly words = new Map<string, Uint8Array>();

  /** The rows written so far (with the run still open if `all`); undefined if none. */
  take(all = false): Uint8Array | undefined {
    if (all) this.endRun();
    if (this.out.at === 0) return undefined;
    const rows = this.out.buf.subarray(0, this.out.at);
    this.out = new Bytes();
    this.out.reserve(CHUNK_BYTES);
    return rows;
  }

  /**
   * One figure. The value is a number, or (for speed) the bytes of one already checked as a
   * number: `valueText[valueStart…valueEnd)`.
   */
  row(
    releaseId: number,
    line: number,
    measure: number,
    areaCode: string | null,
    period: number,
    value: number | null,
    status: string,
    note: string | null,
    valueText?: Uint8Array,
    valueStart = 0,
    valueEnd = 0,
  ): void {
    if (line < this.lastLine)
      throw new Error(`figures out of line order: line ${line} after line ${this.lastLine}`);
    this.lastLine = line;
    if (
      releaseId !== this.release ||
      measure !== this.measure ||
      areaCode !== this.area ||
      this.count >= MAX_RUN
    ) {
      this.endRun();
      this.release = releaseId;
      this.measure = measure;
      this.area = areaCode;
    }
    if (this.count > 0) {
      this.lines.byte(COMMA);
      this.periods.byte(COMMA);
      this.values.byte(COMMA);
      this.statuses.byte(COMMA);
    }
    this.lines.integer(line);
    this.periods.integer(period);
    if (valueText) this.values.bytes(valueText, valueStart, valueEnd);
    else if (value !== null) this.values.text(String(value));
    else this.values.bytes(NULL_WORD);
    this.statuses.bytes(this.word(status));
    if (note !== null) (this.notes ??= Array(this.count).fill(null)).push(note);
    else this.notes?.push(null);
    this.count++;
  }

  /** Writes the open run as a row: `release,measure,area,"{…}",…`. */
  private endRun() {
    if (this.count === 0) return;
    const out = this.out;
    out.integer(this.release);
    out.byte(COMMA);
    out.integer(this.measure);
    out.byte(COMMA);
    if (this.area !== null) out.bytes(this.word(this.area));
    this.array(this.lines);
    this.array(this.periods);
    this.array(this.values);
    this.array(this.statuses);
    out.byte(COMMA);
    if (this.notes) {
      const literal = `{${this.notes.map((n) => (n === null ? 'NULL' : arrayElement(n))).join(',')}}`;
      out.text(`"${literal.replaceAll('"', '""')}"`);
    }
    out.byte(NEWLINE);
    this.notes = undefined;
    this.count = 0;
  }

  private array(elements: Bytes) {
    this.out.bytes(ARRAY_START);
    this.out.bytes(elements.buf, 0, elements.at);
    this.out.bytes(ARRAY_END);
    elements.at = 0;
  }

  /** Area codes and statuses are checked words (no commas or quotes). */
  private word(text: string): Uint8Array {
    let bytes = this.words.get(text);
    if (!bytes) {
      if (this.words.size > 100_000) this.words.clear();
      this.words.set(text, (bytes = Buffer.from(text, 'latin1')));
    }
    return bytes;
  }
}

const NULL_WORD = Buffer.from('NULL');
const ARRAY_START = Buffer.from(',"{');
const ARRAY_END = Buffer.from('}"');

/** A release as an import finishes it: its rows are already copied. */
export interface NewRelease extends Omit<Release, 'loadedAt'> {
  meta?: IndicatorMeta;
  measures: MeasureKey[];
  periods: Period[];
}

/** One writer at a time extends the audit chain and numbers releases, on either engine. */
const WRITER_LOCK = 'select pg_advisory_xact_lock(7406)';

/** Creates or updates a release's indicator; returns the audit event of a changed definition. */
async function saveIndicator(tx: Sql, release: NewRelease): Promise<Omit<AuditEntry, 'at'>[]> {
  const { meta } = release;
  const [old] = await tx.query<Record<string, unknown>>('select * from indicators where id = $1', [
    release.indicatorId,
  ]);
  if (!meta) {
    if (!old)
      await tx.query('insert into indicators (id, title) values ($1, $2)', [
        release.indicatorId,
        `Indicator ${release.indicatorId}`,
      ]);
    return [];
  }
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
  const definition = {
    title: meta.title,
    definition: meta.definition,
    unit: meta.unit,
    source: meta.source,
  };
  const before = old
    ? { title: old.title, definition: old.definition, unit: old.unit, source: old.source }
    : null;
  if (canonicalJson(before) === canonicalJson(definition)) return [];
  return [
    {
      actor: release.loadedBy,
      entityType: 'indicator',
      entityId: release.indicatorId,
      action: old ? 'update' : 'create',
      before,
      after: definition,
      reason: `metadata imported from ${release.sourceFile}`,
    },
  ];
}

/**
 * The id of the release of indicator $1 in force at instant $2: the latest published by then
 * (of two published at once, the later recorded).
 */
const RELEASE_IN_FORCE = `select id from releases where indicator_id = $1 and released_at <= $2
                          order by released_at desc, id desc limit 1`;

export function createStore(db: Database) {
  /** The rows of the release in force at `q.asAt` that match the query, in period order. */
  const selectObservations = async (q: ObservationQuery, columns: string) => {
    const release = await store.currentRelease(q.indicatorId, q.asAt);
    if (!release) return [];
    return db.query<Record<string, unknown>>(
      `select ${columns}
       from observations
       where release_id = $1
         and ($2::text is null or series = $2)
         and ($3::text is null or unit = $3)
         and ($4::text is null or area_code = $4)
         and ($5::jsonb is null or dimensions = $5::jsonb)
         and ($6::date is null or period_end >= $6)
         and ($7::date is null or period_start <= $7)
       order by period_time, line`,
      [
        release.id,
        q.series ?? null,
        q.unit ?? null,
        q.areaCode ?? null,
        q.dimensions ? json(q.dimensions) : null,
        q.from ?? null,
        q.to ?? null,
      ],
    );
  };
  const store = {
    db,

    /** Adds or updates areas (a code once known stays known: old data may still name it). */
    async saveAreas(areas: Area[]): Promise<void> {
      await db.query(
        `insert into areas (code, name, level, parent_code, successor_code, current)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
         on conflict (code) do update set name = excluded.name, level = excluded.level,
           parent_code = excluded.parent_code, successor_code = excluded.successor_code, current = excluded.current`,
        [
          areas.map((a) => a.code),
          areas.map((a) => a.name),
          areas.map((a) => a.level),
          areas.map((a) => a.parentCode),
          areas.map((a) => a.successorCode),
          areas.map((a) => a.current),
        ],
      );
    },

    async listAreas(): Promise<Area[]> {
      return (await db.query<Record<string, unknown>>('select * from areas order by code')).map(
        rowToArea,
      );
    },

    async getArea(code: string): Promise<Area | undefined> {
      const [row] = await db.query<Record<string, unknown>>('select * from areas where code = $1', [
        code,
      ]);
      return row && rowToArea(row);
    },

    /**
     * Makes the stored missions of the file's government equal to the file: creates, updates
     * and deletes, recording each change with its before and after in the audit log.
     */
    async saveMissionsFile(
      file: MissionsFile,
      actor: string,
      reason: string,
    ): Promise<{ changes: number }> {
      return db.transaction(async (tx) => {
        const events: Omit<AuditEntry, 'at'>[] = [];
        const record = (
          entityType: AuditEntry['entityType'],
          entityId: string,
          before: unknown,
          after: unknown,
        ) => {
          if (canonicalJson(before) === canonicalJson(after)) return false;
          const action = before === null ? 'create' : after === null ? 'delete' : 'update';
          events.push({ actor, entityType, entityId, action, before, after, reason });
          return true;
        };
        const { government } = file;
        const [oldGov] = await tx.query<Record<string, unknown>>(
          'select slug, name, area_code from governments where slug = $1',
          [government.slug],
        );
        const govAfter = { slug: government.slug, name: government.name, area: government.area };
        const govBefore = oldGov
          ? { slug: oldGov.slug, name: oldGov.name, area: oldGov.area_code }
          : null;
        if (record('government', government.slug, govBefore, govAfter)) {
          await tx.query(
            `insert into governments (slug, name, area_code) values ($1, $2, $3)
             on conflict (slug) do update set name = excluded.name, area_code = excluded.area_code`,
            [government.slug, government.name, government.area],
          );
        }

        for (const def of file.indicators) {
          const [old] = await tx.query<{ direction: string | null }>(
            'select direction from indicators where id = $1',
            [def.id],
          );
          if (
            record('indicator', def.id, old ? { direction: old.direction } : null, {
              direction: def.direction,
            })
          ) {
            await tx.query(
              `insert into indicators (id, title, direction) values ($1, $2, $3)
               on conflict (id) do update set direction = excluded.direction`,
              [def.id, `Indicator ${def.id}`, def.direction],
            );
          }
        }

        const existing = new Map(
          (await store.listMissions(tx, government.slug)).map((m) => [m.slug, m]),
        );
        for (const [position, m] of file.missions.entries()) {
          const before = existing.get(m.slug);
          existing.delete(m.slug);
          const missionFields = (
            x: Pick<Mission, 'title' | 'ambition' | 'stewards' | 'start' | 'horizon' | 'source'>,
          ) => ({
            governmentSlug: government.slug,
            title: x.title,
            ambition: x.ambition,
            stewards: x.stewards,
            start: x.start,
            horizon: x.horizon,
            source: x.source,
          });
          record('mission', m.slug, before ? missionFields(before) : null, missionFields(m));
          await tx.query(
            `insert into missions (slug, government_slug, position, title, ambition, stewards, start_date, horizon, source)
             values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb)
             on conflict (slug) do update set government_slug = excluded.government_slug, position = excluded.position,
               title = excluded.title, ambition = excluded.ambition, stewards = excluded.stewards,
               start_date = excluded.start_date, horizon = excluded.horizon, source = excluded.source`,
            [
              m.slug,
              government.slug,
              position,
              m.title,
              m.ambition,
              json(m.stewards),
              m.start,
              m.horizon,
              json(m.source),
            ],
          );

          const oldGoals = new Map((before?.goals ?? []).map((g) => [g.slug, g]));
          await tx.query('delete from goals where mission_slug = $1', [m.slug]);
          for (const [goalPosition, g] of m.goals.entries()) {
            const goal: Goal = {
              missionSlug: m.slug,
              slug: g.slug,
              statement: g.statement,
              indicatorId: g.indicator ?? null,
              proxy: g.proxy,
              proxyNote: g.proxyNote ?? null,
              series: g.series ?? null,
              unit: g.unit ?? null,
              dimensions: g.dimensions,
              areaCode: g.area ?? government.area,
              baseline: g.baseline
                ? { period: g.baseline.period, value: g.baseline.value ?? null }
                : null,
              target: g.target ?? null,
              trajectory: g.trajectory ?? null,
              tolerance: g.tolerance ?? null,
              staleAfter: g.staleAfter ?? null,
              feeds: g.feeds,
              source: g.source,
            };
            record('goal', `${m.slug}/${g.slug}`, oldGoals.get(g.slug) ?? null, goal);
            oldGoals.delete(g.slug);
            await tx.query(
              `insert into goals (mission_slug, slug, position, statement, indicator_id, proxy, proxy_note, series, unit,
                 dimensions, area_code, baseline_period, baseline_value, target_value, target_comparator, target_deadline,
                 trajectory, tolerance, stale_after, feeds, source)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19,
                 $20::jsonb, $21::jsonb)`,
              [
                m.slug,
                g.slug,
                goalPosition,
                goal.statement,
                goal.indicatorId,
                goal.proxy,
                goal.proxyNote,
                goal.series,
                goal.unit,
                json(goal.dimensions),
                goal.areaCode,
                goal.baseline?.period ?? null,
                goal.baseline?.value ?? null,
                goal.target?.value ?? null,
                goal.target?.comparator ?? null,
                goal.target?.deadline ?? null,
                goal.trajectory ? json(goal.trajectory) : null,
                goal.tolerance,
                goal.staleAfter,
                json(goal.feeds),
                json(goal.source),
              ],
            );
          }
          for (const [slug, old] of oldGoals) record('goal', `${m.slug}/${slug}`, old, null);

          const oldProjects = new Map((before?.projects ?? []).map((p) => [p.slug, p]));
          await tx.query('delete from projects where mission_slug = $1', [m.slug]);
          for (const [projectPosition, p] of m.projects.entries()) {
            const project: Project = {
              slug: p.slug,
              title: p.title,
              lead: p.lead,
              contributors: p.contributors,
              start: p.start ?? null,
              end: p.end ?? null,
              status: p.status,
              confidence: p.confidence ?? null,
              firstStep: p.firstStep,
              milestones: p.milestones,
            };
            record('project', `${m.slug}/${p.slug}`, oldProjects.get(p.slug) ?? null, project);
            oldProjects.delete(p.slug);
            await tx.query(
              `insert into projects (mission_slug, slug, position, title, lead, contributors, start_date, end_date, status,
                 confidence, first_step, milestones)
               values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12::jsonb)`,
              [
                m.slug,
                p.slug,
                projectPosition,
                p.title,
                p.lead,
                json(p.contributors),
                project.start,
                project.end,
                p.status,
                project.confidence,
                p.firstStep,
                json(p.milestones),
              ],
            );
          }
          for (const [slug, old] of oldProjects) record('project', `${m.slug}/${slug}`, old, null);
        }
        for (const [slug, old] of existing) {
          record('mission', slug, { title: old.title }, null);
          await tx.query('delete from missions where slug = $1', [slug]);
        }
        await appendAudit(tx, events);
        return { changes: events.length };
      });
    },

    /** Missions with their goals and projects, in the order their files give. */
    async listMissions(sql: Sql = db, governmentSlug?: string): Promise<Mission[]> {
      const missions = await sql.query<Record<string, unknown>>(
        `select m.* from missions m join governments g on g.slug = m.government_slug
         where $1::text is null or m.government_slug = $1
         order by (g.slug = 'uk') desc, g.slug, m.position`,
        [governmentSlug ?? null],
      );
      const goals = await sql.query<Record<string, unknown>>(
        'select * from goals order by mission_slug, position',
      );
      const projects = await sql.query<Record<string, unknown>>(
        'select * from projects order by mission_slug, position',
      );
      return missions.map((r) => ({
        slug: r.slug as string,
        governmentSlug: r.government_slug as string,
        title: r.title as string,
        ambition: r.ambition as string,
        stewards: r.stewards as string[],
        start: r.start_date as string,
        horizon: r.horizon as string,
        source: r.source as Mission['source'],
        goals: goals.filter((g) => g.mission_slug === r.slug).map(rowToGoal),
        projects: projects.filter((p) => p.mission_slug === r.slug).map(rowToProject),
      }));
    },

    async listIndicators(): Promise<Indicator[]> {
      return (await db.query<Record<string, unknown>>('select * from indicators')).map(
        rowToIndicator,
      );
    },

    async getIndicator(id: string): Promise<Indicator | undefined> {
      const [row] = await db.query<Record<string, unknown>>(
        'select * from indicators where id = $1',
        [id],
      );
      return row && rowToIndicator(row);
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
     * Starts an import in the caller's transaction. Release ids from `firstReleaseId` on are
     * the import's to give as it meets new indicators, so rows can be copied as they are read,
     * before their releases are recorded.
     */
    async beginImport(tx: Sql) {
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
          const definitions: Omit<AuditEntry, 'at'>[][] = [];
          for (const release of releases) definitions.push(await saveIndicator(tx, release));
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
          const events = saved.flatMap((release, i): Omit<AuditEntry, 'at'>[] => [
            ...definitions[i]!,
            {
              actor: release.loadedBy,
              entityType: 'release',
              entityId: `${release.indicatorId}#${release.id}`,
              action: 'create',
              before: null,
              after: {
                file: release.sourceFile,
                sha256: release.sha256,
                releasedAt: release.releasedAt,
                rows: release.rowCount,
              },
              reason: `data imported from ${release.sourceFile}`,
            },
          ]);
          await appendAudit(tx, events);
          return saved;
        },
      };
    },

    /** The distinct measures (series, unit, breakdown) of the release in force, with their areas. */
    async listMeasures(indicatorId: string, asAt: Date): Promise<Measure[]> {
      const release = await store.currentRelease(indicatorId, asAt);
      if (!release) return [];
      const rows = await db.query<Record<string, unknown>>(
        `select series, unit, dimensions, array_agg(distinct area_code) filter (where area_code is not null) as areas,
                count(value)::int as values
         from observations where release_id = $1
         group by series, unit, dimensions
         order by series, unit, (select count(*) from jsonb_object_keys(dimensions)), dimensions::text`,
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

    /** Observations of an indicator's release in force at `asAt`, oldest period first. */
    async observations(q: ObservationQuery): Promise<Observation[]> {
      const rows = await selectObservations(
        q,
        `line, series, unit, area_code, dimensions, period_label, period_kind, period_start,
         period_end, period_time, value, status, note`,
      );
      return rows.map((r) => ({
        line: r.line as number,
        series: r.series as string,
        unit: r.unit as string,
        areaCode: (r.area_code as string | null) ?? null,
        dimensions: r.dimensions as Record<string, string>,
        period: {
          label: r.period_label as string,
          kind: r.period_kind as PeriodKind,
          start: String(r.period_start),
          end: String(r.period_end),
          time: r.period_time as number,
        },
        value: (r.value as number | null) ?? null,
        status: r.status as string,
        note: (r.note as string | null) ?? null,
      }));
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
          `select i.*, r.id as release_id, ${periodsOf('r.id')} as periods
           from indicators i left join (${RELEASE_IN_FORCE}) r on true
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

    /** The latest audit event's id (0 if none) and how many releases are public by `now`. */
    async auditCounts(now: Date): Promise<{ latestEventId: number; releasedBy: number }> {
      const [row] = await db.query<{ event: number | null; released: number }>(
        `select (select max(id) from audit_events)::int as event,
                (select count(*) from releases where released_at <= $1)::int as released`,
        [now.toISOString()],
      );
      return { latestEventId: row?.event ?? 0, releasedBy: row?.released ?? 0 };
    },

    /** Audit events, newest first: all of them unless narrowed. */
    async listAudit(
      filter: {
        limit?: number;
        entityTypes?: string[];
        entityId?: string;
        until?: Date;
        /** Event ids from and to, inclusive. */
        ids?: [number, number];
      } = {},
    ): Promise<AuditEvent[]> {
      const rows = await db.query<Record<string, unknown>>(
        `select * from audit_events
         where ($1::text[] is null or entity_type = any($1)) and ($2::text is null or entity_id = $2)
           and ($3::timestamptz is null or at <= $3)
           and ($5::bigint is null or id between $5 and $6)
         order by id desc limit $4`,
        [
          filter.entityTypes ?? null,
          filter.entityId ?? null,
          filter.until?.toISOString() ?? null,
          filter.limit ?? null,
          filter.ids?.[0] ?? null,
          filter.ids?.[1] ?? null,
        ],
      );
      return rows.map(rowToAuditEvent);
    },

    /**
     * What tells whether a stored goal's statistic was redefined after the goal was set, as
     * known at `until`: the indicator it is measured by, its own events and its indicator's
     * updates, newest first. Undefined when no stored mission has the goal.
     */
    async goalRedefinitionEvents(
      missionSlug: string,
      slug: string,
      until?: Date,
    ): Promise<{ indicatorId: string | null; events: AuditEvent[] } | undefined> {
      const rows = await db.query<Record<string, unknown>>(
        `select g.indicator_id as goal_indicator_id, e.*
         from goals g
         join missions m on m.slug = g.mission_slug
         join governments gv on gv.slug = m.government_slug
         left join audit_events e
           on ((e.entity_type = 'goal' and e.entity_id = g.mission_slug || '/' || g.slug)
               or (e.entity_type = 'indicator' and e.action = 'update' and e.entity_id = g.indicator_id))
          and ($3::timestamptz is null or e.at <= $3)
         where g.mission_slug = $1 and g.slug = $2
         order by e.id desc`,
        [missionSlug, slug, until?.toISOString() ?? null],
      );
      if (rows.length === 0) return undefined;
      return {
        indicatorId: (rows[0]!.goal_indicator_id as string | null) ?? null,
        events: rows.filter((r) => r.id !== null).map(rowToAuditEvent),
      };
    },
  };
  return store;
}

export type Store = ReturnType<typeof createStore>;
