// Every part of the country: a goal judged in each area that has figures for its measure,
// and what those judgements add up to (counts, best and worst, the areas holding it back).
import { latestBreak } from '../statistics/breaks.ts';
import { placesShown } from '../statistics/placesShown.ts';
import { UK_CODE } from '../../domain/area.ts';
import { assessGoal, type Assessment, type Redefinition } from '../../domain/assessment.ts';
import type { AssessmentMemo } from '../../domain/memo.ts';
import { parsePeriod } from '../../domain/period.ts';
import { zeroStatusCounts } from '../../domain/status.ts';
import { directionOfComparator, type Direction, type Goal } from '../../domain/mission.ts';
import type { Geography } from '../areas/geography.ts';
import type { AreaSeries } from '../statistics/series.ts';
import type { Indicator } from '../statistics/store.ts';

// What `localeCompare` compares by, made once: it would make a new collator for every pair.
const byName = new Intl.Collator();

/** Each name's place in the order of `byName`; names it finds equal share a place. */
export function rankNames(names: string[]): Map<string, number> {
  const sorted = [...new Set(names)].sort(byName.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((name, i) => {
    if (i > 0 && byName.compare(sorted[i - 1]!, name) !== 0) rank++;
    ranks.set(name, rank);
  });
  return ranks;
}

/** Counts by status, the best and worst latest figures, and the areas holding the goal back. */
export function summariseAreas<T extends { name: string; assessment: Assessment }>(
  unsorted: T[],
  direction: Direction,
  nameRanks: Map<string, number>,
) {
  // By name; by each name's place among all area names when every one has a place (the same
  // order, without comparing text), else by comparing the names. The key of an area is its
  // name's place and then its own, in one number: a typed array sorts those natively.
  const keys = new Float64Array(unsorted.length);
  let ranked = true;
  unsorted.forEach((a, i) => {
    const rank = nameRanks.get(a.name);
    if (rank === undefined) ranked = false;
    else keys[i] = rank * 2 ** 21 + i;
  });
  const areas =
    ranked && unsorted.length < 2 ** 21
      ? Array.from(keys.sort(), (key) => unsorted[key % 2 ** 21]!)
      : [...unsorted].sort((a, b) => byName.compare(a.name, b.name));
  const counts = zeroStatusCounts();
  for (const a of areas) counts[a.assessment.status]++;
  // Best: the first area (by name) with the best latest figure; worst: the last with the worst.
  // Only areas with a figure for the newest period are compared: an area whose figures stopped
  // years ago (a district since merged) is not set beside this year's.
  const ends = new Map<string, string>();
  const endOf = (label: string) => {
    let end = ends.get(label);
    if (end === undefined) {
      const parsed = parsePeriod(label);
      end = parsed.ok ? parsed.period.end : '';
      ends.set(label, end);
    }
    return end;
  };
  let newest = '';
  for (const a of areas) {
    const end = a.assessment.latest ? endOf(a.assessment.latest.period) : '';
    if (end > newest) newest = end;
  }
  const sign = direction === 'lower' ? -1 : 1;
  let best: T | null = null;
  let worst: T | null = null;
  for (const a of areas) {
    const value = a.assessment.latest && a.assessment.latest.value * sign;
    if (value === null || endOf(a.assessment.latest!.period) !== newest) continue;
    if (!best || value > best.assessment.latest!.value * sign) best = a;
    if (!worst || value <= worst.assessment.latest!.value * sign) worst = a;
  }
  return {
    areas,
    counts,
    best,
    worst,
    spread:
      best && worst
        ? Math.abs(best.assessment.latest!.value - worst.assessment.latest!.value)
        : null,
    holdingBack: areas.filter(
      (a) => a.assessment.status === 'off-track' || a.assessment.status === 'at-risk',
    ),
    /** A goal for every part of the country is met only when every area has met it. */
    everyAreaAchieved: areas.length > 0 && areas.every((a) => a.assessment.status === 'achieved'),
  };
}

/**
 * The goal judged in each area of `series` within the goal's own area, each from its own
 * baseline figure, against the area's own target where it has one (`ownTargets`, by area code)
 * and else the goal's. `nameRanks` is the order of every area's name, made once by the caller
 * (see summariseAreas).
 */
export function judgeAreas(
  goal: Goal,
  indicator: Indicator | undefined,
  series: AreaSeries[],
  geography: Geography,
  nameRanks: Map<string, number>,
  context: {
    asAt: Date;
    redefinition: Redefinition | undefined;
    memo: AssessmentMemo;
    ownTargets?: Map<string, number>;
  },
) {
  const areasByCode = geography.byCode;
  // The parts of the goal's own area: areas whose chain of parents reaches it.
  const within = (code: string) => {
    for (let a = areasByCode.get(code); a?.parentCode; a = areasByCode.get(a.parentCode)) {
      if (a.parentCode === goal.areaCode) return true;
    }
    return goal.areaCode === UK_CODE && code !== UK_CODE;
  };
  // Each area is judged from its own baseline figure, in the unit of its own first figure
  // when the goal names none: the goal as the areas see it, one for each unit (judging
  // reads no area code from the goal, so one serves every area).
  const baseline = goal.baseline && { period: goal.baseline.period, value: null };
  const localGoals = new Map<string, Goal>();
  const areaContext = { ...context, seriesBreak: latestBreak(indicator) };
  const areas = [];
  for (const { areaCode: code, unit, points } of series) {
    if (!within(code)) continue;
    const area = areasByCode.get(code);
    let local = localGoals.get(unit);
    if (!local) localGoals.set(unit, (local = { ...goal, unit: goal.unit ?? unit, baseline }));
    const ownTarget = context.ownTargets?.get(code) ?? null;
    if (ownTarget !== null && local.target)
      local = { ...local, target: { ...local.target, value: ownTarget } };
    areas.push({
      code,
      name: area?.name ?? code,
      level: area?.level ?? null,
      ownTarget,
      assessment: assessGoal(local, points, indicator?.direction ?? null, {
        ...areaContext,
        places: placesShown(indicator, goal.series, local.unit),
      }),
    });
  }
  return {
    ...summariseAreas(
      areas,
      indicator?.direction ??
        (goal.target ? directionOfComparator(goal.target.comparator) : 'higher'),
      nameRanks,
    ),
    /** The places the areas' figures are shown to, where the publisher fixes them. */
    places: placesShown(indicator, goal.series, goal.unit ?? series[0]?.unit),
  };
}
