// How a goal stands, in one vocabulary: the statuses, their words, their GOV.UK tag colours and
// their order from weakest to strongest. Pages, the API and the command line all use these.

/** Every status, in the order counts and keys list them. */
export const statuses = ['achieved', 'on-track', 'at-risk', 'off-track', 'not-assessable'] as const;

export type Status = (typeof statuses)[number];

export const statusLabels: Readonly<Record<Status, string>> = Object.freeze({
  achieved: 'Achieved',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  'not-assessable': 'Not assessable',
});

/** A GOV.UK tag colour: the class `govuk-tag--{colour}`. */
export type TagColour = 'blue' | 'green' | 'yellow' | 'red' | 'grey';

export const statusColours: Readonly<Record<Status, TagColour>> = Object.freeze({
  achieved: 'blue',
  'on-track': 'green',
  'at-risk': 'yellow',
  'off-track': 'red',
  'not-assessable': 'grey',
});

/** The statuses of a goal that could be judged, from weakest to strongest. */
export const weakestFirst = ['off-track', 'at-risk', 'on-track', 'achieved'] as const;

export type JudgedStatus = (typeof weakestFirst)[number];

/** Whether a status is a judgement (every status but not assessable). */
export const isJudged = (status: Status): status is JudgedStatus => status !== 'not-assessable';

/** A count of zero for every status, keyed in the order of `statuses`. */
export function zeroStatusCounts(): Record<Status, number> {
  const counts = {} as Record<Status, number>;
  for (const status of statuses) counts[status] = 0;
  return counts;
}

/**
 * The item with the weakest judged status, the first such in the order given; `null` when none
 * could be judged. A mission's weakest goal.
 */
export function weakest<T>(items: Iterable<T>, statusOf: (item: T) => Status): T | null {
  let found: T | null = null;
  let rank: number = weakestFirst.length;
  for (const item of items) {
    const status = statusOf(item);
    if (!isJudged(status)) continue;
    const r = weakestFirst.indexOf(status);
    if (r < rank) [found, rank] = [item, r];
  }
  return found;
}
