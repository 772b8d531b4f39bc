// The areas' JSON API: an area with its parent, successor and the areas within it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noQuery, pathParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

export function setUpAreasApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/areas/:code',
    {
      schema: {
        tags: ['areas'],
        summary: 'An area with its parent and the areas within it',
        params: z.object({ code: pathParam }),
        querystring: noQuery,
      },
    },
    async (req) => {
      const area = await services.areas.get(req.params.code);
      if (!area) throw new NotFoundError(`Area ${req.params.code}`);
      const all = await services.areas.list();
      return {
        ...area,
        parent: all.find((a) => a.code === area.parentCode) ?? null,
        successor: all.find((a) => a.code === area.successorCode) ?? null,
        children: all
          .filter((a) => a.parentCode === area.code && a.current)
          .map(({ code, name, level }) => ({ code, name, level })),
      };
    },
  );
}
