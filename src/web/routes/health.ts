import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.ts';
import { withoutSecrets } from '../../db/database.ts';

/** Is the app up and can it reach its database: HTML for people, JSON for monitors. */
export const healthRoutes = (services: Services) => async (app: FastifyInstance) => {
  app.get('/health', async (request, reply) => {
    const started = performance.now();
    let health;
    try {
      const { rows } = await services.db.pool.query<{ migrations: string[]; councils: number; contacts: number }>(
        `SELECT (SELECT array_agg(name ORDER BY name) FROM schema_migration) AS migrations,
                (SELECT count(*)::int FROM council) AS councils, (SELECT count(*)::int FROM contact) AS contacts`,
      );
      health = { ok: true, engine: services.db.engine, ...rows[0]!, databaseMs: Math.round(performance.now() - started) };
    } catch (error) {
      // A driver's or server's message can echo connection details: never a password on a page.
      health = { ok: false, engine: services.db.engine, error: withoutSecrets((error as Error).message), migrations: [], councils: 0, contacts: 0, databaseMs: null };
    }
    reply.code(health.ok ? 200 : 503);
    if (!(request.headers.accept ?? '').includes('text/html')) return health;
    return reply.view('health.njk', {
      title: 'Service health',
      nav: 'health',
      health: {
        ...health,
        location: services.db.location,
        engineLabel: services.db.engine === 'embedded' ? 'Embedded PostgreSQL (PGlite)' : 'PostgreSQL server',
      },
    });
  });
};
