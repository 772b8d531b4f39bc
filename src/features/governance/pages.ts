// Governance on the public pages (to be written).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../compose.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

export function setUpGovernancePages(_app: FastifyInstance, _context: FeatureContext<Services>) {}

export const governancePublicPages = async (_services: Services): Promise<string[]> => [];
