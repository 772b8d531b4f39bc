// Partners and their pledges: the register of organisations beyond government, their pledges
// to the missions' goals with progress reports (published once a mission editor approves them),
// each mission's mobilisation map, the API and the open data; the partners' and the
// moderators' forms in the workspace.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpPartnersWorkspace } from './manage.ts';
import { partnersPublicPages, setUpPartnersApi, setUpPartnersPages } from './pages.ts';

export const partnersFeature: Feature<Services> = {
  name: 'partners',
  views: path.join(import.meta.dirname, 'views'),
  navigation: [{ href: '/partners', text: 'Partners', key: 'partners', order: 40 }],
  workspace: [
    {
      href: '/manage/partners',
      text: 'Your organisation',
      description:
        'Your organisation’s entry in the partner register, its pledges and progress reports',
      policy: 'partners.submit',
      order: 40,
    },
    {
      href: '/manage/pledges',
      text: 'Pledges',
      description: 'Approve or refuse partners’ pledges; add organisations to the register',
      policy: 'pledges.moderate',
      order: 45,
    },
  ],
  setUpApi: setUpPartnersApi,
  setUpPages: setUpPartnersPages,
  setUpWorkspace: setUpPartnersWorkspace,
  apiSnapshots: () => ['/api/v1/partners', '/api/v1/pledges'],
  publicPages: partnersPublicPages,
};
