import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil, engineName } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { formValues, readReportForm, SECTIONS } from '../../../councils/reportSettingsForm.ts';
import { reportOptionsFor } from '../../../reports/reportSettings.ts';

/** Report settings: a layout and what `council set` sets for reports, checked, saved only where they differ from the layout's, audited. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date('2025-06-02T09:00:00Z') } });
const form = (over: Record<string, string | string[]> = {}) => ({ layout: 'standard', level: 'directorate', comparisonYears: '3', suppressBelow: '', topServices: '10', sections: SECTIONS, ...over });

test('the form: a value the same as the layout’s is not stored; bands and targets set elsewhere are kept; mistakes by field', () => {
  assert.deepEqual(readReportForm(form(), {}), { ok: true, settings: {} });
  const staffs = readReportForm(form({ layout: 'staffordshire', comparisonYears: '2' }), { bands: { corporate: [15] }, targets: { x: 90 } });
  assert.deepEqual(staffs, { ok: true, settings: { bands: { corporate: [15] }, targets: { x: 90 }, layout: 'staffordshire' } }, "Staffordshire's own two years are its layout's");
  const changed = readReportForm(form({ level: 'service', suppressBelow: '5', sections: ['corporate', 'ombudsman'] }), { level: 'team' });
  assert.deepEqual(changed, { ok: true, settings: { level: 'service', suppressBelow: 5, sections: ['corporate', 'ombudsman'] } });
  const bad = readReportForm(form({ layout: 'own', level: 'planet', comparisonYears: '11', suppressBelow: '1', topServices: 'x', sections: [] }), {});
  assert.ok(!bad.ok);
  assert.deepEqual(bad.problems.map((p) => p.field), ['layout', 'level', 'comparisonYears', 'suppressBelow', 'topServices', 'sections']);
  assert.equal(formValues({ layout: 'staffordshire' }).comparisonYears, '2', 'the form shows what is in force');
});

test(`an administrator chooses the layout and settings; refused values kept; saved, audited, used by the report (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const client = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  const page = await client.get('/admin/reports');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /value="standard" checked/);
  assert.match(page.body, /Cheshire West and Chester Council/);
  assert.match(page.body, /href="\/reports"/);

  const refused = await client.post('/admin/reports', form({ comparisonYears: '0', topServices: '77', layout: 'calderdale' }));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /href="#comparisonYears">Enter the years to compare as a whole number from 1 to 10/);
  assert.match(refused.body, /href="#topServices"/);
  assert.match(refused.body, /value="77"/);
  assert.match(refused.body, /value="calderdale" checked/);

  assert.equal((await client.post('/admin/reports', form({ layout: 'calderdale', level: 'service', suppressBelow: '3' }))).statusCode, 303);
  assert.match((await client.get('/admin/reports')).body, /Report settings saved/);
  const options = await reportOptionsFor(db.pool, council.id, '2024/25');
  assert.equal(options.layout, 'calderdale');
  assert.equal(options.level, 'service');
  assert.equal(options.suppressBelow, 3);
  const audit = await db.pool.query(`SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [council.id]);
  assert.deepEqual(audit.rows.map((r) => r.detail.codes), [{ setting: 'report', layout: 'calderdale' }]);

  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  assert.equal((await officer.get('/admin/reports')).statusCode, 403);
});
