// Funding settlements: a government's multi-year money for an area, the goals it serves and the
// outcomes it is accountable for, imported from CSV (command line or workspace) and shown
// beside the outcomes on the pages of the missions it serves and the areas it is for; its own
// page, the open data and the API.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpSettlementsWorkspace } from './manage.ts';
import { setUpSettlementsApi, setUpSettlementsPages, settlementsPublicPages } from './pages.ts';

export const settlementsFeature: Feature<Services> = {
  name: 'settlements',
  views: path.join(import.meta.dirname, 'views'),
  workspace: [
    {
      href: '/manage/settlements',
      text: 'Funding settlements',
      description:
        'A government’s multi-year funding settlements for areas, imported from CSV text',
      policy: 'settlements.edit',
      order: 47,
    },
  ],
  setUpApi: setUpSettlementsApi,
  setUpPages: setUpSettlementsPages,
  setUpWorkspace: setUpSettlementsWorkspace,
  apiSnapshots: () => ['/api/v1/settlements'],
  publicPages: settlementsPublicPages,
};
