// The statistics feature as the web app and the published copy see it.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpStatisticsApi } from './api.ts';
import { setUpStatisticsPages } from './pages.ts';
import { setUpStatisticsWorkspace } from './manage.ts';

export const statisticsFeature: Feature<Services> = {
  name: 'statistics',
  views: path.join(import.meta.dirname, 'views'),
  navigation: [
    { href: '/indicators', text: 'Statistics', key: 'indicators', order: 40 },
    { href: '/release-calendar', text: 'Release calendar', key: 'release-calendar', order: 45 },
    { href: '/open-data', text: 'Open data', key: 'open-data', order: 50 },
  ],
  setUpApi: setUpStatisticsApi,
  setUpPages: setUpStatisticsPages,
  workspace: [
    {
      href: '/manage/statistics',
      text: 'Statistics',
      description:
        'Upload, check, preview and publish or embargo releases of your indicators; keep their pre-release access lists',
      policy: 'statistics.publish',
      order: 40,
    },
    {
      href: '/manage/statistics/pre-release',
      text: 'Pre-release access',
      description: 'Embargoed statistics you may see before their release',
      policy: 'workspace',
      order: 45,
    },
  ],
  setUpWorkspace: setUpStatisticsWorkspace,
  publicPages: () => ['/indicators', '/release-calendar'],
  async apiSnapshots(services) {
    const indicators = await services.statistics.listIndicators();
    return ['/api/v1/indicators', ...indicators.map(({ id }) => `/api/v1/indicators/${id}`)];
  },
};
