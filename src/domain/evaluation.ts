// The evaluation registry's rules: what an evaluation of a project records (on the model of the
// Evaluation Task Force's registry), the strength of its evidence on the Maryland Scientific
// Methods Scale, a finished report kept unpublished too long, and how much of a mission's work a
// completed impact evaluation covers. The methodology page states each rule in words.
import { z } from 'zod';
import { isoDate, slug } from './mission.ts';
import { isWebAddress, webAddressRule } from './url.ts';

export const evaluationTypes = ['impact', 'process', 'value-for-money'] as const;
export type EvaluationType = (typeof evaluationTypes)[number];
export const evaluationTypeLabels: Readonly<Record<EvaluationType, string>> = {
  impact: 'Impact',
  process: 'Process',
  'value-for-money': 'Value for money',
};

export const evaluationMethods = [
  'randomised-trial',
  'difference-in-differences',
  'regression-discontinuity',
  'synthetic-control',
  'theory-based',
  'other',
] as const;
export type EvaluationMethod = (typeof evaluationMethods)[number];
export const evaluationMethodLabels: Readonly<Record<EvaluationMethod, string>> = {
  'randomised-trial': 'Randomised controlled trial',
  'difference-in-differences': 'Difference in differences',
  'regression-discontinuity': 'Regression discontinuity',
  'synthetic-control': 'Synthetic control',
  'theory-based': 'Theory-based',
  other: 'Other',
};

export const evaluationStatuses = ['planned', 'ongoing', 'complete'] as const;
export type EvaluationStatus = (typeof evaluationStatuses)[number];
export const evaluationStatusLabels: Readonly<Record<EvaluationStatus, string>> = {
  planned: 'Planned',
  ongoing: 'Ongoing',
  complete: 'Complete',
};

/** The Maryland Scientific Methods Scale, as the What Works Centres use it: 1 weakest. */
export const evidenceLevels = [1, 2, 3, 4, 5] as const;
export type EvidenceLevel = (typeof evidenceLevels)[number];
export const evidenceLevelLabels: Readonly<Record<EvidenceLevel, string>> = {
  1: 'Level 1: outcomes compared at one point in time, with no comparison group',
  2: 'Level 2: before and after, or with and without, with no control for other differences',
  3: 'Level 3: a comparison group, before and after, controlling for other differences',
  4: 'Level 4: near-random assignment, or closely matched groups, controlling for differences',
  5: 'Level 5: random assignment',
};

/** How long a finished report may wait to be published before it is flagged: 12 weeks. */
export const PUBLISH_WITHIN_DAYS = 84;

const text = (max: number) => z.string().trim().min(1).max(max);
const webAddress = z.string().trim().max(2_000).refine(isWebAddress, webAddressRule);

/** An evaluation of one project, as the steward's board records it. */
export const evaluationSchema = z
  .strictObject({
    project: slug,
    title: text(300),
    type: z.enum(evaluationTypes),
    method: z.enum(evaluationMethods),
    status: z.enum(evaluationStatuses),
    /** Who runs it: a department's analysts, a research organisation. */
    evaluator: text(200),
    plannedStart: isoDate,
    actualStart: isoDate.optional(),
    /** When data collection ends. */
    plannedDataCollection: isoDate.optional(),
    actualDataCollection: isoDate.optional(),
    /** When the report is finished. */
    plannedReport: isoDate,
    actualReport: isoDate.optional(),
    reportUrl: webAddress.optional(),
    /** The day the report was published. */
    reportPublished: isoDate.optional(),
    /** Why a finished report is not published. */
    unpublishedReason: text(2_000).optional(),
    findings: text(10_000).optional(),
    evidenceLevel: z.union(evidenceLevels.map((n) => z.literal(n))).optional(),
    evidenceReason: text(2_000).optional(),
    /** What worked and was scaled: where the project was expanded on this evidence. */
    scaled: text(2_000).optional(),
  })
  .superRefine((e, ctx) => {
    // Each message follows the field's name in a form ("Status must be …") and in the API.
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (e.status === 'complete' && !e.actualReport)
      problem('actualReport', 'must be given: a complete evaluation has a finished report');
    if (e.status !== 'complete' && e.actualReport)
      problem('status', 'must be complete once the report is finished');
    if (e.evidenceLevel !== undefined && e.type !== 'impact')
      problem('evidenceLevel', 'rates impact evaluations only: leave it not rated');
    else if (e.evidenceLevel !== undefined && e.status !== 'complete')
      problem('evidenceLevel', 'is rated once the evaluation is complete: leave it not rated');
    if (e.evidenceLevel !== undefined && !e.evidenceReason)
      problem('evidenceReason', 'must be given with the strength of evidence');
    if (e.reportPublished && !e.reportUrl)
      problem('reportUrl', 'must be given: a published report has a web address');
    if (e.reportPublished && e.actualReport && e.reportPublished < e.actualReport)
      problem('reportPublished', 'must be on or after the day the report was finished');
    if (e.plannedReport < e.plannedStart)
      problem('plannedReport', 'must be on or after the planned start');
    if (e.actualStart && e.actualReport && e.actualReport < e.actualStart)
      problem('actualReport', 'must be on or after the day the evaluation started');
  });

export type Evaluation = z.infer<typeof evaluationSchema>;

const DAY_MS = 86_400_000;

/**
 * Whether a finished report has waited more than 12 weeks unpublished by `today`, the
 * registry's own rule. A reason for not publishing is shown beside the flag; it does not lift it.
 */
export function unpublishedTooLong(evaluation: Evaluation, today: string): boolean {
  if (evaluation.status !== 'complete' || !evaluation.actualReport || evaluation.reportPublished)
    return false;
  return (Date.parse(today) - Date.parse(evaluation.actualReport)) / DAY_MS > PUBLISH_WITHIN_DAYS;
}

/** The strongest completed impact evaluation's level among `evaluations`, if any has one. */
export function evidenceLevelOf(evaluations: Evaluation[]): EvidenceLevel | undefined {
  const levels = evaluations
    .filter((e) => e.type === 'impact' && e.status === 'complete')
    .map((e) => e.evidenceLevel)
    .filter((level): level is EvidenceLevel => level !== undefined);
  return levels.length ? (Math.max(...levels) as EvidenceLevel) : undefined;
}

/**
 * How much of a mission's work has a completed impact evaluation: of its projects, how many,
 * and how many at each level of evidence (a project counts once, at its strongest).
 */
export function evaluatedShare(projectSlugs: string[], evaluations: Evaluation[]) {
  const evaluated = projectSlugs.filter((slug) =>
    evaluations.some((e) => e.project === slug && e.type === 'impact' && e.status === 'complete'),
  );
  const byLevel = evidenceLevels.map((level) => ({
    level,
    projects: evaluated.filter(
      (slug) => evidenceLevelOf(evaluations.filter((e) => e.project === slug)) === level,
    ).length,
  }));
  return {
    projects: projectSlugs.length,
    evaluated: evaluated.length,
    unrated: evaluated.length - byLevel.reduce((sum, l) => sum + l.projects, 0),
    byLevel,
  };
}
