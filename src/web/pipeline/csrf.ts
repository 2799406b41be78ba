import type { FastifyInstance } from 'fastify';
import csrfProtection from '@fastify/csrf-protection';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection on every state-changing request: the token from the page's form (_csrf)
 * must match the session's secret. It runs as a preHandler, after the body is parsed (in
 * onRequest the form is not read yet and every POST would fail).
 */
export async function setUpCsrf(app: FastifyInstance): Promise<void> {
  await app.register(csrfProtection, { sessionPlugin: '@fastify/session', getToken: (request) => formToken(request.body) ?? (request.headers['x-csrf-token'] as string | undefined) });
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE.has(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });
}

/** The form's _csrf field: a string, or { value } in a multipart form (@fastify/multipart's attachFieldsToBody). */
function formToken(body: unknown): string | undefined {
  const field = (body as { _csrf?: unknown } | undefined)?._csrf;
  if (typeof field === 'string') return field;
  const value = (field as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}
