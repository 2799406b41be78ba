import { importCaseHistory, readCaseHistoryFolder } from '../../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, type AnnualReport } from '../../../src/reports/annualReport.ts';
import { defaultReportOptions, type ReportOptions } from '../../../src/reports/reportCatalogue.ts';
import type { ReportTable } from '../../../src/reports/shape.ts';
import type { Database } from '../../../src/db/database.ts';
import { newTestCouncil, useTestDatabase } from '../../support/testDatabase.ts';
import { systemActor } from '../../../src/events/actor.ts';

const folder = new URL('../../fixtures/calderdale/', import.meta.url).pathname;

/**
 * Calderdale's real 2023/24 report, built from the fixture as calderdaleReport.test.ts builds it;
 * `prepare` may change the imported data first (say, rename a directorate).
 */
export async function calderdaleReport(
  options: Partial<ReportOptions> = {}, prepare?: (db: Database, councilId: number) => Promise<void>,
): Promise<AnnualReport> {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'calderdale' });
  if (prepare) await prepare(db, council.id);
  return buildAnnualReport(db.pool, council.id, { ...defaultReportOptions('2023/24'), ...options }, '2024-11-01');
}

export function tableOf(report: AnnualReport, key: string): ReportTable {
  const table = report.sections.flatMap((s) => s.tables).find((t) => t.key === key);
  if (!table) throw new Error(`the report has no table ${key}`);
  return table;
}

/** The same report as published with small numbers suppressed (the figures don't change, only how they show). */
export function withSuppression(report: AnnualReport, suppressBelow: number): AnnualReport {
  return { ...report, options: { ...report.options, suppressBelow } };
}
