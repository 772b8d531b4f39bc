// A deliberative process in the workspace: its page, listing its recommendations with the
// response to each (overdue ones flagged), and the forms that add or change a recommendation and
// record the government's response. Each form changes the one process record, through "check
// your answers", with a reason; the routes are scoped to the mission like every governance form.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import type { ProcessRecord } from '../../domain/governance.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { pathParam, textParam, noQuery } from '../../platform/http/params.ts';
import type { AssessedMission } from '../missions/service.ts';
import { showForm, submitForm, type GovernanceFormContext } from './manageForm.ts';
import {
  processWorkspacePath,
  recommendationForm,
  responseForm,
  type RecommendationContext,
} from './processForm.ts';
import { processPath } from './processesPages.ts';
import { processView } from './processesView.ts';
import type { StoredRecord } from './store.ts';

export interface ProcessWorkspaceDeps {
  services: Services;
  context: GovernanceFormContext;
  config: { policy: 'governance.record'; scope: (req: FastifyRequest) => Promise<string> };
  missionOr404(slug: string): Promise<AssessedMission>;
  today(): string;
}

const processParams = z.strictObject({ mission: pathParam, record: pathParam });
const recommendationParams = processParams.extend({ number: z.string().regex(/^\d{1,3}$/) });
const doneQuery = z.strictObject({ saved: textParam(20), unchanged: textParam(20) });

export function setUpProcessWorkspace(app: FastifyInstance, deps: ProcessWorkspaceDeps) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { services, context, config, missionOr404, today } = deps;

  const processOr404 = async (params: { mission: string; record: string }) => {
    const mission = await missionOr404(params.mission);
    const record = await services.governance.get(mission.slug, 'process', params.record);
    if (!record) throw new NotFoundError('Deliberative process');
    return { mission, record: record as StoredRecord & ProcessRecord };
  };

  pages.get(
    '/manage/governance/:mission/processes/:record',
    { config, schema: { params: processParams, querystring: doneQuery } },
    async (req, reply) => {
      const { mission, record } = await processOr404(req.params);
      const base = processWorkspacePath(mission.slug, record.id);
      return context.view(reply, 'manage-governance-process-record', {
        title: record.content.title,
        activeWorkspace: '/manage/governance',
        backLink: `/manage/governance/${mission.slug}`,
        done: req.query.saved ? 'saved' : req.query.unchanged ? 'unchanged' : undefined,
        doneKind: 'deliberative process',
        mission,
        process: processView(record, mission, today()),
        base,
        changeHref: `/manage/governance/${mission.slug}/process/${encodeURIComponent(record.id)}`,
        publicHref: record.visibility === 'public' ? processPath(mission.slug, record.id) : null,
      });
    },
  );

  /** The form of a recommendation (`number`, or a new one) or of the response to one. */
  const formFor = async (
    params: { mission: string; record: string; number?: string },
    which: 'recommendation' | 'response',
  ) => {
    const { mission, record } = await processOr404(params);
    const recommendations = record.content.recommendations;
    const at =
      params.number === undefined
        ? recommendations.length
        : recommendations.findIndex((r) => r.number === Number(params.number));
    if (at < 0) throw new NotFoundError('Recommendation');
    const recordContext: RecommendationContext = {
      mission,
      record,
      stocktakes: [],
      today: today(),
      at,
    };
    return which === 'recommendation'
      ? recommendationForm(recordContext)
      : responseForm(recordContext);
  };

  for (const [url, params, which] of [
    ['/recommendations/add', processParams, 'recommendation'],
    ['/recommendations/:number', recommendationParams, 'recommendation'],
    ['/recommendations/:number/response', recommendationParams, 'response'],
  ] as const) {
    const route = `/manage/governance/:mission/processes/:record${url}`;
    pages.get(route, { config, schema: { params, querystring: noQuery } }, async (req, reply) =>
      showForm(context, reply, await formFor(req.params, which)),
    );
    pages.post(route, { config, schema: { params } }, async (req, reply) =>
      submitForm(context, req, reply, await formFor(req.params, which)),
    );
  }
}
