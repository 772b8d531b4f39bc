// The change log as the web app and the published copy see it.
import path from 'node:path';
import type { Services } from '../../compose.ts';
import type { Feature } from '../../platform/http/registry.ts';
import { setUpAuditApi } from './api.ts';
import { setUpAuditPages } from './pages.ts';

export const auditFeature: Feature<Services> = {
  name: 'audit',
  views: path.join(import.meta.dirname, 'views'),
  navigation: [{ href: '/changes', text: 'Change log', key: 'changes', order: 60 }],
  setUpApi: setUpAuditApi,
  setUpPages: setUpAuditPages,
  // The feeds too: the published copy keeps answers at addresses with an extension as they are.
  publicPages: async (services) => [
    '/changes',
    '/changes.atom',
    ...(await services.audit.list({ entityTypes: ['mission'] }))
      .filter((e) => e.action !== 'delete')
      .map((e) => `/changes/missions/${encodeURIComponent(e.entityId)}.atom`),
  ],
  apiSnapshots: () => ['/api/v1/audit/head'],
};
