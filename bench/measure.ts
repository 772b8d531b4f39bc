// Timing and reporting for the benches: medians of repeated runs, side by side with a reference.
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Alternates the two so machine noise falls on both alike; returns the median of each. */
export async function sideBySide(
  runs: number,
  ours: () => Promise<unknown>,
  reference: () => Promise<unknown>,
): Promise<{ ours: number; reference: number; ratio: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(await time(reference));
    a.push(await time(ours));
  }
  const result = { ours: median(a), reference: median(b), ratio: 0 };
  result.ratio = result.ours / result.reference;
  return result;
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

export function report(title: string, lines: [string, string][]) {
  const width = Math.max(...lines.map(([k]) => k.length));
  process.stdout.write(
    `\n${title}\n${lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`,
  );
}
