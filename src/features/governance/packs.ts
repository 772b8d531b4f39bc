// Board and council packs (to be written).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../compose.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';

export function setUpPacks(_app: FastifyInstance, _context: FeatureContext<Services>) {}

export const packPublicPages = async (_services: Services): Promise<string[]> => [];
