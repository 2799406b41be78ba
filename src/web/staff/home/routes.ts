import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { t } from '../../i18n.ts';

/** The home page: the signed-in person's work queues. */
export const homeRoutes = (_services: Services) => async (app: FastifyInstance) => {
  app.get('/', async (request, reply) => {
    return reply.view('staff/home/home.njk', { title: t('nav.home'), nav: 'home' });
  });
};
