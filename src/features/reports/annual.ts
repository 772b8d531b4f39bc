// What the annual report to Parliament holds, gathered as at its date: each of a government's
// missions with every goal judged on the figures published by the end of that day (chart and
// table), the route map's milestones done and slipped, the ratings of the latest public
// stocktake held by then, and the public evaluations of its projects. Governance records are read
// from the public change log as it stood that day, so a correction recorded later shows in no
// report of an earlier date, and the same date always gathers the same report.
import { evaluatedShare, type Evaluation } from '../../domain/evaluation.ts';
import {
  ratingLabels,
  slippageDays,
  type GovernanceContent,
  type Rating,
} from '../../domain/governance.ts';
import { endOfIsoDate } from '../../domain/period.ts';
import { zeroStatusCounts } from '../../domain/status.ts';
import { formatDate } from '../../domain/format.ts';
import type { Services } from '../../compose.ts';
import { goalChart, goalTable } from '../missions/charts.ts';
import type { AssessedGoal } from '../missions/service.ts';

/** A public governance record as the change log held it on the day: its content and its id. */
interface LoggedRecord<C> {
  id: string;
  content: C;
}

/**
 * The public records of one kind of a mission as the change log stood at `asAt`: each one’s
 * latest public event in effect by then (a record made public later is not yet in it).
 */
async function loggedRecords<C>(
  services: Services,
  kind: 'stocktake' | 'evaluation',
  missionSlug: string,
  asAt: Date,
): Promise<LoggedRecord<C>[]> {
  const events = await services.audit.list({ entityTypes: [kind], until: asAt, internal: false });
  const latest = new Map<string, unknown>();
  for (const event of events) {
    const [mission, id] = event.entityId.split('/');
    if (mission === missionSlug && id !== undefined && !latest.has(id)) latest.set(id, event.after);
  }
  return [...latest]
    .filter(([, after]) => after !== null && typeof after === 'object')
    .map(([id, after]) => {
      const { visibility: _visibility, ...content } = after as Record<string, unknown>;
      return { id, content: content as C };
    })
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** One goal of the report: its judgement as at the date, chart and table. */
async function reportGoal(services: Services, goal: AssessedGoal, asAt: Date) {
  const observations = await services.missions.goalObservations(goal, asAt);
  const indicator = goal.indicatorId
    ? await services.statistics.getIndicator(goal.indicatorId, asAt)
    : undefined;
  const unit = goal.unit ?? observations[0]?.unit ?? indicator?.unit ?? '';
  const source = indicator?.source as { organisation?: string; url?: string } | undefined;
  return {
    goal,
    unit,
    source: source?.organisation ?? null,
    chart: observations.length ? goalChart(goal, observations, unit, indicator) : '',
    table: goalTable(goal, observations),
  };
}

/**
 * The annual report of `governmentSlug` as at the end of `day` (YYYY-MM-DD), or undefined if
 * there is no such government.
 */
export async function gatherAnnualReport(services: Services, governmentSlug: string, day: string) {
  const government = (await services.missions.governments()).find((g) => g.slug === governmentSlug);
  if (!government) return undefined;
  const asAt = endOfIsoDate(day);
  const missions = (await services.missions.list(asAt)).filter(
    (m) => m.governmentSlug === governmentSlug,
  );

  const sections = [];
  for (const mission of missions) {
    const goals = [];
    for (const goal of mission.goals) goals.push(await reportGoal(services, goal, asAt));

    const milestones = mission.projects.flatMap((project) =>
      project.milestones.map((m) => {
        const done = m.done && m.done <= day ? m.done : undefined;
        return {
          project: project.title,
          title: m.title,
          due: m.due,
          done,
          slippage: slippageDays({ due: m.due, done }, day),
        };
      }),
    );

    const stocktakes = await loggedRecords<GovernanceContent<'stocktake'>>(
      services,
      'stocktake',
      mission.slug,
      asAt,
    );
    const stocktake = stocktakes
      .filter((s) => s.content.heldOn <= day)
      .sort((a, b) => (a.content.heldOn < b.content.heldOn ? 1 : -1))[0];
    const nameOf = (subject: 'goal' | 'project', slug: string) =>
      subject === 'goal'
        ? (mission.goals.find((g) => g.slug === slug)?.statement ?? slug)
        : (mission.projects.find((p) => p.slug === slug)?.title ?? slug);

    const evaluations = (
      await loggedRecords<Evaluation>(services, 'evaluation', mission.slug, asAt)
    ).map((e) => ({ ...e, project: nameOf('project', e.content.project) }));
    const contents = evaluations.map((e) => e.content);
    const projectSlugs = mission.projects.map((p) => p.slug);

    sections.push({
      mission,
      goals,
      milestonesDone: milestones.filter((m) => m.done),
      milestonesSlipped: milestones.filter((m) => (m.slippage ?? 0) > 0),
      milestonesCount: milestones.length,
      stocktake: stocktake && {
        heldOn: stocktake.content.heldOn,
        title: stocktake.content.title,
        example: stocktake.content.example,
        ratings: stocktake.content.ratings.map((r) => ({
          name: nameOf(r.subject, r.slug),
          subject: r.subject,
          label: ratingLabels[r.rating as Rating],
          narrative: r.narrative,
        })),
      },
      evaluations,
      evaluated: evaluatedShare(projectSlugs, contents),
    });
  }

  const counts = zeroStatusCounts();
  for (const { goals } of sections) for (const { goal } of goals) counts[goal.assessment.status]++;

  return {
    kind: 'annual' as const,
    government: { slug: government.slug, name: government.name },
    day,
    asAt: asAt.toISOString(),
    title: `Annual report to Parliament on the missions, as at ${formatDate(day)}`,
    missions: sections,
    counts,
  };
}

export type AnnualReport = NonNullable<Awaited<ReturnType<typeof gatherAnnualReport>>>;
