// The workspace's own SQL for statistics: uploads waiting between preview and publication, the
// pre-release access lists and each release's workspace history (migration 008). None of it is
// public, and none of it is in the public change log: the releases themselves are, when the
// import records them.
import type { Database } from '../../platform/db/database.ts';
import { iso } from '../../platform/db/sql.ts';

/** An uploaded file as staged for publication. */
export interface StagedUpload {
  id: string;
  sessionId: string;
  userId: number;
  fileName: string;
  bytes: Buffer;
  indicatorIds: string[];
  uploadedAt: string;
}

export interface ReleaseEvent {
  id: number;
  releaseId: number;
  at: string;
  actor: string;
  action: 'published' | 'granted' | 'revoked' | 'viewed';
  userId: number | null;
  userEmail: string | null;
  reason: string | null;
}

/** Someone on a release's pre-release access list. */
export interface PreReleaseReader {
  userId: number;
  email: string;
  name: string;
}

const rowToEvent = (r: Record<string, unknown>): ReleaseEvent => ({
  id: Number(r.id),
  releaseId: Number(r.release_id),
  at: iso(r.at),
  actor: r.actor as string,
  action: r.action as ReleaseEvent['action'],
  userId: r.user_id === null ? null : Number(r.user_id),
  userEmail: (r.user_email as string | null) ?? null,
  reason: (r.reason as string | null) ?? null,
});

export function createManageStore(db: Database) {
  return {
    async saveUpload(upload: StagedUpload) {
      await db.query(
        `insert into statistics_uploads (id, session_id, user_id, file_name, bytes, indicator_ids, uploaded_at)
         values ($1, $2, $3, $4, $5, $6::text[], $7)`,
        [
          upload.id,
          upload.sessionId,
          upload.userId,
          upload.fileName,
          upload.bytes,
          upload.indicatorIds,
          upload.uploadedAt,
        ],
      );
    },

    /** An upload made in this session, if it is still there. */
    async upload(id: string, sessionId: string): Promise<StagedUpload | undefined> {
      const [r] = await db.query<Record<string, unknown>>(
        'select * from statistics_uploads where id = $1 and session_id = $2',
        [id, sessionId],
      );
      return (
        r && {
          id: r.id as string,
          sessionId: r.session_id as string,
          userId: Number(r.user_id),
          fileName: r.file_name as string,
          bytes: Buffer.from(r.bytes as Uint8Array),
          indicatorIds: r.indicator_ids as string[],
          uploadedAt: iso(r.uploaded_at),
        }
      );
    },

    async removeUpload(id: string) {
      await db.query('delete from statistics_uploads where id = $1', [id]);
    },

    /** Removes the uploads made before `before`: nobody came back to publish them. */
    async removeUploadsBefore(before: Date) {
      await db.query('delete from statistics_uploads where uploaded_at < $1', [
        before.toISOString(),
      ]);
    },

    async readers(releaseId: number): Promise<PreReleaseReader[]> {
      const rows = await db.query<Record<string, unknown>>(
        `select u.id, u.email, u.name from pre_release_access a join users u on u.id = a.user_id
         where a.release_id = $1 order by u.name, u.email`,
        [releaseId],
      );
      return rows.map((r) => ({
        userId: Number(r.id),
        email: r.email as string,
        name: r.name as string,
      }));
    },

    async hasAccess(releaseId: number, userId: number): Promise<boolean> {
      const rows = await db.query(
        'select 1 from pre_release_access where release_id = $1 and user_id = $2',
        [releaseId, userId],
      );
      return rows.length > 0;
    },

    /** The releases `userId` is on the pre-release list of, still embargoed at `now`. */
    async embargoedFor(userId: number, now: Date): Promise<number[]> {
      const rows = await db.query<{ id: number }>(
        `select r.id::int as id from pre_release_access a join releases r on r.id = a.release_id
         where a.user_id = $1 and r.released_at > $2 order by r.released_at, r.id`,
        [userId, now.toISOString()],
      );
      return rows.map((r) => r.id);
    },

    /** Grants or revokes access and records why, in one transaction; false if nothing changed. */
    async setAccess(
      releaseId: number,
      reader: { userId: number; email: string },
      granted: boolean,
      meta: { actor: string; reason: string; at: Date },
    ): Promise<boolean> {
      return db.transaction(async (tx) => {
        const changed = granted
          ? await tx.query(
              `insert into pre_release_access (release_id, user_id) values ($1, $2)
               on conflict do nothing returning user_id`,
              [releaseId, reader.userId],
            )
          : await tx.query(
              'delete from pre_release_access where release_id = $1 and user_id = $2 returning user_id',
              [releaseId, reader.userId],
            );
        if (changed.length === 0) return false;
        await tx.query(
          `insert into release_events (release_id, at, actor, action, user_id, user_email, reason)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            releaseId,
            meta.at.toISOString(),
            meta.actor,
            granted ? 'granted' : 'revoked',
            reader.userId,
            reader.email,
            meta.reason,
          ],
        );
        return true;
      });
    },

    async recordEvent(event: Omit<ReleaseEvent, 'id'>) {
      await db.query(
        `insert into release_events (release_id, at, actor, action, user_id, user_email, reason)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [
          event.releaseId,
          event.at,
          event.actor,
          event.action,
          event.userId,
          event.userEmail,
          event.reason,
        ],
      );
    },

    /** A release's workspace history, newest first. */
    async events(releaseId: number): Promise<ReleaseEvent[]> {
      const rows = await db.query<Record<string, unknown>>(
        'select * from release_events where release_id = $1 order by id desc',
        [releaseId],
      );
      return rows.map(rowToEvent);
    },

    /** The reason each release was published for, where it was published in the workspace. */
    async publishedReasons(releaseIds: number[]): Promise<Map<number, string>> {
      const rows = await db.query<{ release_id: number; reason: string }>(
        `select release_id::int as release_id, reason from release_events
         where action = 'published' and release_id = any($1::bigint[])`,
        [releaseIds],
      );
      return new Map(rows.map((r) => [r.release_id, r.reason]));
    },
  };
}

export type ManageStore = ReturnType<typeof createManageStore>;
