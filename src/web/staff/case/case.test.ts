import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { addCaseNote } from '../../../casework/notes.ts';
import { actor, newTestOrg, openComplaint, TODAY } from './caseTestSupport.ts';
import { t } from '../../i18n.ts';
import { CASE_ACTIONS } from '../../../domain/access/caseActions.ts';
import { CASE_EVENT_TYPES } from '../../../events/caseEvents.ts';
import { COMPLAINT_STATUSES } from '../../../domain/cases/lifecycle.ts';
import { DOCUMENT_KINDS } from '../../../casework/documents.ts';
import {
  CHANNELS, COMPLAINANT_GROUPS, CONTACT_FLAGS, CONTACT_KINDS, ELEMENT_OUTCOMES, OMBUDSMAN_BODIES, PROCEDURE_CODES, REMEDY_KINDS, ROUTES, STAGE_OUTCOMES,
} from '../../../domain/cases/vocabulary.ts';

/** The case page: what an officer sees at a glance, who may see it, and notes. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date(`${TODAY}T09:00:00Z`) } });
const org = await newTestOrg(db);
const officer = await addTestStaff(db, org.councilId, ['complaints_officer'], { name: 'Olive Officer' });
const investigator = await addTestStaff(db, org.councilId, ['investigating_officer'], { name: 'Ian Investigator' });
const viewer = await addTestStaff(db, org.councilId, ['report_viewer']);
const resourcesOfficer = await addTestStaff(db, org.councilId, ['complaints_officer'], { directorates: [org.resources] });
const placeOfficer = await addTestStaff(db, org.councilId, ['complaints_officer'], { directorates: [org.place] });

// Received and opened on Tuesday 20 May 2025: the acknowledgement (5 working days) passes over
// the spring bank holiday on Monday 26 May and falls on 28 May, overdue by 3 working days on 2 June.
const pothole = await openComplaint(db, org, { actions: [{ type: 'allocate', on: '2025-05-21', staffMemberId: org.officerA }] });
await db.pool.query(
  `UPDATE person SET contact_restriction = 'Written contact only, through the complaints team'
    WHERE council_id = $1 AND id = (SELECT complainant_id FROM contact WHERE council_id = $1 AND id = $2)`,
  [org.councilId, pothole.contactId],
);

const actionsIn = (html: string) => [...html.matchAll(new RegExp(`href="/cases/${pothole.reference}/([a-z_]+)"`, 'g'))].map((m) => m[1]);
const viewsOf = async (accountId: number, contactId: number) =>
  Number((await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE account_id = $1 AND contact_id = $2 AND action = 'view_case'`, [accountId, contactId])).rows[0]!.n);

test('a complaints officer sees the case: the person, every deadline with how it was worked out, the timeline and the actions', async () => {
  const client = await signedIn(app, officer);
  const page = await client.get(`/cases/${pothole.reference}`);
  assert.equal(page.statusCode, 200);
  const html = page.body;
  assert.match(html, new RegExp(`<h1 class="govuk-heading-l">${pothole.reference}</h1>`));
  assert.match(html, /govuk-tag--blue[^>]*>\s*Stage open/);
  assert.match(html, /Priya Shah/);
  assert.match(html, /priya@example\.org/);
  assert.match(html, /govuk-inset-text app-reasonable-adjustments[\s\S]*Large print letters, please/, 'reasonable adjustments are highlighted');
  assert.match(html, /govuk-warning-text[\s\S]*Written contact only, through the complaints team/, 'a contact restriction is a warning');
  assert.match(html, /Place › Highways/);
  assert.match(html, /Vulnerable person/);
  assert.match(html, /Formal complaint – A service failure/);

  // Deadlines: the acknowledgement, 28 May 2025, overdue, with its basis.
  assert.match(html, /Stage 1: acknowledgement due/);
  assert.match(html, /app-deadline--overdue">28 May 2025<\/strong>/);
  assert.match(html, /3 working days overdue/);
  assert.match(html, /How this date was worked out/);
  assert.match(html, /5 working days from 20 May 2025, skipping Spring bank holiday 26 May 2025/);
  assert.match(html, /Spring bank holiday \(26 May 2025\)/);
  assert.match(html, /england-and-wales/);
  assert.match(html, /Stage 1: response due/);
  assert.match(html, /Asha Patel/, 'the investigating officer');
  assert.doesNotMatch(html, /returned an object|\bcase\.[a-zA-Z]+\.[a-zA-Z_.]+/, 'every word comes from the catalogue');

  // Timeline, newest first.
  const logged = html.indexOf('data-event="logged"');
  const allocated = html.indexOf('data-event="allocated"');
  assert.ok(allocated > 0 && logged > allocated, 'allocated comes before logged (newest first)');
  assert.match(html, /moj-timeline__byline">by case page test/);

  const actions = actionsIn(html);
  for (const a of ['acknowledge', 'extend', 'stop_clock', 'respond', 'note', 'document', 'allocate', 'link', 'findings', 'withdraw']) assert.ok(actions.includes(a), `offers ${a}`);
  for (const a of ['triage', 'restart_clock', 'reopen', 'restrict', 'enquiry_response']) assert.ok(!actions.includes(a), `does not offer ${a}`);
});

test('an investigating officer not allocated sees the case but cannot handle its stage; a report viewer cannot see it', async () => {
  const client = await signedIn(app, investigator);
  const page = await client.get(`/cases/${pothole.reference}`);
  assert.equal(page.statusCode, 200);
  const actions = actionsIn(page.body);
  assert.ok(actions.includes('note') && actions.includes('document'));
  for (const a of ['acknowledge', 'extend', 'respond', 'stop_clock', 'findings', 'allocate', 'triage', 'withdraw']) assert.ok(!actions.includes(a), `does not offer ${a}`);

  const reports = await signedIn(app, viewer);
  assert.equal((await reports.get(`/cases/${pothole.reference}`)).statusCode, 403);
  assert.equal((await reports.get(`/cases/${pothole.reference}/note`)).statusCode, 403);
});

test('a case in another directorate, a restricted case and a case that does not exist are all "not found"', async () => {
  const elsewhere = await signedIn(app, resourcesOfficer);
  const hidden = await elsewhere.get(`/cases/${pothole.reference}`);
  assert.equal(hidden.statusCode, 404);
  assert.doesNotMatch(hidden.body, /Priya/);
  assert.equal((await elsewhere.get(`/cases/${pothole.reference}/note`)).statusCode, 404);
  assert.equal((await elsewhere.get('/cases/NOPE-000001')).statusCode, 404);
  const place = await signedIn(app, placeOfficer);
  assert.equal((await place.get(`/cases/${pothole.reference}`)).statusCode, 200, 'the directorate it is in');

  const childrens = await openComplaint(db, org, { procedure: 'children_statutory' });
  const client = await signedIn(app, officer);
  assert.equal((await client.get(`/cases/${childrens.reference}`)).statusCode, 404, 'children’s social care without may_see_restricted');
  const trusted = await addTestStaff(db, org.councilId, ['complaints_officer'], { maySeeRestricted: true });
  const allowed = await (await signedIn(app, trusted)).get(`/cases/${childrens.reference}`);
  assert.equal(allowed.statusCode, 200);
  assert.match(allowed.body, /moj-badge--red[^>]*>\s*Restricted/);
});

test('every view of a case is recorded in the audit', async () => {
  const client = await signedIn(app, officer);
  const before = await viewsOf(officer.accountId, pothole.contactId);
  await client.get(`/cases/${pothole.reference}`);
  await client.get(`/cases/${pothole.reference}`);
  assert.equal(await viewsOf(officer.accountId, pothole.contactId), before + 2);
  const { rows } = await db.pool.query<{ detail: object; actor: string }>(
    `SELECT detail, actor FROM audit_entry WHERE account_id = $1 AND contact_id = $2 AND action = 'view_case' ORDER BY id DESC LIMIT 1`,
    [officer.accountId, pothole.contactId],
  );
  assert.equal(rows[0]!.actor, 'Olive Officer');
  assert.deepEqual(rows[0]!.detail, {});
});

test('a note is added to the timeline, with a success banner shown once', async () => {
  const client = await signedIn(app, officer);
  const form = await client.get(`/cases/${pothole.reference}/note`);
  assert.equal(form.statusCode, 200);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  const empty = await client.post(`/cases/${pothole.reference}/note`, { note: '  ', version });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /govuk-error-summary[\s\S]*Enter the note/);

  const sent = await client.post(`/cases/${pothole.reference}/note`, { note: 'Rang Ms Shah <b>back</b>.\nShe will send photos.', version });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `/cases/${pothole.reference}`);
  const page = await client.get(`/cases/${pothole.reference}`);
  assert.match(page.body, /govuk-notification-banner--success[\s\S]*Note added/);
  assert.match(page.body, /data-event="note_added"[\s\S]*Rang Ms Shah &lt;b&gt;back&lt;\/b&gt;\.\nShe will send photos\./, 'the note, escaped, line breaks kept');
  assert.ok(page.body.indexOf('data-event="note_added"') < page.body.indexOf('data-event="allocated"'), 'newest first');
  const again = await client.get(`/cases/${pothole.reference}`);
  assert.doesNotMatch(again.body, /Note added/, 'the banner is shown once');
});

test('a note sent from a case someone else changed meanwhile is refused with what was typed kept', async () => {
  const client = await signedIn(app, officer);
  const form = await client.get(`/cases/${pothole.reference}/note`);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  await addCaseNote(db, { councilId: org.councilId, contactId: pothole.contactId, text: 'Meanwhile, someone else', on: TODAY }, actor);
  const stale = await client.post(`/cases/${pothole.reference}/note`, { note: 'My careful note', version });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /govuk-error-summary[\s\S]*Someone else changed this case/);
  assert.match(stale.body, />My careful note<\/textarea>/);
  const newVersion = /name="version" value="(\d+)"/.exec(stale.body)![1]!;
  assert.notEqual(newVersion, version);
  const { rows } = await db.pool.query(`SELECT 1 FROM case_event WHERE council_id = $1 AND contact_id = $2 AND data->>'text' = 'My careful note'`, [org.councilId, pothole.contactId]);
  assert.equal(rows.length, 0, 'nothing written');
  assert.equal((await client.post(`/cases/${pothole.reference}/note`, { note: 'My careful note', version: newVersion })).statusCode, 303, 'sent again, it is added');
});

test('the timeline is paged, newest first, with an "Older events" link; a bad page number is a 400', async () => {
  const busy = await openComplaint(db, org);
  for (let i = 1; i <= 30; i++) await addCaseNote(db, { councilId: org.councilId, contactId: busy.contactId, text: `Note number ${i}.`, on: TODAY }, actor);
  const client = await signedIn(app, officer);
  const first = await client.get(`/cases/${busy.reference}`);
  assert.match(first.body, /Note number 30\./);
  assert.doesNotMatch(first.body, /Note number 5\./);
  const older = /href="(\/cases\/[^"]+\?before=\d+)#timeline" id="older-events"/.exec(first.body)?.[1];
  assert.ok(older, 'an Older events link');
  const second = await client.get(older!);
  assert.equal(second.statusCode, 200);
  assert.match(second.body, /Note number 5\./);
  assert.match(second.body, /data-event="logged"/);
  assert.doesNotMatch(second.body, /Note number 30\./);
  assert.equal((await client.get(`/cases/${busy.reference}?before=abc`)).statusCode, 400);
});

test('an extended response shows its original and new dates, the extension with its beyond-the-Code reason, and the clock stops', async () => {
  const extended = await openComplaint(db, org, {
    receivedOn: '2025-04-10',
    actions: [
      { type: 'acknowledge', on: '2025-04-14' },
      { type: 'stop_clock', on: '2025-04-15', reason: 'Waiting for photos' },
      { type: 'restart_clock', on: '2025-04-22' },
      { type: 'extend', on: '2025-05-01', to: '2025-06-10', reason: 'Site visit needed', goodReason: 'Waiting for a structural engineer' },
    ],
  });
  const client = await signedIn(app, officer);
  const page = await client.get(`/cases/${extended.reference}`);
  assert.equal(page.statusCode, 200);
  const html = page.body;
  assert.match(html, /app-deadline--on-track">10 June 2025<\/strong>/);
  assert.match(html, /6 working days left/);
  assert.match(html, /Originally due 6 May 2025/);
  assert.match(html, /clock stopped for 3 working days/);
  assert.match(html, /Good Friday \(18 April 2025\), Easter Monday \(21 April 2025\), Early May bank holiday \(5 May 2025\)/);
  assert.match(html, /Site visit needed<br><strong>Beyond the Code because:<\/strong> Waiting for a structural engineer/);
  assert.match(html, /Waiting for photos/);
  assert.match(html, /Done on 14 April 2025/, 'the acknowledgement was sent');
  assert.doesNotMatch(html, /style="/, 'no inline styles (the CSP would block them)');
});

test('a Welsh stage 1 shows the discussion’s deadline, and the response counted from it', async () => {
  const wales = await newTestOrg(db, { nation: 'wales' });
  const welshOfficer = await addTestStaff(db, wales.councilId, ['complaints_officer']);
  const complaint = await openComplaint(db, wales, { procedure: 'adults_statutory', receivedOn: '2025-05-20', actions: [{ type: 'acknowledge', on: '2025-05-21' }] });
  const page = await (await signedIn(app, welshOfficer)).get(`/cases/${complaint.reference}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Stage 1: deadline for the discussion with the complainant/);
  assert.match(page.body, /10 working days from 21 May 2025 \(the date acknowledged\), skipping Spring bank holiday 26 May 2025/);
  assert.match(page.body, /5 working days from 5 June 2025 \(the latest date for: the discussion with the complainant, as not yet done\)/);
});

test('the words the page looks up at run time are all in the catalogue', () => {
  const lists: [string, readonly string[]][] = [
    ['actions', CASE_ACTIONS], ['events', CASE_EVENT_TYPES], ['status', COMPLAINT_STATUSES], ['documentKinds', DOCUMENT_KINDS], ['channels', CHANNELS],
    ['routes', ROUTES], ['complainantGroups', COMPLAINANT_GROUPS], ['flags', CONTACT_FLAGS], ['kinds', CONTACT_KINDS], ['procedures', PROCEDURE_CODES],
    ['outcomes', STAGE_OUTCOMES], ['elementOutcomes', ELEMENT_OUTCOMES], ['remedyKinds', REMEDY_KINDS], ['ombudsmen', OMBUDSMAN_BODIES],
    ['basis.startedFrom', ['received', 'opened', 'acknowledged', 'acknowledgement_due', 'requested', 'step', 'step_due', 'original_due', 'responded', 'events']],
  ];
  const missing = lists.flatMap(([list, values]) => values.map((v) => `case.${list}.${v}`).filter((key) => t(key) === key));
  assert.deepEqual(missing, []);
});
