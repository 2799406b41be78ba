import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outstandingCompliance, recordOmbudsmanCase } from '../../src/ombudsman/ombudsmanCases.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();

test('an Ombudsman enquiry, its decision and outstanding compliance', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn: '2024-01-10', summary: 'EHCP delay' }, systemActor('officer'), '2024-12-31');
  const enquiry = { body: 'lgsco', ombudsmanReference: '23001455', receivedOn: '2024-04-02', councilReference: reference, category: "Education & Children's Services" };
  const id = await recordOmbudsmanCase(db.pool, council.id, enquiry, systemActor('officer'), '2024-04-02');
  const decided = {
    ...enquiry, detailedInvestigation: true, decidedOn: '2024-07-01', decision: 'upheld', satisfactoryRemedyByCouncil: false,
    recommendedRemedies: ['apology', 'financial_redress', 'procedure_change'], remedyAmount: 2350, complianceDueOn: '2024-08-01',
  };
  assert.equal(await recordOmbudsmanCase(db.pool, council.id, decided, systemActor('officer'), '2024-07-01'), id, 'the same case, updated');
  assert.deepEqual(await outstandingCompliance(db.pool, council.id, '2024-08-05'), [
    { body: 'lgsco', ombudsman_reference: '23001455', compliance_due_on: '2024-08-01', late: true },
  ]);
  await recordOmbudsmanCase(db.pool, council.id, { ...decided, compliedOn: '2024-08-06' }, systemActor('officer'), '2024-08-06');
  assert.deepEqual(await outstandingCompliance(db.pool, council.id, '2024-08-07'), []);
  await assert.rejects(recordOmbudsmanCase(db.pool, council.id, { ...enquiry, decision: 'upheld' }, systemActor('officer'), '2024-07-01'), /date of the decision/);
  await assert.rejects(recordOmbudsmanCase(db.pool, council.id, { ...enquiry, councilReference: 'NOPE-1' }, systemActor('officer'), '2024-07-01'), /no contact NOPE-1/);
});
