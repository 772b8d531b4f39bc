// The one source of "now". Everything that asks the time is handed a clock, so tests set the
// time instead of sleeping, and "as at" means the same instant in every part of one answer.

export interface Clock {
  now(): Date;
}

/** The machine's clock: the only place in Northstar that reads the time itself. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is set: for tests and reproducible output. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let instant = new Date(at);
  return {
    now: () => new Date(instant),
    set(next) {
      instant = new Date(next);
    },
  };
}

/** The instant to view things as at: `asAt` when it is before `now`, else `now`. */
export const earlier = (asAt: Date | undefined, now: Date): Date =>
  asAt && asAt < now ? asAt : now;
