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

test('a council-wide action is added on /learning/new: bad input keeps what was typed; a good one is in the plan, agreed today and audited', async () => {
  const f = await learningCouncil(db);
  const comms = await f.theme('Communication');
  const owner = await addTestStaff(db, f.council.id, ['complaints_officer'], { name: 'Olive Owner' });
  const team = await signedIn(app, await addTestStaff(db, f.council.id, ['complaints_officer']));
  assert.match((await team.get('/learning')).body, /href="\/learning\/new"/, 'the plan links to the new page');
  const form = await team.get('/learning/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Add a learning action/);
  const bad = await team.post('/learning/new', {
    lesson: 'Many complaints about letters we do not answer', description: '', unit: String(f.people), owner: '', ownerName: 'Head of Customer Services',
    'dueOn-day': '31', 'dueOn-month': '2', 'dueOn-year': '2026', themes: String(comms),
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /Enter the action/);
  assert.match(bad.body, /must be a real date/);
  assert.match(bad.body, /Many complaints about letters we do not answer/);
  assert.match(bad.body, /value="Head of Customer Services"/);
  assert.match(bad.body, new RegExp(`value="${f.people}" selected`));
  assert.match(bad.body, new RegExp(`value="${comms}" checked`));
  assert.equal((await db.pool.query('SELECT count(*)::int AS n FROM learning_action WHERE council_id = $1', [f.council.id])).rows[0].n, 0);

  const good = await team.post('/learning/new', {
    lesson: 'Ombudsman report about another council’s letters', description: 'Train officers on plain English letters', unit: String(f.people),
    owner: String(owner.accountId), ownerName: '', 'dueOn-day': '1', 'dueOn-month': '9', 'dueOn-year': '2025', themes: String(comms),
  });
  assert.equal(good.statusCode, 303);
  const id = Number(/\/learning\/(\d+)$/.exec(good.headers.location as string)![1]);
  const { rows } = await db.pool.query('SELECT contact_id::text, owner, owner_account_id::text, org_unit_id::text, due_on::text, agreed_on::text, lesson FROM learning_action WHERE council_id = $1 AND id = $2', [f.council.id, id]);
  assert.deepEqual(rows[0], {
    contact_id: null, owner: 'Olive Owner', owner_account_id: String(owner.accountId), org_unit_id: String(f.people), due_on: '2025-09-01',
    agreed_on: '2025-06-02', lesson: 'Ombudsman report about another council’s letters',
  });
  const audit = await db.pool.query("SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_learning_action'", [f.council.id]);
  assert.deepEqual(audit.rows.map((r) => r.detail.codes.change), ['agreed']);
  assert.equal((await db.pool.query('SELECT count(*)::int AS n FROM case_event WHERE council_id = $1', [f.council.id])).rows[0].n, 0, 'no complaint, so no case event');
  const page = await team.get(`/learning/${id}`);
  assert.match(page.body, /Train officers on plain English letters/);
  assert.match(page.body, /Not from a complaint/);
  assert.match(page.body, /Agreed/);
  assert.match((await team.get('/learning')).body, /<h2 class="govuk-heading-m">People<\/h2>[\s\S]*Train officers on plain English letters/);

  const named = await team.post('/learning/new', { lesson: 'Theme: delay', description: 'Weekly check of open complaints', unit: String(f.waste), owner: '', ownerName: 'Head of Waste' });
  assert.equal(named.statusCode, 303, 'an owner by name, no date and no theme will do');
});

test('a manager limited to their directorate adds to its plan only; another directorate’s is refused and nothing is written', async () => {
  const f = await learningCouncil(db);
  const manager = await signedIn(app, await addTestStaff(db, f.council.id, ['manager'], { directorates: [f.people] }));
  const form = await manager.get('/learning/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`<option value="${f.people}"`));
  assert.doesNotMatch(form.body, new RegExp(`<option value="${f.place}"`), 'only their own directorate is offered');
  const other = await manager.post('/learning/new', { lesson: 'Learnt', description: 'Change the rounds', unit: String(f.place), ownerName: 'Head of Waste' });
  assert.equal(other.statusCode, 400);
  assert.match(other.body, /Choose a directorate or service you work in/);
  assert.match(other.body, /Change the rounds/);
  assert.equal((await db.pool.query('SELECT count(*)::int AS n FROM learning_action WHERE council_id = $1', [f.council.id])).rows[0].n, 0);
  const own = await manager.post('/learning/new', { lesson: 'Learnt', description: 'Review care letters', unit: String(f.people), ownerName: 'Head of Care' });
  assert.equal(own.statusCode, 303);
  const viewer = await signedIn(app, await addTestStaff(db, f.council.id, ['report_viewer']));
  assert.equal((await viewer.get('/learning/new')).statusCode, 403);
});
