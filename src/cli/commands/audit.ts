// `northstar audit verify`: recompute the audit log's hash chain from the stored events.
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { CliError } from '../error.ts';

export async function verify(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  try {
    const result = await runtime.services.audit.verify();
    if (!result.ok)
      throw new CliError(`audit chain broken at event ${result.brokenAt}: ${result.reason}`, 1);
    process.stdout.write(
      `Audit chain intact: ${result.count} events, latest hash ${result.head}.\n`,
    );
  } finally {
    await runtime.close();
  }
}
