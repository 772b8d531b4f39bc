// How the statistics workspace pages show problems, releases and what a release changes: GOV.UK
// table rows and summary values, every one of them `text` (escaped), never `html` from a file.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Problem } from './readers/problem.ts';
import type { Release, ReleaseComparison } from './store.ts';
import type { IndicatorPreview } from './preview.ts';
import { releaseTimeText } from './manageTime.ts';

/** Where the statistics workspace is. */
export const WORKSPACE = '/manage/statistics';

/** Each indicator's title as published now; an indicator not yet published is named by its id. */
export async function indicatorTitles(services: Services) {
  const titles = new Map(
    (await services.statistics.listIndicators()).map((i) => [i.id, i.title] as const),
  );
  return (id: string) => titles.get(id) ?? `Indicator ${id}`;
}

const british = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });

/** A figure as the file gave it: its value (or "blank") and any status but normal. */
export function figureText(figure: { value: number | null; status: string }): string {
  const value = figure.value === null ? 'blank' : british.format(figure.value);
  return figure.status && figure.status !== 'normal' ? `${value} (${figure.status})` : value;
}

/** Which figure a row is: its series and unit, breakdown and area. */
export function measureText(figure: {
  series: string;
  unit: string;
  dimensions: Record<string, string>;
  areaCode: string | null;
}): string {
  const breakdown = Object.entries(figure.dimensions).map(([k, v]) => `${k}: ${v}`);
  return [
    [figure.series, figure.unit].filter(Boolean).join(', '),
    ...breakdown,
    figure.areaCode ? `area ${figure.areaCode}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The problems of a file as table rows: file, row (its line), column, message. */
export const problemRows = (problems: Problem[]) =>
  problems.map((p) => [
    { text: path.basename(p.file) },
    { text: p.line === undefined ? '' : String(p.line), format: 'numeric' },
    { text: p.column === undefined ? '' : String(p.column), format: 'numeric' },
    { text: `${p.severity === 'warning' ? 'Warning: ' : ''}${p.message}` },
  ]);

/** Where a problem is, in words: `indicator_1-1-1.csv, row 3, column 6`. */
export const problemPlace = (p: Problem) =>
  [
    path.basename(p.file),
    p.line === undefined ? '' : `row ${p.line}`,
    p.column === undefined ? '' : `column ${p.column}`,
  ]
    .filter(Boolean)
    .join(', ');

/** A release's state: published, or embargoed until its time. */
export function releaseState(release: Release, now: Date) {
  const embargoed = new Date(release.releasedAt) > now;
  return {
    embargoed,
    text: `${embargoed ? 'Embargoed until' : 'Published at'} ${releaseTimeText(release.releasedAt)}`,
    tag: embargoed
      ? { text: 'Embargoed', classes: 'govuk-tag--orange' }
      : { text: 'Published', classes: 'govuk-tag--green' },
  };
}

/** What a release changes, for `manage-changes.njk`. */
export function changesView(comparison: ReleaseComparison) {
  return {
    counts: [
      { key: { text: 'Figures in the file' }, value: { text: british.format(comparison.rows) } },
      {
        key: { text: 'Figures in the release it replaces' },
        value: { text: british.format(comparison.previousRows) },
      },
      { key: { text: 'New figures' }, value: { text: british.format(comparison.added) } },
      { key: { text: 'Revised figures' }, value: { text: british.format(comparison.revised) } },
      {
        key: { text: 'Figures no longer given' },
        value: { text: british.format(comparison.removed) },
      },
      {
        key: { text: 'New periods' },
        value: { text: comparison.newPeriods.length ? comparison.newPeriods.join(', ') : 'None' },
      },
    ],
    revisions: comparison.revisions.map((r) => [
      { text: String(r.line), format: 'numeric' },
      { text: measureText(r) },
      { text: r.period },
      { text: figureText(r.before), format: 'numeric' },
      { text: figureText(r.after), format: 'numeric' },
    ]),
    revised: comparison.revised,
  };
}

/** One indicator of a preview: its heading, what it replaces and what changes. */
export function previewView(indicator: IndicatorPreview, title: string) {
  return {
    indicatorId: indicator.indicatorId,
    title,
    file: indicator.file,
    unchanged: indicator.outcome === 'unchanged',
    current: indicator.current && releaseTimeText(indicator.current.releasedAt),
    changes: indicator.comparison && changesView(indicator.comparison),
  };
}
