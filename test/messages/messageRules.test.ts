import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateInWords } from '../../src/messages/dateInWords.ts';
import { ombudsmanDetails, whichOmbudsman } from '../../src/messages/ombudsmanDetails.ts';
import { residentRecipient, type PersonToWrite } from '../../src/messages/residentRecipient.ts';
import { nextSteps } from '../../src/messages/nextSteps.ts';

test('dates are written in words in the message’s language', () => {
  assert.equal(dateInWords('2026-12-03', 'en'), '3 December 2026');
  assert.equal(dateInWords('2026-12-03', 'cy'), '3 Rhagfyr 2026');
  assert.equal(dateInWords('2025-02-28', 'cy'), '28 Chwefror 2025');
  assert.equal(dateInWords('2025-07-01', 'cy'), '1 Gorffennaf 2025');
});

test('the Ombudsman follows the nation, and in England the Housing Ombudsman takes housing complaints', () => {
  assert.equal(whichOmbudsman('england', 'corporate'), 'lgsco');
  assert.equal(whichOmbudsman('england', 'adults_statutory'), 'lgsco');
  assert.equal(whichOmbudsman('england', 'housing'), 'housing_ombudsman');
  assert.equal(whichOmbudsman('wales', 'housing'), 'psow');
  assert.equal(whichOmbudsman('scotland', 'corporate'), 'spso');
  assert.equal(whichOmbudsman('northern_ireland', null), 'nipso');
  assert.deepEqual(ombudsmanDetails('psow', 'cy'), { name: 'Ombwdsmon Gwasanaethau Cyhoeddus Cymru', website: 'www.ombwdsmon.cymru', phone: '0300 790 0203' });
  assert.deepEqual(ombudsmanDetails('spso', 'en'), { name: 'Scottish Public Services Ombudsman', website: 'www.spso.org.uk', phone: '0800 377 7330' });
});

const person = (p: Partial<PersonToWrite>): PersonToWrite => ({
  fullName: 'Ann Example', email: 'ann@example.test', address: '4 High Street', language: 'en', contactBy: 'email', largePrint: false, ...p,
});

test('a resident is written to as they asked: named contact first, Welsh, post, large print', () => {
  assert.deepEqual(residentRecipient('en', person({}), null), { name: 'Ann Example', channel: 'email', address: 'ann@example.test', language: 'en', largePrint: false });
  assert.equal(residentRecipient('en', person({}), person({ fullName: 'Rhys Advocate', email: 'rhys@example.test' }))!.address, 'rhys@example.test');
  assert.equal(residentRecipient('cy', person({}), null)!.language, 'cy');
  assert.equal(residentRecipient('en', person({ language: 'cy' }), null)!.language, 'cy');
  assert.deepEqual(residentRecipient('en', person({ contactBy: 'post', largePrint: true }), null),
    { name: 'Ann Example', channel: 'letter', address: '4 High Street', language: 'en', largePrint: true });
  assert.equal(residentRecipient('en', person({ email: null }), null)!.channel, 'letter');
  assert.deepEqual(residentRecipient('en', person({ email: '  ', address: null }), null), { name: 'Ann Example', channel: 'letter', address: '', language: 'en', largePrint: false });
  assert.equal(residentRecipient('en', null, null), null);
});

test('after a response: the next stage (by a date, or not), or the Ombudsman after the last', () => {
  assert.match(nextSteps({ to: 'next_stage', stage: 2, askBy: '25 June 2025' }, 'CAL25-000001', 'en'), /stage 2 of our complaints procedure\. Contact us by 25 June 2025 and tell us why, quoting your reference CAL25-000001\./);
  assert.match(nextSteps({ to: 'next_stage', stage: 2, askBy: null }, 'CAL25-000001', 'cy'), /yng ngham 2 o'n gweithdrefn gwyno\. Cysylltwch â ni a dywedwch wrthym pam/);
  assert.match(nextSteps({ to: 'ombudsman', ombudsman: ombudsmanDetails('nipso', 'en') }, 'X', 'en'), /ask the Northern Ireland Public Services Ombudsman to look at your complaint:\n\n\* website: www\.nipso\.org\.uk\n\* telephone: 0800 34 34 24/);
});
