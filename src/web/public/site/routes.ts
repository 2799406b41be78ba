import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { LANGUAGES } from '../../i18n.ts';
import { badRequest, notFound } from '../../pipeline/httpProblems.ts';
import { LANGUAGE_COOKIE, loadPublicCouncil, publicRoot, renderPublic } from '../publicSite.ts';

const councilParams = z.object({ council: z.string() });
const languageParams = z.object({ council: z.string(), language: z.enum(LANGUAGES) });
const backQuery = z.object({ back: z.string().max(500).optional() }).strict();

/**
 * A council's public front door: the start page (complain, compliment, comment, track), the
 * accessibility statement, the privacy notice, and the language switch every page links to.
 */
export const publicSiteRoutes = (services: Services) => async (app: FastifyInstance) => {
  const { db } = services;

  app.get('/public/:council', async (request, reply) => {
    const council = await loadPublicCouncil(db.pool, councilParams.parse(request.params).council);
    return renderPublic(request, reply, council, 'public/site/start.njk');
  });

  for (const page of ['accessibility', 'privacy'] as const) {
    app.get(`/public/:council/${page}`, async (request, reply) => {
      const council = await loadPublicCouncil(db.pool, councilParams.parse(request.params).council);
      return renderPublic(request, reply, council, `public/site/${page}.njk`);
    });
  }

  // The switch: remembers the language (a year, this council's pages only) and goes back to
  // the page it was chosen on — only ever a page of the same council's, never elsewhere.
  app.get('/public/:council/language/:language', async (request, reply) => {
    const params = languageParams.safeParse(request.params);
    if (!params.success) throw notFound();
    const query = backQuery.safeParse(request.query);
    if (!query.success) throw badRequest('The page to go back to is not one of ours.');
    const council = await loadPublicCouncil(db.pool, params.data.council);
    if (!council.languages.includes(params.data.language)) throw notFound();
    const root = publicRoot(council);
    const back = query.data.back;
    const safeBack = back && (back === root || back.startsWith(`${root}/`)) && !/[\\\s]|\/\/|\.\./.test(back) ? back : root;
    reply.setCookie(LANGUAGE_COOKIE, params.data.language, {
      path: root, maxAge: 365 * 24 * 3600, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https',
    });
    return reply.redirect(safeBack, 303);
  });
};
