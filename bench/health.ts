// /health while one client abuses the API from many addresses (issue bar: within 1 s
// throughout), beside /health on the same server idle. The server runs in this process on the
// seeded embedded database in a directory, as `npm start` runs it; the abuser is another process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createWebApp } from '../src/compose.ts';
import { pgliteRuntime } from '../test/support/runtime.ts';
import { ms, report } from './measure.ts';

const execFileAsync = promisify(execFile);

interface Times {
  checks: number;
  p50: number;
  p95: number;
  max: number;
}

export async function benchHealth(options: { seconds: number; clients: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-health-'));
  const runtime = await pgliteRuntime({ seed: true, dir });
  const app = await createWebApp(runtime.services, { production: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const run = await execFileAsync(process.execPath, [
      '--import',
      'tsx',
      new URL('./abuser.ts', import.meta.url).pathname,
      base,
      String(options.seconds),
      String(options.clients),
    ]);
    const seen = JSON.parse(run.stdout) as {
      idle: Times;
      underAbuse: Times;
      answers: Record<string, number>;
    };
    const line = (t: Times) =>
      `p50 ${ms(t.p50)}, p95 ${ms(t.p95)}, max ${ms(t.max)} (${t.checks} checks)`;
    report(
      `/health under abuse (${options.clients} addresses asking for uncached assessments, ${options.seconds} s)`,
      [
        ['/health under abuse (target: max < 1 s)', line(seen.underAbuse)],
        ['/health idle, same server', line(seen.idle)],
        [
          'abusers answered',
          Object.entries(seen.answers)
            .map(([status, n]) => `${n} × ${status}`)
            .join(', '),
        ],
      ],
    );
    return seen;
  } finally {
    await app.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
