// `npm run bench [-- name…]`: the figures in docs/performance.md, each beside its reference.
import { benchAssess } from './assess.ts';
import { benchSite } from './site.ts';
import { benchImport } from './importing.ts';

const benches: Record<string, () => Promise<unknown>> = {
  'import-pglite': () =>
    benchImport({ engine: 'pglite', indicators: 100, areas: 400, years: 25, breakdowns: [''] }),
  'import-postgres': () =>
    benchImport({ engine: 'postgres', indicators: 100, areas: 400, years: 25, breakdowns: [''] }),
  site: () => benchSite({ seconds: 10 }),
  assess: () => benchAssess({ goals: 250, areas: 400, years: 10 }),
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benches));
if (unknown.length) {
  process.stderr.write(
    `unknown bench: ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}\n`,
  );
  process.exit(2);
}
process.stdout.write(
  `Northstar bench, ${new Date().toISOString()} on ${process.platform} ${process.arch}, Node ${process.version}\n`,
);
for (const name of chosen.length ? chosen : Object.keys(benches)) await benches[name]!();
