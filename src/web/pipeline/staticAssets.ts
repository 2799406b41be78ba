import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { applicationCss } from '../assets/styles.ts';
import type { Database } from '../../db/database.ts';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/**
 * GOV.UK and MOJ assets (fonts are not served: Arial), the compiled stylesheet, the scripts,
 * and each council's colour as a tiny stylesheet (a style attribute would need the CSP to
 * allow inline styles).
 */
export async function setUpStaticAssets(app: FastifyInstance, db: Database): Promise<void> {
  const govuk = fromRoot('node_modules/govuk-frontend/dist/govuk/');
  const moj = fromRoot('node_modules/@ministryofjustice/frontend/moj/');
  await app.register(fastifyStatic, { root: [`${govuk}assets/images`, `${moj}assets/images`], prefix: '/assets/images/', maxAge: '1d' });
  await app.register(fastifyStatic, { root: `${govuk}assets`, prefix: '/assets/', decorateReply: false, allowedPath: (p) => p === '/manifest.json', maxAge: '1d' });
  await app.register(fastifyStatic, { root: [govuk, moj], prefix: '/javascripts/', decorateReply: false, allowedPath: (p) => /^\/(govuk|moj)-frontend\.min\.js(\.map)?$/.test(p) });
  await app.register(fastifyStatic, { root: fromRoot('src/web/assets/'), prefix: '/javascripts/app/', decorateReply: false, allowedPath: (p) => p === '/application.js' });
  const css = await applicationCss();
  app.get('/stylesheets/application.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css));
  app.get<{ Params: { slug: string } }>('/brand/:slug.css', async (request, reply) => {
    const { rows } = /^[a-z0-9-]{1,60}$/.test(request.params.slug)
      ? await db.pool.query<{ brand: { colour?: string } }>('SELECT brand FROM council WHERE slug = $1', [request.params.slug])
      : { rows: [] };
    const colour = rows[0]?.brand.colour;
    const safe = typeof colour === 'string' && /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : '#1d70b8';
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(`:root{--app-brand-colour:${safe}}\n`);
  });
}
