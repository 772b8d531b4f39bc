// The reports' SQL: each report's files as they were made. Writes take a Change, so a report's
// files and the event recording their hashes commit together or not at all.
import type { Database } from '../../platform/db/database.ts';
import type { Change } from '../audit/store.ts';
import type { ReportFile } from './render.ts';

/** Which report: a government's report of a kind as at a date. */
export interface ReportKey {
  governmentSlug: string;
  kind: 'annual';
  day: string;
}

export interface StoredReport extends ReportKey {
  files: Omit<ReportFile, 'bytes'>[];
}

const bytesOf = (v: unknown) => Buffer.from(v as Uint8Array);

export function createReportsStore(db: Database) {
  return {
    /** Every stored report (or one government's), newest date first, without the bytes. */
    async list(governmentSlug?: string): Promise<StoredReport[]> {
      const rows = await db.query<Record<string, unknown>>(
        `select government_slug, kind, as_at::text as day, name, media_type, sha256
         from report_files where ($1::text is null or government_slug = $1)
         order by as_at desc, government_slug, kind, name`,
        [governmentSlug ?? null],
      );
      const reports = new Map<string, StoredReport>();
      for (const r of rows) {
        const key = `${r.government_slug as string}/${r.kind as string}/${r.day as string}`;
        const report = reports.get(key) ?? {
          governmentSlug: r.government_slug as string,
          kind: r.kind as 'annual',
          day: r.day as string,
          files: [],
        };
        report.files.push({
          name: r.name as string,
          mediaType: r.media_type as string,
          sha256: r.sha256 as string,
        });
        reports.set(key, report);
      }
      return [...reports.values()];
    },

    async file(key: ReportKey, name: string): Promise<ReportFile | undefined> {
      const [row] = await db.query<Record<string, unknown>>(
        `select name, media_type, bytes, sha256 from report_files
         where government_slug = $1 and kind = $2 and as_at = $3::date and name = $4`,
        [key.governmentSlug, key.kind, key.day, name],
      );
      return (
        row && {
          name: row.name as string,
          mediaType: row.media_type as string,
          bytes: bytesOf(row.bytes),
          sha256: row.sha256 as string,
        }
      );
    },

    /** Replaces a report's files with `files`, inside `change`. */
    async save(change: Change, key: ReportKey, files: ReportFile[]) {
      await change.sql.query(
        'delete from report_files where government_slug = $1 and kind = $2 and as_at = $3::date',
        [key.governmentSlug, key.kind, key.day],
      );
      for (const f of files)
        await change.sql.query(
          `insert into report_files (government_slug, kind, as_at, name, media_type, bytes, sha256)
           values ($1, $2, $3::date, $4, $5, $6, $7)`,
          [key.governmentSlug, key.kind, key.day, f.name, f.mediaType, f.bytes, f.sha256],
        );
    },
  };
}

export type ReportsStore = ReturnType<typeof createReportsStore>;
