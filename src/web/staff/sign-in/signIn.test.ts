import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn, CookieJar, csrfTokenIn, TEST_PASSWORD } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { revokeSessions } from '../../pipeline/sessionStore.ts';

/** Signing in, the session's timeouts, CSRF, and the pages every request can meet. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
let now = new Date('2025-06-02T09:00:00Z');
const logLines: string[] = [];
const app = await createApp({
  db,
  clock: { now: () => now },
  log: { level: 'info', stream: new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }) },
});
const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Olive Officer' });

test('a page asks for sign-in first, and comes back to it after', async () => {
  const jar = new CookieJar();
  const first = await app.inject({ url: '/reports', headers: { accept: 'text/html' } });
  assert.equal(first.statusCode, 303);
  assert.equal(first.headers.location, '/sign-in');
  jar.take(first.headers['set-cookie']);
  const form = await app.inject({ url: '/sign-in', headers: { cookie: jar.header } });
  jar.take(form.headers['set-cookie']);
  assert.match(form.body, /<h1 class="govuk-heading-l">Sign in<\/h1>/);
  const signIn = await app.inject({
    method: 'POST', url: '/sign-in', headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email: officer.email.toUpperCase(), password: TEST_PASSWORD, _csrf: csrfTokenIn(form.body) }).toString(),
  });
  assert.equal(signIn.statusCode, 303);
  assert.equal(signIn.headers.location, '/reports', 'back to the page asked for');
});

test('a wrong password is refused with an error summary that keeps the email, and five lock the account', async () => {
  const person = await addTestStaff(db, council.id, ['complaints_officer']);
  const jar = new CookieJar();
  let token = '';
  const attempt = async (password: string) => {
    const page = await app.inject({ url: '/sign-in', headers: { cookie: jar.header } });
    jar.take(page.headers['set-cookie']);
    token = csrfTokenIn(page.body);
    const response = await app.inject({
      method: 'POST', url: '/sign-in', headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: person.email, password, _csrf: token }).toString(),
    });
    jar.take(response.headers['set-cookie']);
    return response;
  };
  const wrong = await attempt('not it');
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /govuk-error-summary/);
  assert.match(wrong.body, /Enter a correct email address and password/);
  assert.match(wrong.body, new RegExp(`value="${person.email}"`), 'the email typed is kept');
  assert.doesNotMatch(wrong.body, /value="not it"/, 'the password is never sent back');
  for (let i = 0; i < 3; i++) await attempt('still not it');
  const fifth = await attempt('nor this');
  assert.match(fifth.body, /too many times/);
  const right = await attempt(TEST_PASSWORD);
  assert.equal(right.statusCode, 400, 'locked: even the right password is refused');
  assert.match(right.body, /too many times/);
  now = new Date(now.getTime() + 16 * 60_000);
  const later = await attempt(TEST_PASSWORD);
  assert.equal(later.statusCode, 303, 'after the lock-out the right password works');
});

test('an email with no account reads exactly like a wrong password', async () => {
  const client = await signedIn(app, officer);
  await client.post('/sign-out', {});
  const page = await client.get('/sign-in');
  assert.equal(page.statusCode, 200);
  const response = await client.post('/sign-in', { email: 'nobody@example.test', password: 'whatever' });
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Enter a correct email address and password/);
});

test('a form sent without a valid CSRF token is refused and changes nothing', async () => {
  const client = await signedIn(app, officer);
  const missing = await client.post('/sign-out', {}, { csrf: null });
  assert.equal(missing.statusCode, 403);
  assert.match(missing.body, /Your form could not be sent/);
  const forged = await client.post('/sign-out', {}, { csrf: 'forged-token' });
  assert.equal(forged.statusCode, 403);
  assert.equal((await client.get('/')).statusCode, 200, 'still signed in: the forged sign-out did nothing');
});

test('a session idle past its timeout, or signed out, is refused', async () => {
  const client = await signedIn(app, officer);
  assert.equal((await client.get('/')).statusCode, 200);
  now = new Date(now.getTime() + 29 * 60_000);
  assert.equal((await client.get('/')).statusCode, 200, 'within 30 minutes of the last request');
  now = new Date(now.getTime() + 31 * 60_000);
  const timedOut = await client.get('/');
  assert.equal(timedOut.statusCode, 303, 'idle for 31 minutes: sign in again');
  assert.equal(timedOut.headers.location, '/sign-in');

  const again = await signedIn(app, officer);
  const out = await again.post('/sign-out', {});
  assert.equal(out.statusCode, 303);
  assert.equal((await again.get('/')).statusCode, 303, 'signed out: the old cookie no longer works');
});

test('every page carries a strict Content Security Policy and is never cached', async () => {
  const response = await app.inject({ url: '/sign-in' });
  const csp = String(response.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'nonce-[^']+'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers['cache-control'], 'no-store');
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  for (const script of response.body.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []) assert.ok(script.includes(`nonce="${nonce}"`), `inline script without the nonce: ${script}`);
  assert.doesNotMatch(response.body, /style="/, 'no inline styles (the CSP would block them)');
});

test('addresses no page can use get a GOV.UK error page, never a stack trace', async () => {
  const client = await signedIn(app, officer);
  const missing = await client.get('/no-such-page');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.body, /Page not found/);
  const nul = await client.get('/reports?year=%00');
  assert.equal(nul.statusCode, 400);
  assert.match(nul.body, /There is a problem with the web address/);
  const broken = await client.get('/reports?year=%E0%A4%A');
  assert.equal(broken.statusCode, 400);
  for (const body of [missing.body, nul.body, broken.body]) assert.doesNotMatch(body, /at .*\.ts:\d+|Error:/);
});

test('the log has a line per request with its id, and no names, emails, cookies or query strings', async () => {
  const client = await signedIn(app, officer);
  await client.get('/reports?search=Olive');
  const lines = logLines.join('');
  assert.match(lines, /"reqId":"[0-9a-f-]{36}"/);
  assert.doesNotMatch(lines, /Olive/);
  assert.doesNotMatch(lines, new RegExp(officer.email.replace('.', '\\.')));
  assert.doesNotMatch(lines, /redress\.sid=/);
  assert.doesNotMatch(lines, /search=/);
});

test('sign-in attempts from one address are rate-limited: the 21st in five minutes gets a "too many attempts" page', async () => {
  const limited = await createApp({ db, clock: { now: () => now } });
  const jar = new CookieJar();
  const page = await limited.inject({ url: '/sign-in' });
  jar.take(page.headers['set-cookie']);
  const token = csrfTokenIn(page.body);
  const statuses: number[] = [];
  for (let i = 0; i < 21; i++) {
    const response = await limited.inject({
      method: 'POST', url: '/sign-in', remoteAddress: '203.0.113.9', headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: `nobody-${i}@example.test`, password: 'guess', _csrf: token }).toString(),
    });
    statuses.push(response.statusCode);
    if (response.statusCode === 429) assert.match(response.body, /Too many attempts/);
  }
  assert.deepEqual(statuses.slice(0, 20), Array(20).fill(400));
  assert.equal(statuses[20], 429);
  await limited.close();
});

test('a session is refused once revoked (signed out everywhere) or once the account is disabled', async () => {
  const person = await addTestStaff(db, council.id, ['complaints_officer']);
  const first = await signedIn(app, person);
  const second = await signedIn(app, person);
  assert.equal((await first.get('/')).statusCode, 200);
  await revokeSessions(db.pool, person.accountId, now);
  assert.equal((await first.get('/')).statusCode, 303, 'revoked');
  assert.equal((await second.get('/')).statusCode, 303, 'every session of theirs');
  const third = await signedIn(app, person);
  assert.equal((await third.get('/')).statusCode, 200, 'a new sign-in works');
  await db.pool.query('UPDATE user_account SET disabled_at = $2 WHERE id = $1', [person.accountId, now]);
  assert.equal((await third.get('/')).statusCode, 303, 'disabled: the session ends at the next request');
});

test('stylesheets, scripts and images are served without reading the session or the database', async () => {
  const client = await signedIn(app, officer);
  const queries: string[] = [];
  const query = db.pool.query.bind(db.pool);
  (db.pool as { query: unknown }).query = (...args: Parameters<typeof query>) => { queries.push(String(args[0])); return query(...args); };
  try {
    for (const url of ['/stylesheets/application.css', '/javascripts/app/application.js', '/javascripts/govuk-frontend.min.js', '/assets/images/favicon.ico']) {
      const response = await client.get(url);
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['set-cookie'], undefined, `${url} sets no cookie`);
    }
  } finally {
    (db.pool as { query: unknown }).query = query;
  }
  assert.deepEqual(queries, [], 'no query for an asset');
});
