import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { writeCaseHistoryFolder } from '../../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../../src/demo/caseHistoryGenerator.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { seedOmbudsmanCasework } from '../../src/demo/ombudsmanCasework.ts';
import { listOmbudsmanCases } from '../../src/ombudsman/ombudsmanCaseQueries.ts';
import { systemActor } from '../../src/events/actor.ts';

const TODAY = '2026-11-29';

test(`the demo's Ombudsman cases stand at different steps, one in every tab of the list (${engineName()})`, { timeout: 300_000 }, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  const folder = mkdtempSync(join(tmpdir(), 'redress-omb-demo-'));
  try {
    await writeCaseHistoryFolder(folder, { seed: 5, today: TODAY, years: 2, contactsPerYear: 300, council: demoCouncil });
    await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: TODAY, actor: systemActor('test'), source: 'generated' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const before = (await listOmbudsmanCases(db.pool, council.id, { tab: 'open' }, TODAY)).counts;
  assert.equal(await seedOmbudsmanCasework(db, council.id, TODAY, systemActor('demo data')), 4);
  const after = (await listOmbudsmanCases(db.pool, council.id, { tab: 'open' }, TODAY)).counts;
  assert.deepEqual({
    open: after.open - before.open, information: after.information - before.information, decided: after.decided - before.decided,
    due: after.due - before.due, late: after.late - before.late,
  }, { open: 3, information: 1, decided: 1, due: 1, late: 0 });
});
