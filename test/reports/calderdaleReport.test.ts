import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, type AnnualReport } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { assertFixtureFigures, mapValues, type Figures, type Reader } from '../support/fixtureFigures.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { grid } from '../support/reportGrid.ts';
import { systemActor } from '../../src/events/actor.ts';

const folder = new URL('../fixtures/calderdale/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${folder}expected.json`, 'utf8')) as { report_year: string; tables: Record<string, { rows: Figures; rounding?: string }> };

const round = (decimals: number) => (v: number | null) => (v === null ? null : Number(v.toFixed(decimals)));

/**
 * How each table of expected.json is read off the generated report: which report table, and
 * the shape and rounding the seed printed it with. The figures themselves all come from the report.
 */
const READERS: Record<string, Reader> = {
  corporate_complaints_by_directorate: (t) => grid(t('corporate.complaints_by_unit')),
  corporate_outcomes_by_directorate_2023_24: (t) => grid(t('corporate.outcomes_by_unit')),
  corporate_outcome_totals: (t) => grid(t('corporate.outcome_totals')),
  corporate_complaint_types_2023_24: (t) => mapValues(grid(t('corporate.complaint_types')), (r) => r['2023/24']),
  corporate_response_bands: (t) => grid(t('corporate.response_bands')),
  corporate_average_working_days: (t) => mapValues(grid(t('corporate.average_working_days')).average!, round(0)),
  children_complaints: (t) => ({ complaints: grid(t('children_statutory.complaints_by_unit')).__total }),
  children_highest_stage: (t) => grid(t('children_statutory.highest_stage')),
  children_outcomes: (t) => grid(t('children_statutory.outcome_totals')),
  adults_complaints: (t) => ({ complaints: grid(t('adults_statutory.complaints_by_unit')).__total }),
  adults_outcomes: (t) => grid(t('adults_statutory.outcome_totals')),
  adults_complaint_types: (t) => grid(t('adults_statutory.complaint_types')),
  adults_response_bands: (t) => grid(t('adults_statutory.response_bands')),
  // The seed printed one decimal for the first two years and whole days for the last.
  adults_average_working_days: (t) => mapValues(grid(t('adults_statutory.average_working_days')).average!, (v, year) => round(year === '2023/24' ? 0 : 1)(v)),
  adults_by_service_2023_24: (t) => mapValues(grid(t('adults_statutory.average_by_service')), (r) => ({ completed: r.completed, average_days: round(0)(r.average_days!) })),
  corporate_compliments_by_directorate: (t) => grid(t('compliments.by_unit')),
  social_care_compliments: (t) => grid(t('compliments.by_procedure')),
  ombudsman_received_by_category: (t) => grid(t('ombudsman.received_by_category')),
  ombudsman_summary: (t) => grid(t('ombudsman.summary')),
  ombudsman_remedies_2023_24: (t) => grid(t('ombudsman.remedies')),
  ombudsman_compliance_2023_24: (t) => grid(t('ombudsman.compliance'))['2023/24']!,
};

test(`Calderdale's 2023/24 report, from its preset, reproduces every figure of the published one (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'calderdale' });
  const report: AnnualReport = await buildAnnualReport(db.pool, council.id, { ...defaultReportOptions(expected.report_year), layout: 'calderdale' }, '2024-11-01');
  assertFixtureFigures(report, expected.tables, READERS);
});
