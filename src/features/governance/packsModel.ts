// What a pack holds, gathered as at its stocktake: each goal as the data judged it on the day,
// beside the steward's rating and any optimism gap; overdue actions, the top risks, milestones
// due and slipped, and decisions. Everything is read as it stood on the stocktake's date, so the
// same stocktake always makes the same pack, however much has happened since.
import {
  isOverdue,
  optimismGap,
  projectOptimismGap,
  ratingLabels,
  riskScore,
  slippageDays,
  type GovernanceKind,
  type GovernanceRecord,
  type Rating,
} from '../../domain/governance.ts';
import { endOfIsoDate } from '../../domain/period.ts';
import type { Services } from '../../compose.ts';
import { goalChart, goalTable } from '../missions/charts.ts';
import type { StoredRecord } from './store.ts';

export type PackKind = 'board' | 'council';

/** How many risks a pack lists, the highest scores first. */
export const TOP_RISKS = 5;
/** How far ahead a pack looks for milestones coming due. */
const DUE_AHEAD_MONTHS = 3;

type Stored<K extends GovernanceKind> = StoredRecord & GovernanceRecord<K>;

/** The date `months` after `isoDate`. */
function monthsAfter(isoDate: string, months: number) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/** A date recorded as done only counts as done if it was by the stocktake. */
const doneBy = (done: string | undefined, day: string) => (done && done <= day ? done : undefined);

/**
 * The pack of a mission's stocktake, or undefined if there is none a reader may see: the board
 * pack (`board`) holds internal records too; the council pack only public ones, and only of a
 * public stocktake.
 */
export async function gatherPack(
  services: Services,
  missionSlug: string,
  stocktakeId: string,
  kind: PackKind,
) {
  const internal = kind === 'board';
  const stocktake = (await services.governance.get(missionSlug, 'stocktake', stocktakeId)) as
    Stored<'stocktake'> | undefined;
  if (!stocktake || (!internal && stocktake.visibility !== 'public')) return undefined;
  const day = stocktake.content.heldOn;
  // As at the end of the stocktake's day; a stocktake recorded after Northstar first held its
  // mission (an example, or one entered afterwards) is as at when it was recorded instead.
  let asAt = endOfIsoDate(day);
  let mission = await services.missions.get(missionSlug, asAt);
  const recordedLater = !mission;
  if (!mission) {
    asAt = new Date(stocktake.recordedAt);
    mission = await services.missions.get(missionSlug, asAt);
  }
  if (!mission) return undefined;

  // The records as they stood: those recorded by the end of the stocktake's day, or by when the
  // stocktake itself was recorded if that was later, and any that name this stocktake.
  const cutoff = Math.max(asAt.getTime(), Date.parse(stocktake.recordedAt));
  const all = await services.governance.forMission(missionSlug, { internal });
  const inForce = <T extends StoredRecord>(records: T[]) =>
    records.filter(
      (r) =>
        Date.parse(r.recordedAt) <= cutoff ||
        (r.content as { stocktake?: string }).stocktake === stocktakeId,
    );
  const earlier = all.stocktakes
    .filter((s) => s.content.heldOn < day)
    .map((s) => s.content.heldOn)
    .sort();
  const previous = earlier.at(-1);

  const ratingOf = (subject: 'goal' | 'project', slug: string) =>
    stocktake.content.ratings.find((r) => r.subject === subject && r.slug === slug);

  const goals = await Promise.all(
    mission.goals.map(async (goal) => {
      const observations = await services.missions.goalObservations(goal, asAt);
      const indicator = goal.indicatorId
        ? await services.statistics.getIndicator(goal.indicatorId, asAt)
        : undefined;
      const unit = goal.unit ?? observations[0]?.unit ?? indicator?.unit ?? '';
      const rated = ratingOf('goal', goal.slug);
      return {
        goal,
        unit,
        chart: observations.length ? goalChart(goal, observations, unit, indicator) : '',
        table: goalTable(goal, observations),
        rating: rated && {
          ...rated,
          label: ratingLabels[rated.rating],
          gap: optimismGap(rated.rating, goal.assessment.status),
        },
      };
    }),
  );

  const projects = mission.projects.map((project) => {
    const milestones = project.milestones.map((m) => ({ ...m, done: doneBy(m.done, day) }));
    const rated = ratingOf('project', project.slug);
    return {
      project,
      rating: rated && {
        ...rated,
        label: ratingLabels[rated.rating as Rating],
        gap: projectOptimismGap(rated.rating, milestones, day),
      },
      milestones,
    };
  });

  const dueBy = monthsAfter(day, DUE_AHEAD_MONTHS);
  const milestones = projects.flatMap(({ project, milestones }) =>
    milestones.map((m) => ({
      project: project.title,
      title: m.title,
      due: m.due,
      done: m.done,
      slippage: slippageDays(m, day),
    })),
  );
  const byDue = (a: { due: string }, b: { due: string }) =>
    a.due < b.due ? -1 : a.due > b.due ? 1 : 0;

  const actions = inForce(all.actions).map((a) => ({
    ...a,
    content: { ...a.content, done: doneBy(a.content.done, day) },
  }));
  const risks = inForce(all.risks).filter((r) => !doneBy(r.content.closed, day));
  const decisions = inForce(all.decisions).filter(
    (d) =>
      d.content.stocktake === stocktakeId ||
      (d.content.decidedOn <= day && (!previous || d.content.decidedOn > previous)),
  );
  const board = all.board && inForce([all.board])[0];

  return {
    kind,
    internal,
    mission,
    stocktake,
    day,
    asAt: asAt.toISOString(),
    recordedLater,
    previous,
    board,
    goals,
    projects: projects.filter((p) => p.rating),
    optimismGaps: [
      ...goals.filter((g) => g.rating?.gap).map((g) => g.goal.statement),
      ...projects.filter((p) => p.rating?.gap).map((p) => p.project.title),
    ],
    overdueActions: actions
      .filter((a) => isOverdue(a.content, day))
      .map((a) => ({ ...a, daysOverdue: slippageDays({ due: a.content.due }, day) }))
      .sort((a, b) => byDue(a.content, b.content)),
    openActions: actions.filter((a) => !a.content.done && !isOverdue(a.content, day)).length,
    topRisks: risks
      .map((r) => ({ ...r, score: riskScore(r.content) }))
      .sort((a, b) => b.score - a.score || Number(a.id) - Number(b.id))
      .slice(0, TOP_RISKS),
    openRisks: risks.length,
    milestonesDue: milestones.filter((m) => !m.done && m.due >= day && m.due <= dueBy).sort(byDue),
    dueBy,
    milestonesSlipped: milestones
      .filter((m) => (m.slippage ?? 0) > 0 && (!m.done || !previous || m.done > previous))
      .sort(byDue),
    decisions,
  };
}

export type Pack = NonNullable<Awaited<ReturnType<typeof gatherPack>>>;

/** The id the audit log knows a pack by: `growth/2026-11-20/council`. */
export const packEntityId = (missionSlug: string, stocktakeId: string, kind: PackKind) =>
  `${missionSlug}/${stocktakeId}/${kind}`;
