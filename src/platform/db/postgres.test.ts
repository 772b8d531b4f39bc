// The same conformance suite on a real PostgreSQL server (started by `npm test`).
import { storeConformance } from '../../../test/conformance/store.conformance.ts';
import { postgresDatabase } from '../../../test/support/runtime.ts';

storeConformance('PostgreSQL', () => postgresDatabase('northstar_conformance'));
