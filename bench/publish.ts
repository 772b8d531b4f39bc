// `northstar publish` on a first start, as an operator runs it: the bundled content imported
// into a new embedded database (the ONS SDG indicators, the publishers' files, the areas and
// the missions), then the whole site written out, HTML, open data and API snapshots included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createWebApp, openRuntime } from '../src/compose.ts';
import { publishSite } from '../src/publish/site.ts';
import { folderEffects } from '../src/publish/folder.ts';
import { report } from './measure.ts';

/** Pages a second the issue asks of publishing, and import and publish together, in seconds. */
const PAGES_PER_SECOND_BAR = 1000;
const IMPORT_AND_PUBLISH_BAR = 4.4;

export async function benchPublish() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-publish-'));
  try {
    const config = loadConfig({ NORTHSTAR_DATA_DIR: path.join(dir, 'data') }, dir);
    const started = performance.now();
    const runtime = await openRuntime(config, { seed: true, snapshot: true });
    const imported = performance.now();
    const app = await createWebApp(runtime.services, { production: true, staticSite: true });
    const published = await publishSite(
      app,
      runtime.services,
      folderEffects(path.join(dir, 'site')),
    );
    const done = performance.now();
    await app.close();
    await runtime.close();
    const importSeconds = (imported - started) / 1000;
    const publishSeconds = (done - imported) / 1000;
    const pagesPerSecond = published.pages / publishSeconds;
    report('Publishing the seeded site from a first start (embedded database on disk)', [
      ['import the bundled content (first start)', `${importSeconds.toFixed(1)} s`],
      [
        'publish',
        `${published.pages} pages, ${published.openDataFiles} open data files and ${published.snapshots} API snapshots in ${publishSeconds.toFixed(1)} s`,
      ],
      [
        `publish pages/s (target ≥ ${PAGES_PER_SECOND_BAR})`,
        `${pagesPerSecond.toFixed(0)}${pagesPerSecond >= PAGES_PER_SECOND_BAR ? '' : ' (not met)'}`,
      ],
      [
        `import + publish (target ≤ ${IMPORT_AND_PUBLISH_BAR} s)`,
        `${(importSeconds + publishSeconds).toFixed(1)} s${importSeconds + publishSeconds <= IMPORT_AND_PUBLISH_BAR ? '' : ' (not met)'}`,
      ],
    ]);
    return { importSeconds, publishSeconds, pagesPerSecond };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
