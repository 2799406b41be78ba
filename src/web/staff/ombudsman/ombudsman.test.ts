import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { newCase } from '../../../../test/messages/caseMessagesSupport.ts';
import { createApp } from '../../app.ts';

/** Ombudsman cases as casework, through the pages: each step's form, its refusals and bad input, the list's tabs, who may see and act. */

const db = await useTestDatabase();
const now = new Date('2024-09-02T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

const date = (name: string, iso: string) => ({ [`${name}-day`]: String(Number(iso.slice(8))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) });
const caseIdIn = (location: unknown) => Number(/^\/ombudsman\/(\d+)$/.exec(String(location))![1]);

async function officer() {
  const council = await newTestCouncil(db);
  const { reference } = await newCase(db, council.id, { receivedOn: '2024-01-10' });
  const client = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  return { council, reference, client };
}

test('an officer works an LGSCO case from the enquiry to compliance recorded late, each step a form that goes back to the case', async () => {
  const { reference, client } = await officer();
  assert.equal((await client.get('/ombudsman/new')).statusCode, 200);
  const made = await client.post('/ombudsman/new', { body: 'lgsco', ombudsmanReference: '24 001 234', ...date('receivedOn', '2024-04-02'), councilReference: reference, stages: ['1'] });
  assert.equal(made.statusCode, 303, made.body);
  const id = caseIdIn(made.headers.location);
  let page = await client.get(`/ombudsman/${id}`);
  assert.match(page.body, /Enquiry 24 001 234 recorded/);
  assert.match(page.body, new RegExp(`href="/cases/${reference}"`));
  assert.match(page.body, /Record a request for information/);

  const steps: [string, Record<string, string | string[]>][] = [
    ['request-information', { ...date('requestedOn', '2024-04-03'), what: 'The complaint file', ...date('dueOn', '2024-05-01') }],
    ['investigation', date('startedOn', '2024-05-02')],
    ['draft-decision', { ...date('draftOn', '2024-06-03'), ...date('commentsDueOn', '2024-06-17') }],
    ['comments', date('sentOn', '2024-06-14')],
    ['final-decision', { ...date('decidedOn', '2024-07-01'), findings: ['fault_and_injustice'] }],
    ['recommendation', { kind: 'financial_redress', description: 'Pay Ms A £300', amount: '300', ...date('dueOn', '2024-08-01') }],
  ];
  for (const [path, form] of steps) {
    assert.equal((await client.get(`/ombudsman/${id}/${path}`)).statusCode, 200, path);
    const done = await client.post(`/ombudsman/${id}/${path}`, form);
    assert.equal(done.statusCode, 303, `${path}: ${done.body.slice(0, 2000)}`);
    assert.equal(done.headers.location, `/ombudsman/${id}`);
  }
  page = await client.get(`/ombudsman/${id}`);
  assert.match(page.body, /Send the information the Ombudsman asked for<\/a> by 1 May 2024/);
  assert.match(page.body, /govuk-tag--red/, 'the information is late and the payment overdue');
  const requestHref = /href="(\/ombudsman\/\d+\/information\/\d+)"/.exec(page.body)![1]!;
  assert.equal((await client.post(requestHref, { ...date('sentOn', '2024-04-29'), documentsSent: 'Stage 1 file' })).statusCode, 303);
  const recommendationHref = /href="(\/ombudsman\/\d+\/recommendations\/\d+)"/.exec(page.body)![1]!;
  const complied = await client.post(recommendationHref, { ...date('compliedOn', '2024-08-20'), evidence: 'Payment record' });
  assert.equal(complied.statusCode, 303);
  page = await client.get(`/ombudsman/${id}`);
  assert.match(page.body, /Compliance recorded: complied late/);
  assert.match(page.body, /Complied late/);
  assert.match(page.body, /Upheld: fault and injustice/);
  assert.match(page.body, /Nothing is due from the council/);

  const complaint = await client.get(`/cases/${reference}`);
  assert.match(complaint.body, new RegExp(`href="/ombudsman/${id}"`), 'the complaint’s page links to its Ombudsman case');
  assert.match(complaint.body, /Ombudsman final decision/);
});

test('bad input keeps what was typed with an error summary; a refused step says why; nothing is written', async () => {
  const { client } = await officer();
  const bad = await client.post('/ombudsman/new', { body: 'lgsco', ombudsmanReference: '', ...date('receivedOn', '2024-02-30'), councilReference: 'NOT A REF' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /Enter the Ombudsman’s reference/);
  assert.match(bad.body, /must be a real date/);
  assert.match(bad.body, /value="30"/);
  const unknown = await client.post('/ombudsman/new', { body: 'spso', ombudsmanReference: 'SPSO-1', ...date('receivedOn', '2024-03-01'), councilReference: 'NOPE-1' });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /There is no complaint NOPE-1/);

  const made = await client.post('/ombudsman/new', { body: 'spso', ombudsmanReference: 'SPSO-2', ...date('receivedOn', '2024-03-01') });
  const id = caseIdIn(made.headers.location);
  const early = await client.get(`/ombudsman/${id}/final-decision`);
  assert.match(early.body, /This step cannot be recorded now/);
  assert.match(early.body, /A final decision comes after an investigation/);
  assert.doesNotMatch(early.body, /id="step-form"/);
  const refused = await client.post(`/ombudsman/${id}/final-decision`, { ...date('decidedOn', '2024-07-01'), findings: ['upheld'] });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /A final decision comes after an investigation/);

  const assessment = await client.get(`/ombudsman/${id}/assessment`);
  assert.match(assessment.body, /Not taken forward at early decision/, 'the SPSO’s own words');
  assert.doesNotMatch(assessment.body, /Closed after initial enquiries/);
  const noReason = await client.post(`/ombudsman/${id}/assessment`, { outcome: 'not_taken_forward', reason: '', ...date('assessedOn', '2024-04-01') });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /Select why the Ombudsman did not investigate/);
  assert.match(noReason.body, /value="not_taken_forward" checked/);
  const future = await client.post(`/ombudsman/${id}/investigation`, date('startedOn', '2024-12-01'));
  assert.equal(future.statusCode, 400);
  assert.match(future.body, /must be today or in the past/);
  assert.equal((await client.post(`/ombudsman/${id}/assessment`, { outcome: 'premature', ...date('assessedOn', '2024-04-01') })).statusCode, 303);
  const page = await client.get(`/ombudsman/${id}`);
  assert.match(page.body, /Closed at assessment/);
  assert.match(page.body, /Referred back for local resolution/);
  assert.equal((await client.get(`/ombudsman/${id}/recommendations/999999`)).statusCode, 404);
  assert.equal((await client.get('/ombudsman/abc')).statusCode, 404);
});

test('the list: tabs with counts, filtered by Ombudsman and year; a bad filter is a 400, not an error', async () => {
  const { client, council } = await officer();
  const other = await newTestCouncil(db);
  const otherClient = await signedIn(app, await addTestStaff(db, other.id, ['complaints_officer']));
  await otherClient.post('/ombudsman/new', { body: 'lgsco', ombudsmanReference: 'OTHER-COUNCIL', ...date('receivedOn', '2024-03-01') });
  const a = caseIdIn((await client.post('/ombudsman/new', { body: 'lgsco', ombudsmanReference: 'LG-1', ...date('receivedOn', '2024-04-01') })).headers.location);
  await client.post('/ombudsman/new', { body: 'housing_ombudsman', ombudsmanReference: 'HO-1', ...date('receivedOn', '2023-06-01') });
  await client.post(`/ombudsman/${a}/request-information`, { ...date('requestedOn', '2024-04-03'), what: 'The file', ...date('dueOn', '2024-05-01') });
  let list = await client.get('/ombudsman');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Open \(2\)/);
  assert.match(list.body, /Awaiting our information \(1\)/);
  assert.match(list.body, /LG-1/);
  assert.doesNotMatch(list.body, /OTHER-COUNCIL/, 'another council’s cases are not listed');
  list = await client.get('/ombudsman?tab=open&body=housing_ombudsman');
  assert.match(list.body, /HO-1/);
  assert.doesNotMatch(list.body, /LG-1/);
  list = await client.get('/ombudsman?tab=information&year=2024%2F25');
  assert.match(list.body, /LG-1/);
  assert.match(list.body, /govuk-tag--red/, 'the information is overdue');
  assert.equal((await client.get('/ombudsman?tab=nonsense')).statusCode, 400);
  const audit = await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'list_ombudsman_cases'`, [council.id]);
  assert.ok(audit.rows[0].n >= 3);
});

test('managers see Ombudsman cases but cannot act; investigating officers cannot see them', async () => {
  const { council, client } = await officer();
  const id = caseIdIn((await client.post('/ombudsman/new', { body: 'psow', ombudsmanReference: 'PSOW-1', ...date('receivedOn', '2024-04-01') })).headers.location);
  const manager = await signedIn(app, await addTestStaff(db, council.id, ['manager']));
  assert.equal((await manager.get('/ombudsman')).statusCode, 200);
  const page = await manager.get(`/ombudsman/${id}`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /Record a request for information/);
  assert.equal((await manager.get('/ombudsman/new')).statusCode, 403);
  assert.equal((await manager.post(`/ombudsman/${id}/investigation`, date('startedOn', '2024-05-01'))).statusCode, 403);
  const io = await signedIn(app, await addTestStaff(db, council.id, ['investigating_officer']));
  assert.equal((await io.get('/ombudsman')).statusCode, 403);
  assert.equal((await io.get(`/ombudsman/${id}`)).statusCode, 403);
});
