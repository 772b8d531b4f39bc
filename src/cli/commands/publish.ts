// `northstar publish --out DIR`: the public site as static files.
import type { Config } from '../../config.ts';
import { createWebApp, openRuntime } from '../../compose.ts';
import { publishSite } from '../../publish/site.ts';
import { folderEffects } from '../../publish/folder.ts';

export async function publish(config: Config, out: string): Promise<void> {
  const runtime = await openRuntime(config, { seed: true });
  const app = await createWebApp(runtime.services, { production: true, staticSite: true });
  try {
    const clock = runtime.services.clock;
    const started = clock.now().getTime();
    const result = await publishSite(app, runtime.services, folderEffects(out));
    const seconds = (clock.now().getTime() - started) / 1000;
    process.stdout.write(
      `Published ${result.pages} pages (${(result.pages / seconds).toFixed(0)} pages/s), ` +
        `${result.openDataFiles} open data files and ${result.snapshots} API snapshots to ${out} in ${seconds.toFixed(1)} s.\n`,
    );
  } finally {
    await app.close();
    await runtime.close();
  }
}
