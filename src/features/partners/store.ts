// The partner register's and the pledges' SQL. Writes take a Change, so each is an audit event:
// an organisation's and a published pledge's events are public; a submission's are internal, so
// nothing a partner sends reaches the public change log before a mission editor approves it.
import type { Database, Sql } from '../../platform/db/database.ts';
import { iso, json } from '../../platform/db/sql.ts';
import type { Change } from '../audit/store.ts';
import type { Organisation, PledgeContent } from '../../domain/partners.ts';

export interface StoredOrganisation {
  slug: string;
  content: Organisation;
}

/** A submission awaiting moderation, or refused (with the editor's reason). */
export interface Submission {
  content: PledgeContent;
  by: string;
  at: string;
  refusal?: string;
}

export interface StoredPledge {
  id: number;
  organisation: string;
  mission: string;
  /** What the public sees; undefined until first approved. */
  published?: PledgeContent;
  publishedOn?: string;
  submission?: Submission;
}

const day = (value: unknown) => (value ? iso(value).slice(0, 10) : undefined);

const rowToPledge = (r: Record<string, unknown>): StoredPledge => ({
  id: r.id as number,
  organisation: r.organisation_slug as string,
  mission: r.mission_slug as string,
  published: (r.published as PledgeContent | null) ?? undefined,
  publishedOn: day(r.published_on),
  submission: r.submitted
    ? {
        content: r.submitted as PledgeContent,
        by: r.submitted_by as string,
        at: iso(r.submitted_at),
        refusal: (r.refusal as string | null) ?? undefined,
      }
    : undefined,
});

/** What a published pledge's events record: where it belongs, when it was published, what. */
export const publishedState = (p: StoredPledge) =>
  p.published
    ? {
        organisation: p.organisation,
        mission: p.mission,
        publishedOn: p.publishedOn,
        ...p.published,
      }
    : null;

/** What a submission's (internal) events record. */
export const submissionState = (p: StoredPledge) =>
  p.submission
    ? {
        organisation: p.organisation,
        mission: p.mission,
        ...p.submission.content,
        ...(p.submission.refusal ? { refusal: p.submission.refusal } : {}),
      }
    : null;

export function createPartnersStore(db: Database) {
  return {
    async organisations(sql: Sql = db): Promise<StoredOrganisation[]> {
      const rows = await sql.query<{ slug: string; content: Organisation }>(
        'select slug, content from organisations order by slug',
      );
      return rows.map((r) => ({ slug: r.slug, content: r.content }));
    },

    async organisation(slug: string, sql: Sql = db) {
      const [row] = await sql.query<{ slug: string; content: Organisation }>(
        'select slug, content from organisations where slug = $1',
        [slug],
      );
      return row && { slug: row.slug, content: row.content };
    },

    async saveOrganisation(
      change: Change,
      organisation: StoredOrganisation,
      before: StoredOrganisation | undefined,
      at: Date,
    ) {
      if (
        !change.record(
          'organisation',
          organisation.slug,
          before?.content ?? null,
          organisation.content,
        )
      )
        return false;
      await change.sql.query(
        `insert into organisations (slug, content, recorded_at) values ($1, $2::jsonb, $3)
         on conflict (slug) do update set content = excluded.content`,
        [organisation.slug, json(organisation.content), at.toISOString()],
      );
      return true;
    },

    /** Pledges, optionally only those with a published version. */
    async pledges(options: { published?: boolean } = {}, sql: Sql = db) {
      const rows = await sql.query<Record<string, unknown>>(
        `select * from pledges where ($1::boolean is not true or published is not null)
         order by id`,
        [options.published ?? null],
      );
      return rows.map(rowToPledge);
    },

    async pledge(id: number, sql: Sql = db) {
      const [row] = await sql.query<Record<string, unknown>>(
        'select * from pledges where id = $1',
        [id],
      );
      return row ? rowToPledge(row) : undefined;
    },

    async nextPledgeId(change: Change) {
      const [row] = await change.sql.query<{ n: number }>(
        'select coalesce(max(id), 0) + 1 as n from pledges',
      );
      return row!.n;
    },

    /**
     * Writes a pledge and records what changed: its published version publicly, its submission
     * internally. `before` is undefined for a new pledge.
     */
    async savePledge(change: Change, pledge: StoredPledge, before: StoredPledge | undefined) {
      const id = String(pledge.id);
      const published = change.record(
        'pledge',
        id,
        before ? publishedState(before) : null,
        publishedState(pledge),
      );
      const submitted = change.record(
        'pledge-submission',
        id,
        before ? submissionState(before) : null,
        submissionState(pledge),
        { internal: true },
      );
      if (!published && !submitted) return false;
      await change.sql.query(
        `insert into pledges (id, organisation_slug, mission_slug, published, published_on,
           submitted, submitted_by, submitted_at, refusal, created_at)
         values ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, now())
         on conflict (id) do update set published = excluded.published,
           published_on = excluded.published_on, submitted = excluded.submitted,
           submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at,
           refusal = excluded.refusal`,
        [
          pledge.id,
          pledge.organisation,
          pledge.mission,
          pledge.published ? json(pledge.published) : null,
          pledge.publishedOn ?? null,
          pledge.submission ? json(pledge.submission.content) : null,
          pledge.submission?.by ?? null,
          pledge.submission?.at ?? null,
          pledge.submission?.refusal ?? null,
        ],
      );
      return true;
    },
  };
}

export type PartnersStore = ReturnType<typeof createPartnersStore>;
