// The change log's head as JSON: the newest event in effect. A copy kept elsewhere lets anyone
// check later, with `northstar audit verify --against`, that the log was not cut or rewritten.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { GENESIS_HASH } from '../../domain/audit.ts';
import { noQuery } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

export function setUpAuditApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit/head',
    {
      schema: {
        tags: ['audit'],
        summary: "The change log's newest event in effect: its number and hash",
        querystring: noQuery,
        response: { 200: z.object({ id: z.number().int(), hash: z.string() }) },
      },
    },
    // An empty log's head is event 0, the genesis hash every chain starts from.
    async () => (await services.auditHead()) ?? { id: 0, hash: GENESIS_HASH },
  );
}
