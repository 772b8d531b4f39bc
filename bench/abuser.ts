// The client side of the health bench, in a process of its own so that its work never counts
// against the server's: `clients` connections from as many loopback addresses, each asking
// for the assessments as at an instant no one asked for before (so no answer comes from the
// cache), while /health is asked every 250 ms. Prints what it saw as JSON.
import http from 'node:http';

const [base, seconds, clients] = [
  process.argv[2]!,
  Number(process.argv[3]),
  Number(process.argv[4]),
];

const get = (url: string, localAddress?: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(url, { localAddress, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });

async function healthTimes(until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const start = performance.now();
    if ((await get(`${base}/health`)) !== 200) throw new Error('/health did not answer 200');
    times.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return times.sort((a, b) => a - b);
}

const idle = await healthTimes(Date.now() + 5000);

let stopped = false;
const answers: Record<number, number> = {};
let instant = Date.now() - 3_600_000;
const abuse = Array.from({ length: clients }, async (_, i) => {
  while (!stopped) {
    const asAt = new Date((instant += 7)).toISOString();
    const status = await get(`${base}/api/v1/assessments?asAt=${asAt}`, `127.0.0.${2 + i}`).catch(
      () => 0,
    );
    answers[status] = (answers[status] ?? 0) + 1;
  }
});
const underAbuse = await healthTimes(Date.now() + seconds * 1000);
stopped = true;
await Promise.all(abuse);

const summary = (xs: number[]) => ({
  checks: xs.length,
  p50: xs[Math.floor(xs.length / 2)]!,
  p95: xs[Math.floor(xs.length * 0.95)]!,
  max: xs.at(-1)!,
});
process.stdout.write(
  JSON.stringify({ idle: summary(idle), underAbuse: summary(underAbuse), answers }),
);
