import type { FastifyInstance } from 'fastify';
import { CookieJar, csrfTokenIn } from '../../../../test/support/staffSession.ts';

/**
 * A resident's browser for app.inject (tests): no sign-in, cookies kept (the session, the
 * language), the CSRF token of the page last fetched sent with each form, from an address of
 * its own (rate limits count by address).
 */
export function resident(app: FastifyInstance, address = '198.51.100.7') {
  const jar = new CookieJar();
  let lastToken = '';
  const take = (response: Awaited<ReturnType<FastifyInstance['inject']>>) => {
    jar.take(response.headers['set-cookie']);
    const token = csrfTokenIn(response.body);
    if (token) lastToken = token;
    return response;
  };
  return {
    jar,
    get token() { return lastToken; },
    async get(url: string) {
      return take(await app.inject({ method: 'GET', url, remoteAddress: address, headers: { cookie: jar.header, accept: 'text/html' } }));
    },
    async post(url: string, form: Record<string, string>, options: { csrf?: string | null } = {}) {
      const body = new URLSearchParams(form);
      if (options.csrf !== null) body.set('_csrf', options.csrf ?? lastToken);
      return take(await app.inject({
        method: 'POST', url, payload: body.toString(), remoteAddress: address,
        headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      }));
    },
    async postMultipart(url: string, payload: Buffer, contentType: string) {
      return take(await app.inject({ method: 'POST', url, payload, remoteAddress: address, headers: { cookie: jar.header, 'content-type': contentType, accept: 'text/html' } }));
    },
  };
}
