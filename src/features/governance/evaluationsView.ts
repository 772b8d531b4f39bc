// A mission's evaluations as its pages, its API and its open data show them: each with its words
// (type, method, status, the Maryland Scale level) and whether its finished report has waited
// unpublished past 12 weeks; each project's evidence level; and how much of the mission a
// completed impact evaluation covers. Only the records given are counted: the caller has
// already left out what the reader may not see.
import {
  evaluatedShare,
  evaluationMethodLabels,
  evaluationStatusLabels,
  evaluationTypeLabels,
  evidenceLevelLabels,
  evidenceLevelOf,
  unpublishedTooLong,
  type EvidenceLevel,
} from '../../domain/evaluation.ts';
import type { EvaluationRecord } from '../../domain/governance.ts';
import type { AssessedMission } from '../missions/service.ts';

/** A project's evidence level in words: "Level 3" and the scale's description, or none. */
export function evidenceOf(level: EvidenceLevel | undefined) {
  return level === undefined
    ? { level: null, label: null }
    : { level, label: evidenceLevelLabels[level] };
}

/** One evaluation as a reader sees it, as at `today`. */
export function evaluationView<E extends EvaluationRecord>(
  record: E,
  mission: Pick<AssessedMission, 'projects'>,
  today: string,
) {
  const c = record.content;
  return {
    ...record,
    projectTitle: mission.projects.find((p) => p.slug === c.project)?.title ?? c.project,
    typeLabel: evaluationTypeLabels[c.type],
    methodLabel: evaluationMethodLabels[c.method],
    statusLabel: evaluationStatusLabels[c.status],
    evidenceLabel: c.evidenceLevel === undefined ? null : evidenceLevelLabels[c.evidenceLevel],
    unpublishedTooLong: unpublishedTooLong(c, today),
  };
}

export type EvaluationView = ReturnType<typeof evaluationView>;

/** A mission's evaluations, each project's evidence level, and the share evaluated. */
export function evaluationsView<E extends EvaluationRecord>(
  mission: Pick<AssessedMission, 'projects'>,
  records: E[],
  today: string,
) {
  const evaluations = records.map((r) => evaluationView(r, mission, today));
  const contents = records.map((r) => r.content);
  return {
    evaluations,
    /** Of the mission's projects, how many have a completed impact evaluation, and at what level. */
    evaluatedShare: evaluatedShare(
      mission.projects.map((p) => p.slug),
      contents,
    ),
    /** Finished reports not published within 12 weeks. */
    unpublishedReports: evaluations.filter((e) => e.unpublishedTooLong).length,
    /** Each project's evidence level: its strongest completed impact evaluation's. */
    evidenceByProject: Object.fromEntries(
      mission.projects.map((p) => [
        p.slug,
        evidenceOf(evidenceLevelOf(contents.filter((c) => c.project === p.slug))),
      ]),
    ),
  };
}
