import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import nunjucks from 'nunjucks';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.ts';
import type { Clock } from '../config.ts';
import { healthRoutes } from './routes/health.ts';
import { contactRoutes } from './routes/contacts.ts';
import { reportRoutes } from './routes/reports.ts';
import { dashboardRoutes } from './routes/dashboard.ts';

/** What the web app is built from; tests build it with their own database and clock. */
export interface Services {
  db: Database;
  clock: Clock;
}

const moduleDir = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export function createViews(): nunjucks.Environment {
  return nunjucks.configure(
    [moduleDir('./views/'), moduleDir('../../node_modules/govuk-frontend/dist/'), moduleDir('../../node_modules/@ministryofjustice/frontend/')],
    { autoescape: true, throwOnUndefined: false },
  );
}

export async function createApp(services: Services): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const views = createViews();
  app.decorateReply('view', function (this: FastifyReply, template: string, context: object) {
    return this.type('text/html; charset=utf-8').send(views.render(template, context));
  });
  const govuk = moduleDir('../../node_modules/govuk-frontend/dist/govuk/');
  await app.register(fastifyStatic, { root: `${govuk}assets`, prefix: '/assets/' });
  await app.register(fastifyStatic, { root: govuk, prefix: '/stylesheets/', decorateReply: false, allowedPath: (p) => p.endsWith('.css') || p.endsWith('.css.map') });
  await app.register(fastifyStatic, { root: govuk, prefix: '/javascripts/', decorateReply: false, allowedPath: (p) => p.endsWith('.js') || p.endsWith('.js.map') });
  await app.register(healthRoutes(services));
  await app.register(contactRoutes(services));
  await app.register(reportRoutes(services));
  await app.register(dashboardRoutes(services));
  app.get('/', async (_request, reply) => reply.redirect('/contacts'));
  return app;
}

declare module 'fastify' {
  interface FastifyReply {
    view(template: string, context: object): FastifyReply;
  }
}
