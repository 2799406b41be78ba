import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, CookieJar, csrfTokenIn } from '../../../../test/support/staffSession.ts';
import { createAccount } from '../../../accounts/accountRepository.ts';
import { emailFromClaims, signInWithProvider } from '../../../accounts/singleSignOn.ts';
import { readConfig } from '../../../config.ts';
import { createApp, type OidcSettings } from '../../app.ts';

/**
 * Single sign-on against a real OpenID provider (oidc-provider, run here on 127.0.0.1 with a
 * random port): the app's routes, openid-client and the provider speak the whole protocol —
 * discovery, PKCE, state, nonce, the code exchange and the signed ID token. Only the
 * provider's login screen is replaced: its interaction signs in whichever user the test names.
 */

const BASE_URL = 'http://127.0.0.1:3999'; // the app's address as the provider sees it (the app itself is driven by inject)
const CLIENT = { clientId: 'redress', clientSecret: `secret-${randomUUID()}` };

interface TestUser { email?: string; email_verified?: boolean; preferred_username?: string; name?: string }

/** A running OpenID provider with one client (the app) and the users given by subject. */
async function startTestProvider(options: { claimsInIdToken?: boolean } = {}) {
  const users = new Map<string, TestUser>();
  let signInAs = '';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'test' }] },
    cookies: { keys: [randomUUID()] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    clients: [{
      client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: [`${BASE_URL}/sign-in/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'],
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    // Entra ID puts the email and sign-in name in the ID token; by default oidc-provider keeps them for userinfo.
    conformIdTokenClaims: options.claimsInIdToken === false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const user = users.get(sub);
      return user ? { accountId: sub, claims: async () => ({ sub, ...user }) } : undefined;
    },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    // The login and consent screens, answered at once: the user the test named signs in and agrees.
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: signInAs } }, { mergeWithLastSubmission: false });
      } else {
        const grant = new provider.Grant({ accountId: details.session!.accountId!, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      }
    })().catch((error: unknown) => { res.statusCode = 500; res.end(String(error)); });
  });
  after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return {
    issuer,
    users,
    settings: { issuer, ...CLIENT, baseUrl: BASE_URL } satisfies OidcSettings,
    set signInAs(sub: string) { signInAs = sub; },
  };
}

/** oidc-provider's storage, in memory (its own in-memory adapter works too but warns on every start). */
function memoryAdapter() {
  const store = new Map<string, Record<string, unknown>>();
  return class {
    constructor(private readonly model: string) {}
    private key(id: string) { return `${this.model}:${id}`; }
    async upsert(id: string, payload: Record<string, unknown>) { store.set(this.key(id), payload); }
    async find(id: string) { return store.get(this.key(id)); }
    async findByUid(uid: string) { return [...store.entries()].find(([k, p]) => k.startsWith(`${this.model}:`) && p.uid === uid)?.[1]; }
    async findByUserCode(code: string) { return [...store.entries()].find(([k, p]) => k.startsWith(`${this.model}:`) && p.userCode === code)?.[1]; }
    async consume(id: string) { const p = store.get(this.key(id)); if (p) p.consumed = Math.floor(Date.now() / 1000); }
    async destroy(id: string) { store.delete(this.key(id)); }
    async revokeByGrantId(grantId: string) { for (const [k, p] of store) if (p.grantId === grantId) store.delete(k); }
  };
}

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const idp = await startTestProvider();
const app = await createApp({ db, clock: { now: () => new Date() }, oidc: idp.settings });
after(() => app.close());

/**
 * A browser signing in through the provider: the app's sign-in link, the provider's pages
 * (their redirects followed with the provider's own cookies), then the app's callback —
 * which `tamper` may change first.
 */
async function signInThroughProvider(sub: string, options: { jar?: CookieJar; tamper?: (callback: URL) => void } = {}) {
  const jar = options.jar ?? new CookieJar();
  const start = await app.inject({ url: '/sign-in/oidc', headers: { cookie: jar.header, accept: 'text/html' } });
  jar.take(start.headers['set-cookie']);
  assert.equal(start.statusCode, 303, `the sign-in link goes to the provider: ${start.body.slice(0, 200)}`);
  const authorization = new URL(String(start.headers.location));
  idp.signInAs = sub;
  const providerJar = new CookieJar();
  let url = authorization;
  for (let hops = 0; url.origin === idp.issuer; hops++) {
    if (hops > 10) throw new Error('The provider redirected too many times');
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: providerJar.header } });
    providerJar.take(response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (!location) throw new Error(`The provider answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.body?.cancel();
    url = new URL(location, url);
  }
  assert.equal(`${url.origin}${url.pathname}`, `${BASE_URL}/sign-in/oidc/callback`);
  options.tamper?.(url);
  const callback = await app.inject({ url: `${url.pathname}${url.search}`, headers: { cookie: jar.header, accept: 'text/html' } });
  jar.take(callback.headers['set-cookie']);
  return { jar, authorization, callback };
}

const get = async (jar: CookieJar, url: string) => {
  const response = await app.inject({ url, headers: { cookie: jar.header, accept: 'text/html' } });
  jar.take(response.headers['set-cookie']);
  return response;
};

/** Newest single sign-on audit entries written since `sinceId`. */
async function auditSince(sinceId: number) {
  const { rows } = await db.pool.query<{ action: string; account_id: number | null; council_id: number | null; detail: { codes?: Record<string, string> } }>(
    `SELECT action, account_id, council_id, detail FROM audit_entry WHERE id > $1 ORDER BY id`, [sinceId]);
  return rows.map((r) => ({ ...r, account_id: r.account_id === null ? null : Number(r.account_id), council_id: r.council_id === null ? null : Number(r.council_id) }));
}
const lastAuditId = async () => Number((await db.pool.query<{ id: number | null }>('SELECT max(id) AS id FROM audit_entry')).rows[0]!.id ?? 0);
const linkOf = async (accountId: number) =>
  (await db.pool.query<{ oidc_issuer: string | null; oidc_subject: string | null }>('SELECT oidc_issuer, oidc_subject FROM user_account WHERE id = $1', [accountId])).rows[0]!;

test('the sign-in page offers the council account, and a first sign-in through the provider finds the account by email and links it', async () => {
  const page = await app.inject({ url: '/sign-in' });
  assert.match(page.body, /href="\/sign-in\/oidc"/);
  assert.match(page.body, /Sign in with your council account/);

  const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Sandra Single' });
  const sub = `entra-${randomUUID()}`;
  idp.users.set(sub, { email: officer.email.toUpperCase(), name: 'Sandra Single', preferred_username: officer.email });
  const before = await lastAuditId();

  // The page asked for first is where the person lands, as with a password.
  const jar = new CookieJar();
  const asked = await get(jar, '/reports');
  assert.equal(asked.headers.location, '/sign-in');
  const { authorization, callback } = await signInThroughProvider(sub, { jar });
  assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorization.searchParams.get('state') && authorization.searchParams.get('nonce'), 'state and nonce sent');
  assert.equal(authorization.searchParams.get('scope'), 'openid email profile');
  assert.equal(callback.statusCode, 303, callback.body.slice(0, 400));
  assert.equal(callback.headers.location, '/reports');

  const home = await get(jar, '/');
  assert.equal(home.statusCode, 200, 'the session works');
  assert.match(home.body, /Sandra Single/);
  assert.deepEqual(await linkOf(officer.accountId), { oidc_issuer: idp.issuer, oidc_subject: sub }, 'the subject is linked');
  const entries = await auditSince(before);
  const signIn = entries.find((e) => e.action === 'sign_in' && e.account_id === officer.accountId);
  assert.ok(signIn, 'sign-in audited');
  assert.equal(signIn.council_id, council.id);

  // Signing out ends the local session.
  const out = await app.inject({
    method: 'POST', url: '/sign-out', headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenIn(home.body) }).toString(),
  });
  assert.equal(out.statusCode, 303);
  assert.equal((await get(jar, '/')).statusCode, 303, 'signed out');
});

test('a later sign-in finds the account by its linked subject, even after the email changed', async () => {
  const officer = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivor Linked' });
  const sub = `entra-${randomUUID()}`;
  idp.users.set(sub, { email: officer.email });
  assert.equal((await signInThroughProvider(sub)).callback.statusCode, 303);

  const renamed = `renamed-${randomUUID().slice(0, 8)}@example.test`;
  await db.pool.query('UPDATE user_account SET email = $2 WHERE id = $1', [officer.accountId, renamed]);
  idp.users.set(sub, { email: `someone-else-${randomUUID().slice(0, 8)}@example.test` });
  const { jar, callback } = await signInThroughProvider(sub);
  assert.equal(callback.statusCode, 303);
  assert.equal(callback.headers.location, '/');
  assert.match((await get(jar, '/')).body, /Ivor Linked/);
});

test('someone the council has not given an account is refused with a page saying so, and nothing is made for them', async () => {
  const sub = `entra-${randomUUID()}`;
  const email = `stranger-${randomUUID().slice(0, 8)}@example.test`;
  idp.users.set(sub, { email });
  const before = await lastAuditId();
  const { jar, callback } = await signInThroughProvider(sub);
  assert.equal(callback.statusCode, 403);
  assert.match(callback.body, /You cannot sign in to Redress with this account/);
  assert.match(callback.body, /system administrator/);
  assert.doesNotMatch(callback.body, new RegExp(email), 'the page does not repeat the email');
  assert.equal((await get(jar, '/')).statusCode, 303, 'not signed in');
  assert.equal((await db.pool.query('SELECT 1 FROM user_account WHERE email = $1 OR oidc_subject = $2', [email, sub])).rowCount, 0, 'no account made');
  // Only single sign-on's: other files sharing a server database sign in wrongly at the same time.
  const failed = (await auditSince(before)).filter((e) => e.action === 'sign_in_failed' && e.detail.codes?.method === 'oidc');
  assert.deepEqual(failed.map((e) => e.detail.codes), [{ method: 'oidc', reason: 'unknown_account' }], 'audited with codes only');
});

test('a disabled account is refused', async () => {
  const officer = await addTestStaff(db, council.id, ['complaints_officer']);
  await db.pool.query('UPDATE user_account SET disabled_at = now() WHERE id = $1', [officer.accountId]);
  const sub = `entra-${randomUUID()}`;
  idp.users.set(sub, { email: officer.email });
  const { callback } = await signInThroughProvider(sub);
  assert.equal(callback.statusCode, 403);
  assert.match(callback.body, /switched off/);
  assert.deepEqual(await linkOf(officer.accountId), { oidc_issuer: null, oidc_subject: null }, 'not linked');
});

test('a callback whose state was changed is refused, and the person is not signed in', async () => {
  const officer = await addTestStaff(db, council.id, ['complaints_officer']);
  const sub = `entra-${randomUUID()}`;
  idp.users.set(sub, { email: officer.email });
  const before = await lastAuditId();
  const { jar, callback } = await signInThroughProvider(sub, { tamper: (url) => url.searchParams.set('state', 'forged-state') });
  assert.equal(callback.statusCode, 400);
  assert.match(callback.body, /Signing in with your council account did not work/);
  assert.match(callback.body, /govuk-error-summary/);
  assert.equal((await get(jar, '/')).statusCode, 303, 'not signed in');
  assert.deepEqual(await linkOf(officer.accountId), { oidc_issuer: null, oidc_subject: null });
  // Only single sign-on's: other files sharing a server database sign in wrongly at the same time.
  const failed = (await auditSince(before)).filter((e) => e.action === 'sign_in_failed' && e.detail.codes?.method === 'oidc');
  assert.deepEqual(failed.map((e) => e.detail.codes), [{ method: 'oidc', reason: 'response_invalid' }]);
});

test('a callback with no sign-in under way, or the provider saying no, shows the sign-in page with the error', async () => {
  const stray = await app.inject({ url: '/sign-in/oidc/callback?code=abc&state=def', headers: { accept: 'text/html' } });
  assert.equal(stray.statusCode, 400);
  assert.match(stray.body, /Signing in with your council account did not work/);

  const jar = new CookieJar();
  const start = await get(jar, '/sign-in/oidc');
  const state = new URL(String(start.headers.location)).searchParams.get('state')!;
  const before = await lastAuditId();
  const cancelled = await get(jar, `/sign-in/oidc/callback?${new URLSearchParams({ error: 'access_denied', state, iss: idp.issuer })}`);
  assert.equal(cancelled.statusCode, 400);
  assert.match(cancelled.body, /Signing in with your council account did not work/);
  assert.match(cancelled.body, /name="password"/, 'the password form is still there');
  // Only single sign-on's: other files sharing a server database sign in wrongly at the same time.
  const failed = (await auditSince(before)).filter((e) => e.action === 'sign_in_failed' && e.detail.codes?.method === 'oidc');
  assert.deepEqual(failed.map((e) => e.detail.codes), [{ method: 'oidc', reason: 'provider_access_denied' }]);
});

test('with the provider down, the sign-in page says so (never a server error) and still offers the password form', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const down = await createApp({ db, clock: { now: () => new Date() }, oidc: { ...idp.settings, issuer: `http://127.0.0.1:${port}` } });
  after(() => down.close());
  const response = await down.inject({ url: '/sign-in/oidc', headers: { accept: 'text/html' } });
  assert.equal(response.statusCode, 503);
  assert.match(response.body, /Signing in with your council account did not work/);
  assert.match(response.body, /name="password"/);
  assert.doesNotMatch(response.body, /ECONNREFUSED|fetch failed/);
});

test('a provider that keeps the email for its userinfo endpoint works too', async () => {
  const other = await startTestProvider({ claimsInIdToken: false });
  const otherApp = await createApp({ db, clock: { now: () => new Date() }, oidc: other.settings });
  after(() => otherApp.close());
  const officer = await addTestStaff(db, council.id, ['complaints_officer']);
  const sub = `op-${randomUUID()}`;
  other.users.set(sub, { email: officer.email, email_verified: true });
  other.signInAs = sub;
  const jar = new CookieJar();
  const start = await otherApp.inject({ url: '/sign-in/oidc' });
  jar.take(start.headers['set-cookie']);
  const providerJar = new CookieJar();
  let url = new URL(String(start.headers.location));
  while (url.origin === other.issuer) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: providerJar.header } });
    providerJar.take(response.headers.getSetCookie());
    url = new URL(response.headers.get('location')!, url);
    await response.body?.cancel();
  }
  const callback = await otherApp.inject({ url: `${url.pathname}${url.search}`, headers: { cookie: jar.header } });
  assert.equal(callback.statusCode, 303, callback.body.slice(0, 300));
  assert.equal((await linkOf(officer.accountId)).oidc_subject, sub);
});

test('without single sign-on configured there is no button and no route', async () => {
  const plain = await createApp({ db, clock: { now: () => new Date() } });
  after(() => plain.close());
  assert.doesNotMatch((await plain.inject({ url: '/sign-in' })).body, /\/sign-in\/oidc/);
  assert.equal((await plain.inject({ url: '/sign-in/oidc', headers: { accept: 'text/html' } })).statusCode, 404);
});

// The decision itself (src/accounts/singleSignOn.ts), without the protocol.

test('the email comes from a verified email claim, else Entra ID’s sign-in name', () => {
  assert.equal(emailFromClaims({ sub: 's', email: ' Ann@Example.TEST ' }), 'ann@example.test');
  assert.equal(emailFromClaims({ sub: 's', email: 'ann@example.test', email_verified: true }), 'ann@example.test');
  assert.equal(emailFromClaims({ sub: 's', email: 'ann@example.test', email_verified: false, preferred_username: 'ann@example.test' }), null, 'an unverified email is not used, nor a fallback');
  assert.equal(emailFromClaims({ sub: 's', upn: 'Ann@council.test', preferred_username: 'other@council.test' }), 'ann@council.test');
  assert.equal(emailFromClaims({ sub: 's', preferred_username: 'ann@council.test' }), 'ann@council.test');
  assert.equal(emailFromClaims({ sub: 's', preferred_username: 'ann' }), null);
  assert.equal(emailFromClaims({ sub: 's' }), null);
});

test('the decision: link on first sign-in, then by subject; refuse a second identity, a disabled account, no council, no email', async () => {
  const issuer = `https://login.example.test/${randomUUID()}/v2.0`;
  const officer = await addTestStaff(db, council.id, ['complaints_officer']);
  const first = await signInWithProvider(db.pool, issuer, { sub: 'one', email: officer.email });
  assert.ok(first.ok && first.linkedNow && first.accountId === officer.accountId);
  assert.deepEqual(first.memberships.map((m) => m.councilId), [council.id]);
  const again = await signInWithProvider(db.pool, issuer, { sub: 'one' });
  assert.ok(again.ok && !again.linkedNow && again.accountId === officer.accountId, 'found by subject, no email needed');
  assert.deepEqual(await signInWithProvider(db.pool, issuer, { sub: 'two', email: officer.email }), { ok: false, reason: 'linked_elsewhere' });
  assert.deepEqual(await signInWithProvider(db.pool, issuer, { sub: 'three' }), { ok: false, reason: 'no_email' });
  assert.deepEqual(await signInWithProvider(db.pool, issuer, { sub: 'four', email: `nobody-${randomUUID()}@example.test` }), { ok: false, reason: 'unknown_account' });

  const lonely = `lonely-${randomUUID().slice(0, 8)}@example.test`;
  await createAccount(db.pool, { email: lonely, displayName: 'No Council' });
  assert.deepEqual(await signInWithProvider(db.pool, issuer, { sub: 'five', email: lonely }), { ok: false, reason: 'no_council' });

  await db.pool.query('UPDATE user_account SET disabled_at = now() WHERE id = $1', [officer.accountId]);
  assert.deepEqual(await signInWithProvider(db.pool, issuer, { sub: 'one' }), { ok: false, reason: 'disabled' }, 'disabled after linking');
});

test('the four OIDC variables are read together, or not at all', () => {
  const all = { OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret', OIDC_BASE_URL: 'https://complaints.example.gov.uk/' };
  assert.deepEqual(readConfig(all).oidc, { issuer: all.OIDC_ISSUER, clientId: 'id', clientSecret: 'secret', baseUrl: 'https://complaints.example.gov.uk' });
  assert.equal(readConfig({}).oidc, undefined);
  assert.throws(() => readConfig({ ...all, OIDC_CLIENT_SECRET: '' }), /OIDC_CLIENT_SECRET is not set/);
  assert.throws(() => readConfig({ ...all, OIDC_ISSUER: 'http://login.example.test' }), /OIDC_ISSUER must be an https:\/\/ address/);
  assert.throws(() => readConfig({ ...all, OIDC_BASE_URL: 'not a url' }), /OIDC_BASE_URL must be a web address/);
});
