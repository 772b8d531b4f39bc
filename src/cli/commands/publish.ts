// `northstar publish --out DIR`: the public site as static files, swapped in for DIR whole.
import type { Config } from '../../config.ts';
import { createWebApp, openRuntime } from '../../compose.ts';
import { publishSite } from '../../publish/site.ts';
import { publishToFolder, PublishFolderError } from '../../publish/folder.ts';
import { CliError } from '../error.ts';

export async function publish(config: Config, out: string): Promise<void> {
  try {
    const { result, seconds } = await publishToFolder(out, async (effects) => {
      const runtime = await openRuntime(config, { seed: true, snapshot: true });
      const app = await createWebApp(runtime.services, {
        production: true,
        staticSite: true,
        contactEmail: config.contactEmail,
      });
      try {
        // How long it took, by the machine's steady timer: the snapshot's clock stands still.
        const started = performance.now();
        const result = await publishSite(app, runtime.services, effects);
        return { result, seconds: (performance.now() - started) / 1000 };
      } finally {
        await app.close();
        await runtime.close();
      }
    });
    process.stdout.write(
      `Published ${result.pages} pages (${(result.pages / seconds).toFixed(0)} pages/s), ` +
        `${result.openDataFiles} open data files and ${result.snapshots} API snapshots to ${out} in ${seconds.toFixed(1)} s.\n`,
    );
  } catch (error) {
    if (error instanceof PublishFolderError) throw new CliError(error.message, 2);
    throw error;
  }
}
