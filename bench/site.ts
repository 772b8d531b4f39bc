// The public site under load: the overview, a mission, a goal and an indicator page at 64
// connections (wrk), served by Northstar and, in the same run, by nginx serving the published
// files of the same pages.
import { createWebApp } from '../src/compose.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { publishSite } from '../src/publish/site.ts';
import { folderEffects } from '../src/publish/folder.ts';
import { pgliteRuntime } from '../test/support/runtime.ts';
import { startNginx } from '../test/support/nginx.ts';
import { report } from './measure.ts';

const execFileAsync = promisify(execFile);

const PAGES = ['/', '/missions/nhs', '/missions/nhs/goals/smoke-free', '/indicators/3.a.1'];
const CONNECTIONS = 64;

interface Load {
  requestsPerSecond: number;
  p99: number;
  errors: number;
}

/** wrk at 64 connections for `seconds`, cycling through the pages. Asynchronous: the server under test runs in this process. */
async function wrk(base: string, dir: string, seconds: number): Promise<Load> {
  const script = path.join(dir, 'pages.lua');
  fs.writeFileSync(
    script,
    `local paths = {${PAGES.map((p) => `"${p}"`).join(', ')}}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
`,
  );
  const run = await execFileAsync('wrk', [
    '-t2',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--latency',
    '-s',
    script,
    base,
  ]);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(run.stdout);
  if (!rps || !p99) throw new Error(`unexpected wrk output:\n${run.stdout}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as 'us' | 'ms' | 's'];
  const errors = /Non-2xx or 3xx responses:\s+(\d+)/.exec(run.stdout);
  return {
    requestsPerSecond: Number(rps[1]),
    p99: Number(p99[1]) * scale,
    errors: Number(errors?.[1] ?? 0),
  };
}

export async function benchSite(options: { seconds: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-site-'));
  fs.chmodSync(dir, 0o755);
  const runtime = await pgliteRuntime({ seed: true });
  const out = path.join(dir, 'site');

  const publisher = await createWebApp(runtime.services, { production: true, staticSite: true });
  await publishSite(publisher, runtime.services, folderEffects(out));
  await publisher.close();

  const app = await createWebApp(runtime.services, { production: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const nginx = await startNginx(out, dir);
  try {
    for (const page of PAGES) {
      for (const base of [`http://127.0.0.1:${port}`, nginx.origin]) {
        const res = await fetch(base + page);
        if (!res.ok) throw new Error(`${base}${page} answered ${res.status}`);
      }
    }
    // A short run of each first, unmeasured: the server's code is compiled as it runs, and
    // the first seconds measure the compiler rather than the steady state readers meet.
    for (const base of [`http://127.0.0.1:${port}`, nginx.origin]) await wrk(base, dir, 2);
    // Alternate the two twice, so noise falls on both alike.
    const ours: Load[] = [];
    const theirs: Load[] = [];
    for (let i = 0; i < 2; i++) {
      ours.push(await wrk(`http://127.0.0.1:${port}`, dir, options.seconds));
      theirs.push(await wrk(nginx.origin, dir, options.seconds));
    }
    const best = (loads: Load[]) =>
      loads.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
    const a = best(ours);
    const b = best(theirs);
    const ratio = a.requestsPerSecond / b.requestsPerSecond;
    report(`The public site under load (wrk, ${CONNECTIONS} connections, ${PAGES.length} pages)`, [
      ['Northstar requests/s', a.requestsPerSecond.toFixed(0)],
      ['Northstar p99 (target < 20 ms)', `${a.p99.toFixed(1)} ms`],
      ['nginx (1 worker) on the published files, requests/s', b.requestsPerSecond.toFixed(0)],
      ['nginx p99', `${b.p99.toFixed(1)} ms`],
      ['Northstar / nginx (target ≥ 0.6)', ratio.toFixed(2)],
      ['non-2xx answers', String(a.errors + b.errors)],
    ]);
    return { ours: a, nginx: b, ratio };
  } finally {
    await nginx.stop();
    await app.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
