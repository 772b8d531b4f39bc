// Whether the stored releases are what the change log says they are: each release as its
// event recorded it (file, hashes, release time, rows), and its figures as they were stored.
// `audit verify` asks, so a figure or a release date changed in the tables is found.
import type { ChainedEntry } from '../../domain/audit.ts';
import { differencesFromLog } from '../../domain/history.ts';
import type { StatisticsStore } from './store.ts';

type RecordedRelease = Awaited<
  ReturnType<StatisticsStore['releasesAsRecorded']>
>[number]['recorded'];

export async function releasesDifferingFromLog(
  store: StatisticsStore,
  latest: Map<string, ChainedEntry>,
): Promise<string[]> {
  const releases = await store.releasesAsRecorded();
  const altered = releases
    .filter((r) => r.recorded.figuresSha256 !== r.figuresNow)
    .map((r) => `release ${r.key}: its figures are not the figures it stored`);
  // Events recorded before the hashes were kept lack them: what they lack is not compared.
  const stored = new Map(
    releases.map((r) => {
      const event = latest.get(`release:${r.key}`)?.after as Partial<RecordedRelease> | undefined;
      const recorded: Partial<RecordedRelease> = { ...r.recorded };
      if (!event?.figuresSha256) delete recorded.figuresSha256;
      if (!event?.metaSha256) delete recorded.metaSha256;
      return [r.key, recorded];
    }),
  );
  return [...differencesFromLog('release', stored, latest), ...altered];
}
