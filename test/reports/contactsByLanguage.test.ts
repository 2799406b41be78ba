import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { defaultReportOptions, type ReportOptions } from '../../src/reports/reportCatalogue.ts';
import { LayoutError, parseLayout } from '../../src/reports/layout.ts';
import { renderJson } from '../../src/reports/render/json.ts';
import { renderCsv } from '../../src/reports/render/csv.ts';
import type { AnnualReport } from '../../src/reports/annualReport.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { systemActor } from '../../src/events/actor.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { grid } from '../support/reportGrid.ts';

/**
 * The report counts the language each resident chose (the Welsh Language Standards):
 * Wrexham's preset has a table of contacts by kind and language; any layout can group
 * contacts by `language`.
 */

const db = await useTestDatabase();
const council = await newTestCouncil(db, { nation: 'wales' });
const actor = systemActor('test');
const logged = async (kind: string, language: 'en' | 'cy', receivedOn = '2023-10-02') =>
  (await logContact(db, council.id, { kind, channel: 'web_form', receivedOn, summary: `A ${kind}`, language }, actor, '2024-06-01')).reference;

// 2023/24: complaints 3 in English and 2 in Welsh; compliments 1 and 2; a comment in Welsh.
const welshComplaints = [await logged('complaint', 'cy'), await logged('complaint', 'cy', '2024-03-28')];
for (let i = 0; i < 3; i += 1) await logged('complaint', 'en');
await logged('compliment', 'en');
await logged('compliment', 'cy');
await logged('compliment', 'cy');
await logged('comment', 'cy');
// The year before and the year after are not this year's figures.
await logged('complaint', 'cy', '2023-03-31');
await logged('complaint', 'en', '2024-04-01');

const options: ReportOptions = { ...defaultReportOptions('2023/24', 'psow'), layout: 'wrexham' };
const byLanguage = (report: AnnualReport) => report.sections.flatMap((s) => s.tables).find((t) => t.key === 'corporate.contacts_by_language')!;

test(`Wrexham's report counts the contacts made in Welsh and in English, with each language's and each kind's total (${engineName()})`, async () => {
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-06-01');
  // As published: the JSON a council downloads.
  const table = byLanguage(JSON.parse(renderJson(report)) as AnnualReport);
  assert.equal(table.title, 'Contacts by the language chosen, 2023/24');
  assert.deepEqual(table.columns.map((c) => c.label), ['English', 'Welsh', 'Total']);
  assert.deepEqual(grid(table), {
    complaint: { english: 3, welsh: 2, __total: 5 },
    compliment: { english: 1, welsh: 2, __total: 3 },
    comment: { english: 0, welsh: 1, __total: 1 },
    __total: { english: 4, welsh: 5, __total: 9 },
  });
  assert.deepEqual(renderCsv(table, null).replace(/^\uFEFF/, '').trim().split(/\r?\n/),
    ['Kind,English,Welsh,Total', 'Comment,0,1,1', 'Complaint,3,2,5', 'Compliment,1,2,3', 'Total,4,5,9'], 'the CSV carries the same figures');

  // Behind the Welsh complaints, the two complaints made in Welsh.
  const drilled = await drillDown(db.pool, council.id, options, '2024-06-01', 'corporate.contacts_by_language', { row: 'complaint', column: 'welsh' });
  assert.deepEqual(drilled.rows.map((r) => r.reference).sort(), [...welshComplaints].sort());
});

test('a council with no contact in Welsh still shows the Welsh column, at nought', async () => {
  const english = await newTestCouncil(db, { nation: 'wales' });
  await logContact(db, english.id, { kind: 'enquiry', channel: 'telephone', receivedOn: '2023-05-02', summary: 'An enquiry' }, actor, '2024-06-01');
  const table = byLanguage(await buildAnnualReport(db.pool, english.id, options, '2024-06-01'));
  assert.deepEqual(grid(table), { enquiry: { english: 1, welsh: 0, __total: 1 }, __total: { english: 1, welsh: 0, __total: 1 } });
});

test('any layout can group contacts by language; other populations are refused, naming the place', () => {
  const layout = (population: string) => ({
    format: 'redress-report-layout/1', name: 'Ours', sections: [{ key: 'welsh', title: 'Welsh', tables: [{
      key: 'welsh.by_year', title: 'Contacts by language', definition: 'Every contact by the language chosen and the year received.',
      population, rows: { kind: 'language' }, columns: { kind: 'year' }, measures: [{ key: 'count', label: 'Number', aggregate: 'count' }],
    }] }],
  });
  assert.equal(parseLayout(layout('contact'), 'ours.yaml').sections[0]!.tables![0]!.rows?.kind, 'language');
  assert.throws(() => parseLayout(layout('stage'), 'ours.yaml'), (e: Error) => e instanceof LayoutError && /welsh\.by_year: rows cannot be grouped by language for stage/.test(e.message));
});
