// Partners' use cases: the register, a partner submitting a pledge or a progress report, a
// mission editor approving or refusing it, a partner withdrawing. A partner's submission never
// changes what the public sees; only an approval does. Submissions are limited per person, so
// one account cannot flood the moderators' queue.
import type { z } from 'zod';
import type { ChainedEntry } from '../../domain/audit.ts';
import { differencesFromLog } from '../../domain/history.ts';
import { slugFrom } from '../../domain/mission.ts';
import {
  organisationSchema,
  pledgeSchema,
  standing,
  type PledgeContent,
} from '../../domain/partners.ts';
import type { Clock } from '../../clock.ts';
import type { AuditService } from '../audit/service.ts';
import type { MissionsService } from '../missions/service.ts';
import {
  publishedState,
  submissionState,
  type PartnersStore,
  type StoredOrganisation,
  type StoredPledge,
} from './store.ts';

export interface ChangeMeta {
  actor: string;
  reason: string;
}

/** A change refused, with the field it concerns (`content.…` for the schema's own fields). */
export class PartnersError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** More submissions from one person than the window allows. */
export class TooManySubmissionsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many submissions: try again later');
  }
}

/** Submissions one person may make in an hour (pledges, changes, reports, register entries). */
export const SUBMISSIONS_PER_HOUR = 20;
const HOUR = 3_600_000;

/** A published pledge as readers see it, on a day. */
export interface PublicPledge {
  id: number;
  organisation: StoredOrganisation;
  mission: string;
  content: PledgeContent;
  publishedOn: string;
  standing: ReturnType<typeof standing>;
}

/** `value` as `schema` reads it, or its first problem as a PartnersError. */
function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PartnersError(['content', ...issue.path].map(String).join('.'), issue.message);
  }
  return result.data;
}

export function createPartnersService(deps: {
  store: PartnersStore;
  audit: AuditService;
  missions: Pick<MissionsService, 'stored'>;
  /** The areas Northstar knows, by GSS code: a named area must be one of them. */
  areas: { get(code: string): Promise<unknown> };
  clock: Clock;
}) {
  const { store, audit, missions, areas, clock } = deps;

  async function knownAreas(codes: string[], field: string) {
    for (const [i, code] of codes.entries())
      if (!(await areas.get(code)))
        throw new PartnersError(`content.${field}.${i}`, `${code} is not an area Northstar knows`);
  }
  const today = () => clock.now().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

  // Each person's recent submissions, newest last: a count in one process, which is enough to
  // stop a flood (a restart forgets it, and so does an hour).
  const recent = new Map<string, number[]>();
  function countSubmission(actor: string) {
    const now = clock.now().getTime();
    const times = (recent.get(actor) ?? []).filter((t) => now - t < HOUR);
    if (times.length >= SUBMISSIONS_PER_HOUR)
      throw new TooManySubmissionsError(Math.ceil((times[0]! + HOUR - now) / 1000));
    times.push(now);
    recent.set(actor, times);
  }

  const needReason = (meta: ChangeMeta) => {
    if (!meta.reason.trim()) throw new PartnersError('reason', 'Give a reason for the change');
  };

  /** A pledge's content checked, its goal found in its mission. */
  async function checkedPledge(missionSlug: string, content: unknown) {
    const pledge = parsed(pledgeSchema, content);
    const mission = (await missions.stored()).find((m) => m.slug === missionSlug);
    if (!mission) throw new PartnersError('mission', `There is no mission ${missionSlug}`);
    if (!mission.goals.some((g) => g.slug === pledge.goal))
      throw new PartnersError('content.goal', `${mission.title} has no goal ${pledge.goal}`);
    await knownAreas(pledge.areas, 'areas');
    return pledge;
  }

  async function pledgeOrFail(id: number, sql?: Parameters<PartnersStore['pledge']>[1]) {
    const pledge = await store.pledge(id, sql);
    if (!pledge) throw new PartnersError('pledge', `There is no pledge ${id}`);
    return pledge;
  }

  /**
   * Saves `next` over the pledge as it is now, as one change. `next` reads nothing: the embedded
   * database has one connection, which the change's transaction holds.
   */
  const changePledge = (
    id: number,
    meta: ChangeMeta,
    next: (before: StoredPledge) => StoredPledge,
  ) =>
    audit.change(meta, async (change) => {
      const before = await pledgeOrFail(id, change.sql);
      const after = next(before);
      await store.savePledge(change, after, before);
      return after;
    });

  return {
    organisations: () => store.organisations(),
    organisation: (slug: string) => store.organisation(slug),

    /** Adds an organisation (`slug` undefined: made from its name) or changes one. */
    async saveOrganisation(slug: string | undefined, content: unknown, meta: ChangeMeta) {
      needReason(meta);
      const organisation = parsed(organisationSchema, content);
      await knownAreas(organisation.areas, 'areas');
      if (slug !== undefined) countSubmission(meta.actor);
      return audit.change(meta, async (change) => {
        const id = slug ?? slugFrom(organisation.name, 'organisation');
        const before = await store.organisation(id, change.sql);
        if (slug !== undefined && !before)
          throw new PartnersError('organisation', `There is no organisation ${slug}`);
        if (slug === undefined && before)
          throw new PartnersError(
            'content.name',
            `${before.content.name} is already in the register: change that entry instead`,
          );
        await store.saveOrganisation(
          change,
          { slug: id, content: organisation },
          before,
          clock.now(),
        );
        return id;
      });
    },

    /** Every pledge, as the workspace lists them (moderators and partners). */
    allPledges: () => store.pledges(),
    pledge: (id: number) => store.pledge(id),

    /** Published pledges with their standing today, newest first. */
    async published(): Promise<PublicPledge[]> {
      const [pledges, organisations] = await Promise.all([
        store.pledges({ published: true }),
        store.organisations(),
      ]);
      const bySlug = new Map(organisations.map((o) => [o.slug, o]));
      const now = today();
      return pledges
        .map((p) => ({
          id: p.id,
          organisation: bySlug.get(p.organisation)!,
          mission: p.mission,
          content: p.published!,
          publishedOn: p.publishedOn!,
          standing: standing(p.published!, p.publishedOn!, now),
        }))
        .sort((a, b) => b.id - a.id);
    },

    /** A partner's new pledge, for moderation. */
    async submit(
      input: { organisation: string; mission: string; content: unknown },
      meta: ChangeMeta,
    ) {
      needReason(meta);
      const content = await checkedPledge(input.mission, input.content);
      countSubmission(meta.actor);
      return audit.change(meta, async (change) => {
        if (!(await store.organisation(input.organisation, change.sql)))
          throw new PartnersError('organisation', `There is no organisation ${input.organisation}`);
        const id = await store.nextPledgeId(change);
        const pledge: StoredPledge = {
          id,
          organisation: input.organisation,
          mission: input.mission,
          submission: { content, by: meta.actor, at: clock.now().toISOString() },
        };
        await store.savePledge(change, pledge, undefined);
        return id;
      });
    },

    /**
     * A partner's change to a pledge, its progress report or its completion: the whole pledge
     * as it would be published, for moderation. The published version stays as it is till then.
     */
    async resubmit(id: number, content: unknown, meta: ChangeMeta) {
      needReason(meta);
      const pledge = await pledgeOrFail(id);
      const checked = await checkedPledge(pledge.mission, content);
      if (pledge.published?.status === 'withdrawn')
        throw new PartnersError('pledge', 'This pledge was withdrawn: make a new one instead');
      countSubmission(meta.actor);
      return changePledge(id, meta, (before) => ({
        ...before,
        submission: { content: checked, by: meta.actor, at: clock.now().toISOString() },
      }));
    },

    /** A mission editor's decision on a submission: published as sent, or refused with a reason. */
    async moderate(id: number, decision: 'approve' | 'refuse', meta: ChangeMeta) {
      needReason(meta);
      const pledge = await pledgeOrFail(id);
      const seen = pledge.submission;
      if (!seen || seen.refusal)
        throw new PartnersError(
          'decision',
          'There is nothing waiting for a decision on this pledge',
        );
      // Checked again, before the transaction (which reads nothing else): the mission may have
      // changed since the partner sent it.
      const content = decision === 'approve' && (await checkedPledge(pledge.mission, seen.content));
      return changePledge(id, meta, (before) => {
        if (before.submission?.at !== seen.at || before.submission.refusal)
          throw new PartnersError(
            'decision',
            'The pledge changed while you read it: look at it again',
          );
        if (!content)
          return { ...before, submission: { ...before.submission, refusal: meta.reason } };
        return {
          ...before,
          published: content,
          publishedOn: before.publishedOn ?? today(),
          submission: undefined,
        };
      });
    },

    /** A partner withdraws a pledge: at once, and whatever was waiting is dropped. */
    async withdraw(id: number, meta: ChangeMeta) {
      needReason(meta);
      return changePledge(id, meta, (before) => {
        if (before.published?.status === 'withdrawn')
          throw new PartnersError('pledge', 'This pledge is already withdrawn');
        return {
          ...before,
          published: before.published && { ...before.published, status: 'withdrawn' },
          submission: undefined,
        };
      });
    },

    /** The stored register and pledges against the log's latest events about them. */
    async differencesFromLog(latest: Map<string, ChainedEntry>) {
      const [organisations, pledges] = await Promise.all([store.organisations(), store.pledges()]);
      const stateOf = (state: (p: StoredPledge) => unknown) =>
        new Map(
          pledges.flatMap((p) => {
            const s = state(p);
            return s ? [[String(p.id), s] as [string, unknown]] : [];
          }),
        );
      return [
        ...differencesFromLog(
          'organisation',
          new Map(organisations.map((o) => [o.slug, o.content])),
          latest,
        ),
        ...differencesFromLog('pledge', stateOf(publishedState), latest),
        ...differencesFromLog('pledge-submission', stateOf(submissionState), latest),
      ];
    },
  };
}

export type PartnersService = ReturnType<typeof createPartnersService>;
