// The northstar command as an operator runs it: a real process, its exit code and output, and
// `serve` once it says it is ready.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { ROOT } from '../../src/config.ts';

export const bin = path.join(ROOT, 'bin', 'northstar.js');

export function run(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  input?: string,
) {
  const result = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, PORT: '0', DATABASE_URL: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `northstar serve` in `cwd`, once it says it is ready; killed when the test ends. */
export async function startServer(t: TestContext, cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd,
    env: { ...process.env, PORT: '0', DATABASE_URL: '', ...env },
  });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const ready = /ready at http:\/\/localhost:(\d+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, port, exited, output: () => output };
}
