// `northstar export --out DIR`: the open data files, written to a folder.
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { exportOpenData } from '../../features/statistics/openData.ts';
import { folderEffects } from '../../publish/folder.ts';

export async function exportCommand(config: Config, out: string): Promise<void> {
  const runtime = await openRuntime(config, { seed: true });
  try {
    const files = await exportOpenData(runtime.services, folderEffects(out));
    process.stdout.write(`Wrote ${files.length} files to ${out}.\n`);
  } finally {
    await runtime.close();
  }
}
