import type { FastifyInstance } from 'fastify';
import csrfProtection from '@fastify/csrf-protection';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection on every state-changing request: the token from the page's form (_csrf)
 * must match the session's secret. It runs as a preHandler, after the body is parsed (in
 * onRequest the form is not read yet and every POST would fail).
 */
export async function setUpCsrf(app: FastifyInstance): Promise<void> {
  await app.register(csrfProtection, { sessionPlugin: '@fastify/session', getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined) });
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE.has(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });
}
