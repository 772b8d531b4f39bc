// What an import builds as it reads, whatever the format: per indicator, a draft release with
// its measures (series, unit, breakdown) and periods numbered once, and every row encoded for
// the store as soon as it is read, so a file need never be held whole in memory.
import path from 'node:path';
import type { Period } from '../../domain/period.ts';
import { ObservationRows, type MeasureKey } from './rows.ts';
import type { NewRelease } from './importTarget.ts';
import type { IndicatorMeta, ObservationRecord } from './readers/openSdg.ts';
import type { Problem } from './readers/problem.ts';

/** Problems listed per file; past this a file is broken, and one more line says how many. */
const MAX_PROBLEMS_PER_FILE = 1000;

/** One indicator's release as it is read. */
export class ReleaseDraft {
  rows = 0;
  placeholder = false;
  meta?: IndicatorMeta;
  /** Of the data (and metadata) the release comes from: unchanged input is not stored again. */
  sha256 = '';
  /** When the publisher released it (ISO instant), as its file says; else the import's time. */
  releasedAt?: string;
  readonly measures: MeasureKey[] = [];
  readonly periods: Period[] = [];
  readonly areas = new Set<string | null>();
  private readonly measureIds = new Map<string, number>();
  private readonly periodIds = new Map<string, number>();
  /** Each row's measure, area and period packed into one number, with the line it is on. */
  private readonly seen?: PackedLines;

  constructor(
    readonly indicatorId: string,
    readonly file: string,
    readonly releaseId: number,
    options: { duplicates: boolean },
  ) {
    if (options.duplicates) this.seen = new PackedLines();
  }

  /** The number of a measure, given a key that tells measures apart. */
  measure(key: string, build: () => MeasureKey): number {
    let id = this.measureIds.get(key);
    if (id === undefined) {
      id = this.measures.push(build()) - 1;
      this.measureIds.set(key, id);
    }
    return id;
  }

  period(period: Period): number {
    let id = this.periodIds.get(period.label);
    if (id === undefined) {
      id = this.periods.push(period) - 1;
      this.periodIds.set(period.label, id);
    }
    return id;
  }

  /** The line that already holds this measure, area and period, if any; else records `line`. */
  earlierLine(measure: number, areaId: number, period: number, line: number): number | undefined {
    // Exact while measures < 2^21 and areas and periods < 2^16 (checked by the caller).
    const hash = Math.imul(
      measure ^ Math.imul(areaId, 0x9e3779b1) ^ Math.imul(period, 0x85ebca6b),
      0xc2b2ae35,
    );
    return this.seen?.addOrGet(
      measure * 2 ** 32 + areaId * 2 ** 16 + period,
      hash ^ (hash >>> 15),
      line,
    );
  }

  /** The release to store, its rows copied; `dated` if its time was given, not the import's. */
  release(releasedAt: string, loadedBy: string, dated: boolean): NewRelease {
    return {
      id: this.releaseId,
      dated,
      indicatorId: this.indicatorId,
      releasedAt,
      loadedBy,
      // The file's name, not where it lay: releases are public, server paths are not.
      sourceFile: path.basename(this.file),
      sha256: this.sha256,
      rowCount: this.rows,
      meta: this.meta,
      measures: this.measures,
      periods: this.periods,
    };
  }

  /** Distinct series and units, as the report counts them. */
  get seriesCount(): number {
    return new Set(this.measures.map((m) => `${m.series}\u0000${m.unit}`)).size;
  }
}

/** Everything one import (or check) reads: drafts by indicator, problems, rows to store. */
export class ImportBatch {
  readonly drafts = new Map<string, ReleaseDraft>();
  readonly problems: Problem[];
  /** Per file: how many problems, and the first one not listed. */
  private readonly problemsPerFile = new Map<string, { count: number; firstUnlisted?: Problem }>();
  private readonly areaIds = new Map<string | null, number>([[null, 0]]);
  private errors = 0;

  /** `firstReleaseId`: the id the first new indicator's release takes; the next take the next. */
  constructor(
    private readonly firstReleaseId: number,
    problems: Problem[] = [],
  ) {
    this.problems = [];
    for (const p of problems) this.problem(p);
  }

  get failed(): boolean {
    return this.errors > 0;
  }

  problem(p: Problem): void {
    if (p.severity === 'error') this.errors++;
    const seen = this.problemsPerFile.get(p.file) ?? { count: 0 };
    this.problemsPerFile.set(p.file, seen);
    if (++seen.count <= MAX_PROBLEMS_PER_FILE) this.problems.push(p);
    else seen.firstUnlisted ??= p;
  }

  /** A line for each file whose problems were too many to list. */
  finish(): void {
    for (const [file, { count, firstUnlisted }] of this.problemsPerFile) {
      if (firstUnlisted)
        this.problems.push({
          ...firstUnlisted,
          message: `${count - MAX_PROBLEMS_PER_FILE} more problems from here on are not listed (the first ${MAX_PROBLEMS_PER_FILE} are)`,
          file,
        });
    }
  }

  /** The draft of an indicator read from `file`; undefined (and an error) if another file has it. */
  draft(indicatorId: string, file: string, options: { duplicates: boolean }) {
    let draft = this.drafts.get(indicatorId);
    if (!draft) {
      draft = new ReleaseDraft(indicatorId, file, this.firstReleaseId + this.drafts.size, options);
      this.drafts.set(indicatorId, draft);
    } else if (draft.file !== file) {
      this.problem({
        severity: 'error',
        file,
        message: `indicator ${indicatorId} is also in ${draft.file}; import one file per indicator`,
      });
      return undefined;
    }
    return draft;
  }

  /** A small number for an area code (0 for none), for packing into duplicate keys. */
  areaId(code: string | null): number {
    let id = this.areaIds.get(code);
    if (id === undefined) this.areaIds.set(code, (id = this.areaIds.size));
    return id;
  }

  /** Counts a row of the draft; rows are written only while the import has no error. */
  counts(draft: ReleaseDraft, areaCode: string | null): boolean {
    draft.rows++;
    draft.areas.add(areaCode);
    return this.errors === 0;
  }
}

/** Observations already read whole (an Open SDG file) as the store's CSV. */
export function recordRows(
  batch: ImportBatch,
  draft: ReleaseDraft,
  records: ObservationRecord[],
): Uint8Array[] {
  const rows = new ObservationRows();
  for (const o of records) {
    const key = `${o.series}\u0000${o.unit}\u0000${JSON.stringify(o.dimensions)}`;
    const measure = draft.measure(key, () => ({
      series: o.series,
      unit: o.unit,
      dimensions: o.dimensions,
    }));
    const period = draft.period(o.period);
    if (batch.counts(draft, o.areaCode))
      rows.row(draft.releaseId, o.line, measure, o.areaCode, period, o.value, o.status, o.note);
  }
  const chunk = rows.take(true);
  return chunk ? [chunk] : [];
}

/**
 * A set of whole numbers below 2^53, each with a line: open addressing over typed arrays,
 * so ten million rows take a couple of hundred megabytes rather than gigabytes.
 */
class PackedLines {
  private keys = new Float64Array(8192);
  private lines = new Int32Array(8192);
  private hashes = new Int32Array(8192);
  private size = 0;

  /** The line stored for `key`, or undefined after storing `line` for it. */
  addOrGet(key: number, hash: number, line: number): number | undefined {
    if (this.size * 4 >= this.keys.length * 3) this.grow();
    const stored = key + 1; // 0 marks an empty slot
    const mask = this.keys.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === 0) {
        this.keys[i] = stored;
        this.lines[i] = line;
        this.hashes[i] = hash;
        this.size++;
        return undefined;
      }
      if (k === stored) return this.lines[i];
    }
  }

  private grow() {
    const { keys, lines, hashes } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Int32Array(keys.length * 2);
    this.hashes = new Int32Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++)
      if (keys[i]) this.addOrGet(keys[i]! - 1, hashes[i]!, lines[i]!);
  }
}
