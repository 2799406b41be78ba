import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/database.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { addMembership, createAccount } from '../../src/accounts/accountRepository.ts';
import { hashPassword } from '../../src/accounts/passwords.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | null = null;

export interface TestStaff {
  accountId: number;
  staffMemberId: number;
  email: string;
  name: string;
}

/**
 * A member of staff who can sign in to one council: an account with a unique email (files
 * share a database), a staff record and a membership with the roles and directorates given.
 */
export async function addTestStaff(
  db: Database,
  councilId: number,
  roles: Role[],
  options: { directorates?: number[]; maySeeRestricted?: boolean; name?: string } = {},
): Promise<TestStaff> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const email = `staff-${randomUUID().slice(0, 12)}@example.test`;
  const name = options.name ?? `Test ${roles[0]!.replace(/_/g, ' ')}`;
  const staff = await db.pool.query<{ id: number }>('INSERT INTO staff_member (council_id, name, email) VALUES ($1, $2, $3) RETURNING id', [councilId, name, email]);
  const accountId = await createAccount(db.pool, { email, displayName: name, passwordHash: await hashed });
  await addMembership(db.pool, {
    councilId, accountId, staffMemberId: staff.rows[0]!.id, roles,
    allDirectorates: !options.directorates, directorates: options.directorates ?? [], maySeeRestricted: options.maySeeRestricted ?? false,
  });
  return { accountId, staffMemberId: Number(staff.rows[0]!.id), email, name };
}

/** Cookies as a browser keeps them: sent back on every request, replaced by Set-Cookie. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(setCookie: string | string[] | undefined): void {
    for (const c of [setCookie ?? []].flat()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
  }
  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The CSRF token of the page's first form. */
export const csrfTokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * A signed-in browser-like client for app.inject: `get` and `post` (a form, with the CSRF
 * token of the page last fetched unless one is given) keep the session cookie.
 */
export async function signedIn(app: FastifyInstance, staff: { email: string }, password = TEST_PASSWORD) {
  const jar = new CookieJar();
  let lastToken = '';
  const client = {
    jar,
    async get(url: string) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: jar.header, accept: 'text/html' } });
      jar.take(response.headers['set-cookie']);
      const token = csrfTokenIn(response.body);
      if (token) lastToken = token;
      return response;
    },
    async post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | null } = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
      if (options.csrf !== null) body.set('_csrf', options.csrf ?? lastToken);
      const response = await app.inject({
        method: 'POST', url, payload: body.toString(),
        headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      });
      jar.take(response.headers['set-cookie']);
      const token = csrfTokenIn(response.body);
      if (token) lastToken = token;
      return response;
    },
  };
  await client.get('/sign-in');
  const response = await client.post('/sign-in', { email: staff.email, password });
  if (response.statusCode !== 303) throw new Error(`Signing in failed (${response.statusCode}): ${response.body.slice(0, 300)}`);
  await client.get('/'); // as a browser lands on a page: a token from the new session
  return client;
}
