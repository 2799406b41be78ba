import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * Security headers, with a strict Content Security Policy: scripts and styles only from this
 * site, or inline with the page's nonce (GOV.UK's template has one inline script); no frames,
 * no plugins, forms post only here.
 */
export async function setUpSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Pages hold personal data: never kept by a shared computer's browser or a proxy.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
  app.addHook('onSend', async (request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('cache-control', 'no-store');
  });
}

/** The response's nonce for styles, for a page that carries its own stylesheet. */
export function styleNonce(reply: FastifyReply): string {
  return (reply as { cspNonce?: { style?: string } }).cspNonce?.style ?? '';
}

/**
 * Markup Redress made itself (the report, its charts: Observable Plot puts a <style> in each
 * chart) given the response's nonce, so its stylesheets are allowed and nothing else is.
 */
export function withStyleNonce(html: string, nonce: string): string {
  return html.replace(/<style(?=[\s>])(?![^>]*\bnonce=)/g, `<style nonce="${nonce}"`);
}
