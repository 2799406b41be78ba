import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/database.ts';
import { translator, type Language } from '../i18n.ts';
import { notFound } from '../pipeline/httpProblems.ts';

/**
 * What every public page needs (issue 9): the council whose pages these are (by the slug in
 * /public/<council>/…), the languages it offers, and the resident's language — chosen with
 * the switch on every page and remembered in a cookie. No sign-in, nothing personal in a URL.
 */
export interface PublicCouncil {
  id: number;
  slug: string;
  name: string;
  nation: string;
  brand: { colour?: string; logoUrl?: string };
  languages: Language[];
}

export const LANGUAGE_COOKIE = 'redress_language';

export async function loadPublicCouncil(db: Queryable, slug: string): Promise<PublicCouncil> {
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw notFound();
  const { rows } = await db.query<PublicCouncil>(
    'SELECT id, slug, name, nation, brand, public_languages AS languages FROM council WHERE slug = $1', [slug]);
  if (!rows[0]) throw notFound();
  return rows[0];
}

/** The resident's language: their remembered choice if the council offers it, else the council's first. */
export function languageOf(request: FastifyRequest, council: PublicCouncil): Language {
  const chosen = request.cookies?.[LANGUAGE_COOKIE];
  return council.languages.find((l) => l === chosen) ?? council.languages[0]!;
}

/** The root of a council's public pages. */
export const publicRoot = (council: Pick<PublicCouncil, 'slug'>) => `/public/${council.slug}`;

/**
 * Renders a public page in the resident's language: `t` in that language, the page's lang
 * attribute, and the language switch (a link per other language the council offers, to
 * /public/<council>/language/<lang>?back=<this page>).
 */
export function renderPublic(
  request: FastifyRequest, reply: FastifyReply, council: PublicCouncil, view: string, context: Record<string, unknown> = {}, status = 200,
): FastifyReply {
  const language = languageOf(request, council);
  const here = request.url.split('?')[0]!;
  const switches = council.languages.filter((l) => l !== language).map((l) => ({
    language: l, href: `${publicRoot(council)}/language/${l}?back=${encodeURIComponent(here)}`,
  }));
  return reply.code(status).view(view, {
    t: translator(language), htmlLang: language, language, publicCouncil: council, council: { slug: council.slug, name: council.name, brand: council.brand },
    root: publicRoot(council), languageSwitches: switches, ...context,
  });
}
