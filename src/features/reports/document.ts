// The annual report as a document of plain blocks (headings, paragraphs, lists, tables and
// figures), written once and rendered to HTML (and so PDF) and to Word from the same blocks, so
// the editions say the same. The data annex is every figure the report states, one per row.
import {
  evaluationMethodLabels,
  evaluationStatusLabels,
  evaluationTypeLabels,
  evidenceLevelLabels,
  PUBLISH_WITHIN_DAYS,
  unpublishedTooLong,
} from '../../domain/evaluation.ts';
import { formatDate, formatValue, periodInSentence, targetPhrase } from '../../domain/format.ts';
import { statuses, statusLabels } from '../../domain/status.ts';
import type { AnnualReport } from './annual.ts';

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { type: 'paragraph'; text: string; lead?: boolean }
  | { type: 'warning'; text: string }
  | { type: 'list'; items: string[] }
  /** The first cell of each row heads it; columns marked numeric are figures. */
  | { type: 'table'; caption: string; head: string[]; rows: string[][]; numeric?: boolean[] }
  /** A chart: its SVG, and `alt`, what it shows in words, for documents that take pictures. */
  | { type: 'figure'; svg: string; alt: string; caption: string };

/** One figure of the annex: which goal, what it is, for which period, its value and unit. */
export interface AnnexRow {
  mission: string;
  goal: string;
  figure: string;
  period: string;
  value: number;
  unit: string;
  source: string;
}

export const ANNEX_HEADER = ['mission', 'goal', 'figure', 'period', 'value', 'unit', 'source'];

const decimalYearDate = (time: number) => {
  const year = Math.floor(time);
  const start = Date.UTC(year, 0, 1);
  return new Date(start + (time - year) * (Date.UTC(year + 1, 0, 1) - start))
    .toISOString()
    .slice(0, 10);
};

/** Every figure the report states of its goals, in the order it states them. */
export function annexRows(report: AnnualReport): AnnexRow[] {
  const rows: AnnexRow[] = [];
  for (const { mission, goals } of report.missions)
    for (const { goal, unit, source, table } of goals) {
      const a = goal.assessment;
      const row = (figure: string, period: string, value: number | null | undefined) => {
        if (value !== null && value !== undefined && Number.isFinite(value))
          rows.push({
            mission: mission.slug,
            goal: goal.slug,
            figure,
            period,
            value,
            unit,
            source: source ?? '',
          });
      };
      if (a.baseline) row('baseline', a.baseline.period, a.baseline.value);
      if (a.latest) {
        row('latest', a.latest.period, a.latest.value);
        row('planned at the latest period', a.latest.period, a.trajectoryValue);
      }
      if (goal.target) row('target', goal.target.deadline, goal.target.value);
      if (a.projection?.ok && goal.target) {
        const at = decimalYearDate(a.projection.at);
        row('projected at the deadline', at, a.projection.value);
        row('projection, lower end of 90% interval', at, a.projection.lower);
        row('projection, upper end of 90% interval', at, a.projection.upper);
        row('chance of meeting the target (%)', at, Math.round(a.projection.probability * 100));
      }
      for (const t of table) {
        row('published figure', t.period, t.value);
        row('planned', t.period, t.planned);
      }
    }
  return rows;
}

const value = (n: number | null | undefined, unit: string) =>
  n === null || n === undefined ? '' : formatValue(n, unit);

const countsSentence = (counts: AnnualReport['counts']) => {
  const total = statuses.reduce((sum, s) => sum + counts[s], 0);
  return `${total} goals: ${statuses.map((s) => `${counts[s]} ${statusLabels[s].toLowerCase()}`).join(', ')}.`;
};

/** The report's blocks, in order. */
export function reportBlocks(report: AnnualReport, annexName: string): Block[] {
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: report.title },
    {
      type: 'paragraph',
      lead: true,
      text: `The ${report.government.name}’s report on its missions, made from the records as they stood at the end of ${formatDate(report.day)}: each goal judged on the official figures published by then, the route maps’ milestones, the latest public stocktake and the evaluations of the missions’ projects.`,
    },
    {
      type: 'paragraph',
      text: 'Northstar writes this report from its records; nobody types a status in. Made again for the same date, it is the same, byte for byte, and its SHA-256 hashes are recorded in the public change log.',
    },
    { type: 'heading', level: 2, text: 'Summary', id: 'summary' },
    { type: 'paragraph', text: countsSentence(report.counts) },
    {
      type: 'table',
      caption: 'Each mission’s goals by status',
      head: ['Mission', ...statuses.map((s) => statusLabels[s])],
      rows: report.missions.map(({ mission }) => [
        mission.title,
        ...statuses.map((s) => String(mission.statusCounts[s])),
      ]),
      numeric: [false, ...statuses.map(() => true)],
    },
  ];

  for (const section of report.missions) {
    const { mission } = section;
    blocks.push(
      { type: 'heading', level: 2, text: mission.title, id: `mission-${mission.slug}` },
      { type: 'paragraph', text: mission.ambition },
      {
        type: 'table',
        caption: `The goals of ${mission.title}`,
        head: ['Goal', 'Status', 'Latest figure', 'Target'],
        rows: section.goals.map(({ goal, unit }) => [
          goal.statement,
          statusLabels[goal.assessment.status],
          goal.assessment.latest
            ? `${value(goal.assessment.latest.value, unit)} in ${periodInSentence(goal.assessment.latest.period)}`
            : 'No figure yet',
          targetPhrase(goal.target, unit),
        ]),
      },
    );
    for (const { goal, unit, chart, table, source } of section.goals) {
      blocks.push(
        { type: 'heading', level: 3, text: goal.statement },
        { type: 'paragraph', text: `Status: ${statusLabels[goal.assessment.status]}.` },
        { type: 'paragraph', text: goal.assessment.summary },
      );
      if (chart)
        blocks.push({
          type: 'figure',
          svg: chart,
          alt: `Chart of ${goal.indicatorTitle ?? goal.statement}${unit ? ` (${unit})` : ''}: the published figures${goal.assessment.trajectory.length ? ', the planned path' : ''}${goal.target ? ' and the target' : ''}. ${goal.assessment.summary} The figures are in the table that follows.`,
          caption: `${goal.indicatorTitle ?? goal.statement}${source ? `. Source: ${source}` : ''}.`,
        });
      if (table.length)
        blocks.push({
          type: 'table',
          caption: `The figures: ${goal.indicatorTitle ?? goal.statement}${unit ? ` (${unit})` : ''}, newest first`,
          head: ['Period', 'Published figure', 'Planned'],
          rows: [...table]
            .reverse()
            .map((t) => [
              t.period,
              t.value === null ? 'Not available' : value(t.value, unit),
              value(t.planned, unit),
            ]),
          numeric: [false, true, true],
        });
    }

    blocks.push({ type: 'heading', level: 3, text: `Route map of ${mission.title}` });
    blocks.push({
      type: 'paragraph',
      text: `${section.milestonesCount} milestones: ${section.milestonesDone.length} done by ${formatDate(report.day)}, ${section.milestonesSlipped.length} slipped (done late, or due and not done).`,
    });
    if (section.milestonesDone.length)
      blocks.push({
        type: 'table',
        caption: 'Milestones done',
        head: ['Milestone', 'Project', 'Due', 'Done'],
        rows: section.milestonesDone.map((m) => [
          m.title,
          m.project,
          formatDate(m.due),
          formatDate(m.done!),
        ]),
      });
    if (section.milestonesSlipped.length)
      blocks.push({
        type: 'table',
        caption: 'Milestones slipped',
        head: ['Milestone', 'Project', 'Due', 'Days late'],
        rows: section.milestonesSlipped.map((m) => [
          m.title,
          m.project,
          formatDate(m.due),
          `${m.slippage}${m.done ? ' (done)' : ' (not done)'}`,
        ]),
      });

    const stocktake = section.stocktake;
    if (stocktake) {
      blocks.push({
        type: 'heading',
        level: 3,
        text: `Delivery confidence at the stocktake of ${formatDate(stocktake.heldOn)}`,
      });
      if (stocktake.example)
        blocks.push({
          type: 'warning',
          text: 'Example. This stocktake illustrates how one is recorded; it is not a record of a real meeting, and its ratings are invented.',
        });
      blocks.push({
        type: 'table',
        caption: `The steward’s ratings: ${stocktake.title}`,
        head: ['Goal or project', 'Rating', 'Narrative'],
        rows: stocktake.ratings.map((r) => [r.name, r.label, r.narrative]),
      });
    }

    blocks.push({ type: 'heading', level: 3, text: `Evaluation of ${mission.title}` });
    const share = section.evaluated;
    blocks.push({
      type: 'paragraph',
      text: `${share.evaluated} of ${share.projects} projects have a completed impact evaluation${
        share.evaluated
          ? `: ${share.byLevel
              .filter((l) => l.projects)
              .map((l) => `${l.projects} at level ${l.level}`)
              .concat(share.unrated ? [`${share.unrated} not rated`] : [])
              .join(', ')} of the Maryland Scientific Methods Scale`
          : ''
      }.`,
    });
    if (section.evaluations.length)
      blocks.push({
        type: 'table',
        caption: `Evaluations of the projects of ${mission.title}`,
        head: [
          'Evaluation',
          'Project',
          'Type and method',
          'Status',
          'Strength of evidence',
          'Report',
        ],
        rows: section.evaluations.map(({ content: e, project }) => [
          e.title,
          project,
          `${evaluationTypeLabels[e.type]}; ${evaluationMethodLabels[e.method]}`,
          evaluationStatusLabels[e.status],
          e.evidenceLevel ? evidenceLevelLabels[e.evidenceLevel] : 'Not rated',
          e.reportPublished
            ? `Published ${formatDate(e.reportPublished)}: ${e.reportUrl}`
            : unpublishedTooLong(e, report.day)
              ? `Finished ${formatDate(e.actualReport!)}, not published after 12 weeks${e.unpublishedReason ? `: ${e.unpublishedReason}` : ''}`
              : e.actualReport
                ? `Finished ${formatDate(e.actualReport)}, not yet published`
                : `Due ${formatDate(e.plannedReport)}`,
        ]),
      });
    else
      blocks.push({
        type: 'paragraph',
        text: 'No public evaluation was recorded by the report’s date.',
      });
  }

  blocks.push(
    { type: 'heading', level: 2, text: 'Methodology', id: 'methodology' },
    {
      type: 'list',
      items: [
        `As at: everything is as it stood at the end of ${formatDate(report.day)} (midnight UTC). Each goal is as it was defined then; its figures are those published by then; governance records are as the public change log held them.`,
        'Status: only figures for periods after the baseline count. A goal is achieved when its latest figure meets the target; on track when the figure is on the planned path or better; at risk when it is worse than the path by no more than a tenth of the planned change from baseline to target (unless the goal sets another share) and the trend still gives at least a 10% chance of meeting the target; off track otherwise. A goal with no figure since its baseline, no numeric target, figures older than it allows (3 years by default) or a redefined statistic is not assessable, and says why.',
        'Trend: a straight line fitted by least squares to the most recent figures (3 to 10, after any break in the series), projected to the deadline with a 90% prediction interval from Student’s t distribution, which also gives the chance of meeting the target.',
        'Milestones: done means done by the report’s date; slipped means done after its due date, or due and not done by the report’s date.',
        `Evaluation: a project counts as evaluated when it has a completed impact evaluation, once, at its strongest level on the Maryland Scientific Methods Scale (1, outcomes compared at one point in time, to 5, random assignment). A finished report not published within ${PUBLISH_WITHIN_DAYS / 7} weeks is flagged.`,
        'Only public records are reported. Ratings at a stocktake are the steward’s judgement, shown beside the data, not in place of it.',
      ],
    },
    { type: 'heading', level: 2, text: 'Data annex', id: 'data-annex' },
    {
      type: 'paragraph',
      text: `Every figure this report states about a goal is in ${annexName}, one row each (mission, goal, figure, period, value, unit, source), described by its W3C CSVW metadata in ${annexName}-metadata.json.`,
    },
  );
  return blocks;
}
