// The areas feature as the web app and the published copy see it.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpAreasApi } from './api.ts';
import { setUpAreasPages } from './pages.ts';

export const areasFeature: Feature<Services> = {
  name: 'areas',
  views: path.join(import.meta.dirname, 'views'),
  navigation: [
    { href: '/areas', text: 'Your area', key: 'areas', order: 20 },
    { href: '/map', text: 'Map', key: 'map', order: 30 },
  ],
  setUpApi: setUpAreasApi,
  setUpPages: setUpAreasPages,
  // Every area's page, including those no page links to (superseded codes).
  async publicPages(services) {
    const areas = await services.areas.list();
    return ['/areas', '/map', ...areas.map((a) => `/areas/${a.code}`)];
  },
};
