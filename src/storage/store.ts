// Every query Northstar makes, written once over the Database interface so both engines run
// the same SQL. Services compose these; nothing above this file writes SQL.
import type { Sql, Database } from './database.ts';
import type { Area } from '../domain/area.ts';
import type { Goal, Mission, MissionsFile, Project } from '../domain/mission.ts';
import {
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  type AuditEntry,
  type ChainedEntry,
} from '../domain/audit.ts';
import type { IndicatorMeta, ObservationRecord } from '../import/openSdg.ts';
import type { Comparator, Direction } from '../domain/mission.ts';
import type { PeriodKind } from '../domain/period.ts';

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

/** An observation as progress is judged from it. */
export interface SeriesPoint {
  areaCode: string | null;
  unit: string;
  period: { label: string; time: number };
  value: number | null;
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

/** Appends events to the hash chain inside the caller's transaction. */
async function appendAudit(tx: Sql, entries: Omit<AuditEntry, 'at'>[]): Promise<void> {
  if (entries.length === 0) return;
  // One writer at a time extends the chain, on either engine.
  await tx.query('select pg_advisory_xact_lock(7406)');
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

/** A quoted CSV field; null is an empty unquoted field, which COPY reads as NULL. */
const csvField = (value: string | number | null) =>
  value === null
    ? ''
    : typeof value === 'number'
      ? String(value)
      : `"${value.replaceAll('"', '""')}"`;

/** Observations as CSV for COPY, in chunks of a few thousand rows. */
async function* observationsCsv(releaseId: number, observations: ObservationRecord[]) {
  let chunk = '';
  for (const [i, o] of observations.entries()) {
    chunk += `${releaseId},${o.line},${csvField(o.series)},${csvField(o.unit)},${csvField(o.areaCode)},${csvField(JSON.stringify(o.dimensions))},${csvField(o.period.label)},${o.period.kind},${o.period.start},${o.period.end},${o.period.time},${csvField(o.value)},${csvField(o.status)},${csvField(o.note)}\n`;
    if (i % 5000 === 4999) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

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
        `select * from releases where indicator_id = $1 and released_at <= $2
         order by released_at desc, id desc limit 1`,
        [indicatorId, asAt.toISOString()],
      );
      return row && rowToRelease(row);
    },

    /**
     * Stores one release of an indicator with all its observations, and its metadata, in the
     * caller's transaction, and records it in the audit log.
     */
    async saveRelease(
      tx: Sql,
      release: Omit<Release, 'id' | 'loadedAt' | 'rowCount'>,
      meta: IndicatorMeta | undefined,
      observations: ObservationRecord[],
    ): Promise<Release> {
      const [old] = await tx.query<Record<string, unknown>>(
        'select * from indicators where id = $1',
        [release.indicatorId],
      );
      const definition = meta
        ? { title: meta.title, definition: meta.definition, unit: meta.unit, source: meta.source }
        : undefined;
      const events: Omit<AuditEntry, 'at'>[] = [];
      if (definition) {
        const before = old
          ? { title: old.title, definition: old.definition, unit: old.unit, source: old.source }
          : null;
        if (canonicalJson(before) !== canonicalJson(definition)) {
          events.push({
            actor: release.loadedBy,
            entityType: 'indicator',
            entityId: release.indicatorId,
            action: old ? 'update' : 'create',
            before,
            after: definition,
            reason: `metadata imported from ${release.sourceFile}`,
          });
        }
        await tx.query(
          `insert into indicators (id, title, definition, unit, source, meta) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
           on conflict (id) do update set title = excluded.title, definition = excluded.definition, unit = excluded.unit,
             source = excluded.source, meta = excluded.meta`,
          [
            release.indicatorId,
            meta!.title,
            meta!.definition,
            meta!.unit,
            json(meta!.source),
            json(meta!.meta),
          ],
        );
      } else if (!old) {
        await tx.query('insert into indicators (id, title) values ($1, $2)', [
          release.indicatorId,
          `Indicator ${release.indicatorId}`,
        ]);
      }
      const [row] = await tx.query<Record<string, unknown>>(
        `insert into releases (indicator_id, released_at, loaded_by, source_file, sha256, row_count)
         values ($1, $2, $3, $4, $5, $6) returning *`,
        [
          release.indicatorId,
          release.releasedAt,
          release.loadedBy,
          release.sourceFile,
          release.sha256,
          observations.length,
        ],
      );
      const saved = rowToRelease(row!);
      await tx.copyFrom(
        `copy observations (release_id, line, series, unit, area_code, dimensions, period_label, period_kind,
           period_start, period_end, period_time, value, status, note) from stdin (format csv)`,
        observationsCsv(saved.id, observations),
      );
      events.push({
        actor: release.loadedBy,
        entityType: 'release',
        entityId: `${release.indicatorId}#${saved.id}`,
        action: 'create',
        before: null,
        after: {
          file: release.sourceFile,
          sha256: release.sha256,
          releasedAt: saved.releasedAt,
          rows: observations.length,
        },
        reason: `data imported from ${release.sourceFile}`,
      });
      await appendAudit(tx, events);
      return saved;
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

    /** The same observations as `observations`, with only what judging progress needs. */
    async points(q: ObservationQuery): Promise<SeriesPoint[]> {
      const rows = await selectObservations(q, 'area_code, unit, period_label, period_time, value');
      return rows.map((r) => ({
        areaCode: (r.area_code as string | null) ?? null,
        unit: r.unit as string,
        period: { label: r.period_label as string, time: r.period_time as number },
        value: (r.value as number | null) ?? null,
      }));
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
      return rows.map((r) => ({
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
      }));
    },
  };
  return store;
}

export type Store = ReturnType<typeof createStore>;
