/**
 * A complaint accepted straight at stage 2 (the Complaint Handling Code allows it; councils
 * take complex cases straight to stage 2): stages.csv has its stage 2 row and no stage 1.
 * It imports, has no stage 1 in the database, and exports back byte for byte.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder, type ImportOptions } from '../../src/caseHistory/importCaseHistory.ts';
import { exportCaseHistory, ExportFailedError } from '../../src/caseHistory/exportCaseHistory.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();
const OPTIONS: ImportOptions = { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'importLaterStage.test.ts' };
const work = mkdtempSync(join(tmpdir(), 'redress-later-stage-'));
after(() => rmSync(work, { recursive: true, force: true }));

const CONTACTS = `reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,summary
LS-0001,complaint,2023-04-03,email,corporate,formal,Place,Highways,,Roads,,service_user,Escalated after stage 1
LS-0002,complaint,2023-05-10,letter,corporate,formal,People,Adult Social Care,,,,advocate,Complex: accepted straight at stage 2
LS-0003,complaint,2023-06-12,email,children_statutory,formal,People,Children's Social Care,,,,parent,Straight to stage 2 and then stage 3
LS-0004,complaint,2023-07-03,email,corporate,formal,Place,Highways,,Roads,,service_user,Straight to stage 2; still open
`;
const STAGES = `reference,stage,requested_on,decision,opened_on,extended_to,responded_on,outcome
LS-0001,1,,,2023-04-03,,2023-04-20,not_upheld
LS-0001,2,2023-04-25,accepted,2023-04-26,,2023-05-30,upheld
LS-0002,2,2023-05-10,accepted,2023-05-11,,2023-06-08,partially_upheld
LS-0003,2,,accepted,2023-06-12,,2023-07-10,not_upheld
LS-0003,3,2023-07-20,accepted,2023-07-24,,2023-09-01,not_upheld
LS-0004,2,,accepted,2023-07-03,,,
`;

function folder(name: string, files: Record<string, string>) {
  const target = mkdtempSync(join(work, `${name}-`));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(target, file), text);
  return target;
}

test(`a complaint with a stage 2 row and no stage 1 imports with no stage 1, and round-trips byte for byte (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const summary = await importCaseHistory(db, council.id, readCaseHistoryFolder(folder('in', { 'contacts.csv': CONTACTS, 'stages.csv': STAGES })), OPTIONS);
  assert.equal(summary.complaints, 4);
  assert.equal(summary.stages, 6);

  const { rows } = await db.pool.query<{ reference: string; stages: number[]; status: string }>(
    `SELECT c.reference, array_agg(s.stage ORDER BY s.stage) AS stages, k.status
       FROM contact c JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
       JOIN complaint_stage s ON s.council_id = c.council_id AND s.contact_id = c.id
      WHERE c.council_id = $1 GROUP BY c.reference, k.status ORDER BY c.reference`,
    [council.id],
  );
  assert.deepEqual(rows.map((r) => [r.reference, r.stages.map(Number), r.status]), [
    ['LS-0001', [1, 2], 'closed'],
    ['LS-0002', [2], 'closed'],
    ['LS-0003', [2, 3], 'closed'],
    ['LS-0004', [2], 'stage_open'],
  ]);

  const first = folder('out1', {});
  await exportCaseHistory(db.pool, council.id, first);
  assert.equal(readFileSync(join(first, 'stages.csv'), 'utf8'), STAGES, 'the export is the file imported');
  const fresh = await newTestCouncil(db);
  await importCaseHistory(db, fresh.id, readCaseHistoryFolder(first), OPTIONS);
  const second = folder('out2', {});
  await exportCaseHistory(db.pool, fresh.id, second);
  for (const f of ['contacts.csv', 'stages.csv', 'ombudsman.csv']) {
    assert.equal(readFileSync(join(second, f), 'utf8'), readFileSync(join(first, f), 'utf8'), f);
  }
});

test('an export that fails half way (a full disk) leaves the folder as it was and no partial files', async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(folder('in2', { 'contacts.csv': CONTACTS, 'stages.csv': STAGES })), OPTIONS);
  const out = folder('full-disk', { 'contacts.csv': 'the export of last week\n' });
  let written = 0;
  const fullDisk = (path: string, data: string) => {
    // stages.csv goes half way, then the disk is full.
    if (++written === 2) {
      writeFileSync(path, data.slice(0, data.length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    writeFileSync(path, data);
  };
  await assert.rejects(exportCaseHistory(db.pool, council.id, out, { writeFile: fullDisk }), (error: unknown) => {
    assert.ok(error instanceof ExportFailedError);
    assert.equal(error.message, `Nothing was exported to ${out} because the disk is full, and any files already there are as they were.`);
    return true;
  });
  assert.deepEqual(readdirSync(out), ['contacts.csv']);
  assert.equal(readFileSync(join(out, 'contacts.csv'), 'utf8'), 'the export of last week\n');
});
