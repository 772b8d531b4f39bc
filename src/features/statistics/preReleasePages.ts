// Pre-release access (Code of Practice for Statistics): a release's page in the workspace, with
// its figures and what it changes; the publisher keeps the list of named people who may see it
// before its release time, and sees each time they did. Nobody else learns it exists: to
// anyone else the page is not found, and no public surface shows a release before its time.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { allows } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { field, FormErrors } from '../../platform/http/forms.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { releaseTimeText } from './manageTime.ts';
import {
  changesView,
  figureText,
  indicatorTitles,
  measureText,
  releaseState,
  WORKSPACE,
} from './manageView.ts';
import { REVISIONS_SHOWN } from './preview.ts';
import type { Release } from './store.ts';

export const PRE_RELEASE = `${WORKSPACE}/pre-release`;
/** Figures shown on a release's page; the count says how many more it has. */
const FIGURES_SHOWN = 200;
const releaseParams = z.strictObject({
  release: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export function setUpPreReleasePages(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { statistics, people, clock } = services;
  const { workspace } = statistics;

  /** The indicator a release's publishers may act on, for the guard. */
  const releaseIndicator = async (req: FastifyRequest) => {
    const id = Number((req.params as { release?: string }).release);
    return Number.isSafeInteger(id) && id > 0
      ? (await statistics.release(id))?.indicatorId
      : undefined;
  };

  /** A release's page: for its publishers with the access list and its log (`values`: form state). */
  const releasePage = async (
    reply: FastifyReply,
    release: Release,
    publisher: boolean,
    values: Record<string, unknown> = {},
  ) => {
    const state = releaseState(release, clock.now());
    const before = await statistics.releaseBefore(release);
    const comparison = await statistics.compareReleases(release.id, before?.id, REVISIONS_SHOWN);
    const figures = await statistics.releaseFigures(release.id, FIGURES_SHOWN);
    const title = (await indicatorTitles(services))(release.indicatorId);
    return view(reply, 'manage-release', {
      title: `${title}: release of ${releaseTimeText(release.releasedAt)}`,
      indicatorTitle: title,
      activeWorkspace: publisher ? WORKSPACE : PRE_RELEASE,
      backLink: publisher ? WORKSPACE : PRE_RELEASE,
      release,
      state,
      publishedReason: (await workspace.publishedReasons([release.id])).get(release.id),
      loadedAt: releaseTimeText(release.loadedAt),
      changes: changesView(comparison),
      figures: figures.map((f) => [
        { text: String(f.line), format: 'numeric' },
        { text: measureText(f) },
        { text: f.period },
        { text: figureText(f), format: 'numeric' },
      ]),
      moreFigures: comparison.rows - figures.length,
      publisher,
      readers: publisher ? await workspace.readers(release.id) : [],
      events: publisher
        ? (await workspace.events(release.id)).map((e) => ({ ...e, at: releaseTimeText(e.at) }))
        : [],
      ...values,
    });
  };

  pages.get(
    `${WORKSPACE}/releases/:release`,
    // Its publishers, or someone on its list while it is embargoed: asked of each in the handler.
    { config: { policy: 'workspace' }, schema: { params: releaseParams } },
    async (req, reply) => {
      const principal = req.principal!;
      const release = await statistics.release(req.params.release);
      if (!release) throw new NotFoundError('Release');
      const publisher = allows(principal, 'statistics.publish', release.indicatorId);
      if (!publisher) {
        const reader =
          releaseState(release, clock.now()).embargoed &&
          (await workspace.hasAccess(release.id, principal.userId));
        if (!reader) throw new NotFoundError('Release');
        await workspace.recordView(release.id, {
          userId: principal.userId,
          email: principal.email,
          name: principal.name,
        });
      }
      return releasePage(reply, release, publisher);
    },
  );

  // The access list: add someone by email, or remove them, each with a reason, while embargoed.
  pages.post(
    `${WORKSPACE}/releases/:release/access`,
    {
      config: { policy: 'statistics.publish', scope: releaseIndicator },
      schema: { params: releaseParams },
    },
    async (req, reply) => {
      const principal = req.principal!;
      const release = await statistics.release(req.params.release);
      if (!release) throw new NotFoundError('Release');
      const action = field(req.body, 'action');
      const reason = field(req.body, 'reason');
      const meta = { actor: principal.name, reason };
      const errors = new FormErrors();
      const ended = 'The release is published: pre-release access has ended';
      if (action === 'add') {
        const email = field(req.body, 'email');
        const user = email ? await people.byEmail(email) : undefined;
        if (!releaseState(release, clock.now()).embargoed) errors.add('email', ended);
        else if (!email) errors.add('email', 'Enter the email address of a workspace user');
        else if (!user)
          errors.add(
            'email',
            'There is no workspace user with this email address: an administrator can add them',
          );
        else if (user.disabledAt) errors.add('email', `${user.name}’s account is disabled`);
        if (!reason) errors.add('reason', 'Enter the reason they need pre-release access');
        if (
          !errors.any &&
          user &&
          !(await workspace.grant(release.id, { userId: user.id, email: user.email }, meta))
        )
          errors.add('email', `${user.name} is already on the list`);
        if (errors.any) {
          reply.code(400);
          return releasePage(reply, release, true, { email, reason, ...errors.view() });
        }
        return releasePage(reply, release, true, { done: `${user!.name} can now see the release` });
      }
      const reader = (await workspace.readers(release.id)).find(
        (r) => String(r.userId) === field(req.body, 'userId'),
      );
      if (action !== 'remove' || !reader) throw new NotFoundError('Person on the list');
      const reasonField = `remove-reason-${reader.userId}`;
      if (!releaseState(release, clock.now()).embargoed) errors.add(reasonField, ended);
      else if (!reason) errors.add(reasonField, 'Enter the reason for removing them');
      if (errors.any) {
        reply.code(400);
        return releasePage(reply, release, true, errors.view());
      }
      await workspace.revoke(release.id, { userId: reader.userId, email: reader.email }, meta);
      return releasePage(reply, release, true, {
        done: `${reader.name} can no longer see the release`,
      });
    },
  );

  // What a person on pre-release lists may see now.
  pages.get(PRE_RELEASE, { config: { policy: 'workspace' } }, async (req, reply) => {
    const title = await indicatorTitles(services);
    const releases = [];
    for (const id of await workspace.embargoedFor(req.principal!.userId)) {
      const release = await statistics.release(id);
      if (release)
        releases.push({
          ...release,
          title: title(release.indicatorId),
          until: releaseTimeText(release.releasedAt),
        });
    }
    return view(reply, 'manage-pre-release', {
      title: 'Pre-release access',
      activeWorkspace: PRE_RELEASE,
      releases,
    });
  });
}
