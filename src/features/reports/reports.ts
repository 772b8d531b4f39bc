// Making a report to Parliament and freezing it: gathered as at its date, rendered to its files,
// and stored with the SHA-256 of every file recorded in the change log, in one transaction. The
// same records make the same bytes, so making a report again records nothing; bytes that differ
// (a record of that date was corrected since) replace the stored files and are recorded as an
// update, so the log keeps every version's hashes.
import { canonicalJson } from '../../domain/audit.ts';
import { differencesFromLog } from '../../domain/history.ts';
import type { ChainedEntry } from '../../domain/audit.ts';
import type { Services } from '../../compose.ts';
import type { AuditService } from '../audit/service.ts';
import { gatherAnnualReport } from './annual.ts';
import { renderReport, type ReportFile } from './render.ts';
import type { ReportKey, ReportsStore } from './store.ts';

/** The id the change log knows a report by: `uk/annual/2026-03-31`. */
export const reportEntityId = (key: ReportKey) => `${key.governmentSlug}/${key.kind}/${key.day}`;

/** What the change log records of a report: each file's SHA-256. */
const recordedState = (files: Pick<ReportFile, 'name' | 'sha256'>[]) => ({
  files: Object.fromEntries(files.map((f) => [f.name, f.sha256])),
});

export class ReportError extends Error {}

/** The reports' use cases on their store and the change log. */
export function createReportsService(deps: { store: ReportsStore; audit: AuditService }) {
  const { store, audit } = deps;
  let freezing: Promise<unknown> = Promise.resolve();
  return {
    list: store.list,
    file: store.file,

    /**
     * Stores a report's files and records their hashes, as `meta.actor` with `meta.reason`,
     * unless these are the files already recorded. One at a time, so two requests together
     * record a report once. Answers whether anything was recorded.
     */
    freeze(key: ReportKey, files: ReportFile[], meta: { actor: string; reason: string }) {
      const work = async () => {
        const id = reportEntityId(key);
        const after = recordedState(files);
        // Read before the change begins: the embedded database has one connection, which the
        // change's transaction holds until it ends.
        const [latest] = await audit.list({ entityTypes: ['report'], entityId: id, limit: 1 });
        const before = latest?.after ?? null;
        if (canonicalJson(before) === canonicalJson(after)) return false;
        return audit.change(meta, async (change) => {
          change.record('report', id, before, after);
          await store.save(change, key, files);
          return true;
        });
      };
      const done = freezing.then(work, work);
      freezing = done.catch(() => undefined);
      return done;
    },

    /** The stored reports against the log's latest events about them. */
    async differencesFromLog(latest: Map<string, ChainedEntry>) {
      const stored = await store.list();
      return differencesFromLog(
        'report',
        new Map(stored.map((r) => [reportEntityId(r), recordedState(r.files)])),
        latest,
      );
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;

/** Makes a government's annual report as at `day` and freezes it. */
export async function makeAnnualReport(
  services: Services,
  key: ReportKey,
  meta: { actor: string; reason: string },
) {
  const report = await gatherAnnualReport(services, key.governmentSlug, key.day);
  if (!report) throw new ReportError(`there is no government ${key.governmentSlug}`);
  const { files, missing } = await renderReport(report);
  const recorded = await services.reports.freeze(key, files, meta);
  return { report, files, missing, recorded, entityId: reportEntityId(key) };
}
