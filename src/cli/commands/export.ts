// `northstar export --out DIR`: the open data files, written to a folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { exportOpenData } from '../../features/statistics/openData.ts';
import { folderEffects } from '../../publish/folder.ts';

/**
 * Open data is for anyone to read: the files written are made 0644 and their folders 0755,
 * whatever the umask (the CLI's keeps the data directory private).
 */
async function makeReadable(out: string, files: string[]): Promise<void> {
  const folders = new Set([out]);
  for (const file of files) {
    await fs.chmod(path.join(out, file), 0o644);
    for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) {
      folders.add(path.join(out, dir));
    }
  }
  for (const folder of folders) await fs.chmod(folder, 0o755);
}

export async function exportCommand(config: Config, out: string): Promise<void> {
  const runtime = await openRuntime(config, { seed: true });
  try {
    const files = await exportOpenData(runtime.services, folderEffects(out));
    await makeReadable(out, files);
    process.stdout.write(`Wrote ${files.length} files to ${out}.\n`);
  } finally {
    await runtime.close();
  }
}
