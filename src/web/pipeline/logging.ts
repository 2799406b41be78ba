import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';

export interface LogSettings {
  level: string;
  /** Where log lines go (stdout by default); tests read them to check nothing personal is written. */
  stream?: DestinationStream;
}

/**
 * Structured logs (pino, Fastify's own logger): one line per request with its id, method,
 * path (never the query string, which may hold a search), status, time and the account id —
 * no names, no form fields, no cookies, no database addresses.
 */
/**
 * The path as logged: no query string, and a resident's one-time tracking link (a secret
 * that opens their complaint for an hour) shown only as where it was.
 */
export function loggedPath(url: string): string {
  return url.split('?')[0]!.replace(/\/track\/[A-Za-z0-9_-]{20,}/, '/track/[one-time link]');
}

export function loggerOptions(settings: LogSettings): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.email'], censor: '[hidden]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: loggedPath(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      err: (err: Error & { code?: string }) => ({ type: err.name, code: err.code, message: err.message.replace(/postgres(ql)?:\/\/\S+/g, '[database address]'), stack: err.stack }),
    },
  };
  return {
    logger: settings.stream ? { ...options, stream: settings.stream } : options,
    genReqId: () => randomUUID(),
    // A request id from outside is not trusted (it would let a caller forge log lines' ids).
    requestIdHeader: false,
  };
}
