import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineName, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { learningCouncil } from '../support/learningFixture.ts';
import { sweepReminders } from '../../src/messages/reminders/sweep.ts';
import { workQueues } from '../../src/cases/workQueues.ts';
import { permissionsOf } from '../../src/domain/access/roles.ts';

/** A learning action's owner, when a member of staff, is the one reminded before, on and after its date (issue 10). */

const db = await useTestDatabase();

const recipients = async (councilId: number) => (await db.pool.query<{ recipient_name: string; dedupe_key: string }>(
  "SELECT recipient_name, dedupe_key FROM message WHERE council_id = $1 AND template = 'learning_action_due' ORDER BY id", [councilId])).rows;

test(`the owner is reminded of their action; without an owner on the staff, the team is, as before (${engineName()})`, async () => {
  const f = await learningCouncil(db);
  const owner = await addTestStaff(db, f.council.id, ['manager'], { directorates: [f.place], name: 'Wendy Waste' });
  const gone = await addTestStaff(db, f.council.id, ['manager'], { directorates: [f.place], name: 'Gus Gone' });
  await db.pool.query('UPDATE user_account SET disabled_at = now() WHERE id = $1', [gone.accountId]);
  await addTestStaff(db, f.council.id, ['complaints_officer'], { name: 'Tess Team' });
  const bins = await f.complaint(f.waste, '2026-09-01');
  const owned = await f.action(bins.id, { dueOn: '2027-01-13', description: 'Check round sheets weekly' });
  await db.pool.query('UPDATE learning_action SET owner_account_id = $3 WHERE council_id = $1 AND id = $2', [f.council.id, owned, owner.accountId]);
  const ownerGone = await f.action(bins.id, { dueOn: '2027-01-13' });
  await db.pool.query('UPDATE learning_action SET owner_account_id = $3 WHERE council_id = $1 AND id = $2', [f.council.id, ownerGone, gone.accountId]);
  await f.action(bins.id, { dueOn: '2027-01-13', doneOn: '2027-01-05' });

  await sweepReminders(db, new Date('2027-01-12T10:00:00Z'), { councilIds: [f.council.id] });
  const sent = await recipients(f.council.id);
  assert.deepEqual(sent.map((m) => `${m.recipient_name} l${m.dedupe_key.split(':')[1]!.slice(1)}`).sort(),
    [`Tess Team l${ownerGone}`, `Wendy Waste l${owned}`].sort(), 'the owner, not the team; a disabled owner’s action goes to the team');
});

test(`an action that is not going ahead is neither reminded nor in anyone's work queue (${engineName()})`, async () => {
  const f = await learningCouncil(db);
  await addTestStaff(db, f.council.id, ['complaints_officer'], { name: 'Tess Team' });
  const bins = await f.complaint(f.waste, '2026-09-01');
  const stopped = await f.action(bins.id, { dueOn: '2027-01-13', description: 'Replace the round sheets' });
  await db.pool.query("UPDATE learning_action SET status = 'not_going_ahead', status_reason = 'The rounds are now on tablets' WHERE council_id = $1 AND id = $2", [f.council.id, stopped]);
  const going = await f.action(bins.id, { dueOn: '2027-01-13', description: 'Check round sheets weekly' });

  await sweepReminders(db, new Date('2027-01-12T10:00:00Z'), { councilIds: [f.council.id] });
  assert.deepEqual((await recipients(f.council.id)).map((m) => m.dedupe_key.split(':')[1]), [`l${going}`], 'only the action still going ahead');

  const scope = { councilId: f.council.id, accountId: 0, staffMemberId: null, roles: ['complaints_officer'], permissions: permissionsOf(['complaints_officer']),
    units: 'all', directorates: 'all', mayDisclose: true, mayIdentify: true } as const;
  const queues = await workQueues(db.pool, scope, { today: '2027-01-12', dueBy: '2027-01-19' });
  assert.deepEqual(queues.learningActionsDue.items.map((i) => Number(i.itemId)), [going]);
});
