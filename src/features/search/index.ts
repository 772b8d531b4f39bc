// Site search: one box over every government's missions, goals and projects, the published
// indicators and every area. The served site searches in memory; the published copy has
// Pagefind's index instead (src/publish/search.ts).
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpSearchPages } from './pages.ts';

export const searchFeature: Feature<Services> = {
  name: 'search',
  views: path.join(import.meta.dirname, 'views'),
  navigation: [{ href: '/search', text: 'Search', key: 'search', order: 65 }],
  setUpPages: setUpSearchPages,
  publicPages: () => ['/search'],
};
