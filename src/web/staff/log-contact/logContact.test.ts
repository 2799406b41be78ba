import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import type { Database } from '../../../db/database.ts';
import { createApp } from '../../app.ts';

/** Logging a contact: one question a page, check your answers, and nothing written before Confirm. */

const db = await useTestDatabase();
const now = new Date('2025-06-02T09:00:00Z');
const logLines: string[] = [];
const app = await createApp({
  db, clock: { now: () => now },
  log: { level: 'info', stream: new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }) },
});

/** A council with two directorates, a workspace and categories, and its complaints officer. */
async function councilWithStaff(db: Database) {
  const council = await newTestCouncil(db);
  const unit = async (kind: string, name: string, parent: number | null) =>
    Number((await db.pool.query<{ id: string }>('INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent])).rows[0]!.id);
  const place = await unit('directorate', 'Place', null);
  const highways = await unit('service', 'Highways', place);
  const lighting = await unit('team', 'Street lighting', highways);
  const children = await unit('directorate', 'Children’s Services', null);
  const socialCare = await unit('service', 'Children’s Social Care', children);
  const workspace = async (name: string, unitId: number) =>
    Number((await db.pool.query<{ id: string }>('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, name, unitId])).rows[0]!.id);
  const roads = await workspace('Roads and pavements', highways);
  const socialWork = await workspace('Help for children and families', socialCare);
  const category = async (name: string) =>
    Number((await db.pool.query<{ id: string }>('INSERT INTO complaint_category (council_id, name) VALUES ($1, $2) RETURNING id', [council.id, name])).rows[0]!.id);
  const delay = await category('Delay');
  await category('Staff conduct');
  const officer = await addTestStaff(db, council.id, ['complaints_officer']);
  return { council, units: { place, highways, lighting, children, socialCare }, workspaces: { roads, socialWork }, categories: { delay }, officer };
}

const count = async (table: string, councilId: number) =>
  Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE council_id = $1`, [councilId])).rows[0]!.n);

type Client = Awaited<ReturnType<typeof signedIn>>;

/** Posts a page's form and expects to be sent on (303), returning where to. */
async function answer(client: Client, url: string, form: Record<string, string>): Promise<string> {
  const response = await client.post(url, form);
  assert.equal(response.statusCode, 303, `${url}: ${response.body.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0] ?? response.body.slice(0, 300)}`);
  return String(response.headers.location);
}

test('a complaint by telephone with a representative and adjustments: one contact, complaint, person each and logged event, only after Confirm', async () => {
  const k = await councilWithStaff(db);
  const client = await signedIn(app, k.officer);
  const first = await client.get('/contacts/new');
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /What kind of contact is this\?/);
  assert.match(first.body, /govuk-service-navigation__item--active[\s\S]*?Log a contact/);

  assert.equal(await answer(client, '/contacts/new', { kind: 'complaint' }), '/contacts/new/received');
  assert.equal(await answer(client, '/contacts/new/received', { channel: 'telephone', 'receivedOn-day': '30', 'receivedOn-month': '5', 'receivedOn-year': '2025' }), '/contacts/new/person');
  assert.equal(await answer(client, '/contacts/new/person', { fullName: 'Ada Lovelace', email: 'ada@example.test', phone: '01632 960 001', address: '1 High Street\nTown' }), '/contacts/new/representative');
  assert.equal(await answer(client, '/contacts/new/representative', { hasRepresentative: 'yes', repFullName: 'Rob Advocate', relationship: 'advocate', repEmail: 'rob@advocacy.test', repPhone: '', repAddress: '' }), '/contacts/new/adjustments');
  assert.equal(await answer(client, '/contacts/new/adjustments', { hasAdjustments: 'yes', adjustments: 'Large print letters' }), '/contacts/new/restriction');
  assert.equal(await answer(client, '/contacts/new/restriction', { hasRestriction: 'no' }), '/contacts/new/about');
  assert.equal(await answer(client, '/contacts/new/about', { workspace: String(k.workspaces.roads), orgUnit: '', category: String(k.categories.delay), procedure: 'auto' }), '/contacts/new/summary');
  assert.equal(await answer(client, '/contacts/new/summary', { summary: 'The street light outside has been broken for months.' }), '/contacts/new/check');

  const check = await client.get('/contacts/new/check');
  assert.equal(check.statusCode, 200);
  for (const shown of ['Complaint', 'Telephone', '30 May 2025', 'Ada Lovelace', 'ada@example.test', '1 High Street<br>Town', 'Rob Advocate', 'Advocate', 'Large print letters', 'Roads and pavements', 'Delay', 'Corporate', 'The street light outside']) {
    assert.ok(check.body.includes(shown), `check your answers shows ${shown}`);
  }
  assert.match(check.body, /href="\/contacts\/new\/person\?from=check"/);
  assert.doesNotMatch(check.body, /may already have open cases/);
  for (const table of ['contact', 'complaint', 'person', 'case_event']) assert.equal(await count(table, k.council.id), 0, `nothing in ${table} before Confirm`);

  const confirmed = await client.post('/contacts/new/check', {});
  assert.equal(confirmed.statusCode, 303);
  const reference = /^\/cases\/([A-Z]{3}\d{2}-\d{6})$/.exec(String(confirmed.headers.location))?.[1];
  assert.ok(reference, `lands on the new case: ${confirmed.headers.location}`);

  const contact = (await db.pool.query(
    `SELECT c.id, c.kind, c.channel, c.received_on::text AS received_on, c.procedure_code, c.complainant_group, c.org_unit_id, c.workspace_id, c.category_id, c.summary,
            p.full_name, p.email, p.phone, p.reasonable_adjustments, r.full_name AS rep_name, k.status
       FROM contact c JOIN person p ON p.council_id = c.council_id AND p.id = c.complainant_id
       JOIN person r ON r.council_id = c.council_id AND r.id = c.representative_id
       JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
      WHERE c.council_id = $1 AND c.reference = $2`, [k.council.id, reference])).rows[0];
  assert.deepEqual(
    { ...contact, id: undefined, org_unit_id: Number(contact.org_unit_id), workspace_id: Number(contact.workspace_id), category_id: Number(contact.category_id) },
    {
      id: undefined, kind: 'complaint', channel: 'telephone', received_on: '2025-05-30', procedure_code: 'corporate', complainant_group: 'advocate',
      org_unit_id: k.units.highways, workspace_id: k.workspaces.roads, category_id: k.categories.delay, summary: 'The street light outside has been broken for months.',
      full_name: 'Ada Lovelace', email: 'ada@example.test', phone: '01632 960 001', reasonable_adjustments: 'Large print letters', rep_name: 'Rob Advocate', status: 'logged',
    },
  );
  assert.equal(await count('contact', k.council.id), 1);
  assert.equal(await count('complaint', k.council.id), 1);
  assert.equal(await count('person', k.council.id), 2, 'the person and their representative');
  const events = (await db.pool.query('SELECT type FROM case_event WHERE council_id = $1', [k.council.id])).rows;
  assert.deepEqual(events.map((e) => e.type), ['logged']);

  const session = (await db.pool.query<{ data: { flash?: string; logContactDraft?: unknown } }>(
    `SELECT data FROM web_session WHERE data->>'accountId' = $1`, [String(k.officer.accountId)])).rows;
  assert.ok(session.some((s) => s.data.flash === `Contact logged: reference ${reference}`), 'a success banner waits for the case page');
  assert.ok(session.every((s) => s.data.logContactDraft === undefined), 'the draft is gone once logged');

  const again = await client.post('/contacts/new/check', {});
  assert.equal(again.headers.location, '/contacts/new', 'confirming twice logs nothing more');
  assert.equal(await count('contact', k.council.id), 1);
  assert.doesNotMatch(logLines.join(''), /Ada|Lovelace|ada@example|01632/, 'nothing personal in the log');
});

test('an MP enquiry gets its due date, shown on check your answers', async () => {
  const k = await councilWithStaff(db);
  const client = await signedIn(app, k.officer);
  await answer(client, '/contacts/new', { kind: 'mp_enquiry' });
  await answer(client, '/contacts/new/received', { channel: 'mp_or_councillor', 'receivedOn-day': '2', 'receivedOn-month': '6', 'receivedOn-year': '2025' });
  assert.equal(await answer(client, '/contacts/new/person', { anonymous: 'yes' }), '/contacts/new/representative');
  assert.equal(await answer(client, '/contacts/new/representative', { hasRepresentative: 'yes', repFullName: 'Jo MP', relationship: 'mp' }), '/contacts/new/about', 'an anonymous person has no adjustments or restriction to ask about');
  await answer(client, '/contacts/new/about', { workspace: '', orgUnit: String(k.units.lighting), procedure: 'auto' });
  await answer(client, '/contacts/new/summary', { summary: 'Asks when the lights will be fixed.' });
  const check = await client.get('/contacts/new/check');
  // 10 working days from Monday 2 June 2025.
  assert.match(check.body, /Response due[\s\S]*?16 June 2025/);
  assert.match(check.body, /Anonymous/);
  assert.match(check.body, /Place › Highways › Street lighting/);
  const confirmed = await client.post('/contacts/new/check', {});
  assert.equal(confirmed.statusCode, 303);
  const row = (await db.pool.query(`SELECT kind, response_due_on::text AS due, complainant_id, org_unit_id FROM contact WHERE council_id = $1`, [k.council.id])).rows[0];
  assert.equal(row.kind, 'mp_enquiry');
  assert.equal(row.due, '2025-06-16');
  assert.equal(row.complainant_id, null);
  assert.equal(Number(row.org_unit_id), k.units.lighting);
  assert.equal(await count('complaint', k.council.id), 0);
});

test('every page refuses bad input with an error summary and keeps what was typed', async () => {
  const k = await councilWithStaff(db);
  const client = await signedIn(app, k.officer);
  const refused = async (url: string, form: Record<string, string>, ...expected: (string | RegExp)[]) => {
    const response = await client.post(url, form);
    assert.equal(response.statusCode, 400, url);
    assert.match(response.body, /govuk-error-summary/, `${url} has an error summary`);
    assert.match(response.body, /<title>Error: /, `${url}: the title says there is an error`);
    for (const e of expected) assert.ok(typeof e === 'string' ? response.body.includes(e) : e.test(response.body), `${url} shows ${e}`);
    return response;
  };
  await refused('/contacts/new', {}, 'Select what kind of contact this is', 'href="#kind"');
  await answer(client, '/contacts/new', { kind: 'complaint' });
  await refused('/contacts/new/received', { channel: 'letter', 'receivedOn-day': '31', 'receivedOn-month': '2', 'receivedOn-year': '2025' },
    'The date received must be a real date', 'href="#receivedOn-day"', 'value="31"', /value="letter" checked/);
  await refused('/contacts/new/received', { channel: 'carrier pigeon', 'receivedOn-day': '3', 'receivedOn-month': '6', 'receivedOn-year': '2025' },
    'Select how the contact reached the council', 'The date received must be today or in the past');
  await answer(client, '/contacts/new/received', { channel: 'letter', 'receivedOn-day': '28', 'receivedOn-month': '2', 'receivedOn-year': '2025' });
  await refused('/contacts/new/person', { fullName: '  ', email: 'not an email', phone: '01632 960 002' },
    'Enter the person’s full name, or say they are anonymous', 'Enter an email address in the correct format', 'value="not an email"', 'value="01632 960 002"');
  await refused('/contacts/new/person', { anonymous: 'yes', fullName: 'Ann Nonymous' }, 'An anonymous contact has no name or contact details', 'value="Ann Nonymous"');
  await answer(client, '/contacts/new/person', { fullName: 'Bea Baker' });
  await refused('/contacts/new/representative', {}, 'Select yes if someone is acting for the person');
  await refused('/contacts/new/representative', { hasRepresentative: 'yes', repEmail: 'rep@example.test' }, 'Enter the representative’s full name', 'Select the representative’s relationship', 'value="rep@example.test"');
  await answer(client, '/contacts/new/representative', { hasRepresentative: 'no' });
  await refused('/contacts/new/adjustments', { hasAdjustments: 'yes', adjustments: '' }, 'Enter the adjustments the person needs');
  await answer(client, '/contacts/new/adjustments', { hasAdjustments: 'no' });
  await refused('/contacts/new/restriction', { hasRestriction: 'yes', restriction: 'Writing only', 'reviewOn-day': '', 'reviewOn-month': '13', 'reviewOn-year': '2025' },
    'The review date must include a day', 'Writing only', 'value="13"');
  await answer(client, '/contacts/new/restriction', { hasRestriction: 'yes', restriction: 'Contact in writing only', 'reviewOn-day': '1', 'reviewOn-month': '9', 'reviewOn-year': '2025' });
  await refused('/contacts/new/about', { workspace: '', orgUnit: '', category: String(k.categories.delay) }, 'Choose the service, or the directorate, service or team', 'href="#workspace"');
  await refused('/contacts/new/about', { workspace: '999999999', orgUnit: 'x', procedure: 'moon' }, 'Choose a service from the list', 'Choose a directorate, service or team from the list', 'Select a procedure from the list');
  await answer(client, '/contacts/new/about', { workspace: String(k.workspaces.socialWork), procedure: 'auto' });
  await refused('/contacts/new/summary', { summary: '   ' }, 'Enter what the contact is about');
  await refused('/contacts/new/summary', { summary: 'x'.repeat(20001) }, 'The summary must be 20,000 characters or fewer');
  await answer(client, '/contacts/new/summary', { summary: `${'x'.repeat(9990)}${'\r\n'.repeat(10)}${'x'.repeat(10000)}` });
  await answer(client, '/contacts/new/summary?from=check', { summary: 'About a social worker.' });
  const check = await client.get('/contacts/new/check');
  assert.match(check.body, /Children’s social care \(statutory\)/, 'the procedure follows the service when left to it');
  assert.match(check.body, /Contact in writing only \(review on 1 September 2025\)/);
  for (const table of ['contact', 'person', 'case_event', 'complaint']) assert.equal(await count(table, k.council.id), 0, `nothing in ${table} before Confirm`);

  // A change from check your answers goes back there; making the person anonymous drops their adjustments.
  const changePage = await client.get('/contacts/new/person?from=check');
  assert.match(changePage.body, /value="Bea Baker"/);
  assert.match(changePage.body, /href="\/contacts\/new\/check"[^>]*>Back|govuk-back-link" href="\/contacts\/new\/check"/);
  assert.equal(await answer(client, '/contacts/new/person?from=check', { fullName: 'Bea Baker-Smith' }), '/contacts/new/check');
  assert.equal((await client.get('/contacts/new/person?from=somewhere')).statusCode, 400, 'a query value Redress does not know is refused');

  await answer(client, '/contacts/new/check', {});
  const person = (await db.pool.query('SELECT full_name, contact_restriction, contact_restriction_review_on::text AS review FROM person WHERE council_id = $1', [k.council.id])).rows[0];
  assert.deepEqual(person, { full_name: 'Bea Baker-Smith', contact_restriction: 'Contact in writing only', review: '2025-09-01' });
  const contact = (await db.pool.query('SELECT procedure_code, flags FROM contact WHERE council_id = $1', [k.council.id])).rows[0];
  assert.equal(contact.procedure_code, 'children_statutory');
  assert.deepEqual(contact.flags, ['unreasonable_behaviour']);
});

test('a page further on is not reached before the ones it needs', async () => {
  const k = await councilWithStaff(db);
  const client = await signedIn(app, k.officer);
  const check = await client.get('/contacts/new/check');
  assert.equal(check.statusCode, 303);
  assert.equal(check.headers.location, '/contacts/new');
  const summary = await client.post('/contacts/new/summary', { summary: 'skipping ahead' });
  assert.equal(summary.headers.location, '/contacts/new');
  assert.equal(await count('contact', k.council.id), 0);
});

test('check your answers warns of the person’s open cases within scope, and lets the officer carry on', async () => {
  const k = await councilWithStaff(db);
  const client = await signedIn(app, k.officer);
  // An open complaint about Highways, and a closed one, for the same person; an open one in Children's.
  const logOne = async (form: { kind: string; fullName: string; email?: string; phone?: string; unit: number }) => {
    await answer(client, '/contacts/new', { kind: form.kind });
    await answer(client, '/contacts/new/received', { channel: 'email', 'receivedOn-day': '1', 'receivedOn-month': '5', 'receivedOn-year': '2025' });
    await answer(client, '/contacts/new/person', { fullName: form.fullName, email: form.email ?? '', phone: form.phone ?? '' });
    await answer(client, '/contacts/new/representative', { hasRepresentative: 'no' });
    await answer(client, '/contacts/new/adjustments', { hasAdjustments: 'no' });
    await answer(client, '/contacts/new/restriction', { hasRestriction: 'no' });
    await answer(client, '/contacts/new/about', { orgUnit: String(form.unit), procedure: 'corporate' });
    await answer(client, '/contacts/new/summary', { summary: 'Earlier contact.' });
    const done = await client.post('/contacts/new/check', {});
    return String(done.headers.location).slice('/cases/'.length);
  };
  const open = await logOne({ kind: 'complaint', fullName: 'Cal Carter', email: 'cal@example.test', unit: k.units.highways });
  const closed = await logOne({ kind: 'complaint', fullName: 'Cal Carter', email: 'cal@example.test', unit: k.units.highways });
  await db.pool.query(`UPDATE complaint SET status = 'closed' FROM contact c WHERE c.council_id = complaint.council_id AND c.id = complaint.contact_id AND c.reference = $1`, [closed]);
  const elsewhere = await logOne({ kind: 'enquiry', fullName: 'Someone Else', phone: '07700 900123', unit: k.units.children });

  // Matched by email, whatever the name typed now.
  await answer(client, '/contacts/new', { kind: 'complaint' });
  await answer(client, '/contacts/new/received', { channel: 'web_form', 'receivedOn-day': '2', 'receivedOn-month': '6', 'receivedOn-year': '2025' });
  await answer(client, '/contacts/new/person', { fullName: 'C. Carter', email: 'CAL@example.test', phone: '077 0090 0123' });
  await answer(client, '/contacts/new/representative', { hasRepresentative: 'no' });
  await answer(client, '/contacts/new/adjustments', { hasAdjustments: 'no' });
  await answer(client, '/contacts/new/restriction', { hasRestriction: 'no' });
  await answer(client, '/contacts/new/about', { orgUnit: String(k.units.place) });
  await answer(client, '/contacts/new/summary', { summary: 'Again.' });
  const check = await client.get('/contacts/new/check');
  assert.match(check.body, /may already have open cases/);
  assert.ok(check.body.includes(`href="/cases/${open}"`), 'the open case is linked');
  assert.ok(!check.body.includes(closed), 'a closed case is not');
  assert.ok(check.body.includes(`href="/cases/${elsewhere}"`), 'an unanswered enquiry matched by phone is');

  // An officer who holds only Place does not learn of the Children's enquiry.
  const placeOnly = await addTestStaff(db, k.council.id, ['complaints_officer'], { directorates: [k.units.place] });
  const scoped = await signedIn(app, placeOnly);
  await answer(scoped, '/contacts/new', { kind: 'complaint' });
  await answer(scoped, '/contacts/new/received', { channel: 'web_form', 'receivedOn-day': '2', 'receivedOn-month': '6', 'receivedOn-year': '2025' });
  await answer(scoped, '/contacts/new/person', { fullName: 'someone  else' });
  await answer(scoped, '/contacts/new/representative', { hasRepresentative: 'no' });
  await answer(scoped, '/contacts/new/adjustments', { hasAdjustments: 'no' });
  await answer(scoped, '/contacts/new/restriction', { hasRestriction: 'no' });
  await answer(scoped, '/contacts/new/about', { orgUnit: String(k.units.place) });
  await answer(scoped, '/contacts/new/summary', { summary: 'Out of scope match.' });
  const scopedCheck = await scoped.get('/contacts/new/check');
  assert.equal(scopedCheck.statusCode, 200);
  assert.doesNotMatch(scopedCheck.body, /may already have open cases/);
  assert.ok(!scopedCheck.body.includes(elsewhere));

  const before = await count('contact', k.council.id);
  assert.equal((await client.post('/contacts/new/check', {})).statusCode, 303, 'the officer can carry on');
  assert.equal(await count('contact', k.council.id), before + 1);
});

test('a known contact restriction is shown as a warning', async () => {
  const k = await councilWithStaff(db);
  await db.pool.query(
    `WITH p AS (INSERT INTO person (council_id, full_name, email, contact_restriction, contact_restriction_review_on) VALUES ($1, 'Dee Dixon', 'dee@example.test', 'Telephone calls on Tuesdays only', '2025-10-01') RETURNING id)
     INSERT INTO contact (council_id, reference, kind, received_on, complainant_id, org_unit_id) SELECT $1, 'R-1', 'complaint', '2025-01-01', id, $2 FROM p`,
    [k.council.id, k.units.highways],
  );
  const client = await signedIn(app, k.officer);
  await answer(client, '/contacts/new', { kind: 'comment' });
  await answer(client, '/contacts/new/received', { channel: 'email', 'receivedOn-day': '2', 'receivedOn-month': '6', 'receivedOn-year': '2025' });
  await answer(client, '/contacts/new/person', { fullName: 'Dee Dixon' });
  await answer(client, '/contacts/new/representative', { hasRepresentative: 'no' });
  await answer(client, '/contacts/new/adjustments', { hasAdjustments: 'no' });
  const page = await client.get('/contacts/new/restriction');
  assert.match(page.body, /govuk-warning-text[\s\S]*may already have a contact restriction[\s\S]*Telephone calls on Tuesdays only \(review on 1 October 2025\)/);
});

test('a report viewer may not log a contact', async () => {
  const k = await councilWithStaff(db);
  const viewer = await addTestStaff(db, k.council.id, ['report_viewer']);
  const client = await signedIn(app, viewer);
  assert.equal((await client.get('/contacts/new')).statusCode, 403);
  assert.equal((await client.post('/contacts/new', { kind: 'complaint' })).statusCode, 403);
  assert.equal((await client.post('/contacts/new/check', {})).statusCode, 403);
  assert.doesNotMatch((await client.get('/')).body, /href="\/contacts\/new"/, 'nor is it in their menu');
});
