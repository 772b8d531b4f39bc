// Dates a publisher's file states (its publication and next publication date), read where its
// recipe says, and the instant a release dated so took effect.
import { cellAddress, type Cell, type Spreadsheet } from '../../../platform/spreadsheet.ts';
import { cellDate, cellText, normalise } from './periods.ts';

/** A date the file states: in the cell after a label, or matched by a pattern. */
export function findDate(
  spreadsheet: Spreadsheet,
  spec: { sheet?: string; after?: string; find?: string },
  recipeLine: string,
  error: (message: string) => void,
): string | undefined {
  const sheets = spec.sheet
    ? spreadsheet.sheets.filter((s) => s.name.trim() === spec.sheet!.trim())
    : spreadsheet.sheets;
  if (spec.sheet && sheets.length === 0) {
    error(
      `no sheet named "${spec.sheet}" for the publication date, as recipe ${recipeLine} expects`,
    );
    return undefined;
  }
  const pattern = spec.find ? new RegExp(spec.find, 'i') : undefined;
  const label = spec.after && normalise(spec.after);
  for (const sheet of sheets) {
    for (let r = 0; r < sheet.rows.length; r++) {
      const cells = sheet.rows[r]!;
      for (let c = 0; c < cells.length; c++) {
        const text = cellText(cells[c]);
        if (!text) continue;
        let found: Cell | undefined;
        if (pattern) found = pattern.exec(text)?.[1];
        else if (normalise(text) === label)
          found =
            cells.slice(c + 1).find((x) => cellText(x) !== '') ??
            sheet.rows[r + 1]?.[c] ??
            undefined;
        if (found === undefined) continue;
        const date = dateOf(found);
        if (date) return date;
        error(
          `"${cellText(found)}" in ${sheet.name ? `${sheet.name}!` : ''}${cellAddress(r, c)} is not a date, as recipe ${recipeLine} expects`,
        );
        return undefined;
      }
    }
  }
  error(
    `the file does not say ${spec.find ? `anything matching /${spec.find}/` : `"${spec.after}"`}, as recipe ${recipeLine} expects`,
  );
  return undefined;
}

/** `Thursday 2nd April 2026`, `23 April 2026`, a date cell or serial: an ISO date. */
function dateOf(cell: Cell): string | undefined {
  const date = cellDate(cell);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (date) return `${date.y}-${pad(date.m)}-${pad(date.d)}`;
  const m = /(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})/i.exec(String(cell));
  if (!m) return undefined;
  const month = new Date(`${m[2]} 1, 2000`).getMonth() + 1;
  if (!(month >= 1)) return undefined;
  const iso = `${m[3]}-${pad(month)}-${pad(Number(m[1]))}`;
  return new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso) ? iso : undefined;
}

/**
 * The instant a publication released on a date came out: 09:30 in London, the usual time for
 * official statistics, whatever the season.
 */
export function publicationInstant(isoDate: string): string {
  const guess = new Date(`${isoDate}T09:30:00Z`);
  const offset = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    timeZoneName: 'shortOffset',
  })
    .formatToParts(guess)
    .find((p) => p.type === 'timeZoneName')?.value; // "GMT" or "GMT+1"
  const hours = Number(/GMT([+-]\d+)/.exec(offset ?? '')?.[1] ?? 0);
  return new Date(guess.getTime() - hours * 3_600_000).toISOString();
}

/** The same day `months` later (the month's last day if it has fewer). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
