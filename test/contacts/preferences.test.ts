import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../support/testDatabase.ts';
import { ContactValidationError, logContact } from '../../src/contacts/logContact.ts';
import { changePersonDetails, EmailNeededError } from '../../src/casework/personDetails.ts';
import { systemActor } from '../../src/events/actor.ts';

/** How a resident wants to hear from the council: recorded when a contact is logged, changed later. */

const db = await useTestDatabase();
const actor = systemActor('preferences test');
const TODAY = '2025-06-02';
const council = await newTestCouncil(db);

const personRow = async (contactId: number, column: 'complainant_id' | 'representative_id') => (await db.pool.query(
  `SELECT p.language, p.contact_by, p.large_print FROM contact c JOIN person p ON p.council_id = c.council_id AND p.id = c.${column}
    WHERE c.council_id = $1 AND c.id = $2`, [council.id, contactId])).rows[0];
const contactLanguage = async (contactId: number) =>
  (await db.pool.query<{ language: string }>('SELECT language FROM contact WHERE council_id = $1 AND id = $2', [council.id, contactId])).rows[0]!.language;

const contact = (complainant?: object, representative?: object) => ({
  kind: 'complaint', channel: 'letter', receivedOn: '2025-05-30', summary: 'The bins were not collected.',
  ...(complainant ? { complainant } : {}), ...(representative ? { representative } : {}),
});

test('a person’s language, channel and large print are saved; the contact takes the complainant’s language', async () => {
  const { id } = await logContact(db, council.id, contact(
    { fullName: 'Gwen Jones', address: '4 Stryd Fawr', language: 'cy', contactBy: 'post', largePrint: true },
    { fullName: 'Rhys Advocate', email: 'rhys@example.test' },
  ), actor, TODAY);
  assert.deepEqual(await personRow(id, 'complainant_id'), { language: 'cy', contact_by: 'post', large_print: true });
  assert.deepEqual(await personRow(id, 'representative_id'), { language: 'en', contact_by: 'email', large_print: false }, 'the defaults: English, by email as there is an address');
  assert.equal(await contactLanguage(id), 'cy');
});

test('without an email address the default is post; by email without one is refused', async () => {
  const { id } = await logContact(db, council.id, contact({ fullName: 'Sam Smith' }), actor, TODAY);
  assert.deepEqual(await personRow(id, 'complainant_id'), { language: 'en', contact_by: 'post', large_print: false });
  await assert.rejects(logContact(db, council.id, contact({ fullName: 'Sam Smith', contactBy: 'email' }), actor, TODAY),
    (e: unknown) => e instanceof ContactValidationError && e.errors[0]!.field === 'complainant.email');
});

test('an anonymous complaint through a Welsh-speaking representative is in Welsh', async () => {
  const { id } = await logContact(db, council.id, contact(undefined, { fullName: 'Rhys Advocate', language: 'cy' }), actor, TODAY);
  assert.equal(await contactLanguage(id), 'cy');
});

test('changing a person’s details changes their preferences and the contact’s language, in one event', async () => {
  const { id } = await logContact(db, council.id, contact({ fullName: 'Ann Evans', email: 'ann@example.test' }), actor, TODAY);
  const details = { fullName: 'Ann Evans', email: 'ann@example.test', phone: null, address: null, reasonableAdjustments: null, language: 'cy' as const, contactBy: 'email' as const, largePrint: true };
  assert.equal(await changePersonDetails(db, { councilId: council.id, contactId: id, role: 'complainant', details, on: TODAY }, actor), true);
  assert.deepEqual(await personRow(id, 'complainant_id'), { language: 'cy', contact_by: 'email', large_print: true });
  assert.equal(await contactLanguage(id), 'cy');
  assert.equal(await changePersonDetails(db, { councilId: council.id, contactId: id, role: 'representative', details, on: TODAY }, actor), false, 'no representative');
  await assert.rejects(changePersonDetails(db, { councilId: council.id, contactId: id, role: 'complainant', details: { ...details, email: null }, on: TODAY }, actor), EmailNeededError);
  const { rows } = await db.pool.query(`SELECT data FROM case_event WHERE council_id = $1 AND contact_id = $2 AND type = 'contact_updated'`, [council.id, id]);
  assert.deepEqual(rows, [{ data: { person: 'complainant', changed: ['language', 'largePrint'] } }]);
});
