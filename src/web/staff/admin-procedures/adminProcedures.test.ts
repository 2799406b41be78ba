import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'csv-stringify/sync';
import { useTestDatabase, newTestCouncil, engineName } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { importCaseHistory } from '../../../caseHistory/importCaseHistory.ts';
import { systemActor } from '../../../events/actor.ts';

/** Procedures: each adopted procedure's timescales with what the rules allow; a change within them adopts a new version from today. */

const db = await useTestDatabase();
const now = new Date('2024-11-01T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

async function adminOf() {
  const council = await newTestCouncil(db);
  const client = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  return { council, client };
}
const inForce = async (councilId: number, code: string) => (await db.pool.query<{ id: string; adopted_on: string; definition: { stages: { respond: { amount: number } | null; maxExtension: { amount: number } | null }[] } }>(
  `SELECT id, adopted_on::text AS adopted_on, definition FROM council_procedure WHERE council_id = $1 AND code = $2 AND retired_on IS NULL`, [councilId, code])).rows[0]!;

test(`the list shows every adopted procedure's stages and timescales with the rules' limits (${engineName()})`, async () => {
  const { client } = await adminOf();
  const page = await client.get('/admin/procedures');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Corporate complaints: Corporate complaints \(Complaint Handling Code\)/);
  assert.match(page.body, /Stage 1: respond within<\/dt>\s*<dd class="govuk-summary-list__value">10 working days<br><span class="govuk-hint govuk-!-margin-bottom-0">The rules allow at most 10 working days./);
  assert.match(page.body, /Stage 3 \(review panel\): the review panel meeting within/);
  assert.match(page.body, /Complaint: respond within<\/dt>\s*<dd class="govuk-summary-list__value">6 months<br><span class="govuk-hint govuk-!-margin-bottom-0">Set by the rules and agreed with the complainant case by case/);
});

test('a timescale beyond the rules is refused with what was typed kept; within them, a new version from today, open complaints keep theirs, audited', async () => {
  const { council, client } = await adminOf();
  const header = ['reference', 'kind', 'received_on', 'channel', 'procedure', 'route', 'directorate', 'service', 'team', 'workspace', 'category', 'complainant_group', 'summary'];
  await importCaseHistory(db, council.id, {
    'contacts.csv': Buffer.from(stringify([header, ['PR-1', 'complaint', '2024-10-01', 'email', 'corporate', 'formal', 'Place', '', '', '', '', 'service_user', 'Open']])),
    'stages.csv': Buffer.from(stringify([['reference', 'stage', 'requested_on', 'decision', 'opened_on', 'extended_to', 'responded_on', 'outcome'], ['PR-1', '1', '', '', '2024-10-01', '', '', '']])),
  }, { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'test' });
  const before = await inForce(council.id, 'corporate');
  const dueBefore = (await db.pool.query('SELECT s.due_on::text AS due_on, k.procedure_id FROM complaint_stage s JOIN complaint k ON k.council_id = s.council_id AND k.contact_id = s.contact_id WHERE s.council_id = $1', [council.id])).rows;
  assert.equal(dueBefore.length, 1);

  const form = await client.get(`/admin/procedures/${before.id}`);
  assert.match(form.body, /name="s1-respond" type="text" spellcheck="false" value="10" inputmode="numeric"|name="s1-respond"[^>]*value="10"/);
  const refused = await client.post(`/admin/procedures/${before.id}`, { 's1-acknowledge': '5', 's1-respond': '12', 's1-maxExtension': 'ten', 's2-acknowledge': '5', 's2-respond': '20', 's2-maxExtension': '20' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /href="#s1-respond">Stage 1, respond within: enter 10 working days or fewer, the longest the rules allow/);
  assert.match(refused.body, /href="#s1-maxExtension">Stage 1, longest extension: enter a whole number of working days, 1 or more/);
  assert.match(refused.body, /value="12"/);
  assert.match(refused.body, /value="ten"/);
  assert.equal((await inForce(council.id, 'corporate')).id, before.id, 'nothing adopted');

  const saved = await client.post(`/admin/procedures/${before.id}`, { 's1-acknowledge': '3', 's1-respond': '8', 's1-maxExtension': '10', 's2-acknowledge': '5', 's2-respond': '20', 's2-maxExtension': '20' });
  assert.equal(saved.statusCode, 303);
  assert.match((await client.get('/admin/procedures')).body, /New timescales adopted from 2024-11-01/);
  const after = await inForce(council.id, 'corporate');
  assert.notEqual(after.id, before.id);
  assert.equal(after.adopted_on, '2024-11-01');
  assert.equal(after.definition.stages[0]!.respond!.amount, 8);
  const retired = await db.pool.query('SELECT retired_on::text AS retired_on FROM council_procedure WHERE council_id = $1 AND id = $2', [council.id, before.id]);
  assert.equal(retired.rows[0].retired_on, '2024-11-01');
  const dueAfter = (await db.pool.query('SELECT s.due_on::text AS due_on, k.procedure_id FROM complaint_stage s JOIN complaint k ON k.council_id = s.council_id AND k.contact_id = s.contact_id WHERE s.council_id = $1', [council.id])).rows;
  assert.deepEqual(dueAfter, dueBefore, 'the open complaint keeps its version and its deadline');
  const audit = await db.pool.query(`SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [council.id]);
  assert.deepEqual(audit.rows.map((r) => r.detail.codes), [{ setting: 'procedure_timescales', procedure: 'corporate', catalogue: 'chc-corporate' }]);

  // The old version's page is gone from the list; posting to it says someone changed it first.
  await client.get('/admin/procedures');
  assert.equal((await client.post(`/admin/procedures/${before.id}`, { 's1-respond': '9' })).statusCode, 303);
  assert.match((await client.get('/admin/procedures')).body, /Someone else changed this procedure first/);
  assert.equal((await inForce(council.id, 'corporate')).id, after.id);
});

test("adults' statutory six months cannot be changed; only administrators, only their own council's procedures", async () => {
  const { council, client } = await adminOf();
  const adults = await inForce(council.id, 'adults_statutory');
  const page = await client.get(`/admin/procedures/${adults.id}`);
  assert.doesNotMatch(page.body, /name="s1-respond"/);
  assert.match(page.body, /name="s1-acknowledge"/);
  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  assert.equal((await officer.get('/admin/procedures')).statusCode, 403);
  const { client: elsewhere } = await adminOf();
  assert.equal((await elsewhere.get(`/admin/procedures/${adults.id}`)).statusCode, 404);
  await elsewhere.get('/admin/procedures');
  assert.equal((await elsewhere.post(`/admin/procedures/${adults.id}`, { 's1-acknowledge': '2' })).statusCode, 404);
});
