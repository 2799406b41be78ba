import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { multipartBody } from '../../staff/case/caseTestSupport.ts';
import { createApp } from '../../app.ts';
import type { VirusScanner } from '../../../uploads/virusScan.ts';
import { resident } from './residentClient.ts';

/**
 * Residents' complaints, compliments and comments on the public pages: one question a page,
 * errors that keep what was typed, in English and Welsh; nothing written until they confirm,
 * one contact however often they confirm; what the staff then see and who is told.
 */

const db = await useTestDatabase();
const now = new Date('2026-11-30T10:00:00Z');
// A scanner stands in for ClamAV here (the real daemon is in test/uploads and the browser test): it finds the word VIRUS.
const scanner: VirusScanner = { scan: async (content) => (content.includes('VIRUS') ? { clean: false, virus: 'Test.Virus' } : { clean: true }) };
const app = await createApp({ db, clock: { now: () => now }, virusScanner: scanner });
const plainApp = await createApp({ db, clock: { now: () => now } });

const council = await newTestCouncil(db, { nation: 'wales' });
const insert = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ id: string }>(sql, params)).rows[0]!.id);
const unit = (kind: string, name: string, parent: number | null) =>
  insert('INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent]);
const place = await unit('directorate', 'Place', null);
const waste = await unit('service', 'Waste', place);
const children = await unit('directorate', 'Children and Families', null);
const childCare = await unit('service', 'Children’s Social Care', children);
const bins = await insert('INSERT INTO workspace (council_id, name, name_cy, org_unit_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, 'Bins and recycling', 'Biniau ac ailgylchu', waste]);
const parking = await insert('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Parking', place]);
const social = await insert('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Help for children and families', childCare]);
await insert('INSERT INTO workspace (council_id, name, offered_to_residents) VALUES ($1, $2, false) RETURNING id', [council.id, 'Internal audit']);
const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Olive Officer' });
const admin = await addTestStaff(db, council.id, ['complaints_administrator'], { name: 'Ada Admin', maySeeRestricted: true });
const placeOnly = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Pat Place', directorates: [place] });
await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivan Investigator' });

const root = `/public/${council.slug}`;
const contacts = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM contact WHERE council_id = $1', [council.id])).rows[0]!.n);
let addressCount = 0;
const newResident = (a = app) => resident(a, `198.51.100.${++addressCount}`);

/** Answers a complaint for oneself up to check your answers. */
async function complaintToCheck(r: ReturnType<typeof resident>, details: Record<string, string> = {}) {
  await r.get(`${root}/complaint`);
  const steps: [string, Record<string, string>][] = [
    ['complaint', { who: 'myself' }],
    ['complaint/service', { service: String(bins) }],
    ['complaint/what-happened', { what: 'My bin was not emptied for three weeks.' }],
    ['complaint/put-right', { putRight: 'Empty it and say sorry.' }],
    ['complaint/attachments', { action: 'continue' }],
    ['complaint/your-details', { fullName: 'Rhian Resident', email: 'rhian@example.test', phone: '', address: '1 High Street\nTownton', ...details }],
    ['complaint/how-to-contact-you', { contactBy: 'email' }],
    ['complaint/adjustments', { hasAdjustments: 'yes', largePrint: 'yes', adjustments: '' }],
  ];
  for (const [path, form] of steps) {
    if (path === 'complaint/attachments') {
      const page = await r.get(`${root}/${path}`);
      const body = multipartBody({ _csrf: r.token, action: 'continue' }, null);
      const sent = await r.postMultipart(`${root}/${path}`, body.payload, body.contentType);
      assert.equal(sent.statusCode, 303, `${path}: ${page.statusCode} ${sent.body.slice(0, 300)}`);
      continue;
    }
    await r.get(`${root}/${path}`);
    const sent = await r.post(`${root}/${path}`, form);
    assert.equal(sent.statusCode, 303, `${path}: ${sent.body.slice(0, 2000)}`);
  }
  const check = await r.get(`${root}/complaint/check`);
  assert.equal(check.statusCode, 200);
  return check;
}

test('a complaint, one question a page, is written only when confirmed, and shows its reference', async () => {
  const r = newResident();
  const before = await contacts();
  const check = await complaintToCheck(r);
  assert.match(check.body, /Check your answers before sending/);
  assert.match(check.body, /My bin was not emptied for three weeks\./);
  assert.match(check.body, /Bins and recycling/);
  assert.match(check.body, /Large print/);
  assert.match(check.body, new RegExp(`href="${root}/complaint/service\\?from=check"`));
  assert.equal(await contacts(), before, 'nothing written before the resident confirms');
  const sent = await r.post(`${root}/complaint/check`, {});
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `${root}/complaint/confirmation`);
  const done = await r.get(`${root}/complaint/confirmation`);
  const reference = /govuk-panel__body">[\s\S]*?<strong>([A-Z]{3}\d{2}-\d{6})<\/strong>/.exec(done.body)?.[1];
  assert.ok(reference, done.body);
  assert.match(done.body, /rhian@example\.test/);
  assert.equal(await contacts(), before + 1);
});

const contactRow = async (reference: string) => (await db.pool.query<{
  id: string; kind: string; channel: string; language: string; workspace_id: string | null; org_unit_id: string | null; procedure_code: string | null;
  summary: string; complainant_group: string | null; complainant: Record<string, unknown> | null; representative: Record<string, unknown> | null;
}>(
  `SELECT c.id, c.kind, c.channel, c.language, c.workspace_id, c.org_unit_id, c.procedure_code, c.summary, c.complainant_group,
          to_jsonb(cp) AS complainant, to_jsonb(rp) AS representative
     FROM contact c LEFT JOIN person cp ON cp.id = c.complainant_id LEFT JOIN person rp ON rp.id = c.representative_id
    WHERE c.council_id = $1 AND c.reference = $2`, [council.id, reference])).rows[0]!;
const messagesFor = async (contactId: string) => (await db.pool.query<{ template: string; recipient_address: string; language: string; channel: string; subject: string; body: string; large_print: boolean }>(
  'SELECT template, recipient_address, language, channel, subject, body, large_print FROM message WHERE council_id = $1 AND contact_id = $2 ORDER BY template, recipient_address',
  [council.id, contactId])).rows;
const referenceIn = (html: string) => /govuk-panel__body">[\s\S]*?<strong>([A-Z]{3}\d{2}-\d{6})<\/strong>/.exec(html)?.[1];

async function welsh(r: ReturnType<typeof resident>) {
  const chosen = await r.get(`${root}/language/cy?back=${encodeURIComponent(root)}`);
  assert.equal(chosen.statusCode, 303);
}

test('every question page shows a GOV.UK error summary that keeps what was typed, in English and in Welsh', async () => {
  for (const language of ['en', 'cy'] as const) {
    const r = newResident();
    if (language === 'cy') await welsh(r);
    const expect = async (path: string, form: Record<string, string>, field: string, message: RegExp, kept?: RegExp) => {
      const page = await r.post(`${root}/${path}`, form);
      assert.equal(page.statusCode, 400, `${language} ${path}`);
      assert.match(page.body, /govuk-error-summary/, `${language} ${path}`);
      assert.match(page.body, new RegExp(`href="#${field}"`), `${language} ${path}: the summary links to ${field}`);
      assert.match(page.body, message, `${language} ${path}`);
      assert.match(page.body, language === 'cy' ? /<title>Gwall: / : /<title>Error: /, `${language} ${path}`);
      if (kept) assert.match(page.body, kept, `${language} ${path}: what was typed is kept`);
      assert.match(page.body, new RegExp(`<html lang="${language}"`));
    };
    const cy = language === 'cy';
    await r.get(`${root}/complaint`);
    await expect('complaint', { who: 'someoneElse', theirName: 'Tomos <b>Jones</b>', relationship: '' }, 'relationship',
      cy ? /Dewiswch sut rydych yn ei adnabod/ : /Select how you know them/, /value="Tomos &lt;b&gt;Jones&lt;\/b&gt;"/);
    await expect('complaint', {}, 'who', cy ? /Dewiswch ar ran pwy mae’r gŵyn/ : /Select who the complaint is for/);
    assert.equal((await r.post(`${root}/complaint`, { who: 'someoneElse', theirName: 'Tomos Jones', relationship: 'relative' })).statusCode, 303);
    await r.get(`${root}/complaint/consent`);
    await expect('complaint/consent', {}, 'consent', cy ? /Dewiswch ‘ydy’ os yw’n cytuno/ : /Select yes if they agree/);
    assert.equal((await r.post(`${root}/complaint/consent`, { consent: 'yes' })).statusCode, 303);
    await r.get(`${root}/complaint/service`);
    await expect('complaint/service', { service: '999999' }, 'service', cy ? /Dewiswch y gwasanaeth/ : /Select the service/);
    assert.equal((await r.post(`${root}/complaint/service`, { service: 'notSure' })).statusCode, 303);
    await r.get(`${root}/complaint/what-happened`);
    await expect('complaint/what-happened', { what: `Too long ${'x'.repeat(10_000)}` }, 'what', cy ? /10,000 nod neu lai/ : /10,000 characters or fewer/, /Too long x{100}/);
    await expect('complaint/what-happened', { what: '   ' }, 'what', cy ? /Dywedwch wrthym beth ddigwyddodd/ : /Tell us what happened/);
    assert.equal((await r.post(`${root}/complaint/what-happened`, { what: 'The road outside was closed without notice.' })).statusCode, 303);
    await r.get(`${root}/complaint/put-right`);
    await expect('complaint/put-right', { putRight: '' }, 'putRight', cy ? /beth fyddai’n unioni pethau/ : /what would put things right/);
    assert.equal((await r.post(`${root}/complaint/put-right`, { putRight: 'Tell us next time.' })).statusCode, 303);
    await r.get(`${root}/complaint/attachments`);
    const noFile = multipartBody({ _csrf: r.token, action: 'upload' }, null);
    const attachments = await r.postMultipart(`${root}/complaint/attachments`, noFile.payload, noFile.contentType);
    assert.equal(attachments.statusCode, 400);
    assert.match(attachments.body, cy ? /Dewiswch ffeil i’w huwchlwytho/ : /Select a file to upload/);
    const virus = multipartBody({ _csrf: r.token, action: 'upload' }, { name: 'file', filename: 'letter.txt', type: 'text/plain', content: Buffer.from('A VIRUS in a letter') });
    const refused = await r.postMultipart(`${root}/complaint/attachments`, virus.payload, virus.contentType);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, cy ? /Mae’r ffeil letter\.txt yn cynnwys firws\. Dewiswch ffeil wahanol\./ : /The file letter\.txt contains a virus\. Choose a different file\./);
    const cont = multipartBody({ _csrf: r.token, action: 'continue' }, null);
    assert.equal((await r.postMultipart(`${root}/complaint/attachments`, cont.payload, cont.contentType)).statusCode, 303);
    await r.get(`${root}/complaint/your-details`);
    await expect('complaint/your-details', { fullName: 'Rhian', email: 'not-an-email', phone: '', address: '' }, 'email',
      cy ? /Rhowch gyfeiriad e-bost yn y fformat cywir/ : /Enter an email address in the correct format/, /value="not-an-email"/);
    await expect('complaint/your-details', { fullName: 'Rhian', email: '', phone: '', address: '' }, 'email', cy ? /er mwyn i ni allu cysylltu â chi/ : /so we can contact you/);
    await expect('complaint/your-details', { fullName: 'x'.repeat(201), email: '', phone: '12', address: '' }, 'fullName', cy ? /200 nod neu lai/ : /200 characters or fewer/);
    assert.equal((await r.post(`${root}/complaint/your-details`, { fullName: 'Rhian Resident', email: '', phone: '01632 960001', address: '' })).statusCode, 303);
    await r.get(`${root}/complaint/how-to-contact-you`);
    await expect('complaint/how-to-contact-you', { contactBy: 'email' }, 'contactBy', cy ? /Nid ydych wedi rhoi cyfeiriad e-bost/ : /You have not given an email address/);
    await expect('complaint/how-to-contact-you', { contactBy: 'post' }, 'contactBy', cy ? /Nid ydych wedi rhoi cyfeiriad post/ : /You have not given a postal address/);
    assert.equal((await r.post(`${root}/complaint/your-details`, { fullName: 'Rhian Resident', email: '', phone: '', address: '1 Stryd Fawr' })).statusCode, 303);
    assert.equal((await r.post(`${root}/complaint/how-to-contact-you`, { contactBy: 'post' })).statusCode, 303);
    await r.get(`${root}/complaint/adjustments`);
    await expect('complaint/adjustments', { hasAdjustments: 'yes', adjustments: '' }, 'adjustments', cy ? /Dewiswch brint bras/ : /Select large print or tell us what you need/);
    await expect('complaint/adjustments', {}, 'hasAdjustments', cy ? /Dewiswch ‘oes’/ : /Select yes if you need us/);
    assert.equal((await r.post(`${root}/complaint/adjustments`, { hasAdjustments: 'no' })).statusCode, 303);
    const check = await r.get(`${root}/complaint/check`);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, cy ? /Gwiriwch eich atebion cyn anfon/ : /Check your answers before sending/);
    // The compliment and comment pages' own errors.
    await r.get(`${root}/compliment`);
    await expect('compliment', {}, 'service', cy ? /Dewiswch y gwasanaeth/ : /Select the service/);
    await r.post(`${root}/compliment`, { service: String(bins) });
    await expect('compliment/what-happened', { what: '' }, 'what', cy ? /Dywedwch wrthym beth ddigwyddodd/ : /Tell us what happened/);
    await r.post(`${root}/compliment/what-happened`, { what: 'Great crew.' });
    await expect('compliment/your-details', { fullName: '', email: 'a@example.test' }, 'fullName', cy ? /Rhowch eich enw, neu gadewch/ : /Enter your name, or leave your contact details empty/, /value="a@example\.test"/);
    await r.get(`${root}/comment`);
    await r.post(`${root}/comment`, { service: 'notSure' });
    await expect('comment/what-happened', { what: '' }, 'what', cy ? /Rhowch eich sylw/ : /Enter your comment/);
  }
});

test('services are the council’s workspaces offered to residents, named in Welsh where the council has a Welsh name, with “I’m not sure”', async () => {
  const r = newResident();
  const english = await r.get(`${root}/complaint/service`);
  assert.equal(english.statusCode, 303, 'the first question comes first');
  await r.get(`${root}/complaint`);
  await r.post(`${root}/complaint`, { who: 'myself' });
  const page = (await r.get(`${root}/complaint/service`)).body;
  for (const name of ['Bins and recycling', 'Parking', 'Help for children and families', 'I’m not sure']) assert.match(page, new RegExp(name));
  assert.doesNotMatch(page, /Internal audit/);
  await welsh(r);
  const cy = (await r.get(`${root}/complaint/service`)).body;
  assert.match(cy, /Biniau ac ailgylchu/);
  assert.match(cy, /Parking/, 'no Welsh name: the English one');
  assert.match(cy, /Dydw i ddim yn siŵr/);
  assert.match(cy, /Am ba wasanaeth mae eich cwyn\?/);
});

test('a complaint arrives awaiting triage as the staff see it: web form, the resident’s language; the resident and the complaints team are told', async () => {
  const r = newResident();
  await welsh(r);
  await complaintToCheck(r);
  assert.equal((await r.post(`${root}/complaint/check`, {})).statusCode, 303);
  const reference = referenceIn((await r.get(`${root}/complaint/confirmation`)).body)!;
  const row = await contactRow(reference);
  assert.equal(row.kind, 'complaint');
  assert.equal(row.channel, 'web_form');
  assert.equal(row.language, 'cy');
  assert.equal(Number(row.workspace_id), bins);
  assert.equal(Number(row.org_unit_id), waste);
  assert.equal(row.procedure_code, 'corporate');
  assert.equal(row.complainant?.full_name, 'Rhian Resident');
  assert.equal(row.complainant?.language, 'cy');
  assert.equal(row.complainant?.contact_by, 'email');
  assert.equal(row.complainant?.large_print, true);
  assert.equal(row.representative, null);
  assert.match(row.summary, /My bin was not emptied for three weeks\.\n\nWhat would put it right:\nEmpty it and say sorry\./);

  const staff = await signedIn(app, officer);
  const home = await staff.get('/');
  assert.match(home.body, new RegExp(reference), 'in the awaiting-triage queue');
  const casePage = await staff.get(`/cases/${reference}`);
  assert.equal(casePage.statusCode, 200);
  assert.match(casePage.body, /Web form/);

  const messages = await messagesFor(row.id);
  const toResident = messages.filter((m) => m.template === 'contact_received');
  assert.equal(toResident.length, 1);
  assert.equal(toResident[0]!.recipient_address, 'rhian@example.test');
  assert.equal(toResident[0]!.language, 'cy');
  assert.equal(toResident[0]!.large_print, true);
  assert.match(toResident[0]!.subject, new RegExp(`Rydym wedi cael eich cwyn – ${reference}`));
  assert.match(toResident[0]!.body, /Beth fydd yn digwydd nesaf/);
  const toTeam = messages.filter((m) => m.template === 'new_web_contact').map((m) => m.recipient_address).sort();
  assert.deepEqual(toTeam, [officer.email, admin.email, placeOnly.email].sort(), 'the complaints team who may see it, not the investigating officer');
  const one = messages.find((m) => m.template === 'new_web_contact')!;
  assert.equal(one.language, 'en');
  assert.match(one.body, new RegExp(`/cases/${reference}`));
  assert.match(one.body, /about Bins and recycling/);
});

test('a complaint for someone else: the resident is their representative, with the person’s agreement recorded; without it the form stops', async () => {
  const r = newResident();
  await r.get(`${root}/complaint`);
  await r.post(`${root}/complaint`, { who: 'someoneElse', theirName: 'Tomos Jones', relationship: 'carer' });
  const consent = await r.get(`${root}/complaint/consent`);
  assert.match(consent.body, /Does Tomos Jones agree to you making this complaint for them\?/);
  const refused = await r.post(`${root}/complaint/consent`, { consent: 'no' });
  assert.equal(refused.headers.location, `${root}/complaint/consent-needed`);
  const stop = await r.get(`${root}/complaint/consent-needed`);
  assert.match(stop.body, /You need their agreement first/);
  assert.equal((await r.get(`${root}/complaint/service`)).headers.location, `${root}/complaint/consent`, 'no going on without agreement');
  assert.equal((await r.get(`${root}/complaint/check`)).headers.location, `${root}/complaint/consent`);
  await r.post(`${root}/complaint/consent`, { consent: 'yes' });
  await r.post(`${root}/complaint/service`, { service: String(social) });
  await r.post(`${root}/complaint/what-happened`, { what: 'No visit for a month.' });
  await r.post(`${root}/complaint/put-right`, { putRight: 'A visit.' });
  const cont = multipartBody({ _csrf: r.token, action: 'continue' }, null);
  await r.postMultipart(`${root}/complaint/attachments`, cont.payload, cont.contentType);
  await r.post(`${root}/complaint/your-details`, { fullName: 'Cerys Carer', email: 'cerys@example.test', phone: '', address: '' });
  await r.post(`${root}/complaint/how-to-contact-you`, { contactBy: 'email' });
  await r.post(`${root}/complaint/adjustments`, { hasAdjustments: 'no' });
  const check = await r.get(`${root}/complaint/check`);
  assert.match(check.body, /Tomos Jones agrees to you making this complaint for them/);
  await r.post(`${root}/complaint/check`, {});
  const reference = referenceIn((await r.get(`${root}/complaint/confirmation`)).body)!;
  const row = await contactRow(reference);
  assert.equal(row.complainant?.full_name, 'Tomos Jones');
  assert.equal(row.representative?.full_name, 'Cerys Carer');
  assert.equal(row.representative?.email, 'cerys@example.test');
  assert.equal(row.complainant_group, 'carer');
  assert.equal(row.procedure_code, 'children_statutory');
  assert.match(row.summary, /Consent: the person making the complaint confirmed on the web form that Tomos Jones agrees to them acting for them\./);
  const messages = await messagesFor(row.id);
  assert.deepEqual(messages.filter((m) => m.template === 'contact_received').map((m) => m.recipient_address), ['cerys@example.test'], 'to the representative');
  assert.deepEqual(messages.filter((m) => m.template === 'new_web_contact').map((m) => m.recipient_address), [admin.email], 'a restricted case: only those who may see it');
});

test('nothing is written until the resident confirms, and confirming twice (back button, double click) makes one contact', async () => {
  const r = newResident();
  const before = await contacts();
  await complaintToCheck(r);
  assert.equal(await contacts(), before);
  const token = r.token;
  const [first, second] = await Promise.all([r.post(`${root}/complaint/check`, {}, { csrf: token }), r.post(`${root}/complaint/check`, {}, { csrf: token })]);
  assert.equal(first.statusCode, 303);
  assert.equal(second.statusCode, 303);
  assert.equal(await contacts(), before + 1, 'a double click: one contact');
  const again = await r.post(`${root}/complaint/check`, {}, { csrf: token });
  assert.equal(again.headers.location, `${root}/complaint/confirmation`, 'back and confirm again: the confirmation again');
  assert.equal(await contacts(), before + 1);
  assert.ok(referenceIn((await r.get(`${root}/complaint/confirmation`)).body));
  assert.equal((await r.get(`${root}/complaint/check`)).headers.location, `${root}/complaint`, 'the answers are gone: start again');
});

test('a filled honeypot on any form looks like success and writes nothing', async () => {
  const before = await contacts();
  const bot = newResident();
  await bot.get(`${root}/complaint`);
  assert.match((await bot.get(`${root}/complaint`)).body, /<input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off">/);
  const first = await bot.post(`${root}/complaint`, { who: 'myself', website: 'http://spam.example' });
  assert.equal(first.headers.location, `${root}/complaint/confirmation`);
  assert.ok(referenceIn((await bot.get(`${root}/complaint/confirmation`)).body), 'a plausible reference');
  const r = newResident();
  await complaintToCheck(r);
  const sent = await r.post(`${root}/complaint/check`, { website: 'cheap pills' });
  assert.equal(sent.headers.location, `${root}/complaint/confirmation`);
  assert.equal(await contacts(), before, 'nothing written');
  assert.equal((await r.get(`${root}/complaint/check`)).headers.location, `${root}/complaint`, 'the answers are forgotten');
});

test('every form needs its CSRF token', async () => {
  const r = newResident();
  await r.get(`${root}/comment`);
  assert.equal((await r.post(`${root}/comment`, { service: 'notSure' }, { csrf: null })).statusCode, 403);
  assert.equal((await r.post(`${root}/comment/check`, {}, { csrf: 'forged' })).statusCode, 403);
});

test('sending is rate limited by address: the eleventh in an hour is refused with 429, another address is not', async () => {
  const r = newResident();
  await r.get(`${root}/comment`);
  for (let i = 0; i < 10; i++) assert.equal((await r.post(`${root}/comment/check`, {})).statusCode, 303, `send ${i + 1}`);
  const limited = await r.post(`${root}/comment/check`, {});
  assert.equal(limited.statusCode, 429);
  const other = newResident();
  await other.get(`${root}/comment`);
  assert.equal((await other.post(`${root}/comment/check`, {})).statusCode, 303);
});

test('question pages are rate limited too, generously', async () => {
  const r = newResident();
  await r.get(`${root}/comment`);
  let status = 0;
  for (let i = 0; i < 301 && status !== 429; i++) status = (await r.post(`${root}/comment`, { service: 'notSure' })).statusCode;
  assert.equal(status, 429);
});

test('a compliment may be anonymous; with a name and email address the resident is thanked', async () => {
  const anonymous = newResident();
  await anonymous.get(`${root}/compliment`);
  await anonymous.post(`${root}/compliment`, { service: String(parking) });
  await anonymous.post(`${root}/compliment/what-happened`, { what: 'The attendant helped me find a space.' });
  await anonymous.post(`${root}/compliment/your-details`, { fullName: '', email: '' });
  const check = await anonymous.get(`${root}/compliment/check`);
  assert.match(check.body, /Not given/);
  await anonymous.post(`${root}/compliment/check`, {});
  const reference = referenceIn((await anonymous.get(`${root}/compliment/confirmation`)).body)!;
  const row = await contactRow(reference);
  assert.equal(row.kind, 'compliment');
  assert.equal(row.complainant, null);
  assert.equal(row.language, 'en');
  assert.deepEqual((await messagesFor(row.id)).map((m) => m.template), ['new_web_contact', 'new_web_contact', 'new_web_contact']);

  const named = newResident();
  await welsh(named);
  await named.get(`${root}/compliment`);
  await named.post(`${root}/compliment`, { service: String(bins) });
  await named.post(`${root}/compliment/what-happened`, { what: 'Criw gwych.' });
  await named.post(`${root}/compliment/your-details`, { fullName: 'Gwen', email: 'gwen@example.test' });
  await named.post(`${root}/compliment/check`, {});
  const thanked = await contactRow(referenceIn((await named.get(`${root}/compliment/confirmation`)).body)!);
  const thanks = (await messagesFor(thanked.id)).filter((m) => m.template === 'compliment_thanks');
  assert.equal(thanks.length, 1);
  assert.equal(thanks[0]!.language, 'cy');
  assert.equal(thanks[0]!.recipient_address, 'gwen@example.test');
});

test('a comment, with its confirmation email when the resident gives an address', async () => {
  const r = newResident();
  await r.get(`${root}/comment`);
  await r.post(`${root}/comment`, { service: 'notSure' });
  await r.post(`${root}/comment/what-happened`, { what: 'More benches in the park, please.' });
  await r.post(`${root}/comment/your-details`, { fullName: 'Ben Bench', email: 'ben@example.test' });
  await r.post(`${root}/comment/check`, {});
  const row = await contactRow(referenceIn((await r.get(`${root}/comment/confirmation`)).body)!);
  assert.equal(row.kind, 'comment');
  assert.equal(row.workspace_id, null);
  const messages = await messagesFor(row.id);
  const received = messages.find((m) => m.template === 'contact_received')!;
  assert.match(received.subject, /We have received your comment/);
  assert.deepEqual(messages.filter((m) => m.template === 'new_web_contact').map((m) => m.recipient_address).sort(), [officer.email, admin.email].sort(),
    'no service: those who cover every directorate');
});

test('a file the resident attaches becomes a case document when they confirm; removed files do not', async () => {
  const r = newResident();
  await r.get(`${root}/complaint`);
  await r.post(`${root}/complaint`, { who: 'myself' });
  await r.post(`${root}/complaint/service`, { service: String(bins) });
  await r.post(`${root}/complaint/what-happened`, { what: 'Bin left on the road.' });
  await r.post(`${root}/complaint/put-right`, { putRight: 'Put it back.' });
  await r.get(`${root}/complaint/attachments`);
  const upload = (filename: string, text: string) => {
    const body = multipartBody({ _csrf: r.token, action: 'upload' }, { name: 'file', filename, type: 'text/plain', content: Buffer.from(text) });
    return r.postMultipart(`${root}/complaint/attachments`, body.payload, body.contentType);
  };
  assert.equal((await upload('notes.txt', 'What I saw on the day.')).headers.location, `${root}/complaint/attachments`);
  assert.equal((await upload('mistake.txt', 'Not this one.')).statusCode, 303);
  const page = await r.get(`${root}/complaint/attachments`);
  assert.match(page.body, /notes\.txt/);
  const mistakeId = /name="upload" value="([0-9a-f]{32})">\s*<button[^>]*>Remove<span class="govuk-visually-hidden"> mistake\.txt/.exec(page.body)?.[1];
  assert.ok(mistakeId, page.body);
  assert.match(page.body, new RegExp(`<form method="post" action="${root}/complaint/attachments/remove"`));
  assert.equal((await r.post(`${root}/complaint/attachments/remove`, { upload: mistakeId })).statusCode, 303);
  const cont = multipartBody({ _csrf: r.token, action: 'continue' }, null);
  await r.get(`${root}/complaint/attachments`);
  await r.postMultipart(`${root}/complaint/attachments`, cont.payload, cont.contentType);
  await r.post(`${root}/complaint/your-details`, { fullName: 'Rhian', email: 'r@example.test', phone: '', address: '' });
  await r.post(`${root}/complaint/how-to-contact-you`, { contactBy: 'email' });
  await r.post(`${root}/complaint/adjustments`, { hasAdjustments: 'no' });
  const check = await r.get(`${root}/complaint/check`);
  assert.match(check.body, /notes\.txt/);
  assert.doesNotMatch(check.body, /mistake\.txt/);
  await r.post(`${root}/complaint/check`, {});
  const row = await contactRow(referenceIn((await r.get(`${root}/complaint/confirmation`)).body)!);
  const documents = (await db.pool.query<{ filename: string }>('SELECT filename FROM case_document WHERE council_id = $1 AND contact_id = $2', [council.id, row.id])).rows;
  assert.deepEqual(documents.map((d) => d.filename), ['notes.txt']);
});

test('without a virus scanner no attachments page is offered', async () => {
  const r = newResident(plainApp);
  await r.get(`${root}/complaint`);
  await r.post(`${root}/complaint`, { who: 'myself' });
  await r.post(`${root}/complaint/service`, { service: String(bins) });
  await r.post(`${root}/complaint/what-happened`, { what: 'Bin left on the road.' });
  const next = await r.post(`${root}/complaint/put-right`, { putRight: 'Put it back.' });
  assert.equal(next.headers.location, `${root}/complaint/your-details`);
  assert.equal((await r.get(`${root}/complaint/attachments`)).statusCode, 404);
});
