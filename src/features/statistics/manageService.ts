// The workspace's use cases for statistics besides the import itself: uploads kept between
// their preview and publication, and pre-release access to embargoed releases (who may see
// one before its time, and every time they do).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { ManageStore, PreReleaseReader } from './manageStore.ts';

/**
 * How long an upload waits to be published before it is removed: longer than a session lasts,
 * so this removes only those of sessions that ended without signing out.
 */
export const UPLOAD_KEPT_MS = 24 * 60 * 60 * 1000;

export function createManageService({ store, clock }: { store: ManageStore; clock: Clock }) {
  const forgetOldUploads = () =>
    store.removeUploadsBefore(new Date(clock.now().getTime() - UPLOAD_KEPT_MS));
  return {
    /** Keeps an uploaded file for its preview and publication; answers its random id. */
    async stageUpload(upload: {
      sessionId: string;
      userId: number;
      fileName: string;
      bytes: Buffer;
      indicatorIds: string[];
    }): Promise<string> {
      await forgetOldUploads();
      const id = randomBytes(16).toString('base64url');
      await store.saveUpload({ ...upload, id, uploadedAt: clock.now().toISOString() });
      return id;
    },
    /** An upload of this session not yet published nor too old. */
    async stagedUpload(id: string, sessionId: string) {
      await forgetOldUploads();
      return store.upload(id, sessionId);
    },
    discardUpload: store.removeUpload,

    /** Records why a release was published, and by whom, beside it. */
    recordPublished: (releaseId: number, meta: { actor: string; reason: string }) =>
      store.recordEvent({
        releaseId,
        at: clock.now().toISOString(),
        actor: meta.actor,
        action: 'published',
        userId: null,
        userEmail: null,
        reason: meta.reason,
      }),
    publishedReasons: store.publishedReasons,
    events: store.events,

    readers: store.readers,
    /** Whether `userId` is on the release's pre-release access list. */
    hasAccess: store.hasAccess,
    /** The embargoed releases `userId` may see before their time. */
    embargoedFor: (userId: number) => store.embargoedFor(userId, clock.now()),
    grant: (
      releaseId: number,
      reader: { userId: number; email: string },
      meta: { actor: string; reason: string },
    ) => store.setAccess(releaseId, reader, true, { ...meta, at: clock.now() }),
    revoke: (
      releaseId: number,
      reader: { userId: number; email: string },
      meta: { actor: string; reason: string },
    ) => store.setAccess(releaseId, reader, false, { ...meta, at: clock.now() }),
    /** Logs that `reader` saw the release's figures before its time. */
    recordView: (releaseId: number, reader: PreReleaseReader) =>
      store.recordEvent({
        releaseId,
        at: clock.now().toISOString(),
        actor: reader.name,
        action: 'viewed',
        userId: reader.userId,
        userEmail: reader.email,
        reason: null,
      }),
  };
}

export type ManageService = ReturnType<typeof createManageService>;
