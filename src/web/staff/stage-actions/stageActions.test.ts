import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil, engineName } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { loadComplaint } from '../../../complaints/complaintStore.ts';
import { systemActor } from '../../../events/actor.ts';

/** The actions that handle a stage, walked as a complaints officer would, on each engine. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const now = new Date('2025-04-01T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

const unit = async (name: string) =>
  Number((await db.pool.query<{ id: number }>("INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', $2) RETURNING id", [council.id, name])).rows[0]!.id);
const place = await unit('Place');
const people = await unit('People');
await db.pool.query("INSERT INTO complaint_category (council_id, name) VALUES ($1, 'Waste'), ($1, 'Staff conduct')", [council.id]);

const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Olive Officer' });
const investigator = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy Investigator', directorates: [place] });
const otherInvestigator = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Oscar Other', directorates: [place] });
const elsewhere = await addTestStaff(db, council.id, ['manager'], { name: 'Mo Manager', directorates: [people] });
await db.pool.query('UPDATE staff_member SET org_unit_id = $2 WHERE id = $1', [investigator.staffMemberId, place]);

async function logComplaint(orgUnitId = place) {
  const { reference } = await logContact(db, council.id, {
    kind: 'complaint', channel: 'email', receivedOn: '2025-03-03', summary: 'Bins missed three weeks running', orgUnitId,
    complainant: { fullName: 'Ann Example', email: 'ann@example.com' },
  }, systemActor('test'), '2025-04-01');
  return reference;
}

async function eventTypes(reference: string, councilId = council.id): Promise<string[]> {
  const { rows } = await db.pool.query<{ type: string }>(
    `SELECT e.type FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY e.id`, [councilId, reference]);
  return rows.map((r) => r.type);
}

async function lastEventData(reference: string): Promise<Record<string, unknown>> {
  const { rows } = await db.pool.query<{ data: Record<string, unknown> }>(
    `SELECT e.data FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY e.id DESC LIMIT 1`, [council.id, reference]);
  return rows[0]!.data;
}

const state = async (reference: string) => (await loadComplaint(db.pool, council.id, reference))!.state;
const stageRow = async (reference: string) => (await db.pool.query(
  `SELECT s.acknowledgement_due_on, s.due_on, s.extended_to, s.investigating_officer_id, s.outcome
     FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
    WHERE c.council_id = $1 AND c.reference = $2 ORDER BY s.stage DESC LIMIT 1`, [council.id, reference])).rows[0];
const flashOf = async (accountId: number) => (await db.pool.query<{ flash: string }>(
  "SELECT data->>'flash' AS flash FROM web_session WHERE account_id = $1 AND data ? 'flash' ORDER BY expires_at DESC LIMIT 1", [accountId])).rows[0]?.flash;
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const date = (name: string, iso: string) => ({ [`${name}-day`]: String(Number(iso.slice(8))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) });

type Client = Awaited<ReturnType<typeof signedIn>>;
/** GET the form, then POST it with the case's version: one step of the walk. */
async function act(client: Client, reference: string, action: string, form: Record<string, string>, postPath = action, councilId = council.id) {
  const page = await client.get(`/cases/${reference}/${action}`);
  assert.equal(page.statusCode, 200, `${action}: ${page.body.slice(0, 500)}`);
  const before = (await eventTypes(reference, councilId)).length;
  const response = await client.post(`/cases/${reference}/${postPath}`, { version: versionIn(page.body), ...form });
  assert.equal(response.statusCode, 303, `${action}: ${response.body.match(/govuk-error-summary[\s\S]*?<\/ul>/)?.[0] ?? response.body.slice(0, 500)}`);
  assert.equal(response.headers.location, `/cases/${reference}`);
  return { page, added: (await eventTypes(reference, councilId)).slice(before) };
}

test(`a complaints officer takes a complaint from triage to its response, one event per step (${engineName()})`, async () => {
  const reference = await logComplaint();
  const client = await signedIn(app, officer);

  // Triage as a formal complaint: stage 1 opens in the same step, dated the day it was received.
  const triage = await act(client, reference, 'triage', { route: 'formal', procedure: 'corporate', reason: '', ...date('on', '2025-03-04') });
  assert.match(triage.page.body, /Case [A-Z]+\d+-\d+/);
  assert.deepEqual(triage.added, ['triaged', 'stage_opened']);
  let s = await state(reference);
  assert.equal(s.status, 'stage_open');
  assert.equal(s.stages[0]!.openedOn, '2025-03-03');
  assert.equal((await stageRow(reference)).acknowledgement_due_on, '2025-03-10');
  assert.match((await flashOf(officer.accountId))!, /stage 1 is open/);

  // Allocate to an investigating officer in the case's directorate.
  const allocate = await act(client, reference, 'allocate', { officer: String(investigator.staffMemberId), note: 'Please look at the round sheets' });
  assert.match(allocate.page.body, /<optgroup label="Place">/);
  assert.match(allocate.page.body, /Ivy Investigator/);
  assert.match(allocate.page.body, /<optgroup label="People">\s*<option value="\d+">Mo Manager/, 'grouped by directorate');
  assert.deepEqual(allocate.added, ['allocated']);
  assert.equal(Number((await stageRow(reference)).investigating_officer_id), investigator.staffMemberId);
  assert.equal((await lastEventData(reference)).note, 'Please look at the round sheets');
  const again = await client.get(`/cases/${reference}/allocate`);
  assert.match(again.body, /Reallocate/);
  assert.match(again.body, /Investigating officer\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Ivy Investigator/);

  // Acknowledge: the response is then due 10 working days after the acknowledgement.
  const acknowledge = await act(client, reference, 'acknowledge', date('on', '2025-03-05'));
  assert.deepEqual(acknowledge.added, ['acknowledged']);
  assert.equal((await stageRow(reference)).due_on, '2025-03-19');

  // Extend: the page shows the current due date and the latest allowed without a good reason.
  const extendPage = await client.get(`/cases/${reference}/extend`);
  assert.match(extendPage.body, /19 March 2025/);
  assert.match(extendPage.body, /Latest allowed without a good reason\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2 April 2025/);
  const within = await act(client, reference, 'extend', { ...date('to', '2025-03-26'), ...date('agreedOn', '2025-03-14'), reason: 'Waiting for the crew’s records', goodReason: '' });
  assert.deepEqual(within.added, ['extended']);
  assert.equal((await stageRow(reference)).extended_to, '2025-03-26');

  const beyondForm = { ...date('to', '2025-04-10'), ...date('agreedOn', '2025-03-20'), reason: 'The crew is on leave' };
  let page = await client.get(`/cases/${reference}/extend`);
  const refused = await client.post(`/cases/${reference}/extend`, { version: versionIn(page.body), ...beyondForm, goodReason: '' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary/);
  assert.match(refused.body, /href="#goodReason"/);
  assert.match(refused.body, /beyond 2 April 2025/);
  assert.match(refused.body, /value="The crew is on leave"|>The crew is on leave</);
  assert.deepEqual((await eventTypes(reference)).slice(-1), ['extended'], 'nothing written');
  const beyond = await act(client, reference, 'extend', { ...beyondForm, goodReason: 'The only witness is away until April' });
  assert.deepEqual(beyond.added, ['extended']);
  assert.equal((await state(reference)).stages[0]!.extensions.at(-1)!.beyondCodeReason, 'The only witness is away until April');

  // Stop and restart the clock.
  const stop = await act(client, reference, 'stop_clock', { reason: 'Waiting for photographs from the complainant', ...date('on', '2025-03-24') });
  assert.deepEqual(stop.added, ['clock_stopped']);
  assert.equal((await state(reference)).stages[0]!.pauses.at(-1)!.to, null);
  const restart = await act(client, reference, 'restart_clock', date('on', '2025-03-27'));
  assert.deepEqual(restart.added, ['clock_restarted']);
  assert.equal((await state(reference)).stages[0]!.pauses.at(-1)!.to, '2025-03-27');

  // Findings: two parts of the complaint, one upheld.
  const first = await act(client, reference, 'findings', { summary: 'Bins missed', category: '' }, 'findings/add');
  assert.deepEqual(first.added, ['elements_recorded']);
  const second = await act(client, reference, 'findings', { summary: 'Rude crew member', category: '' }, 'findings/add');
  assert.deepEqual(second.added, ['elements_recorded']);
  const findings = await act(client, reference, 'findings', { 'finding-0': 'upheld', 'finding-1': 'not_upheld' });
  assert.match(findings.page.body, /Rude crew member/);
  assert.deepEqual(findings.added, ['elements_recorded']);

  // Respond: the outcome follows the findings.
  const respond = await act(client, reference, 'respond', { ...date('on', '2025-03-28'), letter: 'Dear Ms Example, …' });
  assert.match(respond.page.body, /The outcome follows the findings: Partially upheld/);
  assert.doesNotMatch(respond.page.body, /name="outcome"/, 'no outcome to choose when there are findings');
  assert.deepEqual(respond.added, ['responded']);
  s = await state(reference);
  assert.equal(s.status, 'responded');
  assert.equal(s.stages[0]!.outcome, 'partially_upheld');
  assert.equal((await lastEventData(reference)).letter, 'Dear Ms Example, …');
  assert.match((await flashOf(officer.accountId))!, /Stage 1 answered: partially upheld/);

  assert.deepEqual(await eventTypes(reference), [
    'logged', 'triaged', 'stage_opened', 'allocated', 'acknowledged', 'extended', 'extended', 'clock_stopped', 'clock_restarted',
    'elements_recorded', 'elements_recorded', 'elements_recorded', 'responded',
  ]);
  const done = await client.get(`/cases/${reference}/respond`);
  assert.equal(done.statusCode, 403, 'an answered stage has no response to record');
});

test('each form refuses bad input with an error summary and keeps what was typed', async () => {
  const reference = await logComplaint();
  const client = await signedIn(app, officer);
  let page = await client.get(`/cases/${reference}/triage`);
  const noRoute = await client.post(`/cases/${reference}/triage`, { version: versionIn(page.body), reason: 'Looked at it', procedure: 'corporate', ...date('on', '2025-03-04') });
  assert.equal(noRoute.statusCode, 400);
  assert.match(noRoute.body, /Select how the contact will be handled/);
  assert.match(noRoute.body, />Looked at it</);
  const future = await client.post(`/cases/${reference}/triage`, { version: versionIn(page.body), route: 'not_eligible', reason: '', procedure: 'corporate', ...date('on', '2025-05-01') });
  assert.equal(future.statusCode, 400);
  assert.match(future.body, /Enter the reason for the decision/);
  assert.match(future.body, /must be today or in the past/);
  assert.match(future.body, /value="not_eligible" checked/);
  const alternative = await client.post(`/cases/${reference}/triage`, { version: versionIn(page.body), route: 'alternative_path', reason: 'Parking appeal', procedure: 'corporate', ...date('on', '2025-03-04') });
  assert.equal(alternative.statusCode, 400);
  assert.match(alternative.body, /Select which other process applies/);

  await act(client, reference, 'triage', { route: 'formal', procedure: 'corporate', ...date('on', '2025-03-04') });
  page = await client.get(`/cases/${reference}/acknowledge`);
  assert.match(page.body, /name="on-day"[^>]*value="1"/, 'the date defaults to today');
  const before = await eventTypes(reference);
  const impossible = await client.post(`/cases/${reference}/acknowledge`, { version: versionIn(page.body), ...date('on', '2025-02-28'), 'on-day': '31' });
  assert.equal(impossible.statusCode, 400);
  assert.match(impossible.body, /The date the complaint was acknowledged must be a real date/);
  assert.match(impossible.body, /name="on-day"[^>]*value="31"/);
  const early = await client.post(`/cases/${reference}/acknowledge`, { version: versionIn(page.body), ...date('on', '2025-02-20') });
  assert.equal(early.statusCode, 400, 'the lifecycle refuses a date before the receipt');
  assert.match(early.body, /Dates cannot be before the contact was received on 3 March 2025/);
  assert.match(early.body, /href="#on"/);

  await act(client, reference, 'acknowledge', date('on', '2025-03-05'));
  page = await client.get(`/cases/${reference}/extend`);
  const backwards = await client.post(`/cases/${reference}/extend`, { version: versionIn(page.body), ...date('to', '2025-03-12'), ...date('agreedOn', '2025-03-10'), reason: 'More time' });
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.body, /The new response date must be after the current response date, 19 March 2025/);
  assert.match(backwards.body, /name="to-day"[^>]*value="12"/);
  assert.match(backwards.body, />More time</);

  page = await client.get(`/cases/${reference}/stop_clock`);
  const noReason = await client.post(`/cases/${reference}/stop_clock`, { version: versionIn(page.body), reason: ' ', ...date('on', '2025-03-06') });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /Enter why the clock is stopped/);

  page = await client.get(`/cases/${reference}/findings`);
  const blank = await client.post(`/cases/${reference}/findings/add`, { version: versionIn(page.body), summary: '', category: '' });
  assert.equal(blank.statusCode, 400);
  assert.match(blank.body, /Enter what this part of the complaint is about/);

  page = await client.get(`/cases/${reference}/respond`);
  const noOutcome = await client.post(`/cases/${reference}/respond`, { version: versionIn(page.body), ...date('on', '2025-03-10'), letter: 'Dear Ann' });
  assert.equal(noOutcome.statusCode, 400);
  assert.match(noOutcome.body, /Select the outcome/);
  assert.match(noOutcome.body, />Dear Ann</);
  assert.deepEqual(await eventTypes(reference), [...before, 'acknowledged'], 'nothing written by a refused form');

  const chosen = await act(client, reference, 'respond', { ...date('on', '2025-03-10'), outcome: 'not_upheld' });
  assert.deepEqual(chosen.added, ['responded']);
  assert.equal((await state(reference)).stages[0]!.outcome, 'not_upheld');
});

test('a stale version is refused with 409: the form again, what was typed kept, nothing written', async () => {
  const reference = await logComplaint();
  const client = await signedIn(app, officer);
  await act(client, reference, 'triage', { route: 'urgent', procedure: 'corporate', ...date('on', '2025-03-04') });
  const page = await client.get(`/cases/${reference}/stop_clock`);
  const stale = versionIn(page.body);
  // Someone else acknowledges meanwhile.
  const other = await signedIn(app, officer);
  await act(other, reference, 'acknowledge', date('on', '2025-03-05'));
  const before = await eventTypes(reference);
  const response = await client.post(`/cases/${reference}/stop_clock`, { version: stale, reason: 'Waiting for the complainant', ...date('on', '2025-03-06') });
  assert.equal(response.statusCode, 409);
  assert.match(response.body, /govuk-error-summary/);
  assert.match(response.body, /Someone else changed this case/);
  assert.match(response.body, />Waiting for the complainant</);
  assert.match(response.body, /name="on-day"[^>]*value="6"/);
  assert.notEqual(versionIn(response.body), stale, 'the form now carries the case as it stands');
  assert.deepEqual(await eventTypes(reference), before);
  assert.equal(isStopped(await state(reference)), false);
});
const isStopped = (s: Awaited<ReturnType<typeof state>>) => s.stages.at(-1)!.pauses.at(-1)?.to === null;

test('who may act: an investigating officer only on the stage allocated to them; a case out of scope is not found', async () => {
  const reference = await logComplaint();
  const client = await signedIn(app, officer);
  await act(client, reference, 'triage', { route: 'formal', procedure: 'corporate', ...date('on', '2025-03-04') });
  await act(client, reference, 'allocate', { officer: String(investigator.staffMemberId), note: '' });

  const notAllocated = await signedIn(app, otherInvestigator);
  assert.equal((await notAllocated.get(`/cases/${reference}/respond`)).statusCode, 403);
  const forged = await notAllocated.post(`/cases/${reference}/respond`, { version: '3', ...date('on', '2025-03-10'), outcome: 'upheld' });
  assert.equal(forged.statusCode, 403);
  assert.equal((await notAllocated.get(`/cases/${reference}/triage`)).statusCode, 403, 'an investigating officer does not triage');

  const allocated = await signedIn(app, investigator);
  const responded = await act(allocated, reference, 'respond', { ...date('on', '2025-03-10'), outcome: 'upheld' });
  assert.deepEqual(responded.added, ['responded']);

  const outside = await signedIn(app, elsewhere);
  assert.equal((await outside.get(`/cases/${reference}/acknowledge`)).statusCode, 404);
  assert.equal((await outside.post(`/cases/${reference}/acknowledge`, { version: '1', ...date('on', '2025-03-05') })).statusCode, 404);
  assert.equal((await client.get('/cases/NOPE-000001/acknowledge')).statusCode, 404);
  assert.equal((await client.get(`/cases/${reference}/acknowledge`)).statusCode, 403, 'in scope, but the state does not allow it');
});

test('triage to a route outside the procedure closes the contact with its reason; the procedure can be corrected', async () => {
  const client = await signedIn(app, officer);
  const alternative = await logComplaint();
  const r = await act(client, alternative, 'triage', { route: 'alternative_path', alternativeReason: 'other_right_of_appeal', reason: 'A parking appeal', procedure: 'corporate', ...date('on', '2025-03-04') });
  assert.deepEqual(r.added, ['triaged']);
  assert.equal((await state(alternative)).status, 'closed');
  const { rows } = await db.pool.query('SELECT route, route_reason FROM contact WHERE council_id = $1 AND reference = $2', [council.id, alternative]);
  assert.deepEqual(rows[0], { route: 'alternative_path', route_reason: 'other_right_of_appeal' });

  const housing = await logComplaint();
  await db.pool.query(
    "INSERT INTO council_procedure (council_id, code, catalogue_key, definition, adopted_on) SELECT council_id, 'housing', 'housing-ombudsman-code', definition || '{\"code\":\"housing\"}', adopted_on FROM council_procedure WHERE council_id = $1 AND code = 'corporate' AND retired_on IS NULL AND NOT EXISTS (SELECT 1 FROM council_procedure WHERE council_id = $1 AND code = 'housing' AND retired_on IS NULL)",
    [council.id]);
  const h = await act(client, housing, 'triage', { route: 'formal', procedure: 'housing', ...date('on', '2025-03-04') });
  assert.deepEqual(h.added, ['triaged', 'stage_opened']);
  const contact = await db.pool.query('SELECT procedure_code FROM contact WHERE council_id = $1 AND reference = $2', [council.id, housing]);
  assert.equal(contact.rows[0].procedure_code, 'housing');
  assert.equal((await loadComplaint(db.pool, council.id, housing))!.procedure.code, 'housing');
});

test('a Welsh stage 1 discussion is recorded as a step of the stage', async () => {
  const wales = await newTestCouncil(db, { nation: 'wales' });
  const welshOfficer = await addTestStaff(db, wales.id, ['complaints_officer']);
  const { reference } = await logContact(db, wales.id, {
    kind: 'complaint', channel: 'email', receivedOn: '2025-03-03', summary: 'Library closed early', complainant: { fullName: 'Bryn Example' },
  }, systemActor('test'), '2025-04-01');
  const client = await signedIn(app, welshOfficer);
  // Corrected at triage to the social services procedure, whose stage 1 starts with a discussion.
  await act(client, reference, 'triage', { route: 'formal', procedure: 'adults_statutory', ...date('on', '2025-03-04') }, 'triage', wales.id);
  const page = await client.get(`/cases/${reference}/record_step`);
  const step = /name="step" type="radio" value="([a-z_]+)"/.exec(page.body)?.[1];
  assert.ok(step, 'the stage has a step to record');
  const recorded = await act(client, reference, 'record_step', { step: step!, ...date('on', '2025-03-06') }, 'record_step', wales.id);
  assert.deepEqual(recorded.added, ['step_recorded']);
  assert.equal((await loadComplaint(db.pool, wales.id, reference))!.state.stages[0]!.steps?.[0]?.key, step);
});

/** A multipart form as a browser sends one: the fields, then one file. */
function multipart(fields: Record<string, string>, file: { filename: string; type: string; content: Buffer }) {
  const boundary = '----redress-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="letterFile"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

test('the response letter can be uploaded with the response: both land together, and a file Redress does not keep is refused', async () => {
  const reference = await logComplaint();
  const client = await signedIn(app, officer);
  await act(client, reference, 'triage', { route: 'formal', procedure: 'corporate', ...date('on', '2025-03-04') });
  const page = await client.get(`/cases/${reference}/respond`);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  assert.match(page.body, /Save the response/);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const send = (content: Buffer, filename: string, type: string) => {
    const body = multipart({ _csrf: token, version: versionIn(page.body), ...date('on', '2025-03-10'), outcome: 'upheld', letter: '' }, { filename, type, content });
    return app.inject({ method: 'POST', url: `/cases/${reference}/respond`, payload: body.payload, headers: { cookie: client.jar.header, 'content-type': body.contentType, accept: 'text/html' } });
  };
  const before = await eventTypes(reference);
  const html = await send(Buffer.from('<html><script>alert(1)</script></html>'), 'letter.html', 'text/html');
  assert.equal(html.statusCode, 400);
  assert.match(html.body, /The letter must be a PDF, a Word document or a text file/);
  assert.match(html.body, /value="upheld" checked/);
  assert.deepEqual(await eventTypes(reference), before, 'nothing written');

  const ok = await send(Buffer.from('Dear Ms Example,\nWe are sorry the bins were missed.\n'), 'response.txt', 'text/plain');
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
  assert.deepEqual((await eventTypes(reference)).slice(before.length), ['responded', 'document_added']);
  const { rows } = await db.pool.query(
    `SELECT d.kind, d.filename FROM case_document d JOIN contact c ON c.council_id = d.council_id AND c.id = d.contact_id WHERE c.council_id = $1 AND c.reference = $2`,
    [council.id, reference]);
  assert.deepEqual(rows, [{ kind: 'response_letter', filename: 'response.txt' }]);
  assert.equal((await state(reference)).stages[0]!.outcome, 'upheld');
});
