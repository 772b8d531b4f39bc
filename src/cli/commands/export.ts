// `northstar export --out DIR`: the open data files, written to a folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../services/setup.ts';
import { exportOpenData } from '../../publish/export.ts';

export async function exportCommand(config: Config, out: string): Promise<void> {
  const runtime = await openRuntime(config, { seed: true });
  try {
    const files = await exportOpenData(runtime.services, {
      async writeFile(relativePath, contents) {
        const file = path.join(out, relativePath);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, contents);
      },
    });
    process.stdout.write(`Wrote ${files.length} files to ${out}.\n`);
  } finally {
    await runtime.close();
  }
}
