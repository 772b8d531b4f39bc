// The areas' JSON API: every area in pages, filtered by level, parent and whether its code is
// in use; and an area with its parent, successor and the areas within it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { AREA_LEVELS } from '../../domain/area.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import {
  choiceParam,
  noQuery,
  pagingQuery,
  pathParam,
  patternParam,
} from '../../platform/http/params.ts';
import { paged, pagingFields, responses } from '../../platform/http/problem.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

const area = z.object({
  code: z.string().describe('ONS GSS code'),
  name: z.string(),
  level: z.enum(AREA_LEVELS),
  parentCode: z.string().nullable(),
  successorCode: z.string().nullable().describe('The code that replaced it, if it was replaced'),
  current: z.boolean().describe('Whether the code is in use today'),
});

export function setUpAreasApi(app: FastifyInstance, { services }: FeatureContext<Services>) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/areas',
    {
      schema: {
        tags: ['areas'],
        summary: 'Every area, by ONS GSS code, in pages: filtered by level, parent and use',
        querystring: z.strictObject({
          level: choiceParam(AREA_LEVELS).optional().describe('Only areas of this level'),
          parent: patternParam(/^[A-Z]\d{8}$/, 'expected an ONS GSS code like E92000001').describe(
            'Only the areas directly within this one (its GSS code)',
          ),
          current: choiceParam(['true', 'false'])
            .optional()
            .describe('true: only codes in use today; false: only those replaced'),
          ...pagingQuery(),
        }),
        response: responses(z.object({ areas: z.array(area), ...pagingFields })),
      },
    },
    async (req) => {
      const { level, parent, current } = req.query;
      const areas = (await services.areas.list()).filter(
        (a) =>
          (level === undefined || a.level === level) &&
          (parent === undefined || a.parentCode === parent) &&
          (current === undefined || a.current === (current === 'true')),
      );
      const { items, paging } = paged(req.url, areas, req.query);
      return { areas: items, ...paging };
    },
  );

  api.get(
    '/api/v1/areas/:area',
    {
      schema: {
        tags: ['areas'],
        summary: 'An area with its parent and the areas within it',
        params: z.object({ area: pathParam.meta({ examples: ['E09000007'] }) }),
        querystring: noQuery,
        response: responses(
          area.extend({
            parent: area.nullable(),
            successor: area.nullable(),
            children: z.array(area.pick({ code: true, name: true, level: true })),
          }),
        ),
      },
    },
    async (req) => {
      const area = await services.areas.get(req.params.area);
      if (!area) throw new NotFoundError(`Area ${req.params.area}`);
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
