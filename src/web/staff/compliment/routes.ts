import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** Routes of this journey (see docs/staff-app.md). */
export const complimentRoutes = (_services: Services) => async (_app: FastifyInstance) => {};
