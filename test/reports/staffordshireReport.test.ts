import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport } from '../../src/reports/annualReport.ts';
import { reportOptionsFor } from '../../src/reports/reportSettings.ts';
import type { ReportTable } from '../../src/reports/shape.ts';
import { assertFixtureFigures, mapValues, type Figures, type Reader } from '../support/fixtureFigures.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { figures, grid, rowName } from '../support/reportGrid.ts';
import { systemActor } from '../../src/events/actor.ts';

/**
 * Staffordshire's published 2023/24 report (seed 002), reproduced from its preset layout
 * after importing the fixture: every figure of expected.json. Each reader says where the
 * seed's table is in the generated report and how the seed printed it (names, rounding);
 * the figures all come from the report.
 */

const folder = new URL('../fixtures/staffordshire/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${folder}expected.json`, 'utf8')) as { report_year: string; tables: Record<string, { rows: Figures }> };

/** Half up, as the seed rounds its percentages. */
const round = (decimals: number) => (v: number | null | undefined) => (v === null || v === undefined ? v : Math.round(v * 10 ** decimals + 1e-9) / 10 ** decimals);

/** Units within their directorate: directorate → unit → columns. */
function nested(t: ReportTable): Record<string, Record<string, Record<string, number | null>>> {
  const out: Record<string, Record<string, Record<string, number | null>>> = {};
  for (const r of t.rows) (out[r.group ?? ''] ??= {})[rowName(r)] = Object.fromEntries(t.columns.map((c, i) => [c.key, figures(r.cells)[i] ?? null]));
  return out;
}
/** A table by measure's one row, or a row of measures by year, as { measure: value }. */
const column = (t: ReportTable, key: string) => mapValues(grid(t), (r) => r[key] ?? null);

const FEEDBACK: Record<string, string> = {
  'Formal complaints': 'formal_complaints', 'Refer to online reporting': 'refer_to_online_reporting', 'Duty enquiry, comment or not eligible': 'dealt_with_by_team',
  'Signpost to other council': 'signpost_to_other_council', 'MP enquiry': 'mp_enquiry', 'Public enquiry to the Chief Executive': 'public_enquiry_to_cxo',
};
const year = expected.report_year;

const READERS: Record<string, Reader> = {
  feedback_categories_2023_24: (t) => Object.fromEntries(Object.entries(column(t('feedback.categories'), year)).map(([k, v]) => [FEEDBACK[k] ?? k, round(1)(v)])),
  formal_complaints_by_directorate_2023_24: (t) => {
    const g = grid(t('formal.by_directorate'));
    return { ...g, Total: g.__total };
  },
  lgsco_contacts_by_team_2023_24: (t) => mapValues(nested(t('lgsco.contacts_by_team')), (units) => mapValues(units, (r) => ({ ...r, number: r.__total }))),
  lgsco_corporate_decisions_2023_24: (t) => {
    const g = grid(t('lgsco.corporate_decisions'));
    return { ...mapValues(g, (r) => r[year]), total: g.__total![year] };
  },
  lgsco_corporate_investigations_2023_24: (t) => {
    const table = t('lgsco.corporate_investigations');
    const kinds = ['apology', 'financial_redress', 'procedure_change', 'training_guidance'];
    const rows = mapValues(grid(table), (r) => ({ remedies: kinds.filter((k) => (r[k] ?? 0) > 0).join(';'), amount: r.amount ?? 0, on_time: r.on_time }));
    const all = Object.values(grid(table));
    return { ...rows, total: { amount: all.reduce((s, r) => s + (r.amount ?? 0), 0), payments: all.reduce((s, r) => s + (r.financial_redress ?? 0), 0) } };
  },
  stage_1_outcomes: (t) => {
    const g = grid(t('stage_1.outcomes'));
    return Object.fromEntries(t('stage_1.outcomes').columns.map((c) => [c.key, mapValues(g, (r) => round(0)(r[c.key]))]));
  },
  stage_1_withdrawn_2023_24: (t) => ({
    by_team: mapValues(nested(t('stage_1.withdrawn_by_team')), (units) => mapValues(units, (r) => r[year])),
    by_category: column(t('stage_1.withdrawn_by_category'), year),
    total: grid(t('stage_1.withdrawn_by_category')).__total![year],
  }),
  stage_1_within_20_working_days: (t) => mapValues(column(t('stage_1.within_20_working_days'), 'percent'), round(0)),
  stage_2_reviews: (t) => grid(t('stage_2.reviews')),
  stage_2_by_service_2023_24: (t) => grid(t('stage_2.by_service')),
  lgsco_comparison: (t) => {
    const g = grid(t('lgsco.comparison'));
    // As printed: one decimal for 2020/21's uphold rate, whole percent after.
    return { ...g, upheld_percent: mapValues(g.upheld_percent!, (v, y) => round(y === '2020/21' ? 1 : 0)(v)), compliance_percent: mapValues(g.compliance_percent!, round(0)) };
  },
  lgsco_2023_24: (t) => mapValues(grid(t('lgsco.year'))[year]!, round(0)),
  compliments_2023_24: (t) => ({ compliments: grid(t('compliments.received')).Compliments![year] }),
};

test(`Staffordshire's 2023/24 report, from its preset, reproduces every figure of the published one (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db, { name: 'Staffordshire County Council' });
  await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'staffordshire' });
  const options = await reportOptionsFor(db.pool, council.id, year, { layout: 'staffordshire' });
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-11-01');
  assertFixtureFigures(report, expected.tables, READERS);
});
