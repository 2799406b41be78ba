import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContactSchema } from '../contacts/logContact.ts';
import { publicContactSummary, type PublicContactAnswers } from './publicContactAnswers.ts';
import { publicContactInput } from './submitPublicContact.ts';

const complaint: PublicContactAnswers = {
  kind: 'complaint', language: 'cy', onBehalfOf: null, workspaceId: 4, what: 'The bin was not emptied.', putRight: 'Empty it.',
  you: { fullName: 'Rhian', email: 'rhian@example.test', phone: '', address: '' }, contactBy: 'email', adjustments: { largePrint: true, details: 'Calls after 3pm' },
};

test('the summary is the resident’s words, what would put it right, and the consent of the person complained for', () => {
  assert.equal(publicContactSummary(complaint), 'The bin was not emptied.\n\nWhat would put it right:\nEmpty it.');
  assert.equal(publicContactSummary({ ...complaint, kind: 'comment', putRight: 'ignored' }), 'The bin was not emptied.');
  assert.match(publicContactSummary({ ...complaint, onBehalfOf: { fullName: 'Tomos', relationship: 'carer' } }),
    /Made on behalf of Tomos \(carer\)\. Consent: the person making the complaint confirmed on the web form that Tomos agrees/);
});

test('the answers become a web-form contact the staff screens’ rules accept, in the page’s language', () => {
  const input = newContactSchema.parse(publicContactInput(complaint, { id: 4, orgUnitId: 9 }, 'corporate', '2026-11-30'));
  assert.equal(input.channel, 'web_form');
  assert.equal(input.language, 'cy');
  assert.equal(input.orgUnitId, 9);
  const c = input.complainant!;
  assert.deepEqual([c.fullName, c.email, c.reasonableAdjustments, c.language, c.contactBy, c.largePrint], ['Rhian', 'rhian@example.test', 'Calls after 3pm', 'cy', 'email', true]);
  const forSomeone = newContactSchema.parse(publicContactInput({ ...complaint, onBehalfOf: { fullName: 'Tomos', relationship: 'parent' } }, null, 'corporate', '2026-11-30'));
  assert.equal(forSomeone.complainant?.fullName, 'Tomos');
  assert.equal(forSomeone.representative?.fullName, 'Rhian');
  assert.equal(forSomeone.complainantGroup, 'parent');
  const anonymous = newContactSchema.parse(publicContactInput({ ...complaint, kind: 'comment', you: null, contactBy: null, adjustments: null }, null, undefined, '2026-11-30'));
  assert.equal(anonymous.complainant, undefined);
  assert.equal(anonymous.language, 'cy', 'an anonymous comment still records the page’s language');
});
