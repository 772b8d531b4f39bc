// Reports to Parliament: the annual report on the missions, made as at a date from the same
// records as every page, frozen (its files stored, their SHA-256 in the change log) and published
// with how to check it; made from the workspace or the command line.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { reportPublicPages, setUpReportPages, setUpReportWorkspace } from './pages.ts';

export const reportsFeature: Feature<Services> = {
  name: 'reports',
  views: path.join(import.meta.dirname, 'views'),
  workspace: [
    {
      href: '/manage/reports',
      text: 'Reports to Parliament',
      description: 'Make a government’s annual report as at a date, frozen and published',
      policy: 'reports.make',
      order: 50,
    },
  ],
  setUpPages: setUpReportPages,
  setUpWorkspace: setUpReportWorkspace,
  publicPages: reportPublicPages,
};
