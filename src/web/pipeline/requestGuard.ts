import type { FastifyInstance } from 'fastify';
import { badRequest } from './httpProblems.ts';

const MAX_URL = 4096;

/**
 * Refuses, before any route runs, an address no page can use: too long, or holding a NUL
 * byte or broken percent-encoding. Each route's own query schema (zod) refuses the rest
 * (huge numbers, impossible years) with a 400 page, never a 500.
 */
export function setUpRequestGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL) throw badRequest('the address is too long.');
    let decoded: string;
    try {
      decoded = decodeURIComponent(request.url);
    } catch {
      throw badRequest('the address is not encoded correctly.');
    }
    if (decoded.includes('\0')) throw badRequest('the address holds a character that cannot be used.');
  });
}
