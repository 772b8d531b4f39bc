// Board and council packs of a stocktake, as web pages and as PDFs printed by Chromium. The
// board pack holds internal records and is only in the workspace; the quarterly Missions
// Leadership Council pack is its public part, on the site and in the published copy, each
// stocktake's kept at its own address. A pack is made from the records as at its stocktake and
// printed with the stocktake's date in it, so it is the same bytes every time it is made.
//
// The SHA-256 of each PDF is recorded in the change log when the live service first serves
// those bytes (an internal event for a board pack, a public one for a council pack): serving the
// same bytes again records nothing, and bytes that differ (the records as at the stocktake were
// corrected) are recorded as an update. What is recorded is decided wholly by the records, never
// by who asks, so a GET may record it. The published copy never writes: it is rendered from the
// same records to the same bytes, whose hash the live service recorded.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDate } from '../../domain/format.ts';
import type { Services } from '../../compose.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { chromiumAvailable, CHROMIUM_MISSING, printPdf, printStyles } from '../../platform/pdf.ts';
import { gatherPack, packEntityId, type Pack, type PackKind } from './packsModel.ts';

const stocktake = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a stocktake’s date, YYYY-MM-DD');
// The public pages name a mission `slug`, as every other /missions/ route does; the workspace's
// name it `mission`, as every other /manage/governance/ route does.
const councilParams = z.object({ slug: pathParam, stocktake });
const boardParams = z.object({ mission: pathParam, stocktake });

/** Where each pack is. */
export const packHref = (missionSlug: string, stocktakeId: string, kind: PackKind) =>
  kind === 'board'
    ? `/manage/governance/${missionSlug}/stocktakes/${stocktakeId}/pack`
    : `/missions/${missionSlug}/stocktakes/${stocktakeId}/council-pack`;

export const packTitle = (pack: Pack) =>
  `${pack.stocktake.content.example ? 'Example: ' : ''}${
    pack.kind === 'board' ? 'Board pack' : 'Missions Leadership Council pack'
  }: ${pack.mission.title}, ${formatDate(pack.day)}`;

/** The pack printed as a PDF: the same bytes for the same records as at its stocktake. */
export async function packPdf(app: FastifyInstance, pack: Pack): Promise<Buffer> {
  const html = await app.view('pack-print.njk', {
    pack,
    title: packTitle(pack),
    styles: await printStyles(),
  });
  return printPdf(html, new Date(`${pack.day}T00:00:00Z`));
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The hash of the pack last recorded in the change log, and when. */
async function recordedHash(services: Services, pack: Pack) {
  const [event] = await services.audit.list({
    entityTypes: ['pack'],
    entityId: packEntityId(pack.mission.slug, pack.day, pack.kind),
    internal: pack.internal,
    limit: 1,
  });
  return event && { at: event.at, ...(event.after as { sha256: string }) };
}

let recording: Promise<unknown> = Promise.resolve();
/**
 * Records the SHA-256 of a pack's PDF in the change log, unless it is already the one recorded.
 * One at a time, so two first requests together record it once.
 */
export function recordPack(services: Services, pack: Pack, hash: string, actor: string) {
  const work = async () => {
    const id = packEntityId(pack.mission.slug, pack.day, pack.kind);
    const after = {
      sha256: hash,
      kind: pack.kind,
      stocktake: pack.day,
      ...(pack.stocktake.content.example ? { example: true } : {}),
    };
    const [latest] = await services.audit.list({
      entityTypes: ['pack'],
      entityId: id,
      internal: true,
      limit: 1,
    });
    const before = latest?.after ?? null;
    // The same bytes as recorded: nothing to record, whatever else the record says.
    if ((before as { sha256?: unknown } | null)?.sha256 === hash) return false;
    return services.audit.change({ actor, reason: 'Pack generated' }, async (change) =>
      change.record('pack', id, before, after, pack.internal ? { internal: true } : {}),
    );
  };
  const done = recording.then(work, work);
  recording = done.catch(() => undefined);
  return done;
}

export function setUpPacks(app: FastifyInstance, context: FeatureContext<Services>) {
  const { services, view, staticSite } = context;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const councilSchema = { params: councilParams, querystring: noQuery };
  const boardSchema = { params: boardParams, querystring: noQuery };

  const page = async (
    reply: FastifyReply,
    pack: Pack | undefined,
    template: 'pack-council' | 'pack-board',
  ) => {
    if (!pack) throw new NotFoundError();
    const href = packHref(pack.mission.slug, pack.day, pack.kind);
    return view(reply, template, {
      pack,
      pdf: {
        available: chromiumAvailable(),
        missing: CHROMIUM_MISSING,
        href: `${href}.pdf`,
        recorded: await recordedHash(services, pack),
      },
    });
  };

  const pdf = async (reply: FastifyReply, pack: Pack | undefined, actor: string) => {
    if (!pack) throw new NotFoundError();
    const href = packHref(pack.mission.slug, pack.day, pack.kind);
    if (!chromiumAvailable())
      return view(reply.code(503).header('retry-after', '86400'), 'pack-unavailable', {
        missing: CHROMIUM_MISSING,
        htmlHref: href,
      });
    const bytes = await packPdf(app, pack);
    if (!staticSite) await recordPack(services, pack, sha256(bytes), actor);
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `inline; filename="${pack.mission.slug}-${pack.day}-${pack.kind}-pack.pdf"`,
      )
      .send(bytes);
  };

  // The council pack: public records of a public stocktake, for anyone.
  routes.get(
    '/missions/:slug/stocktakes/:stocktake/council-pack',
    { schema: councilSchema },
    async (req, reply) =>
      page(
        reply,
        await gatherPack(services, req.params.slug, req.params.stocktake, 'council'),
        'pack-council',
      ),
  );
  routes.get(
    '/missions/:slug/stocktakes/:stocktake/council-pack.pdf',
    { schema: councilSchema },
    async (req, reply) =>
      pdf(
        reply,
        await gatherPack(services, req.params.slug, req.params.stocktake, 'council'),
        'northstar',
      ),
  );

  // The board pack, internal records too: only in the workspace, where the guard is (it is
  // installed exactly when there is a workspace), for those who may read internal records.
  if (staticSite || !app.hasDecorator('guardedRoutes')) return;
  const config = { policy: 'internal.read' as const };
  routes.get(
    '/manage/governance/:mission/stocktakes/:stocktake/pack',
    { schema: boardSchema, config },
    async (req, reply) =>
      page(
        reply,
        await gatherPack(services, req.params.mission, req.params.stocktake, 'board'),
        'pack-board',
      ),
  );
  routes.get(
    '/manage/governance/:mission/stocktakes/:stocktake/pack.pdf',
    { schema: boardSchema, config },
    async (req, reply) =>
      pdf(
        reply,
        await gatherPack(services, req.params.mission, req.params.stocktake, 'board'),
        req.principal?.name ?? 'northstar',
      ),
  );
}

/**
 * Every public stocktake's council pack, for the published copy: each quarter's stays at its
 * own address. The PDFs only where Chromium can print them.
 */
export async function packPublicPages(services: Services): Promise<string[]> {
  const missions = await services.missions.stored();
  const pages: string[] = [];
  for (const mission of missions) {
    const { stocktakes } = await services.governance.forMission(mission.slug, {
      internal: false,
    });
    for (const stocktake of stocktakes) {
      const href = packHref(mission.slug, stocktake.id, 'council');
      pages.push(href, ...(chromiumAvailable() ? [`${href}.pdf`] : []));
    }
  }
  return pages;
}
