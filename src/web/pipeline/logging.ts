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
export function loggerOptions(settings: LogSettings): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.email'], censor: '[hidden]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
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
