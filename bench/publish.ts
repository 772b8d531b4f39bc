// `northstar publish` on a first start, as an operator runs it: the bundled content imported
// into a new embedded database (the ONS SDG indicators, the publishers' files, the areas and
// the missions), then the whole site written out, HTML, open data and API snapshots included;
// then the publish of the next release, from the same data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createWebApp, openRuntime, type Runtime } from '../src/compose.ts';
import { publishSite } from '../src/publish/site.ts';
import { folderEffects } from '../src/publish/folder.ts';
import { report } from './measure.ts';

/**
 * Pages a second the issue asks of publishing, and, in seconds, importing the 50 ONS indicators
 * and publishing: the bar is set against Open SDG's builder on the same 50 files, so it counts
 * their import; the whole first start (a new database, the publishers' files) is shown beside.
 */
const PAGES_PER_SECOND_BAR = 1000;
const IMPORT_AND_PUBLISH_BAR = 4.4;

/** The whole site from `runtime`, written to `out`. */
async function publish(runtime: Runtime, out: string) {
  const app = await createWebApp(runtime.services, { production: true, staticSite: true });
  try {
    return await publishSite(app, runtime.services, folderEffects(out));
  } finally {
    await app.close();
  }
}

export async function benchPublish() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-publish-'));
  try {
    const config = loadConfig({ NORTHSTAR_DATA_DIR: path.join(dir, 'data') }, dir);
    const started = performance.now();
    // The 50 ONS indicators' import is one step of the first start: it runs from the message
    // that announces it to the next (see `seed` in compose.ts).
    let sdgStarted: number | undefined;
    let sdgSeconds = NaN;
    const progress = (message: string) => {
      const now = performance.now();
      if (sdgStarted !== undefined && Number.isNaN(sdgSeconds))
        sdgSeconds = (now - sdgStarted) / 1000;
      if (message.startsWith('Statistics: importing the bundled ONS files')) sdgStarted = now;
    };
    const runtime = await openRuntime(config, { seed: true, snapshot: true, progress });
    const imported = performance.now();
    const published = await publish(runtime, path.join(dir, 'site'));
    const done = performance.now();
    await runtime.close();
    // The next release's publish: the same data directory, its packs' PDFs already printed.
    const again = await openRuntime(config, { seed: true, snapshot: true });
    const reopened = performance.now();
    const republished = await publish(again, path.join(dir, 'site-again'));
    const republishSeconds = (performance.now() - reopened) / 1000;
    await again.close();
    const importSeconds = (imported - started) / 1000;
    const publishSeconds = (done - imported) / 1000;
    const pagesPerSecond = published.pages / publishSeconds;
    const barSeconds = sdgSeconds + publishSeconds;
    report('Publishing the seeded site from a first start (embedded database on disk)', [
      [
        'first start: database, areas, missions, every bundled file',
        `${importSeconds.toFixed(1)} s`,
      ],
      ['of which the 50 ONS indicators', `${sdgSeconds.toFixed(1)} s`],
      [
        'publish',
        `${published.pages} pages, ${published.openDataFiles} open data files and ${published.snapshots} API snapshots in ${publishSeconds.toFixed(1)} s`,
      ],
      [
        `publish pages/s (target ≥ ${PAGES_PER_SECOND_BAR})`,
        `${pagesPerSecond.toFixed(0)}${pagesPerSecond >= PAGES_PER_SECOND_BAR ? '' : ' (not met)'}`,
      ],
      [
        `import the 50 indicators + publish (target ≤ ${IMPORT_AND_PUBLISH_BAR} s)`,
        `${barSeconds.toFixed(1)} s${barSeconds <= IMPORT_AND_PUBLISH_BAR ? '' : ' (not met)'}`,
      ],
      ['first start + publish', `${(importSeconds + publishSeconds).toFixed(1)} s`],
      [
        'publish again, the packs already printed',
        `${republished.pages} pages in ${republishSeconds.toFixed(1)} s = ${(republished.pages / republishSeconds).toFixed(0)} pages/s`,
      ],
    ]);
    return { importSeconds, sdgSeconds, publishSeconds, pagesPerSecond, republishSeconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
