// The planned path of a goal: from its baseline to its target, linear unless the goal gives
// explicit dated points. Valued at any instant on the decimal-year time axis of periods.
import { keep, type AssessmentMemo } from './memo.ts';
import { dateToTime, dayAfter } from './period.ts';

export interface TrajectoryPoint {
  time: number;
  value: number;
}

/**
 * The instant an ISO date ends (the start of the day after), as a decimal year: when a deadline
 * day is over. A RangeError if it is not a real date. A `memo` keeps each date's answer.
 */
export function endOfDayTime(isoDate: string, memo?: AssessmentMemo): number {
  if (!memo) return dateToTime(dayAfter(isoDate));
  return (
    memo.dayEnds.get(isoDate) ?? keep(memo.dayEnds, isoDate, dateToTime(dayAfter(isoDate), memo))
  );
}

/** The path's points: baseline, any explicit points, then the target at its deadline. */
export function trajectoryPoints(
  baseline: TrajectoryPoint,
  target: { value: number; deadline: string },
  explicit: { date: string; value: number }[] | null,
  memo?: AssessmentMemo,
): TrajectoryPoint[] {
  const points = [
    baseline,
    ...(explicit ?? []).map((p) => ({ time: endOfDayTime(p.date, memo), value: p.value })),
    { time: endOfDayTime(target.deadline, memo), value: target.value },
  ];
  // Usually in order already (baseline, then the deadline): sort only if not.
  for (let i = 1; i < points.length; i++)
    if (points[i - 1]!.time > points[i]!.time) return points.sort((a, b) => a.time - b.time);
  return points;
}

/**
 * The planned value at `time`: interpolated between the surrounding points, the baseline
 * before the start and the target after the deadline.
 */
export function trajectoryValueAt(points: TrajectoryPoint[], time: number): number {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) throw new Error('a trajectory needs at least one point');
  if (time <= first.time) return first.value;
  if (time >= last.time) return last.value;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (time <= b.time) {
      return b.time === a.time
        ? b.value
        : a.value + ((b.value - a.value) * (time - a.time)) / (b.time - a.time);
    }
  }
  return last.value;
}
