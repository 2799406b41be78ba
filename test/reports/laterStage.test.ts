import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { grid } from '../support/reportGrid.ts';
import { systemActor } from '../../src/events/actor.ts';

/**
 * Complaints accepted straight at stage 2 are counted apart from those escalated after a
 * stage 1: their own line beside the routes, "straight to stage 2" beside "escalated", and
 * the outcome at the first stage they were investigated at.
 */

const CONTACTS = `reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,summary
LS-0001,complaint,2023-04-03,email,corporate,formal,Place,Highways,,Roads,,service_user,Escalated after stage 1
LS-0002,complaint,2023-05-10,letter,corporate,formal,People,Adult Social Care,,,,advocate,Complex: accepted straight at stage 2
LS-0003,complaint,2023-06-01,email,corporate,informal,Place,Highways,,Roads,,service_user,Put right informally
LS-0004,complaint,2023-07-03,email,corporate,formal,Place,Highways,,Roads,,service_user,Straight to stage 2; still open
`;
const STAGES = `reference,stage,requested_on,decision,opened_on,extended_to,responded_on,outcome
LS-0001,1,,,2023-04-03,,2023-04-20,not_upheld
LS-0001,2,2023-04-25,accepted,2023-04-26,,2023-05-30,upheld
LS-0002,2,2023-05-10,accepted,2023-05-11,,2023-06-08,partially_upheld
LS-0004,2,,accepted,2023-07-03,,,
`;

test(`complaints started at stage 2 are counted apart from those escalated (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  const work = mkdtempSync(join(tmpdir(), 'redress-later-'));
  try {
    mkdirSync(join(work, 'h'));
    writeFileSync(join(work, 'h', 'contacts.csv'), CONTACTS);
    writeFileSync(join(work, 'h', 'stages.csv'), STAGES);
    await importCaseHistory(db, council.id, readCaseHistoryFolder(join(work, 'h')), { createOrg: true, today: '2024-06-01', actor: systemActor('test'), source: 'test' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // LS-0001's stage 2 was extended beyond the Code's 20 working days, with a good reason
  // (the lifecycle's own tests cover how; here only how the report counts it).
  await db.pool.query(
    `INSERT INTO stage_extension (council_id, stage_id, extended_to, reason, agreed_on, beyond_code, beyond_code_reason)
     SELECT s.council_id, s.id, DATE '2023-06-30', 'Waiting for a contractor''s report', DATE '2023-05-20', true, 'Independent report needed'
       FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      WHERE c.council_id = $1 AND c.reference = 'LS-0001' AND s.stage = 2`, [council.id]);
  const options = { ...defaultReportOptions('2023/24'), sections: ['contacts' as const, 'corporate' as const] };
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-06-01');
  const table = (key: string) => report.sections.flatMap((s) => s.tables).find((t) => t.key === key)!;

  const routes = grid(table('contacts.by_route'));
  assert.equal(routes.formal!['2023/24'], 1);
  assert.equal(routes.straight_to_stage_2!['2023/24'], 2);
  assert.equal(routes.informal!['2023/24'], 1);
  assert.equal(table('contacts.by_route').rows.find((r) => r.key === 'straight_to_stage_2')!.label, 'Straight to stage 2');

  const entry = grid(table('corporate.stage2_entry'));
  assert.deepEqual({ escalated: entry.escalated!['2023/24'], straight: entry.straight_to_stage_2!['2023/24'] }, { escalated: 1, straight: 2 });
  assert.deepEqual(
    (await drillDown(db.pool, council.id, options, '2024-06-01', 'corporate.stage2_entry', { row: 'straight_to_stage_2', column: '2023/24' })).rows.map((r) => r.reference),
    ['LS-0002', 'LS-0004'],
  );

  // The first stage LS-0002 was investigated at is its stage 2: partially upheld there.
  const firstAndFinal = grid(table('corporate.first_and_final_outcome'));
  assert.equal(firstAndFinal.not_upheld!.upheld, 1, 'LS-0001: not upheld at stage 1, upheld at stage 2');
  assert.equal(firstAndFinal.partially_upheld!.partially_upheld, 1, 'LS-0002');
  assert.equal(firstAndFinal.ongoing!.ongoing, 1, 'LS-0004');
  assert.equal(grid(table('corporate.highest_stage'))['stage 2']!['2023/24'], 3);
  assert.deepEqual(grid(table('corporate.extensions'))['stage 2'], { opened: 3, extended: 1, beyond_code: 1 });
});
