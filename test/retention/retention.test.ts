/**
 * Retention runs, legal holds, people shared between cases, and the subject-access export,
 * through the services (the pages are tested beside them in src/web/staff/retention/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { logContact } from '../../src/contacts/logContact.ts';
import { systemActor } from '../../src/events/actor.ts';
import { inTransaction } from '../../src/db/database.ts';
import { runRetention } from '../../src/retention/anonymise.ts';
import { legalHoldOf, LegalHoldError, liftLegalHold, placeLegalHold } from '../../src/retention/legalHold.ts';
import { lastRuns, loadPolicy, savePolicy } from '../../src/retention/retentionStore.ts';
import { findPeople, subjectAccessExport } from '../../src/retention/subjectAccess.ts';
import { defaultPolicy } from '../../src/retention/rules.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();
const actor = systemActor('retention test');
const now = new Date('2026-11-30T10:00:00Z');

async function compliment(councilId: number, receivedOn: string, fullName: string) {
  return logContact(db, councilId, {
    kind: 'compliment', channel: 'email', receivedOn, summary: `Thanks from ${fullName}`,
    complainant: { fullName, email: `${fullName.split(' ')[0]!.toLowerCase()}@example.org`, phone: '01632 960000' },
  }, actor, receivedOn);
}
const personOf = async (councilId: number, contactId: number) =>
  (await db.pool.query('SELECT p.* FROM person p JOIN contact c ON c.council_id = p.council_id AND c.complainant_id = p.id WHERE c.council_id = $1 AND c.id = $2', [councilId, contactId])).rows[0];

test(`a dry run counts what is due and changes nothing; a run anonymises it, recorded and audited (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const old = await compliment(council.id, '2018-05-01', 'Philippa Oldcastle');
  const recent = await compliment(council.id, '2024-05-01', 'Rowena Newbury');
  const dry = await runRetention(db, council.id, { today: '2026-11-30', now, actor, dryRun: true });
  assert.deepEqual({ due: dry.due, anonymised: dry.anonymised, byKind: dry.byKind }, { due: 1, anonymised: 0, byKind: { compliment: 1 } });
  assert.equal((await personOf(council.id, old.id)).full_name, 'Philippa Oldcastle');

  const run = await runRetention(db, council.id, { today: '2026-11-30', now, actor });
  assert.deepEqual({ due: run.due, anonymised: run.anonymised, people: run.peopleAnonymised }, { due: 1, anonymised: 1, people: 1 });
  const gone = await personOf(council.id, old.id);
  assert.deepEqual([gone.full_name, gone.email, gone.phone], ['Anonymised', null, null]);
  assert.equal((await personOf(council.id, recent.id)).full_name, 'Rowena Newbury', 'a case within its period is kept');
  const { rows: [contact] } = await db.pool.query('SELECT summary, anonymised_at FROM contact WHERE council_id = $1 AND id = $2', [council.id, old.id]);
  assert.equal(contact.summary, '[anonymised]');
  assert.ok(contact.anonymised_at);

  const runs = await lastRuns(db.pool, council.id);
  assert.deepEqual(runs.map((r) => [r.dryRun, r.due, r.anonymised]), [[false, 1, 1], [true, 1, 0]]);
  const { rows: audit } = await db.pool.query(`SELECT action, contact_id FROM audit_entry WHERE council_id = $1 AND action IN ('run_retention', 'anonymise_case') ORDER BY id`, [council.id]);
  assert.deepEqual(audit.map((a) => a.action), ['run_retention', 'anonymise_case', 'run_retention']);
  const again = await runRetention(db, council.id, { today: '2026-11-30', now, actor });
  assert.equal(again.due, 0, 'nothing is anonymised twice');
});

test(`a legal hold keeps a case whole until it is lifted (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const held = await compliment(council.id, '2017-01-10', 'Horatio Heldworth');
  await placeLegalHold(db, { councilId: council.id, contactId: held.id, reason: 'Claim in the county court', on: '2026-11-30', now }, actor);
  assert.equal((await legalHoldOf(db.pool, council.id, held.id))?.reason, 'Claim in the county court');
  await assert.rejects(placeLegalHold(db, { councilId: council.id, contactId: held.id, reason: 'again', on: '2026-11-30', now }, actor), (e) => e instanceof LegalHoldError && e.code === 'already_held');

  const run = await runRetention(db, council.id, { today: '2026-11-30', now, actor });
  assert.equal(run.anonymised, 0);
  assert.equal((await personOf(council.id, held.id)).full_name, 'Horatio Heldworth');

  await liftLegalHold(db, { councilId: council.id, contactId: held.id, on: '2026-12-01', now }, actor);
  assert.equal(await legalHoldOf(db.pool, council.id, held.id), null);
  await assert.rejects(liftLegalHold(db, { councilId: council.id, contactId: held.id, on: '2026-12-01', now }, actor), (e) => e instanceof LegalHoldError && e.code === 'not_held');
  assert.equal((await runRetention(db, council.id, { today: '2026-12-01', now, actor })).anonymised, 1);
  const { rows: events } = await db.pool.query('SELECT type, data FROM case_event WHERE council_id = $1 AND contact_id = $2 ORDER BY id', [council.id, held.id]);
  assert.deepEqual(events.map((e) => e.type), ['logged', 'legal_hold_placed', 'legal_hold_lifted', 'anonymised']);
  assert.equal(events[1].data.reason, '[anonymised]', "the hold's reason goes with the case");
  await assert.rejects(placeLegalHold(db, { councilId: council.id, contactId: held.id, reason: 'late', on: '2026-12-02', now }, actor), (e) => e instanceof LegalHoldError && e.code === 'anonymised');
});

test(`a person on a case still kept is kept; only the due case's text goes (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const first = await compliment(council.id, '2016-03-03', 'Cressida Twocase');
  const second = await logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn: '2025-03-03', summary: 'Still open' }, actor, '2025-03-03');
  await db.pool.query('UPDATE contact SET complainant_id = (SELECT complainant_id FROM contact WHERE council_id = $1 AND id = $2) WHERE council_id = $1 AND id = $3', [council.id, first.id, second.id]);

  const run = await runRetention(db, council.id, { today: '2026-11-30', now, actor });
  assert.deepEqual([run.anonymised, run.peopleAnonymised], [1, 0]);
  assert.equal((await personOf(council.id, first.id)).full_name, 'Cressida Twocase');
  const { rows: [c] } = await db.pool.query('SELECT summary FROM contact WHERE council_id = $1 AND id = $2', [council.id, first.id]);
  assert.equal(c.summary, '[anonymised]');

  // The second case closes and its time comes: now the person goes.
  const closed = await db.pool.query("UPDATE complaint SET status = 'closed', closed_on = '2025-03-04' WHERE council_id = $1 AND contact_id = $2", [council.id, second.id]);
  assert.equal(closed.rowCount, 1);
  const later = await runRetention(db, council.id, { today: '2031-03-04', now, actor });
  assert.deepEqual([later.anonymised, later.peopleAnonymised], [1, 1]);
  assert.equal((await personOf(council.id, first.id)).full_name, 'Anonymised');
});

test(`a council's own retention periods, each change audited (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  assert.deepEqual(await loadPolicy(db.pool, council.id), defaultPolicy());
  const changed = await inTransaction(db, (client) => savePolicy(client, council.id, { ...defaultPolicy(), compliment: 2 }, actor, now));
  assert.deepEqual(changed, ['compliment']);
  assert.equal((await loadPolicy(db.pool, council.id)).compliment, 2);
  const recent = await compliment(council.id, '2024-01-01', 'Quentin Shortkeep');
  assert.equal((await runRetention(db, council.id, { today: '2026-11-30', now, actor })).anonymised, 1);
  assert.equal((await personOf(council.id, recent.id)).full_name, 'Anonymised');
  const { rows } = await db.pool.query(`SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [council.id]);
  assert.deepEqual(rows.map((r) => r.detail.codes), [{ setting: 'retention', kind: 'compliment' }]);
});

test(`a subject-access export holds the person, each of their cases and its documents, and is audited (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const one = await compliment(council.id, '2025-01-01', 'Sabine Accessley');
  const two = await logContact(db, council.id, { kind: 'complaint', channel: 'letter', receivedOn: '2025-02-02', summary: 'About the bins' }, actor, '2025-02-02');
  await db.pool.query('UPDATE contact SET representative_id = (SELECT complainant_id FROM contact WHERE council_id = $1 AND id = $2) WHERE council_id = $1 AND id = $3', [council.id, one.id, two.id]);
  await db.pool.query(
    `INSERT INTO case_document (council_id, contact_id, filename, media_type, size_bytes, sha256, kind, content, uploaded_by)
     VALUES ($1, $2, 'letter.txt', 'text/plain', 12, repeat('b', 64), 'evidence', convert_to('Hello Sabine', 'UTF8'), 'Officer')`,
    [council.id, two.id],
  );
  const [match] = await findPeople(db.pool, council.id, { name: 'accessley' });
  assert.equal(match?.fullName, 'Sabine Accessley');
  assert.equal(match?.cases, 2);
  assert.deepEqual((await findPeople(db.pool, council.id, { email: 'SABINE@example.org' })).map((p) => p.id), [match!.id]);
  assert.deepEqual(await findPeople(db.pool, council.id, { name: '%' }), [], 'a wildcard typed is a character, not everyone');

  const exported = (await subjectAccessExport(db.pool, council.id, match!.id, actor, now))!;
  assert.equal(exported.fileName, `subject-access-${match!.id}-2026-11-30.zip`);
  const archive = await JSZip.loadAsync(exported.zip);
  const json = JSON.parse(await archive.file('subject-access.json')!.async('string'));
  assert.equal(json.person.full_name, 'Sabine Accessley');
  assert.deepEqual(json.cases.map((c: { reference: string; roles: string[] }) => [c.reference, c.roles]), [[one.reference, ['complainant']], [two.reference, ['representative']]]);
  assert.ok(json.cases[0].events.some((e: { type: string }) => e.type === 'logged'));
  const path = json.cases[1].documents[0].file as string;
  assert.equal(await archive.file(path)!.async('string'), 'Hello Sabine');
  const { rows } = await db.pool.query(`SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'subject_access_export'`, [council.id]);
  assert.deepEqual(rows[0].detail.numbers, { person: match!.id, cases: 2, documents: 1 });
});
