import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportOptionsFor, ReportSettingsError, saveReportSettings } from '../../src/reports/reportSettings.ts';
import { buildAnnualReport } from '../../src/reports/annualReport.ts';
import { newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();

const cheshireWest = {
  level: 'workspace',
  bands: { corporate: [20] },
  periods: [
    { label: 'Period 1', from: '04-01', to: '07-31' },
    { label: 'Period 2', from: '08-01', to: '09-30' },
    { label: 'Period 3', from: '10-01', to: '11-30' },
    { label: 'Period 4', from: '12-01', to: '03-31' },
  ],
  targets: { 'corporate.compliance_by_period': { 'Period 1': 98, 'Period 2': 99, 'Period 3': 99, 'Period 4': 99 } },
};

test("a council's own periods, bands, breakdown and targets shape its report", async () => {
  const council = await newTestCouncil(db);
  await saveReportSettings(db.pool, council.id, cheshireWest);
  const options = await reportOptionsFor(db.pool, council.id, '2023/24', { suppressBelow: 5 });
  assert.equal(options.level, 'workspace');
  assert.deepEqual(options.bands.corporate, [20]);
  assert.deepEqual(options.bands.adults_statutory, [20], 'other procedures keep the defaults');
  assert.equal(options.suppressBelow, 5);
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-06-01');
  const corporate = report.sections.find((s) => s.key === 'corporate')!;
  const byPeriod = corporate.tables.find((t) => t.key === 'corporate.compliance_by_period')!;
  assert.deepEqual(byPeriod.rows.map((r) => r.key), ['Period 1', 'Period 2', 'Period 3', 'Period 4']);
  assert.deepEqual(byPeriod.target, cheshireWest.targets['corporate.compliance_by_period']);
  const bands = corporate.tables.find((t) => t.key === 'corporate.response_bands')!;
  assert.deepEqual(bands.rows.map((r) => r.key), ['0-20', 'over 20', 'ongoing']);
  assert.match(corporate.tables[0]!.title, /workspace/);
});

test('bad settings are refused field by field, and a bad year is refused', async () => {
  const council = await newTestCouncil(db);
  await assert.rejects(saveReportSettings(db.pool, council.id, { bands: { corporate: [20, 10] }, periods: [{ label: 'Q1', from: '4-1', to: '06-30' }], colour: 'red' }), (e: Error) => {
    assert.ok(e instanceof ReportSettingsError);
    assert.deepEqual(e.errors.map((x) => x.field).sort(), ['bands.corporate', 'periods.0.from', 'settings']);
    return true;
  });
  await assert.rejects(reportOptionsFor(db.pool, council.id, '2023-24'), /reporting year like 2023\/24/);
  await assert.rejects(reportOptionsFor(db.pool, council.id, '2023/25'), ReportSettingsError);
});
