// The people who sign in, as the web app sees them: signing in and out, the workspace home and
// the administrators' pages. None of it is published.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpPeoplePages } from './pages.ts';

export const peopleFeature: Feature<Services> = {
  name: 'people',
  views: path.join(import.meta.dirname, 'views'),
  workspace: [
    {
      href: '/manage',
      text: 'Home',
      description: 'What you can do here',
      policy: 'workspace',
      order: 0,
    },
    {
      href: '/manage/users',
      text: 'Users',
      description: 'Add people, give and take away their roles, disable accounts',
      policy: 'users.manage',
      order: 90,
    },
  ],
  setUpWorkspace: setUpPeoplePages,
};
