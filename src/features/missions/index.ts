// The missions feature as the web app and the published copy see it.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { governmentPath, homeFirst } from '../../domain/government.ts';
import { setUpMissionsApi } from './api.ts';
import { setUpMissionsWorkspace } from './manage.ts';
import { setUpLocalTargetsWorkspace } from './manageLocalTargets.ts';
import { LOCAL_TARGETS_CSV, setUpMissionsPages } from './pages.ts';
import { csvPaths } from '../../platform/csv/csvw.ts';

export const missionsFeature: Feature<Services> = {
  name: 'missions',
  views: path.join(import.meta.dirname, 'views'),
  navigation: [
    { href: '/', text: 'Missions', key: 'missions', order: 10 },
    { href: '/methodology', text: 'Methodology', key: 'methodology', order: 70 },
  ],
  workspace: [
    {
      href: '/manage/missions',
      text: 'Missions',
      description:
        'Change your government’s missions, goals, targets, projects and milestones, and which way is better for their indicators',
      policy: 'missions.edit',
      order: 10,
    },
  ],
  setUpWorkspace: async (app, context) => {
    await setUpMissionsWorkspace(app, context);
    await setUpLocalTargetsWorkspace(app, context);
  },
  setUpApi: setUpMissionsApi,
  setUpPages: setUpMissionsPages,
  // Every government's overview: the home one at `/`, each other at its slug.
  publicPages: async (services) => [
    ...homeFirst(await services.missions.governments()).map((g) => governmentPath(g.slug)),
    '/methodology',
    ...csvPaths({ path: LOCAL_TARGETS_CSV }),
  ],
  apiSnapshots: () => ['/api/v1/governments', '/api/v1/missions', '/api/v1/assessments'],
};
