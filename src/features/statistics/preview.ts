// What publishing files would change, worked out before anything is stored: the files are
// imported exactly as `import` would (the same readers, checks and stored figures) inside a
// transaction that is then rolled back, and each new release is compared with the release in
// force now while it is still visible there. So the preview cannot disagree with what
// publishing stores.
import path from 'node:path';
import type { Geography } from '../areas/geography.ts';
import type { Change } from '../audit/store.ts';
import { importFiles, type ReadOptions } from './importer.ts';
import type { Problem } from './readers/problem.ts';
import type { Release, ReleaseComparison, StatisticsStore } from './store.ts';

/** Revised figures listed per indicator; the rest are counted. */
export const REVISIONS_SHOWN = 100;

export interface IndicatorPreview {
  indicatorId: string;
  /** The file's name. */
  file: string;
  /** `unchanged`: the file is the indicator's latest release again, and publishing stores nothing. */
  outcome: 'imported' | 'unchanged';
  /** Rows of figures in the file. */
  rows: number;
  /** The release in force now; none before an indicator's first. */
  current?: Release;
  /** What the new release changes from the one in force (absent when unchanged). */
  comparison?: ReleaseComparison;
}

export interface ImportPreview {
  indicators: IndicatorPreview[];
  /** Problems that do not stop publication. */
  warnings: Problem[];
}

/** Throws the importer's `ImportError`, with every problem located, if the files cannot be published. */
export function previewImport(
  store: StatisticsStore,
  paths: string[],
  geography: Geography,
  options: ReadOptions & { now: Date; actor: string },
): Promise<ImportPreview> {
  return store.rolledBack(async (sql) => {
    // Nothing is kept, so nothing is recorded in the change log either.
    const change: Change = { sql, recorded: 0, record: () => true };
    const report = await importFiles(
      store,
      { change: (_meta, write) => write(change) },
      paths,
      geography,
      options,
    );
    const indicators: IndicatorPreview[] = [];
    for (const file of report.files) {
      // In force now, leaving out the release just made (it is released now too).
      const current = (await store.listReleases(file.indicatorId, sql)).find(
        (r) => r.id !== file.releaseId && new Date(r.releasedAt) <= options.now,
      );
      const outcome = file.outcome === 'unchanged' ? 'unchanged' : 'imported';
      indicators.push({
        indicatorId: file.indicatorId,
        file: path.basename(file.file),
        outcome,
        rows: file.rows,
        current,
        comparison:
          outcome === 'imported'
            ? await store.compareReleases(file.releaseId!, current?.id, REVISIONS_SHOWN, sql)
            : undefined,
      });
    }
    return { indicators, warnings: report.problems.filter((p) => p.severity === 'warning') };
  });
}
