// `northstar audit verify [--against URL|FILE]`: recompute the audit log's hash chain, check the
// stored state against it, and compare it with a head published elsewhere.
import fs from 'node:fs';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { parsePublishedHead, type PublishedHead } from '../../features/audit/verify.ts';
import { CliError } from '../error.ts';

/** The head a published page or answer shows, fetched or read from a file. */
async function publishedHead(against: string): Promise<PublishedHead> {
  let text: string;
  try {
    if (/^https?:\/\//i.test(against)) {
      const response = await fetch(against);
      if (!response.ok) throw new Error(`it answered ${response.status}`);
      text = await response.text();
    } else {
      text = fs.readFileSync(against, 'utf8');
    }
  } catch (error) {
    throw new CliError(`cannot read ${against}: ${(error as Error).message}`, 2);
  }
  const head = parsePublishedHead(text);
  if (!head)
    throw new CliError(
      `${against} shows no audit head (a Northstar page, or the JSON of /api/v1/audit/head)`,
      2,
    );
  return head;
}

export async function verify(config: Config, against?: string): Promise<void> {
  const published = against === undefined ? undefined : await publishedHead(against);
  const runtime = await openRuntime(config);
  try {
    const result = await runtime.services.audit.verify(published);
    if (!result.ok)
      throw new CliError(
        ['The record does not verify:', ...result.problems.map((p) => `- ${p}`)].join('\n'),
        1,
      );
    process.stdout.write(
      `Audit chain intact: ${result.count} events, latest hash ${result.head}; the stored missions and releases are as recorded${published ? `; the published head, event ${published.id}, is in the log unchanged` : ''}.\n`,
    );
  } finally {
    await runtime.close();
  }
}
