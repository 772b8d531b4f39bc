// Verifying the record as a whole: the hash chain of events, the stored state against what the
// events say it is (each feature checks its own), and the log against a head published
// elsewhere, which is what catches a log cut short or rewritten with every hash recomputed.
import { verifyChain, type ChainedEntry } from '../../domain/audit.ts';
import { latestEvents } from '../../domain/history.ts';

/** The newest event a public page, feed or published copy showed: its id and hash. */
export interface PublishedHead {
  id: number;
  hash: string;
}

/** A feature's check of its stored state against each entity's latest event. */
export type StateCheck = (latest: Map<string, ChainedEntry>) => Promise<string[]>;

export type Verification =
  { ok: true; count: number; head: string } | { ok: false; count: number; problems: string[] };

export async function verifyRecord(
  chain: ChainedEntry[],
  checks: StateCheck[],
  published?: PublishedHead,
): Promise<Verification> {
  const linked = verifyChain(chain);
  const problems = linked.ok ? [] : [linked.reason];
  const latest = latestEvents(chain);
  for (const check of checks) problems.push(...(await check(latest)));
  // Event 0 is the empty log's head: every log still starts from it.
  if (published && published.id !== 0) {
    const event = chain.find((e) => e.id === published.id);
    if (!event)
      problems.push(
        `the published head, event ${published.id}, is not in the log: the log was cut short`,
      );
    else if (event.hash !== published.hash)
      problems.push(
        `event ${published.id} does not have the published head's hash: the log was rewritten`,
      );
  }
  return linked.ok && problems.length === 0 ? linked : { ok: false, count: chain.length, problems };
}

/**
 * The head a published page or answer carries: the JSON of `/api/v1/audit/head`, or any page's
 * footer (`data-audit-head-id` and `data-audit-head-hash`).
 */
export function parsePublishedHead(text: string): PublishedHead | undefined {
  try {
    const { id, hash } = JSON.parse(text) as Partial<PublishedHead>;
    if (Number.isInteger(id) && typeof hash === 'string') return { id: id!, hash };
  } catch {
    // Not JSON: a page.
  }
  const id = /data-audit-head-id="(\d+)"/.exec(text)?.[1];
  const hash = /data-audit-head-hash="([0-9a-f]{64})"/.exec(text)?.[1];
  return id && hash ? { id: Number(id), hash } : undefined;
}
