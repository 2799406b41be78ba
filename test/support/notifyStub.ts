import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { after } from 'node:test';

/** One email Notify accepted. */
export interface NotifyEmail {
  id: string;
  templateId: string;
  emailAddress: string;
  personalisation: Record<string, string>;
  reference: string | undefined;
}

export interface NotifyStub {
  /** NOTIFY_BASE_URL for the client. */
  baseUrl: string;
  /** NOTIFY_API_KEY: a key of Notify's shape for this stub's service. */
  apiKey: string;
  serviceId: string;
  /** NOTIFY_TEMPLATE_ID: the one template the stub knows (subject ((subject)), body ((body))). */
  templateId: string;
  received: NotifyEmail[];
  /** Answer the next `n` requests with this status and error, as Notify words them. */
  refuseNext(n: number, status: number, error: string, message: string): void;
  waitFor(count: number, timeoutMs?: number): Promise<NotifyEmail[]>;
  close(): Promise<void>;
}

const fail = (res: ServerResponse, status: number, error: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status_code: status, errors: [{ error, message }] }));
};

const base64url = (b: Buffer) => b.toString('base64url');

/**
 * Checks a request's token the way Notify does: a JWT signed HS256 with the API key's secret,
 * `iss` the service id, `iat` within 30 seconds of now. Returns the reason it is refused, or null.
 */
export function checkNotifyToken(header: string | undefined, serviceId: string, secret: string, now = Date.now()): string | null {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!token) return 'Unauthorized: authentication token must be provided';
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) return 'Invalid token: not a JWT';
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'Invalid token: API key not found';
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
  if (header_.alg !== 'HS256') return 'Invalid token: algorithm used is not HS256';
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { iss?: string; iat?: number };
  if (claims.iss !== serviceId) return 'Invalid token: service not found';
  if (typeof claims.iat !== 'number' || Math.abs(now / 1000 - claims.iat) > 30) return 'Error: Your system clock must be accurate to within 30 seconds';
  return null;
}

/**
 * A local stand-in for GOV.UK Notify's POST /v2/notifications/email (the official client
 * talks to it through NOTIFY_BASE_URL): checks the token, the template and its
 * personalisation, records each email and answers 201 with Notify's response body.
 * Closed when the test file ends.
 */
export async function startNotifyStub(): Promise<NotifyStub> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const templateId = randomUUID();
  const received: NotifyEmail[] = [];
  let refusals: { n: number; status: number; error: string; message: string } = { n: 0, status: 0, error: '', message: '' };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || req.url !== '/v2/notifications/email') return fail(res, 404, 'NotFound', 'Not found');
    const authError = checkNotifyToken(req.headers.authorization, serviceId, secret);
    if (authError) return fail(res, 403, 'AuthError', authError);
    if (refusals.n > 0) {
      refusals.n -= 1;
      return fail(res, refusals.status, refusals.error, refusals.message);
    }
    const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      template_id?: string; email_address?: string; personalisation?: Record<string, string>; reference?: string;
    };
    if (payload.template_id !== templateId) return fail(res, 400, 'BadRequestError', 'Template not found');
    if (!payload.email_address?.includes('@')) return fail(res, 400, 'ValidationError', 'email_address Not a valid email address');
    const missing = ['subject', 'body'].filter((k) => payload.personalisation?.[k] === undefined);
    if (missing.length) return fail(res, 400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
    const id = randomUUID();
    const email = { id, templateId, emailAddress: payload.email_address, personalisation: payload.personalisation!, reference: payload.reference };
    received.push(email);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id, reference: payload.reference ?? null, uri: `${baseUrl}/v2/notifications/${id}`,
      content: { subject: email.personalisation.subject, body: email.personalisation.body, from_email: 'complaints@notifications.service.gov.uk', one_click_unsubscribe_url: null },
      template: { id: templateId, version: 1, uri: `${baseUrl}/services/${serviceId}/templates/${templateId}` },
    }));
  };
  const server = createServer((req, res) => { handle(req, res).catch(() => fail(res, 500, 'Exception', 'Internal server error')); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  after(close);
  return {
    baseUrl, serviceId, templateId, received,
    apiKey: `redress_test-${serviceId}-${secret}`,
    refuseNext: (n, status, error, message) => { refusals = { n, status, error, message }; },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} Notify emails, received ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    close,
  };
}

// for tests of the stub itself: a token made without the official client
export const signForTest = (claims: object, secret: string) => {
  const head = base64url(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })));
  const body = base64url(Buffer.from(JSON.stringify(claims)));
  return `${head}.${body}.${base64url(createHmac('sha256', secret).update(`${head}.${body}`).digest())}`;
};
