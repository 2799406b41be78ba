import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineName, useTestDatabase } from '../support/testDatabase.ts';
import { learningCouncil } from '../support/learningFixture.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { systemActor } from '../../src/events/actor.ts';
import { addLearningAction } from '../../src/complaints/remedies.ts';
import {
  changeLearningAction, learningAction, learningActionHistory, learningPlan, LearningChangeRefused, listThemes, saveTheme, themesAcrossComplaints,
} from '../../src/learning/learningPlan.ts';

/** The learning action plan's service: what each person sees, changes and their records, themes. */

const db = await useTestDatabase();
const today = '2025-06-02';
const officer = systemActor('Olive Officer', 'test');

test(`the plan: open actions by directorate with counts; a manager sees only their directorate's (${engineName()})`, async () => {
  const f = await learningCouncil(db);
  const bins = await f.complaint(f.waste);
  const care = await f.complaint(f.people);
  const late = await f.action(bins.id, { dueOn: '2025-05-01' });
  const soon = await f.action(bins.id, { dueOn: '2025-07-01', status: 'in_progress' });
  await f.action(bins.id, { doneOn: '2025-04-01' });
  const people = await f.action(care.id, { description: 'Review care assessments' });
  const team = f.scope(['complaints_officer']);
  const plan = await learningPlan(db.pool, team, {}, today);
  assert.deepEqual(plan.actions.map((a) => a.id), [people, late, soon], 'People before Place, then by date; done actions not in the open plan');
  assert.deepEqual(plan.counts, { overdue: 1, planned: 1, in_progress: 1, done: 1, not_going_ahead: 0 });
  assert.equal(plan.actions[1]!.standing, 'overdue');
  assert.equal(plan.actions[1]!.directorate, 'Place');
  assert.equal(plan.actions[1]!.service, 'Waste');
  assert.deepEqual((await learningPlan(db.pool, team, { status: 'done' }, today)).actions.length, 1);
  assert.deepEqual((await learningPlan(db.pool, team, { status: 'overdue' }, today)).actions.map((a) => a.id), [late]);
  assert.deepEqual((await learningPlan(db.pool, team, { directorateId: f.people }, today)).actions.map((a) => a.id), [people]);

  const manager = f.scope(['manager'], [f.people]);
  const theirs = await learningPlan(db.pool, manager, {}, today);
  assert.deepEqual(theirs.actions.map((a) => a.id), [people]);
  assert.equal(theirs.counts.overdue, 0, 'counts are of what they may see');
  assert.equal(await learningAction(db.pool, manager, late, today), null, 'another directorate’s action is not there for them');
});

test('an action moved to another directorate’s plan is in that plan; a restricted case’s actions only for those who may see it', async () => {
  const f = await learningCouncil(db);
  const bins = await f.complaint(f.waste);
  const moved = await f.action(bins.id, { orgUnitId: f.people });
  const secret = await f.complaint(f.people, '2024-05-01', { restricted: true });
  await f.action(secret.id);
  const manager = f.scope(['manager'], [f.people]);
  assert.deepEqual((await learningPlan(db.pool, manager, {}, today)).actions.map((a) => a.id), [moved]);
});

test('filters by theme and year; themes across complaints count complaints once and actions each', async () => {
  const f = await learningCouncil(db);
  const delay = await f.theme('Delay');
  const comms = await f.theme('Communication');
  const a = await f.complaint(f.waste, '2024-05-01');
  const b = await f.complaint(f.people, '2023-06-01');
  const one = await f.action(a.id);
  const two = await f.action(a.id);
  const three = await f.action(b.id);
  await f.tag(one, delay); await f.tag(two, delay); await f.tag(two, comms); await f.tag(three, delay);
  const team = f.scope(['complaints_officer']);
  assert.deepEqual((await learningPlan(db.pool, team, { themeId: comms }, today)).actions.map((x) => x.id), [two]);
  assert.deepEqual((await learningPlan(db.pool, team, { year: '2023/24' }, today)).actions.map((x) => x.id), [three]);
  const across = await themesAcrossComplaints(db.pool, team);
  assert.deepEqual(across.years, ['2023/24', '2024/25']);
  const byName = Object.fromEntries(across.themes.map((t) => [t.name, t.years]));
  assert.deepEqual(byName.Delay, { '2023/24': { complaints: 1, actions: 1 }, '2024/25': { complaints: 1, actions: 2 } });
  assert.deepEqual(byName.Communication, { '2024/25': { complaints: 1, actions: 1 } });
  const manager = await themesAcrossComplaints(db.pool, f.scope(['manager'], [f.people]));
  assert.deepEqual(Object.fromEntries(manager.themes.map((t) => [t.name, t.years])).Delay, { '2023/24': { complaints: 1, actions: 1 } });
});

test('done needs its date and evidence; the change is an event on the complaint, with the status and the date it was done', async () => {
  const f = await learningCouncil(db);
  const bins = await f.complaint(f.waste);
  const id = await f.action(bins.id);
  const team = f.scope(['complaints_officer']);
  await assert.rejects(changeLearningAction(db, team, id, { kind: 'status', to: 'done' }, officer, today), (e: unknown) =>
    e instanceof LearningChangeRefused && e.refusals.map((r) => r.field).join() === 'completedOn,evidence');
  await assert.rejects(changeLearningAction(db, team, id, { kind: 'status', to: 'not_going_ahead', reason: ' ' }, officer, today), /why the action is not going ahead/);
  assert.equal(await changeLearningAction(db, team, id, { kind: 'status', to: 'done', completedOn: '2025-06-01', evidence: 'Crews briefed on 1 June' }, officer, today), true);
  const done = (await learningAction(db.pool, team, id, today))!;
  assert.equal(done.status, 'done');
  assert.equal(done.doneOn, '2025-06-01', 'done_on is the completed date, as the report and import read it');
  assert.equal(done.evidence, 'Crews briefed on 1 June');
  const events = await db.pool.query<{ type: string; data: { to: string; learningActionId: number } }>(
    'SELECT type, data FROM case_event WHERE council_id = $1 AND contact_id = $2', [f.council.id, bins.id]);
  assert.deepEqual(events.rows.map((e) => [e.type, e.data.to, e.data.learningActionId]), [['learning_action_updated', 'done', id]]);
  await assert.rejects(changeLearningAction(db, team, id, { kind: 'status', to: 'not_going_ahead', reason: 'x' }, officer, today), /cannot become not going ahead/);
  await changeLearningAction(db, team, id, { kind: 'status', to: 'in_progress' }, officer, today);
  const reopened = (await learningAction(db.pool, team, id, today))!;
  assert.deepEqual([reopened.status, reopened.doneOn], ['in_progress', null], 'reopened: no completed date');
  const history = await learningActionHistory(db.pool, f.council.id, reopened);
  assert.deepEqual(history.map((h) => [h.change, h.status, h.actor]), [['status', 'done', 'Olive Officer'], ['status', 'in_progress', 'Olive Officer']]);
});

test('owner, date, themes and unit change within the rules; an action with no complaint is audited instead; out of scope is not there', async () => {
  const f = await learningCouncil(db);
  const owner = await addTestStaff(db, f.council.id, ['manager'], { directorates: [f.place], name: 'Wendy Waste' });
  const id = await f.action(null, { orgUnitId: f.waste });
  const team = f.scope(['complaints_officer']);
  await changeLearningAction(db, team, id, { kind: 'owner', ownerAccountId: owner.accountId }, officer, today);
  const owned = (await learningAction(db.pool, team, id, today))!;
  assert.deepEqual([owned.ownerAccountId, owned.ownerName], [owner.accountId, 'Wendy Waste']);
  assert.equal((await db.pool.query('SELECT owner FROM learning_action WHERE council_id = $1 AND id = $2', [f.council.id, id])).rows[0].owner, 'Wendy Waste',
    'the owner text follows, for the case history export');
  const other = await learningCouncil(db);
  await assert.rejects(changeLearningAction(db, team, id, { kind: 'themes', themeIds: [await other.theme('Delay')] }, officer, today), /council’s list/);
  await assert.rejects(changeLearningAction(db, team, id, { kind: 'due', dueOn: null }, officer, today), /date the action is due/);
  await assert.rejects(changeLearningAction(db, team, id, { kind: 'unit', orgUnitId: other.people }, officer, today), /directorate or service/);
  await changeLearningAction(db, team, id, { kind: 'themes', themeIds: [await f.theme('Delay')] }, officer, today);
  assert.equal((await learningAction(db.pool, team, id, today))!.themeIds.length, 1);
  const audit = await db.pool.query<{ detail: { codes: { change: string } } }>(
    "SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_learning_action' ORDER BY id", [f.council.id]);
  assert.deepEqual(audit.rows.map((r) => r.detail.codes.change), ['owner', 'themes']);
  const manager = f.scope(['manager'], [f.people]);
  assert.equal(await changeLearningAction(db, manager, id, { kind: 'due', dueOn: '2025-09-01' }, officer, today), false);
  await assert.rejects(changeLearningAction(db, f.scope(['report_viewer']), id, { kind: 'due', dueOn: '2025-09-01' }, officer, today), /cannot change/);
});

test('a learning action recorded on a case joins its complaint’s unit’s plan', async () => {
  const f = await learningCouncil(db);
  const bins = await f.complaint(f.waste);
  const id = await addLearningAction(db, f.council.id, bins.reference, { description: 'Check rounds', owner: 'Head of Waste', dueOn: '2025-08-01' }, officer, today);
  const a = (await learningAction(db.pool, f.scope(['manager'], [f.place]), id, today))!;
  assert.deepEqual([a.unitId, a.status, a.standing], [f.waste, 'planned', 'planned']);
});

test('the list of themes: the complaints team adds, renames and retires; no two alike; a manager cannot', async () => {
  const f = await learningCouncil(db);
  const team = f.scope(['complaints_officer']);
  await saveTheme(db, team, { kind: 'add', name: 'Delay' }, officer);
  await assert.rejects(saveTheme(db, team, { kind: 'add', name: ' delay ' }, officer), /already a theme/);
  await assert.rejects(saveTheme(db, team, { kind: 'add', name: '' }, officer), /Enter the name/);
  const [delay] = await listThemes(db.pool, f.council.id);
  await saveTheme(db, team, { kind: 'rename', id: delay!.id, name: 'Delays' }, officer);
  await saveTheme(db, team, { kind: 'retire', id: delay!.id }, officer);
  assert.deepEqual(await listThemes(db.pool, f.council.id), [{ id: delay!.id, name: 'Delays', retired: true }]);
  await assert.rejects(saveTheme(db, f.scope(['manager'], [f.people]), { kind: 'add', name: 'Policy' }, officer), /Only the complaints team/);
  const audited = await db.pool.query("SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'", [f.council.id]);
  assert.equal(audited.rows[0].n, 3);
});

test('marking an action done on the case page keeps its evidence on the plan; one not going ahead is not offered there', async () => {
  const { markLearningActionDone, openLearningActions } = await import('../../src/complaints/remedyDone.ts');
  const f = await learningCouncil(db);
  const bins = await f.complaint(f.waste);
  const id = await f.action(bins.id);
  const stopped = await f.action(bins.id, { description: 'Stopped' });
  const team = f.scope(['complaints_officer']);
  await changeLearningAction(db, team, stopped, { kind: 'status', to: 'not_going_ahead', reason: 'Service closed' }, officer, today);
  assert.deepEqual((await openLearningActions(db.pool, f.council.id, bins.id)).map((a) => a.id), [id]);
  await assert.rejects(markLearningActionDone(db, f.council.id, bins.id, stopped, { on: today, evidence: 'x' }, officer), /not going ahead/);
  await markLearningActionDone(db, f.council.id, bins.id, id, { on: '2025-06-01', evidence: 'Crews briefed' }, officer);
  const done = (await learningAction(db.pool, team, id, today))!;
  assert.deepEqual([done.status, done.doneOn, done.evidence], ['done', '2025-06-01', 'Crews briefed']);
  assert.deepEqual((await learningActionHistory(db.pool, f.council.id, done)).map((h) => h.change), ['done']);
});

test('a document removed from the case, or an owner removed from the council, leaves the action with its evidence and owner’s name', async () => {
  const f = await learningCouncil(db);
  const owner = await addTestStaff(db, f.council.id, ['manager'], { name: 'Wendy Waste' });
  const bins = await f.complaint(f.waste);
  const id = await f.action(bins.id);
  const doc = Number((await db.pool.query<{ id: string }>(
    `INSERT INTO case_document (council_id, contact_id, filename, media_type, size_bytes, sha256, kind, content, uploaded_by)
     VALUES ($1, $2, 'briefing.pdf', 'application/pdf', 3, repeat('a', 64), 'evidence', '\\x010203', 'test') RETURNING id`, [f.council.id, bins.id])).rows[0]!.id);
  const team = f.scope(['complaints_officer']);
  await changeLearningAction(db, team, id, { kind: 'evidence', evidence: 'Crews briefed', evidenceDocumentId: doc }, officer, today);
  await changeLearningAction(db, team, id, { kind: 'owner', ownerAccountId: owner.accountId }, officer, today);
  await db.pool.query('DELETE FROM case_document WHERE council_id = $1 AND id = $2', [f.council.id, doc]);
  await db.pool.query('DELETE FROM council_membership WHERE council_id = $1 AND account_id = $2', [f.council.id, owner.accountId]);
  const a = (await learningAction(db.pool, team, id, today))!;
  assert.deepEqual([a.evidence, a.evidenceDocumentId, a.ownerAccountId, a.ownerName], ['Crews briefed', null, null, 'Wendy Waste']);
  await assert.rejects(changeLearningAction(db, team, id, { kind: 'evidence', evidence: 'x', evidenceDocumentId: doc + 1000 }, officer, today), /document of this action/);
});
