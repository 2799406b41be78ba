/**
 * The case-history format, version 2, completed (docs/formats/case-history-csv-v2.md):
 * contacts' flags, complaints about several services (services.csv) and restrictions imposed
 * under an unreasonable-behaviour policy (restrictions.csv). All or nothing, idempotent by
 * reference, contradictions refused; a folder written before they existed leaves them.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder, type ImportOptions } from '../../src/caseHistory/importCaseHistory.ts';
import { exportCaseHistory } from '../../src/caseHistory/exportCaseHistory.ts';
import { ImportRejectedError, type ImportProblem } from '../../src/caseHistory/problems.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();
const OPTIONS: ImportOptions = { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'importV2More.test.ts' };
const FIXTURE = new URL('../fixtures/case-history-v2/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'redress-v2more-'));
after(() => rmSync(work, { recursive: true, force: true }));

const fixture = (file: string) => readFileSync(join(FIXTURE, file), 'utf8');
const folderBytes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
async function exportOf(councilId: number, version?: 1 | 2) {
  const dir = mkdtempSync(join(work, 'export-'));
  await exportCaseHistory(db.pool, councilId, dir, version ? { version } : {});
  return dir;
}
function fixtureWith(changes: Record<string, string | null>) {
  const dir = mkdtempSync(join(work, 'in-'));
  for (const f of readdirSync(FIXTURE)) copyFileSync(join(FIXTURE, f), join(dir, f));
  for (const [f, text] of Object.entries(changes)) {
    if (text === null) rmSync(join(dir, f));
    else writeFileSync(join(dir, f), text);
  }
  return dir;
}
async function refusal(councilId: number, folder: string, options = OPTIONS): Promise<ImportProblem[]> {
  const error = await importCaseHistory(db, councilId, readCaseHistoryFolder(folder), options).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ImportRejectedError, `expected a refusal, got ${String(error)}`);
  return error.problems;
}
/** contacts.csv without its last column (flags), as a version 2 folder written before flags. */
const withoutFlags = (text: string) => text.split('\n').map((l) => (l ? l.replace(/,[^,]*$/, '') : l)).join('\n');
const events = async (councilId: number) => (await db.pool.query<{ reference: string }>(
  `SELECT c.reference FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
    WHERE e.council_id = $1 AND e.type = 'updated_by_import' ORDER BY c.reference`, [councilId])).rows.map((r) => r.reference);

test(`flags, further services and restrictions are imported as the folder says (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  const q = async (sql: string) => (await db.pool.query(sql, [council.id])).rows;
  assert.deepEqual(await q('SELECT reference, flags FROM contact WHERE council_id = $1 ORDER BY reference'), [
    { reference: 'V2-0001', flags: ['unreasonable_behaviour'] },
    { reference: 'V2-0002', flags: ['vulnerable_person', 'safeguarding'] },
    { reference: 'V2-0003', flags: ['welsh_language'] },
    { reference: 'V2-0004', flags: [] },
    { reference: 'V2-0005', flags: [] },
  ]);
  // The main unit stays on the contact; the others are beside it, created like it (--create-org).
  assert.deepEqual(await q(`
    SELECT c.reference, main.team AS main_team, op.directorate, op.service, op.team
      FROM contact_org_unit u JOIN contact c ON c.council_id = u.council_id AND c.id = u.contact_id
      JOIN org_unit_path op ON op.council_id = u.council_id AND op.id = u.org_unit_id
      JOIN org_unit_path main ON main.council_id = c.council_id AND main.id = c.org_unit_id
     WHERE u.council_id = $1 ORDER BY c.reference`), [
    { reference: 'V2-0001', main_team: 'Roads Maintenance', directorate: 'Place', service: 'Highways', team: 'Street Lighting' },
    { reference: 'V2-0003', main_team: null, directorate: 'Place', service: 'Waste', team: null },
  ]);
  assert.deepEqual(await q(`
    SELECT c.reference, r.restriction, r.imposed_on, r.review_on, r.lifted_on
      FROM behaviour_restriction r JOIN contact c ON c.council_id = r.council_id AND c.id = r.contact_id
     WHERE r.council_id = $1 ORDER BY r.id`), [
    { reference: 'V2-0001', restriction: 'single_point_of_contact', imposed_on: '2023-05-02', review_on: '2023-11-02', lifted_on: '2024-05-01' },
    { reference: 'V2-0001', restriction: 'limited_telephone', imposed_on: '2023-06-15', review_on: '2023-12-15', lifted_on: null },
  ]);
  // Street Lighting is one unit, whichever file names it first.
  const units = await q("SELECT count(*)::int AS n FROM org_unit WHERE council_id = $1 AND name = 'Street Lighting'");
  assert.equal(units[0]!.n, 1);
});

test('importing again changes nothing; a changed list writes only its case\'s event, and export gives it back', async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  const again = await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  assert.equal(again.contactsUpdated, 0);
  assert.equal(again.organisationUnitsCreated, 0);
  assert.deepEqual(await events(council.id), []);

  // Restrictions in another order are the same list (each imposed on its own date).
  const [header, ...rows] = fixture('restrictions.csv').trimEnd().split('\n');
  await importCaseHistory(db, council.id, readCaseHistoryFolder(fixtureWith({ 'restrictions.csv': `${[header, ...rows.reverse()].join('\n')}\n` })), OPTIONS);
  assert.deepEqual(await events(council.id), []);

  const restrictions = fixture('restrictions.csv').replace('2023-12-15,,Calls', '2023-12-15,2024-10-01,Calls');
  await importCaseHistory(db, council.id, readCaseHistoryFolder(fixtureWith({ 'restrictions.csv': restrictions })), OPTIONS);
  assert.deepEqual(await events(council.id), ['V2-0001']);
  assert.equal(folderBytes(await exportOf(council.id))['restrictions.csv'], restrictions);

  const services = fixture('services.csv').replace('V2-0003,Place,Waste,\n', 'V2-0003,Place,Waste,\nV2-0003,People,Adult Social Care,\n');
  await importCaseHistory(db, council.id, readCaseHistoryFolder(fixtureWith({ 'services.csv': services, 'restrictions.csv': restrictions })), OPTIONS);
  assert.deepEqual(await events(council.id), ['V2-0001', 'V2-0003']);
  // Exported by name: People before Place.
  assert.equal(folderBytes(await exportOf(council.id))['services.csv'], 'reference,directorate,service,team\nV2-0001,Place,Highways,Street Lighting\nV2-0003,People,Adult Social Care,\nV2-0003,Place,Waste,\n');

  const contacts = fixture('contacts.csv').replace('Accepted straight at stage 2,mp,,no,,welsh_language', 'Accepted straight at stage 2,mp,,no,,welsh_language;media_interest');
  const changed = await importCaseHistory(db, council.id, readCaseHistoryFolder(fixtureWith({ 'contacts.csv': contacts, 'services.csv': services, 'restrictions.csv': restrictions })), OPTIONS);
  assert.equal(changed.contactsUpdated, 1);
  assert.equal(folderBytes(await exportOf(council.id))['contacts.csv'], contacts);
});

test('a folder without flags, services.csv or restrictions.csv (written before them) leaves them; empty files mean none', async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  const older = fixtureWith({ 'contacts.csv': withoutFlags(fixture('contacts.csv')), 'services.csv': null, 'restrictions.csv': null });
  const summary = await importCaseHistory(db, council.id, readCaseHistoryFolder(older), OPTIONS);
  assert.equal(summary.contactsUpdated, 0);
  assert.deepEqual(await events(council.id), []);
  assert.deepEqual(folderBytes(await exportOf(council.id)), folderBytes(FIXTURE));

  // A version 1 folder says nothing of them either.
  await importCaseHistory(db, council.id, readCaseHistoryFolder(await exportOf(council.id, 1)), OPTIONS);
  assert.deepEqual(folderBytes(await exportOf(council.id)), folderBytes(FIXTURE));

  // Header-only files (as export writes them) and blank flags: none.
  const none = fixtureWith({
    'contacts.csv': fixture('contacts.csv').replace(',unreasonable_behaviour\n', ',\n'),
    'services.csv': 'reference,directorate,service,team\n',
    'restrictions.csv': 'reference,restriction,imposed_on,review_on,lifted_on,reason\n',
  });
  await importCaseHistory(db, council.id, readCaseHistoryFolder(none), OPTIONS);
  assert.deepEqual(await events(council.id), ['V2-0001', 'V2-0003']);
  const out = folderBytes(await exportOf(council.id));
  assert.equal(out['services.csv'], 'reference,directorate,service,team\n');
  assert.equal(out['restrictions.csv'], 'reference,restriction,imposed_on,review_on,lifted_on,reason\n');
  const rows = await db.pool.query('SELECT count(*)::int AS n FROM contact_org_unit WHERE council_id = $1', [council.id]);
  assert.equal(rows.rows[0].n, 0);
});

test('contradictions and unknown values in flags, services.csv and restrictions.csv are refused by row and column, and nothing is written', async () => {
  const council = await newTestCouncil(db);
  const contacts = `${fixture('contacts.csv').replace(',welsh_language\n', ',welsh;media_interest\n')}V2-0006,comment,2023-09-01,email,,,,,,,,,Nowhere in particular,,,,,\n`;
  const folder = fixtureWith({
    'contacts.csv': contacts,
    'services.csv': `${fixture('services.csv')}` +
      'V2-9999,Place,Waste,\n' + // row 4: no such contact
      'V2-0001,Place,Highways,Roads Maintenance\n' + // 5: the main unit
      'V2-0001,Place,Highways,\n' + // 6: part of the main unit
      'V2-0001,Place,Highways,Street Lighting\n' + // 7: twice
      'V2-0002,People,,Home Care\n' + // 8: a team with no service
      'V2-0006,Place,Parks,\n', // 9: a contact with no main unit
    'restrictions.csv': `${fixture('restrictions.csv')}` +
      'V2-0001,written_contact_only,2023-04-01,,,\n' + // 4: before the contact was received
      'V2-0001,no_face_to_face,2023-06-01,2023-05-20,2023-05-30,\n' + // 5: reviewed and lifted before imposed
      'V2-0001,limited_email,2024-12-01,,,\n' + // 6: in the future
      'V2-0001,other,2023-06-01,,,\n' + // 7: other, saying nothing
      'V2-0002,written_contact_only,2023-06-01,,,\n' + // 8: not flagged unreasonable_behaviour
      'V2-0001,limited_telephone,2023-09-01,,,\n' + // 9: already in force from row 3
      'V2-0001,curfew,2023-06-01,,,\n', // 10: not a restriction
  });
  assert.deepEqual(await refusal(council.id, folder), [
    { file: 'contacts.csv', row: 4, column: 'flags', value: 'welsh;media_interest', expected: 'expected values separated by semicolons, each one of: vulnerable_person, safeguarding, media_interest, unreasonable_behaviour, welsh_language' },
    { file: 'services.csv', row: 4, column: 'reference', value: 'V2-9999', expected: 'the reference of a contact in contacts.csv; there is no such contact' },
    { file: 'services.csv', row: 5, column: 'team', value: 'Roads Maintenance', expected: 'a unit other than the main unit of V2-0001 in contacts.csv (row 2: Place / Highways / Roads Maintenance) and those it is part of' },
    { file: 'services.csv', row: 6, column: 'service', value: 'Highways', expected: 'a unit other than the main unit of V2-0001 in contacts.csv (row 2: Place / Highways / Roads Maintenance) and those it is part of' },
    { file: 'services.csv', row: 7, column: 'team', value: 'Street Lighting', expected: 'each unit once per contact; it is already on row 2 for V2-0001' },
    { file: 'services.csv', row: 8, column: 'service', value: '', expected: 'the service that team "Home Care" belongs to' },
    { file: 'services.csv', row: 9, column: 'reference', value: 'V2-0006', expected: 'a contact with its main unit in contacts.csv (directorate, service, team); contacts.csv row 7 has none' },
    { file: 'restrictions.csv', row: 4, column: 'imposed_on', value: '2023-04-01', expected: 'a date on or after the contact was received (2023-04-03, contacts.csv row 2)' },
    { file: 'restrictions.csv', row: 5, column: 'review_on', value: '2023-05-20', expected: 'a date on or after imposed_on (2023-06-01): a restriction is reviewed after it is imposed' },
    { file: 'restrictions.csv', row: 5, column: 'lifted_on', value: '2023-05-30', expected: 'a date on or after imposed_on (2023-06-01)' },
    { file: 'restrictions.csv', row: 6, column: 'imposed_on', value: '2024-12-01', expected: 'a date on or before today (2024-11-01)' },
    { file: 'restrictions.csv', row: 7, column: 'reason', value: '', expected: 'what the restriction is, for a restriction of kind other' },
    { file: 'restrictions.csv', row: 8, column: 'reference', value: 'V2-0002', expected: 'a contact flagged unreasonable_behaviour in contacts.csv (flags column, row 3): restrictions are imposed under the unreasonable-behaviour policy' },
    { file: 'restrictions.csv', row: 9, column: 'imposed_on', value: '2023-09-01', expected: 'a date when limited_telephone was not in force for V2-0001; row 3 imposed it on 2023-06-15 and it was not lifted' },
    { file: 'restrictions.csv', row: 10, column: 'restriction', value: 'curfew', expected: 'expected one of: single_point_of_contact, written_contact_only, limited_telephone, limited_email, no_face_to_face, third_party_only, no_further_correspondence, other' },
  ]);
  const written = await db.pool.query('SELECT count(*)::int AS n FROM contact WHERE council_id = $1', [council.id]);
  assert.equal(written.rows[0].n, 0);
});

test('a further unit the council does not have is refused without --create-org, as a main unit is', async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(fixtureWith({ 'services.csv': 'reference,directorate,service,team\n' })), OPTIONS);
  const folder = fixtureWith({ 'services.csv': `${fixture('services.csv')}V2-0002,People,Childrens Services,\n` });
  assert.deepEqual(await refusal(council.id, folder, { ...OPTIONS, createOrg: false }), [
    { file: 'services.csv', row: 2, column: 'team', value: 'Street Lighting', expected: "a team of Highways not in the council's list; check the spelling, add it first, or import with --create-org" },
    { file: 'services.csv', row: 4, column: 'service', value: 'Childrens Services', expected: "a service of People not in the council's list; check the spelling, add it first, or import with --create-org" },
  ]);
  // Known units need no --create-org.
  await importCaseHistory(db, council.id, readCaseHistoryFolder(fixtureWith({ 'services.csv': 'reference,directorate,service,team\nV2-0003,Place,Waste,\n' })), { ...OPTIONS, createOrg: false });
  const rows = await db.pool.query('SELECT count(*)::int AS n FROM contact_org_unit WHERE council_id = $1', [council.id]);
  assert.equal(rows.rows[0].n, 1);
});

test('a version 1 folder with the flags column, services.csv or restrictions.csv is told to declare version 2', async () => {
  const council = await newTestCouncil(db);
  const folder = fixtureWith({ 'format.json': null, 'elements.csv': null, 'remedies.csv': null, 'learning_actions.csv': null, 'ombudsman_findings.csv': null, 'ombudsman.csv': null,
    'contacts.csv': 'reference,kind,received_on,flags\nV1-0001,compliment,2023-04-03,welsh_language\n' });
  const problems = await refusal(council.id, folder);
  const declare = 'declare the folder\'s version in format.json ({"format": "redress-case-history", "version": 2})';
  assert.ok(problems.some((p) => p.file === 'services.csv' && p.expected === `a file of format version 2; ${declare}`), JSON.stringify(problems));
  assert.ok(problems.some((p) => p.file === 'restrictions.csv' && p.expected === `a file of format version 2; ${declare}`), JSON.stringify(problems));
});
