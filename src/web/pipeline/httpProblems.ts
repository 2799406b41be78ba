/**
 * Errors a handler throws to get a GOV.UK error page with the right status: the error
 * handler (errorPages.ts) renders them; anything else is a 500 with no detail shown.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** A query or path value Redress cannot use: a 400 page naming it. */
export const badRequest = (reason: string) => new HttpProblem(400, reason);
export const notFound = (what = 'page') => new HttpProblem(404, `There is no such ${what}.`);
/** Out of the person's scope or role. Cases out of scope are 404 (their existence is not disclosed). */
export const forbidden = (reason = 'You do not have access to this.') => new HttpProblem(403, reason);
