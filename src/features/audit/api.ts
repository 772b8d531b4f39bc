// The change log's head as JSON: the newest event in effect. A copy kept elsewhere lets anyone
// check later, with `northstar audit verify --against`, that the log was not cut or rewritten.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { GENESIS_HASH } from '../../domain/audit.ts';
import { noQuery, pagingQuery } from '../../platform/http/params.ts';
import { paged, pagingFields, responses } from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { missionOf } from './atom.ts';
import { describeEvent, withoutPaths } from './changes.ts';
import { changesFilterQuery, matchesFilter, missionConcerns, missionTitles } from './filter.ts';

const changeEntry = z.object({
  id: z.number().int(),
  at: z.string().describe('When the change took effect (ISO 8601)'),
  recordedAt: z.string(),
  kind: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  record: z.string(),
  mission: z.string().nullable(),
  sentence: z.string(),
  actor: z.string(),
  reason: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
  prevHash: z.string(),
});

export function setUpAuditApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit/head',
    {
      schema: {
        tags: ['audit'],
        summary: "The change log's newest event in effect: its number and hash",
        querystring: noQuery,
        response: responses(z.object({ id: z.number().int(), hash: z.string() })),
      },
    },
    // An empty log's head is event 0, the genesis hash every chain starts from.
    async () => (await services.auditHead()) ?? { id: 0, hash: GENESIS_HASH },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/changes',
    {
      schema: {
        tags: ['audit'],
        summary:
          'The public change log, newest first, in pages: each change in words and as recorded',
        querystring: z.strictObject({ ...changesFilterQuery, ...pagingQuery(50, 100) }),
        response: responses(z.object({ changes: z.array(changeEntry), ...pagingFields })),
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const all = (await services.audit.list()).filter(
        matchesFilter(filter, await missionConcerns(services)),
      );
      const { items, paging } = paged(req.url, all, { page, pageSize }, 50);
      const titles = await missionTitles(services);
      return {
        ...paging,
        changes: items.map((e) => ({
          id: e.id,
          at: new Date(e.effectiveAt ?? e.at).toISOString(),
          recordedAt: new Date(e.at).toISOString(),
          kind: e.entityType,
          action: e.action,
          record: e.entityId,
          mission: missionOf(e),
          sentence: describeEvent(e, 'en', titles).title,
          actor: e.actor,
          reason: e.reason,
          before: withoutPaths(e.before),
          after: withoutPaths(e.after),
          hash: e.hash,
          prevHash: e.prevHash,
        })),
      };
    },
  );
}
