import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { engineName, newTestCouncil, useTestDatabase } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, CookieJar, csrfTokenIn, signedIn } from '../../../../test/support/staffSession.ts';
import { ann, newCase, type Person } from '../../../../test/messages/caseMessagesSupport.ts';
import { createApp } from '../../app.ts';
import { actOnComplaint, type ComplaintAction } from '../../../complaints/complaintActions.ts';
import { respondWithLetter } from '../../../complaints/respondWithLetter.ts';
import { addCaseDocument } from '../../../casework/documents.ts';
import { addCaseNote } from '../../../casework/notes.ts';
import { systemActor } from '../../../events/actor.ts';
import { requestTrackingLink } from '../../../public/tracking/trackingLinks.ts';
import { NextStageRefusedError, requestNextStage } from '../../../public/tracking/requestNextStage.ts';

/**
 * Tracking a complaint: a link only to an address the case holds (and the same page for
 * everyone), opened without being used (email scanners open links first) and used once, by
 * the resident's Continue, within 30 minutes; the complaint as its resident sees it at each state,
 * in English and Welsh; the reply letter; and a request for stage 2 that lands in the staff
 * queue, refused cleanly when it cannot be made.
 */

const db = await useTestDatabase();
let now = new Date('2025-06-02T09:00:00Z');
const TODAY = '2025-06-02';
const app = await createApp({ db, clock: { now: () => now } });
const system = systemActor('tracking test');
// Cheshire West's procedure: stage 2 may be asked for within 20 working days of the stage 1 reply.
const cheshire = await newTestCouncil(db, { name: 'Cheshire Test Council', procedures: { corporate: 'cheshire-west-corporate' } });
// The Complaint Handling Code (England's default): extensions, and no time limit on asking for stage 2.
const england = await newTestCouncil(db, { name: 'England Test Council' });
const wales = await newTestCouncil(db, { name: 'Cyngor Prawf', nation: 'wales' });
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1');

/** A resident's browser: cookies, the last page's CSRF token, an address of its own (rate limits are per address). */
function resident(address = '198.51.100.7', language?: 'cy') {
  const jar = new CookieJar();
  if (language) jar.take(`redress_language=${language}`);
  let token = '';
  const send = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>, csrf = true) => {
    const body = new URLSearchParams(form);
    if (method === 'POST' && csrf) body.set('_csrf', token);
    const res = await app.inject({
      method, url, remoteAddress: address, ...(method === 'POST' ? { payload: body.toString() } : {}),
      headers: { cookie: jar.header, accept: 'text/html', ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.take(res.headers['set-cookie']);
    token = csrfTokenIn(res.body) || token;
    return res;
  };
  return { get: (url: string) => send('GET', url), post: (url: string, form: Record<string, string>, csrf = true) => send('POST', url, form, csrf) };
}

async function complaint(council: { id: number }, actions: ComplaintAction[] = [], options: { complainant?: Person; representative?: Person; receivedOn?: string } = {}) {
  const made = await newCase(db, council.id, { receivedOn: options.receivedOn ?? '2025-05-01', ...options });
  for (const action of actions) await actOnComplaint(db, council.id, made.reference, action, system, TODAY);
  return made;
}

const linksSent = async (contactId: number) => (await db.pool.query<{ recipient_address: string; language: string; subject: string; body: string }>(
  "SELECT recipient_address, language, subject, body FROM message WHERE contact_id = $1 AND template = 'tracking_link' ORDER BY id", [contactId])).rows;
/** A page's words as a person reads them: no tags, single spaces. */
const words = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ');
const tokenIn = (body: string, slug: string) => new RegExp(`http://localhost:3000/public/${slug}/track/([A-Za-z0-9_-]{43})`).exec(body)?.[1];

/** Opens a link and continues, as the resident does: the browser now sees the complaint. */
async function follow(browser: ReturnType<typeof resident>, slug: string, token: string) {
  const opened = await browser.get(`/public/${slug}/track/${token}`);
  assert.equal(opened.statusCode, 200, opened.body);
  const continued = await browser.post(`/public/${slug}/track/${token}`, {});
  assert.equal(continued.statusCode, 303, continued.body);
  return continued;
}

/** Asks for a link as a resident would and follows it: the browser now sees the complaint. */
async function tracking(council: { id: number; slug: string }, made: { reference: string; contactId: number }, email = ann.email!, language?: 'cy') {
  const browser = resident('198.51.100.20', language);
  await browser.get(`/public/${council.slug}/track`);
  const asked = await browser.post(`/public/${council.slug}/track`, { reference: made.reference, email });
  assert.equal(asked.statusCode, 303);
  await follow(browser, council.slug, tokenIn((await linksSent(made.contactId)).at(-1)!.body, council.slug)!);
  return browser;
}

const usedAt = async (token: string) => (await db.pool.query<{ used_at: Date | null }>(
  'SELECT used_at FROM tracking_link WHERE token_sha256 = $1', [createHash('sha256').update(token).digest('hex')])).rows[0]!.used_at;

test(`a link goes only to an address the complaint holds, and every answer is the same page (${engineName()})`, async () => {
  const made = await complaint(england, [], { representative: { fullName: 'Rob Rep', email: 'rob@advice.example' } });
  const browser = resident();
  const start = await browser.get(`/public/${england.slug}/track`);
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /<h1 class="govuk-heading-l">Track your complaint<\/h1>/);
  assert.match(start.body, /<div hidden>[\s\S]*name="website"/, 'the honeypot is hidden from people');

  // Any case of letters, either person on the case.
  const sentPage = await browser.post(`/public/${england.slug}/track`, { reference: made.reference.toLowerCase(), email: ' ANN@Example.TEST ' });
  assert.equal(sentPage.statusCode, 303);
  assert.equal(sentPage.headers.location, `/public/${england.slug}/track/sent`);
  let links = await linksSent(made.contactId);
  assert.equal(links.length, 1);
  assert.equal(links[0]!.recipient_address, 'ann@example.test');
  assert.equal(links[0]!.subject, `Your link to track complaint ${made.reference}`);
  assert.match(links[0]!.body, /^Dear Ann Example/);
  assert.match(links[0]!.body, /The link works once, for 30 minutes\./);
  const token = tokenIn(links[0]!.body, england.slug)!;
  assert.ok(token, links[0]!.body);
  const { rows: [row] } = await db.pool.query<{ token_sha256: string; created_at: Date; expires_at: Date; used_at: Date | null }>(
    'SELECT token_sha256, created_at, expires_at, used_at FROM tracking_link WHERE contact_id = $1', [made.contactId]);
  assert.equal(row!.token_sha256, createHash('sha256').update(token).digest('hex'), 'only the hash is kept');
  assert.equal(row!.expires_at.getTime() - row!.created_at.getTime(), 30 * 60_000);
  assert.equal(row!.used_at, null);

  await browser.post(`/public/${england.slug}/track`, { reference: made.reference, email: 'rob@advice.example' });
  assert.equal((await linksSent(made.contactId)).at(-1)!.recipient_address, 'rob@advice.example');

  // Wrong address, unknown reference, a robot: the same redirect, the same page, nothing sent.
  const before = (await linksSent(made.contactId)).length;
  for (const form of [
    { reference: made.reference, email: 'someone.else@example.test', website: '' },
    { reference: 'NOPE-2025-999', email: 'ann@example.test', website: '' },
    { reference: made.reference, email: 'ann@example.test', website: 'http://spam.example' },
  ]) {
    const res = await browser.post(`/public/${england.slug}/track`, form);
    assert.equal(res.statusCode, 303, JSON.stringify(form));
    assert.equal(res.headers.location, `/public/${england.slug}/track/sent`);
  }
  links = await linksSent(made.contactId);
  assert.equal(links.length, before);
  const page = await browser.get(`/public/${england.slug}/track/sent`);
  assert.match(page.body, /Check your email/);
  assert.doesNotMatch(page.body, new RegExp(made.reference));

  // Errors say what to fix and keep what was typed; no CSRF token, no change.
  const empty = await browser.post(`/public/${england.slug}/track`, { reference: '', email: 'not an email' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /govuk-error-summary[\s\S]*href="#reference">Enter your complaint reference[\s\S]*href="#email">Enter an email address in the correct format/);
  assert.match(empty.body, /value="not an email"/);
  const long = await browser.post(`/public/${england.slug}/track`, { reference: 'A'.repeat(41), email: `${'a'.repeat(250)}@x.uk` });
  assert.match(long.body, /40 characters or fewer[\s\S]*254 characters or fewer/);
  assert.equal((await browser.post(`/public/${england.slug}/track`, { reference: made.reference, email: 'ann@example.test' }, false)).statusCode, 403);
  assert.equal((await linksSent(made.contactId)).length, before);
});

test('opening a link changes nothing: an email scanner that opens it first leaves it for the resident, whose Continue uses it', async () => {
  const made = await complaint(england);
  const browser = resident();
  await browser.get(`/public/${england.slug}/track`);
  await browser.post(`/public/${england.slug}/track`, { reference: made.reference, email: 'ann@example.test' });
  const token = tokenIn((await linksSent(made.contactId)).at(-1)!.body, england.slug)!;
  const url = `/public/${england.slug}/track/${token}`;

  // Safe Links, Mimecast, Proofpoint: each fetches the link, from its own address, with no cookies, maybe more than once.
  for (const scanner of ['40.94.0.1', '40.94.0.1', '185.58.85.1']) {
    const scanned = await resident(scanner).get(url);
    assert.equal(scanned.statusCode, 200);
    assert.match(scanned.body, /<h1 class="govuk-heading-l">Continue to your complaint<\/h1>/);
    assert.doesNotMatch(scanned.body, new RegExp(made.reference), 'the page says nothing about the complaint');
    assert.equal(scanned.headers['cache-control'], 'no-store');
    assert.equal(scanned.headers['set-cookie'] === undefined || !/redress_language/.test(String(scanned.headers['set-cookie'])), true);
  }
  assert.equal(await usedAt(token), null, 'still unused after three scans');

  // The resident's click: the same page, a form that posts back to the link with a CSRF token.
  const page = await browser.get(url);
  assert.match(page.body, new RegExp(`<form method="post" action="${url}" novalidate>\\s*<input type="hidden" name="_csrf" value="[^"]+">`));
  assert.match(page.body, /<button[^>]*>\s*Continue\s*<\/button>/);
  assert.equal((await browser.post(url, {}, false)).statusCode, 403, 'no CSRF token, no use');
  assert.equal(await usedAt(token), null);
  const continued = await browser.post(url, {});
  assert.equal(continued.statusCode, 303);
  assert.equal(continued.headers.location, `/public/${england.slug}/track/case`, 'the token leaves the address bar');
  assert.ok(await usedAt(token));
  assert.equal((await browser.get(`/public/${england.slug}/track/case`)).statusCode, 200);
  // Used now: opening it again, or a scanner's late look, gets the explanation; continuing again does nothing.
  const after = await resident('40.94.0.1').get(url);
  assert.equal(after.statusCode, 410);
  assert.match(after.body, /This link has already been used/);
  assert.doesNotMatch(after.body, /Continue to your complaint/);
  const late = resident('198.51.100.30');
  await late.get(`/public/${england.slug}/track`);
  assert.equal((await late.post(url, {})).statusCode, 410);
});

test('a link works once and for 30 minutes; a wrong one is not recognised; the complaint is seen for an hour at most', async () => {
  const made = await complaint(england);
  const browser = resident();
  await browser.get(`/public/${england.slug}/track`);
  await browser.post(`/public/${england.slug}/track`, { reference: made.reference, email: 'ann@example.test' });
  const token = tokenIn((await linksSent(made.contactId)).at(-1)!.body, england.slug)!;

  assert.equal((await browser.get(`/public/${england.slug}/track/case`)).statusCode, 401, 'no link opened yet');
  const opened = await follow(browser, england.slug, token);
  assert.equal(opened.headers.location, `/public/${england.slug}/track/case`, 'the token leaves the address bar');
  const page = await browser.get(`/public/${england.slug}/track/case`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`Complaint ${made.reference}`));
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.doesNotMatch(page.body, new RegExp(token));

  const again = await resident().get(`/public/${england.slug}/track/${token}`);
  assert.equal(again.statusCode, 410);
  assert.match(again.body, /This link has already been used[\s\S]*Ask for a new link/);
  const twice = resident('198.51.100.9');
  await twice.get(`/public/${england.slug}/track`);
  assert.equal((await twice.post(`/public/${england.slug}/track/${token}`, {})).statusCode, 410, 'a second Continue elsewhere does not open it');

  const other = resident('198.51.100.8');
  await other.get(`/public/${england.slug}/track`);
  await other.post(`/public/${england.slug}/track`, { reference: made.reference, email: 'ann@example.test' });
  const late = tokenIn((await linksSent(made.contactId)).at(-1)!.body, england.slug)!;
  try {
    now = new Date(now.getTime() + 20 * 60_000);
    assert.equal((await browser.get(`/public/${england.slug}/track/case`)).statusCode, 200);
    assert.equal((await other.get(`/public/${england.slug}/track/${late}`)).statusCode, 200, 'opened in time');
    now = new Date(now.getTime() + 11 * 60_000);
    const expired = await other.get(`/public/${england.slug}/track/${late}`);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /This link has expired/);
    assert.equal((await other.post(`/public/${england.slug}/track/${late}`, {})).statusCode, 410, 'nor does Continue on a page opened in time');
    assert.equal(await usedAt(late), null);
    const unknown = await other.get(`/public/${england.slug}/track/${randomBytes(32).toString('base64url')}`);
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /This link is not recognised/);
    assert.equal((await other.get(`/public/${england.slug}/track/not-a-token`)).statusCode, 404);
    assert.equal((await other.post(`/public/${england.slug}/track/${randomBytes(32).toString('base64url')}`, {})).statusCode, 404);
    // A link of one council's does not open another's.
    assert.equal((await resident().get(`/public/${cheshire.slug}/track/${late}`)).statusCode, 404);
    // The first browser's hour is not over yet (31 minutes, pages seen on the way), then it is.
    assert.equal((await browser.get(`/public/${england.slug}/track/case`)).statusCode, 200);
    now = new Date(now.getTime() + 29 * 60_000 + 1000);
    const ended = await browser.get(`/public/${england.slug}/track/case`);
    assert.equal(ended.statusCode, 401);
    assert.match(ended.body, /You need a new link to see your complaint/);
  } finally {
    now = new Date('2025-06-02T09:00:00Z');
  }
});

test('the complaint as its resident sees it: open, extended, answered with its outcome and letter, and nothing about staff', async () => {
  const officer = (await db.pool.query<{ id: number }>("INSERT INTO staff_member (council_id, name, email) VALUES ($1, 'Oscar Officer', 'oscar@example.org') RETURNING id", [england.id])).rows[0]!.id;
  const open = await complaint(england, [{ type: 'acknowledge', on: '2025-05-02' }, { type: 'allocate', on: '2025-05-02', staffMemberId: Number(officer) }]);
  await addCaseNote(db, { councilId: england.id, contactId: open.contactId, text: 'Internal: resident is difficult', on: '2025-05-03' }, system);
  let body = (await (await tracking(england, open)).get(`/public/${england.slug}/track/case`)).body;
  assert.match(body, /We are looking into your complaint at stage 1\./);
  assert.match(words(body), /We aim to reply by 19 May 2025/, 'ten working days from the acknowledgement, over the May bank holiday');
  assert.match(body, /What stage 1 means/);
  assert.doesNotMatch(body, /Oscar|Internal|difficult|Ask for your complaint to be looked at again|Ombudsman/);

  const extended = await complaint(england, [{ type: 'acknowledge', on: '2025-05-02' }, { type: 'extend', on: '2025-05-14', to: '2025-05-30', reason: 'Waiting for the crew' }]);
  body = (await (await tracking(england, extended)).get(`/public/${england.slug}/track/case`)).body;
  assert.match(body, /We agreed a new date: 30 May 2025/);
  assert.doesNotMatch(body, /Waiting for the crew/, 'the reason is in the letter, not on the page');

  const answered = await complaint(england, [{ type: 'acknowledge', on: '2025-05-02' }]);
  await respondWithLetter(db, england.id, answered.reference, { on: '2025-05-15', outcome: 'partially_upheld', letterFile: { filename: 'Reply to Ann.pdf', bytes: PDF } }, system, TODAY);
  const evidence = await addCaseDocument(db, { councilId: england.id, contactId: answered.contactId, filename: 'officer notes.pdf', kind: 'evidence', bytes: PDF, on: '2025-05-10' }, system);
  const browser = await tracking(england, answered);
  body = (await browser.get(`/public/${england.slug}/track/case`)).body;
  assert.match(body, /We have replied to your complaint at stage 1\./);
  assert.match(words(body), /We replied on 15 May 2025/);
  assert.match(body, /Partly upheld: we agreed with some of your complaint/);
  const letterId = /href="\/public\/[^/]+\/track\/case\/letter\/(\d+)"/.exec(body)?.[1];
  assert.ok(letterId, 'a link to the reply letter');
  assert.doesNotMatch(body, /officer notes/);
  // The Code sets no time limit on stage 2: the resident may ask, with no closing date.
  assert.match(body, /You can ask us to look at your complaint again at stage 2\./);
  assert.match(body, /href="\/public\/[^/]+\/track\/case\/ask-again"/);
  const letter = await browser.get(`/public/${england.slug}/track/case/letter/${letterId}`);
  assert.equal(letter.statusCode, 200);
  assert.equal(letter.headers['content-type'], 'application/pdf');
  assert.match(String(letter.headers['content-disposition']), /attachment; filename="Reply to Ann.pdf"/);
  assert.deepEqual(letter.rawPayload, PDF);
  assert.equal((await browser.get(`/public/${england.slug}/track/case/letter/${evidence.id}`)).statusCode, 404, 'only reply letters');
  assert.equal((await resident().get(`/public/${england.slug}/track/case/letter/${letterId}`)).statusCode, 401, 'only to the tracked complaint');
  const { rows: audit } = await db.pool.query<{ action: string; actor: string; origin: string }>(
    'SELECT action, actor, origin FROM audit_entry WHERE council_id = $1 AND contact_id = $2 ORDER BY id', [england.id, answered.contactId]);
  assert.deepEqual(audit.map((a) => a.action), ['view_case', 'download_document']);
  assert.match(audit[0]!.origin, /^public web /);
});

test('stage 2 is offered until the window closes, then the page says so and names the Ombudsman', async () => {
  const inWindow = await complaint(cheshire, [{ type: 'respond', on: '2025-05-20', outcome: 'not_upheld' }], { receivedOn: '2025-05-12' });
  let body = (await (await tracking(cheshire, inWindow)).get(`/public/${cheshire.slug}/track/case`)).body;
  assert.match(body, /Not upheld: we did not agree with your complaint/);
  assert.match(body, /You can ask us to look at your complaint again at stage 2 until 18 June 2025\./);
  assert.doesNotMatch(body, /Ombudsman/);

  const closed = await complaint(cheshire, [{ type: 'respond', on: '2025-03-07', outcome: 'upheld' }], { receivedOn: '2025-03-03' });
  const browser = await tracking(cheshire, closed);
  body = (await browser.get(`/public/${cheshire.slug}/track/case`)).body;
  assert.match(body, /The time to ask us to look at your complaint again at stage 2 ended on 4 April 2025\./);
  assert.match(body, /You can ask the Local Government and Social Care Ombudsman to look at your complaint/);
  assert.match(body, /href="https:\/\/www\.lgo\.org\.uk"[\s\S]*0300 061 0614/);
  assert.doesNotMatch(body, /track\/case\/ask-again/);
  const refused = await browser.get(`/public/${cheshire.slug}/track/case/ask-again`);
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /The time to ask us to look at your complaint again ended on 4 April 2025\./);
  await assert.rejects(requestNextStage(db, cheshire.id, closed.contactId, { notSatisfied: 'x', wanted: 'y' }, system, TODAY),
    (e: unknown) => e instanceof NextStageRefusedError && e.why === 'window_closed');
});

test('in Welsh: the complaint, its stage and the Ombudsman in the resident’s language', async () => {
  const made = await complaint(wales, [{ type: 'respond', on: '2025-05-20', outcome: 'upheld' }, { type: 'request_escalation', on: '2025-05-21' },
    { type: 'accept_escalation', on: '2025-05-22' }, { type: 'respond', on: '2025-05-30', outcome: 'partially_upheld' }], { receivedOn: '2025-05-12' });
  const browser = resident('198.51.100.21', 'cy');
  await browser.get(`/public/${wales.slug}/track`);
  await browser.post(`/public/${wales.slug}/track`, { reference: made.reference, email: ann.email! });
  const [link] = await linksSent(made.contactId);
  assert.equal(link!.language, 'cy');
  assert.equal(link!.subject, `Eich dolen i ddilyn cwyn ${made.reference}`);
  // Opened on another device, where no language was chosen: the language it was asked for in (the council's first is English).
  const phone = resident('198.51.100.22');
  const token = tokenIn(link!.body, wales.slug)!;
  const opened = await phone.get(`/public/${wales.slug}/track/${token}`);
  assert.match(opened.body, /<html lang="cy"[\s\S]*<h1 class="govuk-heading-l">Ewch ymlaen at eich cwyn<\/h1>[\s\S]*Parhau/);
  assert.equal(opened.headers['set-cookie'] === undefined || !/redress_language/.test(String(opened.headers['set-cookie'])), true, 'opening it sets nothing');
  await follow(phone, wales.slug, token);
  const body = (await phone.get(`/public/${wales.slug}/track/case`)).body;
  assert.match(body, /<html lang="cy"/);
  assert.match(body, /Rydym wedi ateb eich cwyn yng ngham 2\./);
  assert.match(body, /Wedi’i chadarnhau’n rhannol/);
  assert.match(body, /30 Mai 2025/);
  assert.match(body, /Gallwch ofyn i Ombwdsmon Gwasanaethau Cyhoeddus Cymru edrych ar eich cwyn/);
  assert.match(body, /www\.ombwdsmon\.cymru/);
});

test('a request for stage 2: reasons (required, limited), check, confirm; it lands in the escalation requests queue, once', async () => {
  const made = await complaint(cheshire, [{ type: 'respond', on: '2025-05-20', outcome: 'not_upheld' }], { receivedOn: '2025-05-12' });
  const browser = await tracking(cheshire, made);
  const root = `/public/${cheshire.slug}/track/case/ask-again`;
  assert.equal((await browser.get(root)).statusCode, 200);
  const empty = await browser.post(root, { notSatisfied: '  ', wanted: 'x'.repeat(2501) });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /href="#notSatisfied">Enter why you are not happy with our reply[\s\S]*href="#wanted">What you would like to happen must be 2500 characters or fewer/);
  const typed = await browser.post(root, { notSatisfied: 'You did not answer\nabout the <crew>', wanted: 'Collect my bin' });
  assert.equal(typed.statusCode, 303);
  const check = await browser.get(`${root}/check`);
  assert.match(check.body, /You did not answer<br \/?>\s*about the &lt;crew&gt;/);
  assert.match(check.body, /Collect my bin/);
  assert.equal((await browser.get(root)).body.includes('Collect my bin'), true, 'Change keeps what was typed');
  const sent = await browser.post(`${root}/check`, {});
  assert.equal(sent.statusCode, 303);
  const done = await browser.get(`${root}/sent`);
  assert.match(done.body, /Request sent[\s\S]*Your reference is<br><strong>[^<]+<\/strong>/);
  assert.match(done.body, new RegExp(made.reference));

  const { rows: [event] } = await db.pool.query<{ actor: string; origin: string; occurred_on: string; data: { reason: string } }>(
    "SELECT actor, origin, occurred_on::text, data FROM case_event WHERE contact_id = $1 AND type = 'escalation_requested'", [made.contactId]);
  assert.equal(event!.actor, 'resident (public web)');
  assert.match(event!.origin, /^public web /);
  assert.equal(event!.occurred_on, TODAY);
  assert.equal(event!.data.reason, 'Why they are not satisfied: You did not answer\nabout the <crew>\n\nWhat they want to happen: Collect my bin');

  const officer = await addTestStaff(db, cheshire.id, ['complaints_officer']);
  const home = (await (await signedIn(app, officer)).get('/')).body;
  const queue = /id="queue-escalationRequests"[\s\S]*?<\/section>/.exec(home)?.[0] ?? '';
  assert.match(queue, new RegExp(made.reference), 'the request is in the staff queue');

  const page = (await browser.get(`/public/${cheshire.slug}/track/case`)).body;
  assert.match(page, /You asked on 2 June 2025 for your complaint to be looked at again at stage 2\./);
  const twice = await browser.get(root);
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /You have already asked/);
  await assert.rejects(requestNextStage(db, cheshire.id, made.contactId, { notSatisfied: 'x', wanted: 'y' }, system, TODAY),
    (e: unknown) => e instanceof NextStageRefusedError && e.why === 'already_asked');
});

test('asking for links is limited: 10 a quarter-hour from one address, 5 an hour for one complaint', async () => {
  const made = await complaint(england);
  const robot = resident('203.0.113.99');
  await robot.get(`/public/${england.slug}/track`);
  for (let i = 0; i < 10; i++) assert.equal((await robot.post(`/public/${england.slug}/track`, { reference: `X-${i}`, email: 'a@b.example' })).statusCode, 303);
  assert.equal((await robot.post(`/public/${england.slug}/track`, { reference: made.reference, email: 'ann@example.test' })).statusCode, 429);
  assert.equal((await linksSent(made.contactId)).length, 0);

  const outcomes = [];
  for (let i = 0; i < 6; i++) outcomes.push(await requestTrackingLink(db, england, { reference: made.reference, email: 'ann@example.test' }, 'en', now));
  assert.deepEqual(outcomes, ['sent', 'sent', 'sent', 'sent', 'sent', 'too_many']);
  assert.equal(await requestTrackingLink(db, england, { reference: made.reference, email: 'ann@example.test' }, 'en', new Date(now.getTime() + 61 * 60_000)), 'sent');
});

