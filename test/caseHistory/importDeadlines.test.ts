import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

/**
 * Imported stages get the deadlines their procedure's rules give them, counted from where the
 * rules say: the Complaint Handling Code's stage 2 acknowledgement from the escalation
 * request (Code 2024, section 6: "acknowledged … within five working days of the escalation
 * request being received"), not from when the stage opened. A new council's public health
 * complaints follow the adult social care regulations (SI 2012/3094), not the Code.
 */
test(`an imported Code stage 2 is acknowledged within 5 working days of the request (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  const work = mkdtempSync(join(tmpdir(), 'redress-deadlines-'));
  try {
    mkdirSync(join(work, 'h'));
    writeFileSync(join(work, 'h', 'contacts.csv'), `reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,summary
DL-0001,complaint,2024-04-02,email,corporate,formal,Place,,,,,service_user,Escalated
`);
    // Requested on Friday 3 May 2024, accepted the Friday after. Five working days from the
    // request, the early May bank holiday (Monday 6 May) not counted: Tue 7, Wed 8, Thu 9,
    // Fri 10, Mon 13 May. Counted from the opening it would be Friday 17 May.
    writeFileSync(join(work, 'h', 'stages.csv'), `reference,stage,requested_on,decision,opened_on,extended_to,responded_on,outcome
DL-0001,1,,,2024-04-02,,2024-04-30,not_upheld
DL-0001,2,2024-05-03,accepted,2024-05-10,,,
`);
    await importCaseHistory(db, council.id, readCaseHistoryFolder(join(work, 'h')), { createOrg: true, today: '2024-06-01', actor: systemActor('test'), source: 'test' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const { rows } = await db.pool.query<{ ack: string; due: string }>(
    `SELECT s.acknowledgement_due_on::text AS ack, s.due_on::text AS due FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      WHERE c.council_id = $1 AND s.stage = 2`, [council.id]);
  assert.equal(rows[0]!.ack, '2024-05-13');

  const publicHealth = await db.pool.query<{ catalogue_key: string }>(
    "SELECT catalogue_key FROM council_procedure WHERE council_id = $1 AND code = 'public_health' AND retired_on IS NULL", [council.id]);
  assert.equal(publicHealth.rows[0]!.catalogue_key, 'public-health-statutory');
});
