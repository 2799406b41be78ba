import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil, engineName } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { triageAndOpen } from '../../../complaints/triageAndOpen.ts';
import { actOnComplaint, type ComplaintAction } from '../../../complaints/complaintActions.ts';
import { addRemedy } from '../../../complaints/remedies.ts';
import { loadComplaint } from '../../../complaints/complaintStore.ts';
import { systemActor } from '../../../events/actor.ts';
import { addCaseNote } from '../../../casework/notes.ts';
import { defaultOmbudsman, parsePounds, pounds } from './view.ts';

/** The case actions beyond handling a stage, walked as complaints staff would, on each engine. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const TODAY = '2025-06-02';
const now = new Date(`${TODAY}T09:00:00Z`);
const app = await createApp({ db, clock: { now: () => now } });
const actor = systemActor('case decisions test');

const unit = async (councilId: number, name: string) =>
  Number((await db.pool.query<{ id: number }>("INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', $2) RETURNING id", [councilId, name])).rows[0]!.id);
const place = await unit(council.id, 'Place');
const people = await unit(council.id, 'People');

const admin = await addTestStaff(db, council.id, ['complaints_administrator'], { name: 'Ada Administrator', maySeeRestricted: true });
const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Olive Officer' });
const placeOfficer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Pat Place', directorates: [place] });
const first = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy First' });
const second = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Sam Second' });

async function logComplaint(options: { councilId?: number; orgUnitId?: number | null; receivedOn?: string; kind?: string } = {}) {
  const orgUnitId = options.orgUnitId === undefined ? place : options.orgUnitId;
  const { reference } = await logContact(db, options.councilId ?? council.id, {
    kind: options.kind ?? 'complaint', channel: 'email', receivedOn: options.receivedOn ?? '2025-05-01', summary: 'Bins missed three weeks running',
    ...(orgUnitId !== null ? { orgUnitId } : {}), complainant: { fullName: 'Ann Example', email: 'ann@example.com' },
  }, actor, TODAY);
  return reference;
}

/** A complaint with stage 1 open (received 1 May), then the actions given. */
async function openComplaint(actions: ComplaintAction[] = [], options: { councilId?: number; orgUnitId?: number | null; receivedOn?: string } = {}) {
  const councilId = options.councilId ?? council.id;
  const reference = await logComplaint(options);
  await triageAndOpen(db, councilId, reference, { on: options.receivedOn ?? '2025-05-01', route: 'formal' }, actor, TODAY);
  for (const action of actions) await actOnComplaint(db, councilId, reference, action, actor, TODAY);
  return reference;
}
/** Stage 1 handled by the first investigating officer and answered on 12 May. */
const answered = (options: { councilId?: number; orgUnitId?: number } = {}, staffMemberId = first.staffMemberId) =>
  openComplaint([{ type: 'allocate', on: '2025-05-02', staffMemberId }, { type: 'respond', on: '2025-05-12', outcome: 'upheld' }], options);

async function eventTypes(reference: string, councilId = council.id): Promise<string[]> {
  const { rows } = await db.pool.query<{ type: string }>(
    `SELECT e.type FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY e.id`, [councilId, reference]);
  return rows.map((r) => r.type);
}
async function lastEvent(reference: string, type: string, councilId = council.id): Promise<Record<string, unknown>> {
  const { rows } = await db.pool.query<{ data: Record<string, unknown> }>(
    `SELECT e.data FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 AND e.type = $3 ORDER BY e.id DESC LIMIT 1`, [councilId, reference, type]);
  return rows[0]!.data;
}
const state = async (reference: string, councilId = council.id) => (await loadComplaint(db.pool, councilId, reference))!.state;
const contactRow = async (reference: string) =>
  (await db.pool.query('SELECT id, restricted, responded_on, duplicate_of_id FROM contact WHERE council_id = $1 AND reference = $2', [council.id, reference])).rows[0];
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const date = (name: string, iso: string) => ({ [`${name}-day`]: String(Number(iso.slice(8))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) });
const summaryOf = (html: string) => html.match(/govuk-error-summary[\s\S]*?<\/ul>/)?.[0] ?? html.slice(0, 800);

type Client = Awaited<ReturnType<typeof signedIn>>;
/** GET the form, then POST it with the case's version: one step of the walk. */
async function act(client: Client, reference: string, action: string, form: Record<string, string>, postPath = action, councilId = council.id) {
  const page = await client.get(`/cases/${reference}/${action}`);
  assert.equal(page.statusCode, 200, `${action}: ${page.body.slice(0, 500)}`);
  const before = (await eventTypes(reference, councilId)).length;
  const response = await client.post(`/cases/${reference}/${postPath}`, { version: versionIn(page.body), ...form });
  assert.equal(response.statusCode, 303, `${action}: ${summaryOf(response.body)}`);
  assert.equal(response.headers.location, `/cases/${reference}`);
  const added = (await eventTypes(reference, councilId)).slice(before);
  // The case page shows the success banner once.
  const casePage = await client.get(response.headers.location as string);
  const banner = /govuk-notification-banner--success[\s\S]*?<\/div>\s*<\/div>/.exec(casePage.body)?.[0] ?? '';
  return { page, added, banner };
}
/** GET the form, POST it, expect it refused (400) with an error summary; nothing written. */
async function refused(client: Client, reference: string, action: string, form: Record<string, string>, postPath = action, councilId = council.id) {
  const page = await client.get(`/cases/${reference}/${action}`);
  assert.equal(page.statusCode, 200, `${action}: ${page.body.slice(0, 500)}`);
  const before = await eventTypes(reference, councilId);
  const response = await client.post(`/cases/${reference}/${postPath}`, { version: versionIn(page.body), ...form });
  assert.equal(response.statusCode, 400, `${action}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  assert.match(response.body, /govuk-error-summary/);
  assert.deepEqual(await eventTypes(reference, councilId), before, `${action}: nothing written`);
  return response.body;
}

test(`the next stage asked for, accepted with a different officer, answered and closed (${engineName()})`, async () => {
  const reference = await answered();
  const client = await signedIn(app, officer);

  const request = await act(client, reference, 'request_escalation', { ...date('on', '2025-05-15'), reason: 'The crew still miss my bin' });
  assert.match(request.page.body, /Record the request for stage 2/);
  assert.deepEqual(request.added, ['escalation_requested']);
  assert.equal((await lastEvent(reference, 'escalation_requested')).reason, 'The crew still miss my bin');
  assert.match(request.banner, /Request for stage 2 recorded/);

  const page = await client.get(`/cases/${reference}/decide_escalation`);
  assert.match(page.body, /Ivy First \(stage 1\)/, 'the page says who handled stage 1');
  assert.match(page.body, /Ivy First – handled stage 1/);
  const same = await refused(client, reference, 'decide_escalation', { decision: 'accept', officer: String(first.staffMemberId), ...date('on', '2025-05-16'), reason: 'Fair point' });
  assert.match(same, /Choose a different investigating officer from the one who handled stage 1/);
  assert.match(same, /href="#officer"/);
  assert.match(same, />Fair point</, 'what was typed is kept');
  assert.match(same, /value="accept" checked/);
  const noOfficer = await refused(client, reference, 'decide_escalation', { decision: 'accept', officer: '', ...date('on', '2025-05-16'), reason: '' });
  assert.match(noOfficer, /Select the investigating officer/);

  const accepted = await act(client, reference, 'decide_escalation', { decision: 'accept', officer: String(second.staffMemberId), ...date('on', '2025-05-16'), reason: 'Fair point' });
  assert.deepEqual(accepted.added, ['escalation_accepted', 'allocated'], 'accepted and allocated in one step');
  let s = await state(reference);
  assert.equal(s.status, 'stage_open');
  assert.equal(s.stages[1]!.number, 2);
  assert.equal(s.stages[1]!.openedOn, '2025-05-16');
  assert.equal(Number(s.stages[1]!.investigatingOfficer), second.staffMemberId);
  const stage2 = (await db.pool.query(
    `SELECT s.acknowledgement_due_on, s.due_on FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 AND s.stage = 2`, [council.id, reference])).rows[0];
  assert.ok(stage2.acknowledgement_due_on, 'stage 2 has its acknowledgement deadline');
  assert.ok(stage2.due_on, 'and its response deadline');
  assert.match(accepted.banner, /Stage 2 is open and allocated to Sam Second/);

  await actOnComplaint(db, council.id, reference, { type: 'respond', on: '2025-05-30', outcome: 'upheld' }, actor, TODAY);
  await addRemedy(db, council.id, reference, { kind: 'apology', description: 'A letter from the director', dueOn: '2025-06-10' }, actor, TODAY);
  const closePage = await client.get(`/cases/${reference}/close`);
  assert.match(closePage.body, /govuk-warning-text[\s\S]*still has 1 remedy and 0 learning actions not done/);
  const closed = await act(client, reference, 'close', date('on', '2025-06-01'));
  assert.deepEqual(closed.added, ['closed']);
  s = await state(reference);
  assert.equal(s.status, 'closed');
  assert.equal(s.closedOn, '2025-06-01');
});

test('a refused request for the next stage needs a reason, closes the case and points to the Ombudsman', async () => {
  const reference = await answered();
  const client = await signedIn(app, officer);
  await act(client, reference, 'request_escalation', { ...date('on', '2025-05-15'), reason: 'Not satisfied' });
  const page = await client.get(`/cases/${reference}/decide_escalation`);
  assert.match(page.body, /Local Government and Social Care Ombudsman/);
  const noReason = await refused(client, reference, 'decide_escalation', { decision: 'refuse', ...date('on', '2025-05-16'), reason: ' ' });
  assert.match(noReason, /Enter the reason for refusing the request/);
  assert.match(noReason, /value="refuse" checked/);
  const decided = await act(client, reference, 'decide_escalation', { decision: 'refuse', officer: '', ...date('on', '2025-05-16'), reason: 'Stage 1 answered every point' });
  assert.deepEqual(decided.added, ['escalation_refused']);
  const s = await state(reference);
  assert.equal(s.status, 'closed');
  assert.equal(s.stages[1]!.refusalReason, 'Stage 1 answered every point');
  assert.match(decided.banner, /refused and the case closed\. The complainant can go to the Local Government and Social Care Ombudsman/);
});

test('a request after the window is refused with the Ombudsman’s details, unless the council will consider it', async () => {
  // Cheshire West's stage 2 is asked for within 20 working days of the stage 1 answer.
  const cheshire = await newTestCouncil(db, { procedures: { corporate: 'cheshire-west-corporate' } });
  const cheshireOfficer = await addTestStaff(db, cheshire.id, ['complaints_officer']);
  const reference = await openComplaint([{ type: 'respond', on: '2025-03-07', outcome: 'not_upheld' }], { councilId: cheshire.id, orgUnitId: null, receivedOn: '2025-03-03' });
  const client = await signedIn(app, cheshireOfficer);
  const page = await client.get(`/cases/${reference}/request_escalation`);
  assert.match(page.body, /Last day to ask for the next stage\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*4 April 2025/);
  const late = await refused(client, reference, 'request_escalation', { ...date('on', '2025-05-20'), reason: 'I was in hospital' }, 'request_escalation', cheshire.id);
  assert.match(late, /The request is too late: the time to ask for stage 2 ended on 4 April 2025/);
  assert.match(late, /Local Government and Social Care Ombudsman \(www\.lgo\.org\.uk, 0300 061 0614\)/);
  assert.match(late, />I was in hospital</);
  assert.match(late, /href="#considerLate"/);
  const recorded = await act(client, reference, 'request_escalation', { ...date('on', '2025-05-20'), reason: 'I was in hospital', considerLate: 'yes' }, 'request_escalation', cheshire.id);
  assert.deepEqual(recorded.added, ['escalation_requested']);
  const data = await lastEvent(reference, 'escalation_requested', cheshire.id);
  assert.equal(data.late, true);
  assert.equal(data.windowClosesOn, '2025-04-04');
  assert.equal(data.reason, 'I was in hospital');
});

test('a complaint started straight at stage 2, with its reason and officer in one step', async () => {
  const reference = await logComplaint();
  await actOnComplaint(db, council.id, reference, { type: 'triage', on: '2025-05-02', route: 'formal' }, actor, TODAY);
  const client = await signedIn(app, officer);
  const page = await client.get(`/cases/${reference}/accept_at_stage_2`);
  assert.match(page.body, /name="requestedOn-day"[^>]*value="1"/, 'asked for on the day it was received, unless changed');
  const noReason = await refused(client, reference, 'accept_at_stage_2', { reason: '', ...date('requestedOn', '2025-05-01'), ...date('on', '2025-05-03'), officer: String(second.staffMemberId) });
  assert.match(noReason, /Enter why the complaint starts at stage 2/);
  assert.match(noReason, new RegExp(`value="${second.staffMemberId}" selected`));
  const early = await refused(client, reference, 'accept_at_stage_2', { reason: 'Complex', ...date('requestedOn', '2025-05-04'), ...date('on', '2025-05-03'), officer: '' });
  assert.match(early, /Stage 2 cannot be accepted on 3 May 2025, before it was asked for on 4 May 2025/);
  const done = await act(client, reference, 'accept_at_stage_2', { reason: 'Serious and complex: several services', ...date('requestedOn', '2025-05-01'), ...date('on', '2025-05-03'), officer: String(second.staffMemberId) });
  assert.deepEqual(done.added, ['accepted_at_stage_2', 'allocated']);
  const s = await state(reference);
  assert.equal(s.status, 'stage_open');
  assert.equal(s.stages.length, 1);
  assert.equal(s.stages[0]!.number, 2);
  assert.equal(s.stages[0]!.acceptedDirectlyReason, 'Serious and complex: several services');
  assert.equal(Number(s.stages[0]!.investigatingOfficer), second.staffMemberId);
});

test('a withdrawal, then the case reopened where it was', async () => {
  const reference = await openComplaint();
  const client = await signedIn(app, officer);
  const noReason = await refused(client, reference, 'withdraw', { reason: '', ...date('on', '2025-05-10') });
  assert.match(noReason, /Enter why the complaint was withdrawn/);
  const withdrawn = await act(client, reference, 'withdraw', { reason: 'Sorted out with the crew directly', ...date('on', '2025-05-10') });
  assert.deepEqual(withdrawn.added, ['withdrawn']);
  assert.equal((await state(reference)).status, 'withdrawn');
  assert.equal((await lastEvent(reference, 'withdrawn')).reason, 'Sorted out with the crew directly');
  const early = await refused(client, reference, 'reopen', { reason: 'Came back', ...date('on', '2025-05-09') });
  assert.match(early, /A case cannot be reopened before it was withdrawn on 10 May 2025/);
  const reopened = await act(client, reference, 'reopen', { reason: 'The bins were missed again', ...date('on', '2025-05-20') });
  assert.deepEqual(reopened.added, ['reopened']);
  assert.equal((await state(reference)).status, 'stage_open');
  assert.match(reopened.banner, /Case reopened on 20 May 2025: stage open/);
});

test('remedies: financial redress needs its amount, "£1,250.50" is read, and a remedy is marked done', async () => {
  assert.equal(parsePounds('£1,250.50'), 1250.5);
  assert.equal(parsePounds('1250.5'), 1250.5);
  assert.equal(parsePounds('£ 75'), 75);
  assert.equal(parsePounds('12.345'), null);
  assert.equal(parsePounds('ten pounds'), null);
  assert.equal(pounds(1250.5), '£1,250.50');

  const reference = await answered();
  const client = await signedIn(app, officer);
  const noAmount = await refused(client, reference, 'remedy', { kind: 'financial_redress', description: 'For the missed collections', amount: '', ...date('dueOn', '2025-06-20') });
  assert.match(noAmount, /Enter the amount of financial redress/);
  assert.match(noAmount, />For the missed collections</);
  const badAmount = await refused(client, reference, 'remedy', { kind: 'financial_redress', description: 'For the missed collections', amount: 'lots', ...date('dueOn', '2025-06-20') });
  assert.match(badAmount, /Enter the amount in pounds and pence/);
  assert.match(badAmount, /value="lots"/);

  const added = await act(client, reference, 'remedy', { kind: 'financial_redress', description: 'For the missed collections', amount: '£1,250.50', ...date('dueOn', '2025-06-20') });
  assert.deepEqual(added.added, ['remedy_agreed']);
  const { rows } = await db.pool.query('SELECT id, amount, due_on, done_on FROM remedy WHERE council_id = $1 AND contact_id = $2', [council.id, (await contactRow(reference)).id]);
  assert.equal(Number(rows[0].amount), 1250.5);
  assert.equal(rows[0].due_on, '2025-06-20');
  assert.match(added.banner, /Financial redress of £1,250\.50/);

  const id = String(rows[0].id);
  const page = await client.get(`/cases/${reference}/remedy`);
  assert.match(page.body, /Remedies not done yet[\s\S]*Financial redress: £1,250\.50/);
  const future = await refused(client, reference, 'remedy', { remedy: id, ...date(`done-${id}`, '2025-07-01') }, 'remedy/done');
  assert.match(future, /must be today or in the past/);
  const done = await act(client, reference, 'remedy', { remedy: id, ...date(`done-${id}`, '2025-06-01') }, 'remedy/done');
  assert.deepEqual(done.added, ['remedy_done']);
  const after = await db.pool.query('SELECT done_on FROM remedy WHERE council_id = $1 AND id = $2', [council.id, id]);
  assert.equal(after.rows[0].done_on, '2025-06-01');
  assert.doesNotMatch((await client.get(`/cases/${reference}/remedy`)).body, /Remedies not done yet/);
});

test('a learning action, then marked done with its evidence', async () => {
  const reference = await answered();
  const client = await signedIn(app, officer);
  const blank = await refused(client, reference, 'learning_action', { description: 'Crews check the assisted collection list', owner: '', ...date('dueOn', '2025-07-01') });
  assert.match(blank, /Enter the person or team who owns the action/);
  assert.match(blank, />Crews check the assisted collection list</);
  const added = await act(client, reference, 'learning_action', { description: 'Crews check the assisted collection list', owner: 'Waste team', ...date('dueOn', '2025-07-01') });
  assert.deepEqual(added.added, ['learning_action_agreed']);
  const id = String((await db.pool.query('SELECT id FROM learning_action WHERE council_id = $1 AND contact_id = $2', [council.id, (await contactRow(reference)).id])).rows[0].id);
  const noEvidence = await refused(client, reference, 'learning_action', { learningAction: id, [`evidence-${id}`]: '', ...date(`done-${id}`, '2025-06-01') }, 'learning_action/done');
  assert.match(noEvidence, /Enter what shows the change was made/);
  const done = await act(client, reference, 'learning_action', { learningAction: id, [`evidence-${id}`]: 'Briefing sheet issued to all crews', ...date(`done-${id}`, '2025-06-01') }, 'learning_action/done');
  assert.deepEqual(done.added, ['learning_action_done']);
  assert.equal((await lastEvent(reference, 'learning_action_done')).evidence, 'Briefing sheet issued to all crews');
  assert.equal((await db.pool.query('SELECT done_on FROM learning_action WHERE council_id = $1 AND id = $2', [council.id, id])).rows[0].done_on, '2025-06-01');
});

test('cases linked, a duplicate merged, and a case out of scope reads as no case', async () => {
  const a = await openComplaint();
  const b = await openComplaint();
  const dup = await openComplaint();
  const elsewhere = await openComplaint([], { orgUnitId: people });
  const client = await signedIn(app, officer);

  const linked = await act(client, a, 'link', { other: b.toLowerCase(), kind: 'linked' });
  assert.match(linked.page.body, /merge this case into the other/);
  assert.deepEqual(linked.added, ['linked']);
  assert.deepEqual((await eventTypes(b)).slice(-1), ['linked']);
  assert.match((await client.get(`/cases/${a}/link`)).body, new RegExp(`Linked already[\\s\\S]*${b}`));

  const merged = await act(client, dup, 'link', { other: a, kind: 'duplicate' });
  assert.deepEqual(merged.added, ['merged_into']);
  assert.deepEqual((await eventTypes(a)).slice(-1), ['merged_from']);
  assert.equal(Number((await contactRow(dup)).duplicate_of_id), Number((await contactRow(a)).id));

  const self = await refused(client, a, 'link', { other: a, kind: 'linked' });
  assert.match(self, /Enter the reference of a different case/);
  const none = await refused(client, a, 'link', { other: 'NOPE25-000001', kind: 'linked' });
  assert.match(none, /There is no case NOPE25-000001/);

  const narrow = await signedIn(app, placeOfficer);
  const outOfScope = await refused(narrow, a, 'link', { other: elsewhere, kind: 'duplicate' });
  assert.match(outOfScope, new RegExp(`There is no case ${elsewhere}`));
  assert.match(outOfScope, /value="duplicate" checked/);
});

test('an Ombudsman case recorded against the complaint, with the usual Ombudsman chosen', async () => {
  assert.equal(defaultOmbudsman('england', 'housing'), 'housing_ombudsman');
  assert.equal(defaultOmbudsman('england', 'corporate'), 'lgsco');
  assert.equal(defaultOmbudsman('wales', 'housing'), 'psow');
  assert.equal(defaultOmbudsman('scotland', null), 'spso');
  assert.equal(defaultOmbudsman('northern_ireland', 'corporate'), 'nipso');

  const reference = await answered();
  const client = await signedIn(app, officer);
  const page = await client.get(`/cases/${reference}/link_ombudsman`);
  assert.match(page.body, /value="lgsco" checked/);
  const noRef = await refused(client, reference, 'link_ombudsman', { body: 'lgsco', ombudsmanReference: '', ...date('receivedOn', '2025-05-30') });
  assert.match(noRef, /Enter the Ombudsman’s reference/);
  const done = await act(client, reference, 'link_ombudsman', { body: 'lgsco', ombudsmanReference: '24 017 552', ...date('receivedOn', '2025-05-30') });
  assert.deepEqual(done.added, ['ombudsman_case_recorded']);
  const { rows } = await db.pool.query('SELECT body, received_on, contact_id FROM ombudsman_case WHERE council_id = $1 AND ombudsman_reference = $2', [council.id, '24 017 552']);
  assert.equal(rows[0].body, 'lgsco');
  assert.equal(rows[0].received_on, '2025-05-30');
  assert.equal(Number(rows[0].contact_id), Number((await contactRow(reference)).id));
  const again = await refused(client, reference, 'link_ombudsman', { body: 'lgsco', ombudsmanReference: '24 017 552', ...date('receivedOn', '2025-05-30') });
  assert.match(again, /already recorded against this case/);
});

test('only a complaints administrator restricts a case; then it is hidden from those who may not see restricted cases', async () => {
  const reference = await openComplaint();
  const client = await signedIn(app, officer);
  assert.equal((await client.get(`/cases/${reference}/restrict`)).statusCode, 403);
  assert.equal((await client.post(`/cases/${reference}/restrict`, { version: '2', to: 'restricted', reason: 'Staff member' })).statusCode, 403);

  const administrator = await signedIn(app, admin);
  const noReason = await refused(administrator, reference, 'restrict', { to: 'restricted', reason: '' });
  assert.match(noReason, /Enter the reason/);
  const restricted = await act(administrator, reference, 'restrict', { to: 'restricted', reason: 'The complainant works in the waste team' });
  assert.deepEqual(restricted.added, ['restricted']);
  assert.equal((await contactRow(reference)).restricted, true);
  assert.equal((await client.get(`/cases/${reference}`)).statusCode, 404, 'hidden from an officer who may not see restricted cases');
  assert.equal((await administrator.get(`/cases/${reference}`)).statusCode, 200);

  const lift = await administrator.get(`/cases/${reference}/restrict`);
  assert.match(lift.body, /Lift the restriction/);
  const lifted = await act(administrator, reference, 'restrict', { to: 'unrestricted', reason: 'They have left the council' });
  assert.deepEqual(lifted.added, ['unrestricted']);
  assert.equal((await client.get(`/cases/${reference}`)).statusCode, 200);
});

test('an MP’s enquiry: the date its response was sent, against its target', async () => {
  const reference = await logComplaint({ kind: 'mp_enquiry', receivedOn: '2025-05-19' });
  const client = await signedIn(app, officer);
  const page = await client.get(`/cases/${reference}/enquiry_response`);
  assert.match(page.body, /Response target\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*\d+ (May|June) 2025/);
  const early = await refused(client, reference, 'enquiry_response', date('on', '2025-05-18'));
  assert.match(early, /must be the same as or after the date the enquiry was received, 19 May 2025/);
  const sent = await act(client, reference, 'enquiry_response', date('on', '2025-05-28'));
  assert.deepEqual(sent.added, ['contact_updated']);
  assert.equal((await contactRow(reference)).responded_on, '2025-05-28');
  assert.match(sent.banner, /Response recorded as sent on 28 May 2025, within the target of/);
  assert.equal((await client.get(`/cases/${reference}/enquiry_response`)).statusCode, 403, 'recorded once');
});

test('every form: a stale version is refused with 409, what was typed kept, nothing written', async () => {
  const client = await signedIn(app, officer);
  const administrator = await signedIn(app, admin);
  const other = await openComplaint();
  const responded = () => answered();
  const requested = async () => {
    const r = await answered();
    await actOnComplaint(db, council.id, r, { type: 'request_escalation', on: '2025-05-15' }, actor, TODAY);
    return r;
  };
  const triaged = async () => {
    const r = await logComplaint();
    await actOnComplaint(db, council.id, r, { type: 'triage', on: '2025-05-02', route: 'formal' }, actor, TODAY);
    return r;
  };
  const withdrawn = () => openComplaint([{ type: 'withdraw', on: '2025-05-05' }]);
  const cases: { action: string; make: () => Promise<string>; form: Record<string, string>; kept: RegExp; who?: Client }[] = [
    { action: 'request_escalation', make: responded, form: { ...date('on', '2025-05-15'), reason: 'Typed reason' }, kept: />Typed reason</ },
    { action: 'decide_escalation', make: requested, form: { decision: 'refuse', ...date('on', '2025-05-16'), reason: 'Typed reason' }, kept: />Typed reason</ },
    { action: 'accept_at_stage_2', make: triaged, form: { reason: 'Typed reason', ...date('requestedOn', '2025-05-01'), ...date('on', '2025-05-03') }, kept: />Typed reason</ },
    { action: 'withdraw', make: () => openComplaint(), form: { reason: 'Typed reason', ...date('on', '2025-05-10') }, kept: />Typed reason</ },
    { action: 'reopen', make: withdrawn, form: { reason: 'Typed reason', ...date('on', '2025-05-10') }, kept: />Typed reason</ },
    { action: 'close', make: responded, form: date('on', '2025-05-27'), kept: /name="on-day"[^>]*value="27"/ },
    { action: 'remedy', make: responded, form: { kind: 'apology', description: 'Typed reason', amount: '', ...date('dueOn', '2025-06-20') }, kept: />Typed reason</ },
    { action: 'learning_action', make: responded, form: { description: 'Typed reason', owner: 'Waste', ...date('dueOn', '2025-06-20') }, kept: />Typed reason</ },
    { action: 'link', make: () => openComplaint(), form: { other, kind: 'linked' }, kept: new RegExp(`value="${other}"`) },
    { action: 'link_ombudsman', make: responded, form: { body: 'lgsco', ombudsmanReference: 'OMB-1', ...date('receivedOn', '2025-05-30') }, kept: /value="OMB-1"/ },
    { action: 'restrict', make: () => openComplaint(), form: { to: 'restricted', reason: 'Typed reason' }, kept: />Typed reason</, who: administrator },
    { action: 'enquiry_response', make: () => logComplaint({ kind: 'councillor_enquiry', receivedOn: '2025-05-19' }), form: date('on', '2025-05-27'), kept: /name="on-day"[^>]*value="27"/ },
  ];
  for (const c of cases) {
    const reference = await c.make();
    const who = c.who ?? client;
    const page = await who.get(`/cases/${reference}/${c.action}`);
    assert.equal(page.statusCode, 200, `${c.action}: ${page.body.slice(0, 300)}`);
    const stale = versionIn(page.body);
    // Someone else changes the case meanwhile.
    await addCaseNote(db, { councilId: council.id, contactId: Number((await contactRow(reference)).id), text: 'Rang the complainant', on: '2025-06-01' }, actor);
    const before = await eventTypes(reference);
    const response = await who.post(`/cases/${reference}/${c.action}`, { version: stale, ...c.form });
    assert.equal(response.statusCode, 409, `${c.action}: ${response.statusCode} ${summaryOf(response.body)}`);
    assert.match(response.body, /Someone else changed this case/);
    assert.match(response.body, c.kept, `${c.action}: what was typed is kept`);
    assert.notEqual(versionIn(response.body), stale, `${c.action}: the form now carries the case as it stands`);
    assert.deepEqual(await eventTypes(reference), before, `${c.action}: nothing written`);
  }
});

test('every form refuses bad input with an error summary and keeps what was typed; the actions are refused by URL when the state does not allow them', async () => {
  const client = await signedIn(app, officer);
  const reference = await openComplaint();
  const noDate = await refused(client, reference, 'withdraw', { reason: 'Typed reason', 'on-day': '', 'on-month': '', 'on-year': '' });
  assert.match(noDate, /Enter the date of the withdrawal/);
  assert.match(noDate, />Typed reason</);
  const noKind = await refused(client, reference, 'link', { other: 'ABC', kind: '' });
  assert.match(noKind, /Select whether the cases are linked or this one is a duplicate/);
  assert.match(noKind, /value="ABC"/);

  // Stage 1 is open: no escalation, no closing, no stage 2 straight away, no reopening.
  for (const action of ['request_escalation', 'decide_escalation', 'accept_at_stage_2', 'reopen', 'close', 'enquiry_response']) {
    assert.equal((await client.get(`/cases/${reference}/${action}`)).statusCode, 403, action);
  }
  const investigator = await signedIn(app, first);
  assert.equal((await investigator.get(`/cases/${reference}/withdraw`)).statusCode, 403, 'an investigating officer does not withdraw cases');
  const elsewhere = await openComplaint([], { orgUnitId: people });
  const narrow = await signedIn(app, placeOfficer);
  assert.equal((await narrow.get(`/cases/${elsewhere}/withdraw`)).statusCode, 404, 'out of scope is not found');
});
