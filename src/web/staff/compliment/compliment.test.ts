import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';

/** Recording a compliment on one page. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date('2025-06-02T09:00:00Z') } });
const council = await newTestCouncil(db);
const insert = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ id: string }>(sql, params)).rows[0]!.id);
const unit = (kind: string, name: string, parent: number | null) =>
  insert('INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent]);
const place = await unit('directorate', 'Place', null);
const waste = await unit('service', 'Waste', place);
const crews = await unit('team', 'Collection crews', waste);
const adults = await unit('directorate', 'Adults', null);
const reablement = await unit('team', 'Reablement', await unit('service', 'Adult Social Care', adults));
const bins = await insert('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Bins and recycling', waste]);
const officer = await addTestStaff(db, council.id, ['complaints_officer']);

const contacts = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM contact WHERE council_id = $1', [council.id])).rows[0]!.n);

test('a compliment is written as a contact of kind compliment, and its reference shown in a panel', async () => {
  const client = await signedIn(app, officer);
  const form = await client.get('/compliments/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Record a compliment/);
  assert.match(form.body, /Bins and recycling/);
  assert.match(form.body, /Place › Waste › Collection crews/);
  const sent = await client.post('/compliments/new', {
    service: `w${bins}`, team: String(crews), staffNamed: 'Sam and Pat', said: 'The crew picked up my bin when I was ill. Thank you!',
    'receivedOn-day': '30', 'receivedOn-month': '5', 'receivedOn-year': '2025', channel: 'email',
  });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, '/compliments/recorded');
  const done = await client.get('/compliments/recorded');
  const reference = /govuk-panel__body">[\s\S]*?<strong>([A-Z]{3}\d{2}-\d{6})<\/strong>/.exec(done.body)?.[1];
  assert.ok(reference, 'a GOV.UK panel with the reference');
  assert.match(done.body, /govuk-panel__title">\s*Compliment recorded/);
  assert.match(done.body, /href="\/compliments\/new">Record another compliment/);
  assert.ok(done.body.includes(`href="/cases/${reference}"`));
  assert.equal((await client.get('/compliments/recorded')).headers.location, '/compliments/new', 'the confirmation is shown once');

  const row = (await db.pool.query(
    `SELECT c.kind, c.channel, c.received_on::text AS received_on, c.org_unit_id, c.workspace_id, c.summary, c.procedure_code, c.complainant_id,
            (SELECT count(*) FROM case_event e WHERE e.council_id = c.council_id AND e.contact_id = c.id AND e.type = 'logged')::int AS logged
       FROM contact c WHERE c.council_id = $1 AND c.reference = $2`, [council.id, reference])).rows[0];
  assert.deepEqual({ ...row, org_unit_id: Number(row.org_unit_id), workspace_id: Number(row.workspace_id) }, {
    kind: 'compliment', channel: 'email', received_on: '2025-05-30', org_unit_id: crews, workspace_id: bins,
    summary: 'The crew picked up my bin when I was ill. Thank you!\n\nStaff named: Sam and Pat', procedure_code: 'corporate', complainant_id: null, logged: 1,
  });
  assert.equal((await db.pool.query('SELECT count(*)::int AS n FROM complaint WHERE council_id = $1', [council.id])).rows[0].n, 0);
});

test('bad input is refused with an error summary, what was typed kept, and nothing written', async () => {
  const client = await signedIn(app, officer);
  await client.get('/compliments/new');
  const before = await contacts();
  const refused = await client.post('/compliments/new', {
    service: '', team: String(reablement), staffNamed: 'Kim', said: '', 'receivedOn-day': '31', 'receivedOn-month': '2', 'receivedOn-year': '2025',
  });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary/);
  for (const message of ['Choose the service the compliment is about', 'Enter what they said', 'The date received must be a real date', 'Select how the compliment reached the council']) {
    assert.ok(refused.body.includes(message), message);
  }
  assert.match(refused.body, /href="#receivedOn-day"/);
  assert.match(refused.body, /value="Kim"/);
  assert.match(refused.body, /value="31"/);
  assert.match(refused.body, new RegExp(`value="${reablement}" selected`));

  const wrongTeam = await client.post('/compliments/new', {
    service: `u${waste}`, team: String(reablement), said: 'Lovely', 'receivedOn-day': '3', 'receivedOn-month': '6', 'receivedOn-year': '2025', channel: 'letter',
  });
  assert.equal(wrongTeam.statusCode, 400);
  assert.match(wrongTeam.body, /Choose a team in the service you chose/);
  assert.match(wrongTeam.body, /The date received must be today or in the past/);
  const unknown = await client.post('/compliments/new', { service: 'w999999999', said: 'x', 'receivedOn-day': '1', 'receivedOn-month': '6', 'receivedOn-year': '2025', channel: 'letter' });
  assert.match(unknown.body, /Choose a service from the list/);
  assert.equal(await contacts(), before);
});

test('a compliment about a unit counts under its procedure; a report viewer may not record one', async () => {
  const client = await signedIn(app, officer);
  await client.get('/compliments/new');
  const sent = await client.post('/compliments/new', {
    service: `u${adults}`, team: String(reablement), said: 'The reablement team got my mum home.', 'receivedOn-day': '2', 'receivedOn-month': '6', 'receivedOn-year': '2025', channel: 'telephone',
  });
  assert.equal(sent.statusCode, 303);
  const row = (await db.pool.query(`SELECT procedure_code, org_unit_id, workspace_id FROM contact WHERE council_id = $1 AND summary LIKE 'The reablement%'`, [council.id])).rows[0];
  assert.equal(row.procedure_code, 'adults_statutory');
  assert.equal(Number(row.org_unit_id), reablement);
  assert.equal(row.workspace_id, null);

  const viewer = await addTestStaff(db, council.id, ['report_viewer']);
  const theirs = await signedIn(app, viewer);
  assert.equal((await theirs.get('/compliments/new')).statusCode, 403);
  assert.equal((await theirs.post('/compliments/new', { service: `w${bins}`, said: 'x', channel: 'email' })).statusCode, 403);
});
