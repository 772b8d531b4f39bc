// Governance in the workspace (to be written).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../compose.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

export function setUpGovernanceWorkspace(
  _app: FastifyInstance,
  _context: FeatureContext<Services>,
) {}
