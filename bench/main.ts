// `npm run bench [-- name…]`: the figures in docs/performance.md, each beside its reference.
// Each bench runs in a process of its own, so its peak memory is its own.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { benchAssess } from './assess.ts';
import { benchSite } from './site.ts';
import { benchPublish } from './publish.ts';
import { benchImport } from './importing.ts';
import { benchHealth } from './health.ts';

const benches: Record<string, () => Promise<unknown>> = {
  'import-pglite': () =>
    benchImport({ engine: 'pglite', indicators: 100, areas: 400, years: 25, breakdowns: [''] }),
  // The same shape with ten breakdowns of each series: 10,000,000 observations.
  'import-postgres-1m': () =>
    benchImport({ engine: 'postgres', indicators: 100, areas: 400, years: 25, breakdowns: [''] }),
  'import-postgres': () =>
    benchImport({
      engine: 'postgres',
      indicators: 100,
      areas: 400,
      years: 25,
      breakdowns: ['', 'Female', 'Male', ...Array.from({ length: 7 }, (_, i) => `Group ${i + 1}`)],
    }),
  site: () => benchSite({ seconds: 10 }),
  publish: () => benchPublish(),
  assess: () => benchAssess({ goals: 250, areas: 400, years: 10 }),
  health: () => benchHealth({ seconds: 20, clients: 32 }),
};

const [flag, only] = process.argv.slice(2);
if (flag === '--in-process') {
  await benches[only!]!();
} else {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !(name in benches));
  if (unknown.length) {
    process.stderr.write(
      `unknown bench: ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}\n`,
    );
    process.exit(2);
  }
  process.stdout.write(
    `Northstar bench, ${new Date().toISOString()}: ${os.cpus().length} × ${os.cpus()[0]?.model}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}\n`,
  );
  for (const name of chosen.length ? chosen : Object.keys(benches)) {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--in-process', name],
      { stdio: 'inherit' },
    );
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
