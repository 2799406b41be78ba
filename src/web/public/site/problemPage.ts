import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../../../db/database.ts';
import { HttpProblem } from '../../pipeline/httpProblems.ts';
import { loadPublicCouncil, renderPublic } from '../publicSite.ts';

/** The problems a resident can meet, each with its own words in public.json ("public.errors.<problem>"). */
export type PublicProblem = 'notFound' | 'tooMany' | 'serverError' | 'csrf' | 'badRequest';

/** The council whose public pages an address is under (/public/<slug>…), or null for any other address. */
export function publicSlugOf(url: string): string | null {
  return /^\/public\/([a-z0-9-]{1,60})(?:[/?#]|$)/.exec(url)?.[1] ?? null;
}

/**
 * An error page on a council's public pages, as the resident sees every other page there: in
 * their language, with the council's header and what to do next. Null when the address is not
 * a public page or its council cannot be loaded (unknown, or the database is what failed): the
 * caller then shows the plain error page. It never throws, since it runs inside the error handler.
 */
export async function renderPublicProblem(
  db: Queryable, request: FastifyRequest, reply: FastifyReply, problem: PublicProblem, status: number,
): Promise<FastifyReply | null> {
  const slug = publicSlugOf(request.url);
  if (!slug) return null;
  try {
    const council = await loadPublicCouncil(db, slug);
    return renderPublic(request, reply, council, 'public/site/error.njk', { problem, requestId: request.id }, status);
  } catch (error) {
    if (!(error instanceof HttpProblem)) request.log.warn({ err: error }, 'the public error page could not be shown; showing the plain one');
    return null;
  }
}
