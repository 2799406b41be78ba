import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';
import { MEASURE_KEYS } from '../../src/selfAssessment/provisions.ts';
import { councilOf, figuresOf, provisionEntries, saveProvision, saveGoverningBodyResponse, governingBodyResponse } from '../../src/selfAssessment/selfAssessment.ts';
import { writeFixture } from './fixture.ts';

/** The self-assessment's figures from the database equal the hand count; evidence is saved and audited. */

const db = await useTestDatabase();
const today = '2025-04-03';

test('from the case records, the figures equal the hand count (the same as measures.test.ts)', async () => {
  const council = await newTestCouncil(db);
  await writeFixture(db, council.id);
  const { measures, stages } = await figuresOf(db.pool, await councilOf(db.pool, council.id), 'lgsco', '2024/25', today);
  assert.deepEqual(Object.fromEntries(MEASURE_KEYS.map((k) => [k, [measures[k].met, measures[k].applicable, measures[k].percent]])), {
    stage1_acknowledged: [4, 6, 66.7],
    stage1_response: [2, 6, 33.3],
    stage1_extension: [1, 2, 50],
    stage2_requests_accepted: [2, 3, 66.7],
    stage2_acknowledged: [1, 2, 50],
    stage2_response: [1, 2, 50],
    stage2_extension: [1, 1, 100],
  });
  assert.deepEqual(stages.map((s) => [s.stage, s.started, s.responded, s.averageWorkingDays]), [[1, 8, 5, 18.2], [2, 2, 2, 35.5]]);
  // The housing code counts housing complaints only: none here.
  const housing = await figuresOf(db.pool, await councilOf(db.pool, council.id), 'housing_ombudsman', '2024/25', today);
  assert.equal(housing.measures.stage1_acknowledged.applicable, 0);
});

test("a provision's evidence is saved, changed and audited; an unknown provision is refused", async () => {
  const council = await newTestCouncil(db);
  const actor = systemActor('complaints lead');
  await saveProvision(db, council.id, '2024/25', 'housing_ombudsman', '6.2', { compliance: 'partly', evidence: 'Policy section 7.1.', actions: '' }, actor);
  await saveProvision(db, council.id, '2024/25', 'housing_ombudsman', '6.2', { compliance: 'yes', evidence: 'Policy section 7.1; weekly checks.', actions: null }, actor);
  const entry = (await provisionEntries(db.pool, council.id, '2024/25', 'housing_ombudsman')).get('6.2')!;
  assert.deepEqual([entry.compliance, entry.evidence, entry.actions], ['yes', 'Policy section 7.1; weekly checks.', null]);
  assert.equal((await provisionEntries(db.pool, council.id, '2024/25', 'lgsco')).size, 0, 'each code has its own assessment');
  await assert.rejects(saveProvision(db, council.id, '2024/25', 'lgsco', '6.99', { compliance: 'yes', evidence: null, actions: null }, actor), /no provision 6.99/);
  await saveGoverningBodyResponse(db, council.id, '2024/25', 'housing_ombudsman', { governingBody: 'Cabinet', response: 'Noted.', respondedOn: '2025-06-10' }, actor);
  assert.deepEqual(await governingBodyResponse(db.pool, council.id, '2024/25', 'housing_ombudsman'), { governingBody: 'Cabinet', response: 'Noted.', respondedOn: '2025-06-10' });
  const audited = await db.pool.query<{ detail: { codes: Record<string, string> } }>(
    `SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_settings' ORDER BY id`, [council.id]);
  assert.deepEqual(audited.rows.map((r) => r.detail.codes.setting), ['self_assessment', 'self_assessment', 'self_assessment_response']);
  assert.equal(audited.rows[0]!.detail.codes.provision, '6.2');
});
