// Release times as people give and read them: a date and a time on the clock in the UK, which
// is GMT in winter and BST in summer, and the instant it stands for.

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** What a UK clock shows at instant `t`, written as if it were UTC (for comparing). */
function londonClock(t: number): number {
  const part = Object.fromEntries(
    londonParts.formatToParts(new Date(t)).map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return Date.UTC(part.year!, part.month! - 1, part.day, part.hour, part.minute);
}

/**
 * The instant a UK clock shows this date and time, or undefined when it never does (the hour
 * skipped when the clocks go forward). Of the hour shown twice in autumn, the first.
 */
export function londonInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): Date | undefined {
  const shown = Date.UTC(year, month - 1, day, hour, minute);
  for (const offsetHours of [1, 0]) {
    const t = shown - offsetHours * 3_600_000;
    if (londonClock(t) === shown) return new Date(t);
  }
  return undefined;
}

export interface ReleaseTimeAnswers {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

const whole = (text: string, max: number) =>
  /^\d{1,4}$/.test(text) && Number(text) <= max ? Number(text) : undefined;

/**
 * The release time given in a form's date and time inputs, which must be a real time in the
 * future; or the field to mark and what to say.
 */
export function releaseTimeFrom(
  answers: ReleaseTimeAnswers,
  now: Date,
): { at: Date } | { field: 'releaseDate-day' | 'releaseTime-hour'; message: string } {
  const { day, month, year, hour, minute } = answers;
  if (!day && !month && !year)
    return { field: 'releaseDate-day', message: 'Enter the date of the release' };
  const d = whole(day, 31);
  const m = whole(month, 12);
  const y = /^\d{4}$/.test(year) ? Number(year) : undefined;
  const date = d && m && y ? new Date(Date.UTC(y, m - 1, d)) : undefined;
  if (!date || date.getUTCDate() !== d || date.getUTCMonth() !== m! - 1)
    return {
      field: 'releaseDate-day',
      message: 'The date of the release must be a real date, like 15 1 2027',
    };
  if (!hour && !minute)
    return { field: 'releaseTime-hour', message: 'Enter the time of the release' };
  const h = whole(hour, 23);
  const min = whole(minute, 59);
  if (h === undefined || min === undefined)
    return {
      field: 'releaseTime-hour',
      message: 'The time of the release must be a real time on the 24-hour clock, like 9 30',
    };
  const at = londonInstant(y!, m!, d!, h, min);
  if (!at)
    return {
      field: 'releaseTime-hour',
      message: 'That time does not happen in the UK on that day: the clocks go forward an hour',
    };
  if (at <= now)
    return { field: 'releaseDate-day', message: 'The time of the release must be in the future' };
  return { at };
}

const clockTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** `9:30am on 15 January 2027`, `11am on…`, on the UK's clock (GOV.UK's style for times). */
export function releaseTimeText(instant: string | Date): string {
  const t = new Date(instant);
  const time = clockTime
    .format(t)
    .replace(/\s/g, '')
    .toLowerCase()
    .replace(/^12:00am$/, 'midnight')
    .replace(/^12:00pm$/, 'midday')
    .replace(/:00(am|pm)$/, '$1');
  return `${time} on ${longDate.format(t)}`;
}
