// A national goal divided among areas: each area's own target for the same indicator and
// deadline, and whether they add up to the national target. Counts add up by their sum; rates
// by their mean weighted by each area's population or denominator, whose source is stated.
// Nothing here is averaged unless it is a weighted mean of the same measure.
import { z } from 'zod';
import { covers, type AreaLevel } from './area.ts';
import { meetsTarget, type Comparator } from './mission.ts';

export const divisionMethods = ['sum', 'weighted-mean'] as const;
export type DivisionMethod = (typeof divisionMethods)[number];

/** The levels a goal may be divided among: those the geography holds. */
export const divisionLevels = ['country', 'region', 'cauth', 'utla', 'la'] as const;

export const divisionMethodLabels: Record<DivisionMethod, string> = {
  sum: 'Counts: the local targets add up by their sum',
  'weighted-mean': 'Rates: the local targets add up by their mean, weighted by each area’s weight',
};

/** How a goal is divided among areas. */
export const divisionSchema = z
  .strictObject({
    level: z.enum(divisionLevels),
    method: z.enum(divisionMethods),
    /** Where the weights come from, as a reader can find it (weighted mean only). */
    weightsSource: z.string().trim().min(1).max(500).nullable().default(null),
    /** The weights' total for the goal's whole area (e.g. England's population). */
    totalWeight: z.number().positive().finite().nullable().default(null),
  })
  .refine((d) => d.method === 'sum' || d.weightsSource, {
    message: 'a weighted mean needs the source of its weights',
    path: ['weightsSource'],
  });
export type Division = z.output<typeof divisionSchema>;

/** One area's own target: its value, its weight (weighted mean) and the government that set it. */
export const localTargetSchema = z.strictObject({
  areaCode: z.string().regex(/^[EKNSW]\d{8}$/, 'expected a GSS code like E09000007'),
  value: z.number().finite(),
  weight: z.number().positive().finite().nullable().default(null),
  setBy: z.string().min(1),
});
export type LocalTarget = z.output<typeof localTargetSchema>;

type Parents = Map<string, { parentCode: string | null }>;

export interface AddUp {
  method: DivisionMethod;
  national: number;
  comparator: Comparator;
  /** The targets that count, at most one for any part of the country. */
  counted: LocalTarget[];
  /** The targets left out, each with why. */
  leftOut: { target: LocalTarget; reason: string }[];
  /** Areas of the division's level within the goal's area that no counted target covers. */
  missing: string[];
  /** Sum: the counted targets' sum. Weighted mean: their weighted mean. Null: none counted. */
  allocated: number | null;
  /**
   * Sum: the national target less the sum (negative: over-allocated). Weighted mean: the
   * national target less the weighted mean, once every area has a target and its weight.
   */
  gap: number | null;
  /** Weighted mean: the share of the total weight the counted targets cover (null: no total). */
  coveredShare: number | null;
  /**
   * Weighted mean with areas left: the mean the areas without a target must reach between them
   * for the national target to be met (needs the total weight).
   */
  neededOfTheRest: number | null;
  /** Whether the local targets together meet the national one; null when it cannot be told. */
  addsUp: boolean | null;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * Whether the local targets add up to the national target. A target for an area inside another
 * targeted area, or outside the goal's own area, is left out and said so; of two targets for
 * one area the later in `targets` counts. `areas` are the division's level's areas within the
 * goal's area, which say which areas have no target yet.
 */
export function addUp(input: {
  national: { value: number; comparator: Comparator };
  goalArea: string;
  division: Division;
  targets: LocalTarget[];
  areas: string[];
  parents: Parents;
  /** An area's name, for the reasons a target is left out (its code if not given). */
  nameOf?: (code: string) => string;
}): AddUp {
  const { national, goalArea, division, parents, nameOf = (code) => code } = input;
  const leftOut: AddUp['leftOut'] = [];
  const latest = new Map<string, LocalTarget>();
  for (const t of input.targets) {
    const earlier = latest.get(t.areaCode);
    if (earlier) leftOut.push({ target: earlier, reason: 'replaced by a later target' });
    latest.set(t.areaCode, t);
  }
  const counted: LocalTarget[] = [];
  for (const t of latest.values()) {
    const outer = [...latest.keys()].find(
      (code) => code !== t.areaCode && covers(code, t.areaCode, parents),
    );
    if (!covers(goalArea, t.areaCode, parents))
      leftOut.push({ target: t, reason: 'outside the goal’s area' });
    else if (outer)
      leftOut.push({ target: t, reason: `inside ${nameOf(outer)}, which has its own target` });
    else if (division.method === 'weighted-mean' && t.weight === null)
      leftOut.push({ target: t, reason: 'no weight given' });
    else counted.push(t);
  }
  const missing = input.areas.filter(
    (code) => !counted.some((t) => covers(t.areaCode, code, parents)),
  );
  const base = { method: division.method, national: national.value, counted, leftOut, missing };
  const { comparator } = national;
  const ceiling = comparator.startsWith('<');
  if (!counted.length) {
    return {
      ...base,
      comparator,
      allocated: null,
      gap: null,
      coveredShare: null,
      neededOfTheRest: null,
      addsUp: null,
    };
  }

  if (division.method === 'sum') {
    const allocated = counted.reduce((sum, t) => sum + t.value, 0);
    const meets = close(allocated, national.value) || meetsTarget(allocated, national);
    return {
      ...base,
      comparator,
      allocated,
      gap: national.value - allocated,
      coveredShare: null,
      neededOfTheRest: null,
      // A ceiling with areas left uncapped cannot be met by the capped ones alone.
      addsUp: meets && (!missing.length || !ceiling),
    };
  }

  const weight = counted.reduce((sum, t) => sum + t.weight!, 0);
  const weighted = counted.reduce((sum, t) => sum + t.value * t.weight!, 0);
  const allocated = weighted / weight;
  const total = division.totalWeight;
  const complete = !missing.length && (total === null || close(weight, total));
  const rest = total === null ? null : total - weight;
  const neededOfTheRest =
    !complete && rest !== null && rest > 0 ? (national.value * total! - weighted) / rest : null;
  return {
    ...base,
    comparator,
    allocated,
    gap: complete ? national.value - allocated : null,
    coveredShare: total === null ? null : weight / total,
    neededOfTheRest,
    addsUp: complete ? close(allocated, national.value) || meetsTarget(allocated, national) : null,
  };
}

export interface RollUp {
  /** The national figure's period, which every local figure must share. */
  period: string;
  national: number;
  /** The local figures' sum or weighted mean, when every area has one for the period. */
  total: number | null;
  difference: number | null;
  /** How far apart rounding alone can put them. */
  tolerance: number | null;
  /** Areas with no figure for the period, or (weighted mean) no weight. */
  missing: string[];
  /** Whether the roll-up differs from the national figure by more than rounding. */
  mismatch: boolean;
}

/** Decimal places a figure is published to (at most 6). */
const decimals = (value: number) => {
  for (let d = 0; d < 6; d++) if (close(Number(value.toFixed(d)), value)) return d;
  return 6;
};

/**
 * The local figures rolled up as their targets are (sum or weighted mean) and compared with
 * the national figure for the same period. Only figures for that period count; an area without
 * one is named, and then nothing is compared.
 */
export function rollUp(input: {
  method: DivisionMethod;
  national: { period: string; value: number };
  local: { areaCode: string; period: string; value: number }[];
  areas: string[];
  weights: Map<string, number>;
}): RollUp {
  const { method, national, weights } = input;
  const figures = new Map(
    input.local.filter((f) => f.period === national.period).map((f) => [f.areaCode, f.value]),
  );
  const missing = input.areas.filter(
    (code) => !figures.has(code) || (method === 'weighted-mean' && !weights.has(code)),
  );
  const none = { period: national.period, national: national.value, missing };
  if (missing.length || !input.areas.length)
    return { ...none, total: null, difference: null, tolerance: null, mismatch: false };
  const values = input.areas.map((code) => figures.get(code)!);
  const unit = 10 ** -Math.max(decimals(national.value), ...values.map(decimals));
  let total: number;
  let tolerance: number;
  if (method === 'sum') {
    total = values.reduce((sum, v) => sum + v, 0);
    // Each published figure, and the national one, is within half a unit of its true value.
    tolerance = ((values.length + 1) * unit) / 2;
  } else {
    const weight = input.areas.reduce((sum, code) => sum + weights.get(code)!, 0);
    total = input.areas.reduce((sum, code) => sum + figures.get(code)! * weights.get(code)!, 0);
    total /= weight;
    tolerance = unit;
  }
  const difference = total - national.value;
  return {
    ...none,
    total,
    difference,
    tolerance,
    mismatch: Math.abs(difference) > tolerance + 1e-9 * Math.abs(national.value),
  };
}

/** The areas of a level within an area: those a division among that level must cover. */
export function areasWithin(
  goalArea: string,
  level: AreaLevel,
  areas: { code: string; level: AreaLevel; current: boolean }[],
  parents: Parents,
) {
  return areas
    .filter((a) => a.current && a.level === level && covers(goalArea, a.code, parents))
    .map((a) => a.code);
}
