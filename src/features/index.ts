// Every feature, in the order their API routes and pages are installed. A new capability is a
// new folder with an index.ts like these, listed here (see docs/adding-a-capability.md).
import type { Services } from '../compose.ts';
import type { Feature } from '../platform/http/registry.ts';
import { missionsFeature } from './missions/index.ts';
import { statisticsFeature } from './statistics/index.ts';
import { areasFeature } from './areas/index.ts';
import { auditFeature } from './audit/index.ts';
import { peopleFeature } from './people/index.ts';
import { governanceFeature } from './governance/index.ts';
import { reportsFeature } from './reports/index.ts';
import { partnersFeature } from './partners/index.ts';
import { settlementsFeature } from './settlements/index.ts';
import { searchFeature } from './search/index.ts';

export const features: Feature<Services>[] = [
  missionsFeature,
  statisticsFeature,
  areasFeature,
  auditFeature,
  peopleFeature,
  governanceFeature,
  reportsFeature,
  partnersFeature,
  settlementsFeature,
  searchFeature,
];
