// Whether a goal will meet its target is a forecast, so say how sure it is: a trend with an interval.
// Method: ordinary least squares on the most recent `maxPoints` figures (by time; equal times are
// kept as they are). With n figures, s = sqrt(SSE / (n − 2)) and a new figure at t0 has standard
// error se = s·sqrt(1 + 1/n + (t0 − t̄)² / Sxx). The interval is value ± q·se with q the Student t
// quantile at (1 + level) / 2 on n − 2 df, and P(target met) = 1 − T((target − value) / se) for
// 'higher', T((target − value) / se) for 'lower'. A perfect fit (s = 0) is certain either way.

import { keep, type AssessmentMemo } from './memo.ts';

/** Tuning for a projection; the defaults suit a handful of annual official statistics. */
export interface ProjectionOptions {
  /** Use at most this many most recent points (default 10). */
  maxPoints?: number;
  /** Fewer points than this: no projection (default 3). */
  minPoints?: number;
  /** Two-sided prediction interval level (default 0.9). */
  level?: number;
}

export type Projection =
  | { ok: false; reason: string }
  | {
      ok: true;
      /** The points used, oldest first: the caller's own objects. */
      points: { time: number; value: number }[];
      /** Change per year. */
      slope: number;
      intercept: number;
      /** s = sqrt(SSE / (n − 2)). */
      residualSd: number;
      /** The time projected to (the deadline). */
      at: number;
      /** Central projection at `at`. */
      value: number;
      /** Prediction interval at `at`. */
      lower: number;
      upper: number;
      /** Probability the figure at the deadline is on the target's side: P(Y ≥ target) for 'higher', P(Y ≤ target) for 'lower'. */
      probability: number;
      /** When the trend line reaches the target (decimal year), or null if it never does going forward (flat or moving away). */
      reachesTargetAt: number | null;
    };

/** The target a trend is projected to: its value, its deadline as a decimal year, which way is better. */
type ProjectionTarget = { value: number; time: number; direction: 'higher' | 'lower' };

export function projectToDeadline(
  points: { time: number; value: number }[],
  target: { value: number; time: number; direction: 'higher' | 'lower' },
  options: ProjectionOptions = {},
  memo?: AssessmentMemo,
): Projection {
  const { maxPoints = 10, level = 0.9 } = options;
  // n − 2 degrees of freedom must be at least 1, whatever the caller asks for.
  const minPoints = Math.max(options.minPoints ?? 3, 3);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!(maxPoints >= minPoints)) {
    throw new RangeError(`maxPoints (${maxPoints}) is below the minimum of ${minPoints} points`);
  }
  const unfit = unfitForTrend(points, minPoints);
  if (unfit) return unfit;
  return projectTrend(mostRecent(points, maxPoints), target, level, memo);
}

/** Why the figures cannot give a trend before any arithmetic (one not a number, too few), if so. */
function unfitForTrend(
  points: { time: number; value: number }[],
  minPoints: number,
): Projection | null {
  for (const p of points) {
    if (!Number.isFinite(p.time) || !Number.isFinite(p.value))
      return { ok: false, reason: `a figure is not a number (${p.time}: ${p.value})` };
  }
  if (points.length < minPoints) {
    const figures = points.length === 1 ? 'figure' : 'figures';
    return {
      ok: false,
      reason: `only ${points.length} ${figures}; a trend needs at least ${minPoints}`,
    };
  }
  return null;
}

/** The most recent `maxPoints` figures: they usually come in time order, so sort only if not. */
function mostRecent<P extends { time: number }>(points: P[], maxPoints: number): P[] {
  let inOrder = true;
  for (let i = 1; i < points.length && inOrder; i++)
    inOrder = points[i - 1]!.time <= points[i]!.time;
  return (inOrder ? points : [...points].sort((a, b) => a.time - b.time)).slice(-maxPoints);
}

/** The least-squares line through `used`, projected to the target's time: interval and chance. */
function projectTrend(
  used: { time: number; value: number }[],
  target: ProjectionTarget,
  level: number,
  memo: AssessmentMemo | undefined,
): Projection {
  const n = used.length;
  // Centred sums: times near 2000 would otherwise lose precision in Σt².
  let sumT = 0;
  let sumY = 0;
  for (const p of used) {
    sumT += p.time;
    sumY += p.value;
  }
  const tBar = sumT / n;
  const yBar = sumY / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of used) {
    sxx += (p.time - tBar) ** 2;
    sxy += (p.time - tBar) * (p.value - yBar);
  }
  if (sxx === 0) {
    return { ok: false, reason: `all ${n} figures are for the same time; a trend needs a span` };
  }
  const slope = sxy / sxx;
  const residualSd = residualSdOf(used, tBar, yBar, slope);

  const at = target.time;
  const value = yBar + slope * (at - tBar);
  const df = n - 2;
  const se = residualSd * Math.sqrt(1 + 1 / n + (at - tBar) ** 2 / sxx);
  const halfWidth = se === 0 ? 0 : studentTQuantile((1 + level) / 2, df, memo) * se;
  const latest = used[n - 1]!.time;
  return {
    ok: true,
    points: used,
    slope,
    intercept: yBar - slope * tBar,
    residualSd,
    at,
    value,
    lower: value - halfWidth,
    upper: value + halfWidth,
    probability: chanceOfTarget(value, se, df, target),
    reachesTargetAt: whenLineReaches(target, latest, yBar + slope * (latest - tBar), slope),
  };
}

/** s = sqrt(SSE / (n − 2)) about the line; residuals at rounding level are a perfect fit, not noise. */
function residualSdOf(
  used: { time: number; value: number }[],
  tBar: number,
  yBar: number,
  slope: number,
): number {
  let sse = 0;
  let scale = -Infinity;
  for (const p of used) {
    sse += (p.value - (yBar + slope * (p.time - tBar))) ** 2;
    scale = Math.max(scale, Math.abs(p.value));
  }
  const rawSd = Math.sqrt(sse / (used.length - 2));
  return rawSd <= 1e-12 * scale ? 0 : rawSd;
}

/** P(the figure at the deadline is on the target's side), given its projection and standard error. */
function chanceOfTarget(value: number, se: number, df: number, target: ProjectionTarget): number {
  const higher = target.direction === 'higher';
  if (se === 0) {
    const diff = value - target.value;
    return diff === 0 ? 0.5 : diff > 0 === higher ? 1 : 0;
  }
  const below = studentTCdf((target.value - value) / se, df);
  return higher ? 1 - below : below;
}

/**
 * When the line (`latestFit` at the latest time) reaches the target, or null if it never does.
 * Measured from the latest point so the answer is never before it.
 */
function whenLineReaches(
  target: ProjectionTarget,
  latest: number,
  latestFit: number,
  slope: number,
): number | null {
  const higher = target.direction === 'higher';
  const met = higher ? latestFit >= target.value : latestFit <= target.value;
  const towards = higher ? slope > 0 : slope < 0;
  return met ? latest : towards ? latest + (target.value - latestFit) / slope : null;
}

/** Student's t cumulative distribution function, P(T ≤ x) with `df` degrees of freedom. */
export function studentTCdf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  if (Number.isNaN(x)) return NaN;
  // P(|T| > |x|) = I_{df/(df+x²)}(df/2, 1/2); 1 − that argument is passed exactly as x²/(df+x²).
  const x2 = x * x;
  const tail = Number.isFinite(x2)
    ? 0.5 * regularizedBeta(df / (df + x2), x2 / (df + x2), df / 2, 0.5)
    : 0;
  return x >= 0 ? 1 - tail : tail;
}

/**
 * The t quantile: x such that studentTCdf(x, df) = p. Solving takes a few hundred evaluations of
 * the CDF and few (p, df) pairs recur, so a `memo` keeps each.
 */
export function studentTQuantile(p: number, df: number, memo?: AssessmentMemo): number {
  if (!memo) return solveTQuantile(p, df);
  const byDf = memo.quantiles.get(p) ?? keep(memo.quantiles, p, new Map<number, number>());
  return byDf.get(df) ?? keep(byDf, df, solveTQuantile(p, df));
}

function solveTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Bisection: the CDF is monotone, so widen a bracket until it holds p, then halve it.
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo + hi)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** I_x(a, b), with xc = 1 − x given separately so tails near x = 1 keep their precision. */
function regularizedBeta(x: number, xc: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (xc <= 0) return 1;
  const front = Math.exp(
    a * Math.log(x) + b * Math.log(xc) - (logGamma(a) + logGamma(b) - logGamma(a + b)),
  );
  // The continued fraction converges fast only below this point; use the symmetry above it.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(xc, b, a)) / b;
}

/** Keeps a term of the continued fraction away from zero (modified Lentz). */
const guard = (v: number) => (Math.abs(v) < 1e-300 ? 1e-300 : v);

/** The incomplete beta continued fraction by modified Lentz (Numerical Recipes `betacf`). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  // Iterations grow like sqrt(max(a, b)); this cap covers df in the millions.
  for (let m = 1; m <= 100000; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

// Lanczos approximation, g = 7, nine terms: about 15 significant digits for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

function logGamma(z: number): number {
  // Reflection keeps the series in its accurate range.
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const w = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (w + i);
  const t = w + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(sum);
}
