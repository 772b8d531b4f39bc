// `northstar publish --out DIR`: the public site as static files.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../services/setup.ts';
import { createApp } from '../../web/app.ts';
import { publishSite } from '../../publish/site.ts';

export async function publish(config: Config, out: string): Promise<void> {
  const runtime = await openRuntime(config, { seed: true });
  const app = await createApp(runtime.services, { production: true, staticSite: true });
  try {
    const started = Date.now();
    const target = (relativePath: string) => path.join(out, relativePath);
    const result = await publishSite(app, runtime.services, {
      async writeFile(relativePath, contents) {
        await fs.mkdir(path.dirname(target(relativePath)), { recursive: true });
        await fs.writeFile(target(relativePath), contents);
      },
      async copyFile(from, relativePath) {
        await fs.mkdir(path.dirname(target(relativePath)), { recursive: true });
        await fs.copyFile(from, target(relativePath));
      },
    });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `Published ${result.pages} pages (${(result.pages / seconds).toFixed(0)} pages/s), ` +
        `${result.openDataFiles} open data files and ${result.snapshots} API snapshots to ${out} in ${seconds.toFixed(1)} s.\n`,
    );
  } finally {
    await app.close();
    await runtime.close();
  }
}
