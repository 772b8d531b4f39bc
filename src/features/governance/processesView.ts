// A mission's deliberative processes as its pages, its API and its open data show them: each
// process in words, each recommendation with the goals and projects it names, the government's
// response and whether it is overdue, and "you said, we did": the projects and milestones that
// deliver an accepted recommendation, with their status as the route map shows it. Only the
// records given are shown: the caller has already left out what the reader may not see.
import { slippageDays, type ProcessRecord } from '../../domain/governance.ts';
import type { Project } from '../../domain/mission.ts';
import {
  decisionLabels,
  processTypeLabels,
  respondedLate,
  responseOverdue,
  type Recommendation,
} from '../../domain/participation.ts';

/**
 * The day (`YYYY-MM-DD`) `at` falls on in the UK, as the workspace counts it: a response due on
 * 31 July is overdue from midnight UK time, not from midnight UTC (an hour later in summer).
 */
export const londonDay = (at: Date) =>
  at.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/** What a view needs of a mission: its goals' statements and its route map. */
type MissionParts = {
  slug: string;
  goals: { slug: string; statement: string }[];
  projects: Project[];
};

const projectStatusLabels: Record<Project['status'], string> = {
  planned: 'Planned',
  'in-progress': 'In progress',
  complete: 'Complete',
  paused: 'Paused',
};

/** A project or one of its milestones that delivers a recommendation, as the route map has it. */
function deliveryView(
  mission: MissionParts,
  d: { project: string; milestone?: number },
  today: string,
) {
  const project = mission.projects.find((p) => p.slug === d.project);
  const milestone = d.milestone === undefined ? undefined : project?.milestones[d.milestone];
  const late = milestone ? slippageDays(milestone, today) : null;
  return {
    project: d.project,
    projectTitle: project?.title ?? d.project,
    projectStatus: project ? projectStatusLabels[project.status] : 'Not on the route map',
    milestone: milestone && {
      index: d.milestone!,
      title: milestone.title,
      due: milestone.due,
      done: milestone.done ?? null,
      /** Done; due and not done (late); or not due yet. */
      state: milestone.done ? 'done' : late !== null && late > 0 ? 'late' : 'not-due',
      daysLate: milestone.done ? null : late,
    },
  };
}

/** One recommendation as a reader sees it, as at `today`. */
function recommendationView(
  mission: MissionParts,
  process: ProcessRecord['content'],
  r: Recommendation,
  today: string,
) {
  return {
    ...r,
    goalLinks: r.goals.map((slug) => ({
      slug,
      statement: mission.goals.find((g) => g.slug === slug)?.statement ?? slug,
    })),
    projectLinks: r.projects.map((slug) => ({
      slug,
      title: mission.projects.find((p) => p.slug === slug)?.title ?? slug,
    })),
    responseDue: process.responseDue ?? null,
    overdue: responseOverdue(process, r, today),
    respondedLate: respondedLate(process, r),
    decisionLabel: r.response ? decisionLabels[r.response.decision] : null,
    /** "You said, we did": what delivers it, once accepted in whole or in part. */
    deliveredBy:
      r.response && r.response.decision !== 'rejected'
        ? r.response.delivers.map((d) => deliveryView(mission, d, today))
        : [],
  };
}

/** One process as a reader sees it, as at `today`. */
export function processView<P extends ProcessRecord>(
  record: P,
  mission: MissionParts,
  today: string,
) {
  const c = record.content;
  const recommendations = c.recommendations.map((r) => recommendationView(mission, c, r, today));
  return {
    ...record,
    typeLabel: processTypeLabels[c.type],
    recommendations,
    responded: recommendations.filter((r) => r.response).length,
    overdue: recommendations.filter((r) => r.overdue).length,
  };
}

export type ProcessView = ReturnType<typeof processView>;

/** A mission's processes, and how many of their recommendations await an overdue response. */
export function processesView<P extends ProcessRecord>(
  mission: MissionParts,
  records: P[],
  today: string,
) {
  const processes = records.map((r) => processView(r, mission, today));
  return {
    processes,
    overdueResponses: processes.reduce((sum, p) => sum + p.overdue, 0),
  };
}
