// The statistics feature as the web app and the published copy see it.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpStatisticsApi } from './api.ts';
import { setUpStatisticsPages } from './pages.ts';

export const statisticsFeature: Feature<Services> = {
  name: 'statistics',
  views: path.join(import.meta.dirname, 'views'),
  navigation: [
    { href: '/indicators', text: 'Statistics', key: 'indicators', order: 40 },
    { href: '/open-data', text: 'Open data', key: 'open-data', order: 50 },
  ],
  setUpApi: setUpStatisticsApi,
  setUpPages: setUpStatisticsPages,
  publicPages: () => ['/indicators'],
  async apiSnapshots(services) {
    const indicators = await services.statistics.listIndicators();
    return ['/api/v1/indicators', ...indicators.map(({ id }) => `/api/v1/indicators/${id}`)];
  },
};
