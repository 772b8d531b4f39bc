// Governance as the web app and publish see it: each mission's board, stewards' letters,
// stocktakes with their confidence ratings, decisions, actions, risks and the evaluation
// registry, deliberative processes with the government's responses, on the mission's pages and
// in the API (public records to anyone, internal ones to those who may read them), and the
// registry's and the recommendations' open data; the stewards' forms in the workspace;
// board and council packs.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import { csvPaths } from '../../platform/csv/csvw.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpGovernanceApi } from './api.ts';
import {
  EVALUATIONS_CSV,
  setUpEvaluationsApi,
  setUpEvaluationsOpenData,
} from './evaluationsApi.ts';
import { setUpGovernancePages, governancePublicPages } from './pages.ts';
import { setUpGovernanceWorkspace } from './manage.ts';
import { setUpPacks, packPublicPages } from './packs.ts';
import { RECOMMENDATIONS_CSV, setUpProcessesApi, setUpProcessesOpenData } from './processesApi.ts';
import { processPublicPages, setUpProcessPages } from './processesPages.ts';

export const governanceFeature: Feature<Services> = {
  name: 'governance',
  views: path.join(import.meta.dirname, 'views'),
  workspace: [
    {
      href: '/manage/governance',
      text: 'Governance',
      description:
        'Boards, mandate letters, stocktakes, decisions, actions, risks, evaluations and citizens’ assemblies',
      policy: 'governance.record',
      order: 30,
    },
  ],
  setUpApi: async (app, context) => {
    await setUpGovernanceApi(app, context);
    await setUpEvaluationsApi(app, context);
    await setUpProcessesApi(app, context);
  },
  setUpPages: async (app, context) => {
    await setUpGovernancePages(app, context);
    await setUpPacks(app, context);
    await setUpEvaluationsOpenData(app, context);
    await setUpProcessPages(app, context);
    await setUpProcessesOpenData(app, context);
  },
  setUpWorkspace: setUpGovernanceWorkspace,
  apiSnapshots: () => ['/api/v1/governance', '/api/v1/evaluations', '/api/v1/processes'],
  publicPages: async (services) => [
    ...(await governancePublicPages(services)),
    ...(await packPublicPages(services)),
    ...csvPaths({ path: EVALUATIONS_CSV }),
    ...(await processPublicPages(services)),
    ...csvPaths({ path: RECOMMENDATIONS_CSV }),
  ],
};
