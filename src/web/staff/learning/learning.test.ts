import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { learningCouncil } from '../../../../test/support/learningFixture.ts';
import { createApp } from '../../app.ts';

/** The learning action plan's pages: the plan by directorate, a directorate's plan, themes, one action's forms, the list of themes. */

const db = await useTestDatabase();
const now = new Date('2025-06-02T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

async function withActions() {
  const f = await learningCouncil(db);
  const bins = await f.complaint(f.waste);
  const care = await f.complaint(f.people);
  const late = await f.action(bins.id, { description: 'Brief crews on assisted collections', dueOn: '2025-05-01' });
  const people = await f.action(care.id, { description: 'Review care assessment letters', dueOn: '2025-08-01' });
  return { ...f, bins, care, late, peopleAction: people };
}

test('the plan shows every open action by directorate with owner, date and an overdue tag, and counts; filters are checked', async () => {
  const f = await withActions();
  const team = await signedIn(app, await addTestStaff(db, f.council.id, ['complaints_officer']));
  const page = await team.get('/learning');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Learning action plan/);
  assert.match(page.body, /<h2 class="govuk-heading-m">People<\/h2>[\s\S]*Review care assessment letters[\s\S]*<h2 class="govuk-heading-m">Place<\/h2>[\s\S]*Brief crews/);
  assert.match(page.body, /govuk-tag--red">\s*Overdue/);
  assert.match(page.body, /Head of Waste/);
  assert.match(page.body, new RegExp(`href="/learning/${f.late}"`));
  assert.match(page.body, new RegExp(`href="/learning/directorates/${f.place}"`));
  const people = await team.get(`/learning?directorate=${f.people}`);
  assert.doesNotMatch(people.body, /Brief crews/);
  assert.equal((await team.get('/learning?status=everything')).statusCode, 400);
  assert.equal((await team.get('/learning?year=2024')).statusCode, 400);
  const audited = await db.pool.query("SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'view_learning_plan'", [f.council.id]);
  assert.equal(audited.rows[0].n, 2, 'each view of the plan is recorded; refused addresses are not views');
});

test('a manager sees only their directorate’s plan and actions; another directorate’s is not there', async () => {
  const f = await withActions();
  const manager = await signedIn(app, await addTestStaff(db, f.council.id, ['manager'], { directorates: [f.people] }));
  const page = await manager.get('/learning');
  assert.match(page.body, /Review care assessment letters/);
  assert.doesNotMatch(page.body, /Brief crews/);
  assert.doesNotMatch(page.body, /<h2 class="govuk-heading-m">Place<\/h2>/);
  assert.equal((await manager.get(`/learning/${f.late}`)).statusCode, 404);
  assert.equal((await manager.get(`/learning/directorates/${f.place}`)).statusCode, 404);
  assert.equal((await manager.post(`/learning/${f.late}/due`, { 'dueOn-day': '1', 'dueOn-month': '9', 'dueOn-year': '2025' })).statusCode, 404);
  const own = await manager.get(`/learning/directorates/${f.people}`);
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /People: learning action plan/);
  assert.doesNotMatch((await manager.get('/learning')).body, /href="\/learning\/themes\/manage"/, 'a manager does not keep the council’s themes');
  assert.equal((await manager.get('/learning/themes/manage')).statusCode, 403);
});

test('editing the due date with a bad date shows the error summary and keeps what was typed; a good one is saved as an event on the complaint', async () => {
  const f = await withActions();
  const officer = await signedIn(app, await addTestStaff(db, f.council.id, ['complaints_officer']));
  const page = await officer.get(`/learning/${f.late}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`href="/cases/${f.bins.reference}"`));
  const bad = await officer.post(`/learning/${f.late}/due`, { 'dueOn-day': '31', 'dueOn-month': '2', 'dueOn-year': '2025' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /The date the action is due by must be a real date/);
  assert.match(bad.body, /name="dueOn-day" type="text" value="31"/);
  assert.match(bad.body, /name="dueOn-month" type="text" value="2"/);
  const good = await officer.post(`/learning/${f.late}/due`, { 'dueOn-day': '1', 'dueOn-month': '9', 'dueOn-year': '2025' });
  assert.equal(good.statusCode, 303);
  assert.equal(good.headers.location, `/learning/${f.late}`);
  const after = await officer.get(`/learning/${f.late}`);
  assert.match(after.body, /The learning action has been changed/);
  assert.match(after.body, /1 September 2025/);
  assert.match(after.body, /Due date changed/);
  const events = await db.pool.query("SELECT count(*)::int AS n FROM case_event WHERE council_id = $1 AND contact_id = $2 AND type = 'learning_action_updated'", [f.council.id, f.bins.id]);
  assert.equal(events.rows[0].n, 1);
  const casePage = await officer.get(`/cases/${f.bins.reference}`);
  assert.match(casePage.body, new RegExp(`href="/learning/${f.late}"`), 'the case links each of its learning actions to the plan');
  assert.match(casePage.body, /Learning action changed on the plan/);
});

test('marking done without evidence is refused on the form; with its date and evidence the action is done', async () => {
  const f = await withActions();
  const officer = await signedIn(app, await addTestStaff(db, f.council.id, ['investigating_officer']));
  await officer.get(`/learning/${f.late}`);
  const refused = await officer.post(`/learning/${f.late}/status`, { status: 'done', 'completedOn-day': '1', 'completedOn-month': '6', 'completedOn-year': '2025', doneEvidence: '' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /href="#doneEvidence"/);
  assert.match(refused.body, /name="completedOn-day" type="text" value="1"/);
  const future = await officer.post(`/learning/${f.late}/status`, { status: 'done', 'completedOn-day': '1', 'completedOn-month': '7', 'completedOn-year': '2025', doneEvidence: 'Briefing notes' });
  assert.match(future.body, /must be today or in the past/);
  assert.match(future.body, /Briefing notes/);
  const done = await officer.post(`/learning/${f.late}/status`, { status: 'done', 'completedOn-day': '1', 'completedOn-month': '6', 'completedOn-year': '2025', doneEvidence: 'Briefing notes' });
  assert.equal(done.statusCode, 303);
  const page = await officer.get(`/learning/${f.late}`);
  assert.match(page.body, /govuk-tag--green">\s*Done/);
  assert.match(page.body, /Status changed to Done/);
  assert.doesNotMatch((await officer.get('/learning')).body, /Brief crews/, 'done actions leave the open plan');
  assert.match((await officer.get('/learning?status=done')).body, /Brief crews/);
});

test('owner and themes: chosen from the council’s staff and themes; themes across complaints link to the plan filtered', async () => {
  const f = await withActions();
  const wendy = await addTestStaff(db, f.council.id, ['manager'], { directorates: [f.place], name: 'Wendy Waste' });
  const delay = await f.theme('Delay');
  const officer = await signedIn(app, await addTestStaff(db, f.council.id, ['complaints_officer']));
  await officer.get(`/learning/${f.late}`);
  assert.match((await officer.post(`/learning/${f.late}/owner`, { owner: '' })).body, /Choose the member of staff who owns the action/);
  assert.equal((await officer.post(`/learning/${f.late}/owner`, { owner: String(wendy.accountId) })).statusCode, 303);
  assert.equal((await officer.post(`/learning/${f.late}/themes`, { themes: [String(delay)] })).statusCode, 303);
  const page = await officer.get(`/learning/${f.late}`);
  assert.match(page.body, /Wendy Waste/);
  assert.match(page.body, /<dd class="govuk-summary-list__value">\s*Delay\s*<\/dd>/);
  const themes = await officer.get('/learning/themes');
  assert.equal(themes.statusCode, 200);
  assert.match(themes.body, /Delay/);
  assert.match(themes.body, new RegExp(`href="/learning\\?theme=${delay}&amp;year=2024%2F25&amp;status=all">1 complaints, 1 actions`));
  const filtered = await officer.get(`/learning?theme=${delay}&year=2024%2F25&status=all`);
  assert.match(filtered.body, /Brief crews/);
  assert.doesNotMatch(filtered.body, /Review care assessment letters/);
});

test('the complaints team keeps the list of themes: added, a duplicate refused with what was typed, retired', async () => {
  const f = await learningCouncil(db);
  const team = await signedIn(app, await addTestStaff(db, f.council.id, ['complaints_administrator']));
  const page = await team.get('/learning/themes/manage');
  assert.equal(page.statusCode, 200);
  assert.equal((await team.post('/learning/themes/manage', { action: 'add', name: 'Communication' })).statusCode, 303);
  const dup = await team.post('/learning/themes/manage', { action: 'add', name: 'communication' });
  assert.equal(dup.statusCode, 400);
  assert.match(dup.body, /There is already a theme with that name/);
  assert.match(dup.body, /value="communication"/);
  const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM learning_theme WHERE council_id = $1', [f.council.id]);
  assert.equal((await team.post('/learning/themes/manage', { action: 'retire', id: rows[0]!.id })).statusCode, 303);
  assert.match((await team.get('/learning/themes/manage')).body, /No longer used/);
  const viewer = await signedIn(app, await addTestStaff(db, f.council.id, ['report_viewer']));
  assert.equal((await viewer.get('/learning')).statusCode, 403);
});
