import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';
import { buildPerformanceReport } from '../../src/selfAssessment/performanceReport.ts';
import { saveGoverningBodyResponse, saveProvision } from '../../src/selfAssessment/selfAssessment.ts';
import { renderPerformanceDocx } from '../../src/selfAssessment/render/docx.ts';
import { renderPerformanceHtml } from '../../src/selfAssessment/render/html.ts';
import { renderPerformanceJson } from '../../src/selfAssessment/render/json.ts';
import { renderPerformancePdf } from '../../src/selfAssessment/render/pdf.ts';
import { selfAssessmentReportCommand } from '../../src/selfAssessment/cli.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertToPdf, pdfText } from '../reports/render/libreoffice.ts';
import { zipEntry } from '../reports/render/zip.ts';
import { writeFixture } from './fixture.ts';

/**
 * The annual complaints performance and service improvement report: the Code's contents, with
 * the hand-counted figures, in every format; the Word file opened by LibreOffice.
 */

const db = await useTestDatabase();
const council = await newTestCouncil(db, { name: 'Fairshire Council' });
const contacts = await writeFixture(db, council.id, { procedure: 'housing' });
const actor = systemActor('complaints lead');
await saveProvision(db, council.id, '2024/25', 'housing_ombudsman', '6.2', { compliance: 'partly', evidence: 'Complaints policy section 7.1.', actions: 'Daily check of new complaints from June 2025.' }, actor);
await saveProvision(db, council.id, '2024/25', 'housing_ombudsman', '1.2', { compliance: 'yes', evidence: 'Policy section 2 uses the Code’s definition.', actions: null }, actor);
await saveGoverningBodyResponse(db, council.id, '2024/25', 'housing_ombudsman', { governingBody: 'Cabinet', response: 'Cabinet welcomes the report and asks for a progress update in six months.', respondedOn: '2025-06-10' }, actor);
await db.pool.query(`INSERT INTO learning_action (council_id, contact_id, description, owner, due_on, done_on) VALUES ($1, $2, 'Repairs appointments now confirmed by text message', 'Head of Repairs', '2024-09-01', '2024-08-20')`, [council.id, contacts.get('B')]);
await db.pool.query(`INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, decided_on, decision) VALUES ($1, 'housing_ombudsman', '202412345', '2024-06-01', '2024-11-15', 'maladministration')`, [council.id]);
const report = await buildPerformanceReport(db.pool, council.id, 'housing_ombudsman', '2024/25', '2025-04-03');
const squash = (s: string) => s.replace(/\s+/g, ' ');

test("the report holds the Code's required contents, with the hand-counted figures", () => {
  assert.deepEqual(report.sections.map((s) => s.title), [
    'Self-assessment against the Code', 'Complaint handling performance', 'Findings of non-compliance',
    'Service improvements from complaints', "The Ombudsman's findings", "The governing body's response",
  ]);
  const figure = Object.fromEntries(report.figures.map((f) => [f.key, [f.provision, f.met, f.applicable, f.percent, f.standing]]));
  assert.deepEqual(figure.stage1_acknowledged, ['6.2', 4, 6, 66.7, 'not_met']);
  assert.deepEqual(figure.stage2_acknowledged, ['6.11', 1, 2, 50, 'not_met']);
  assert.deepEqual(figure.stage2_extension, ['6.15', 1, 1, 100, 'met']);
  assert.deepEqual(report.ombudsman, [{ decision: 'maladministration', count: 1 }]);
  assert.deepEqual(report.improvements, [{ description: 'Repairs appointments now confirmed by text message', owner: 'Head of Repairs', doneOn: '2024-08-20' }]);
});

test('JSON and HTML carry the same figures', () => {
  const json = JSON.parse(renderPerformanceJson(report));
  assert.equal(json.format, 'redress-complaint-performance-report/1');
  assert.deepEqual(json.figures.find((f: { key: string }) => f.key === 'stage1_response'), {
    key: 'stage1_response', title: 'Stage 1 responses within 10 working days of the acknowledgement', provision: '6.3',
    met: 2, applicable: 6, percent: 33.3, pending: 1, target: 100, standing: 'not_met',
  });
  const html = renderPerformanceHtml(report, { standalone: true });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /Figure: 4 of 6 \(66\.7%\) against 100%: not met\./);
  assert.match(html, /<th scope="row" class="govuk-table__header">Stage 1 responses within 10 working days of the acknowledgement<\/th><td class="govuk-table__cell">6\.3<\/td><td class="govuk-table__cell govuk-table__cell--numeric">2<\/td><td class="govuk-table__cell govuk-table__cell--numeric">6<\/td><td class="govuk-table__cell govuk-table__cell--numeric">33\.3%<\/td>/);
  assert.match(html, /Policy section 2 uses the Code&#8217;s definition\.|Policy section 2 uses the Code’s definition\./);
});

test('LibreOffice opens the Word document, and its pages carry the computed figures', { timeout: 240_000 }, async () => {
  const docx = await renderPerformanceDocx(report);
  assert.equal(docx.subarray(0, 2).toString(), 'PK');
  assert.match(zipEntry(docx, 'word/styles.xml'), /<w:rFonts w:ascii="Arial"/);
  const { pdf } = await convertToPdf('fairshire-2024-25.docx', docx);
  const text = squash(await pdfText(pdf));
  for (const expected of [
    'Fairshire Council', 'Annual complaints performance and service improvement report 2024/25', 'Housing Ombudsman Complaint Handling Code',
    'Self-assessment against the Code', 'Complaint handling performance', 'Findings of non-compliance', 'Service improvements from complaints',
    "The Ombudsman's findings", "The governing body's response",
    'Stage 1 complaints acknowledged within 5 working days (provision 6.2): 4 of 6 (66.7%) against 100%: not met.',
    'Stage 1 responses within 10 working days of the acknowledgement (provision 6.3): 2 of 6 (33.3%) against 100%: not met.',
    'Stage 1 extensions within 10 further working days (provision 6.4): 1 of 2 (50.0%) against 100%: not met.',
    'Requests for stage 2 accepted (provision 6.10): 2 of 3 (66.7%) against 100%: not met.',
    'Stage 2 requests acknowledged within 5 working days (provision 6.11): 1 of 2 (50.0%) against 100%: not met.',
    'Stage 2 responses within 20 working days of the acknowledgement (provision 6.14): 1 of 2 (50.0%) against 100%: not met.',
    'Stage 2 extensions within 20 further working days (provision 6.15): 1 of 1 (100.0%) against 100%: met.',
    'Stage 1 8 5 18.2', 'Stage 2 2 2 35.5', // started, responded, average working days
    'Figure: 4 of 6 (66.7%) against', 'Complaints policy section 7.1.', // in the self-assessment's table
    'Repairs appointments now', 'Head of Repairs', '20 August 2024', 'Maladministration 1',
    'Cabinet welcomes the report and asks for a progress update in six months.',
  ]) assert.ok(text.includes(expected), `the PDF says "${expected}"`);
});

test('the PDF, printed by Chromium from the HTML, carries the figures', { timeout: 240_000 }, async () => {
  const pdf = await renderPerformancePdf(report);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const file = join(mkdtempSync(join(tmpdir(), 'redress-sa-')), 'report.pdf');
  writeFileSync(file, pdf);
  const text = squash(await pdfText(file));
  assert.ok(text.includes('Stage 1 complaints acknowledged within 5 working days (provision 6.2): 4 of 6 (66.7%) against 100%: not met.'));
  assert.ok(text.includes('Cabinet welcomes the report'));
});

test('`redress report self-assessment` writes the report, and says how to use it when asked wrongly', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'redress-sa-')), 'report.json');
  const quiet = console.log;
  console.log = () => {};
  try {
    assert.equal(await selfAssessmentReportCommand(db, council, { year: '2024/25', code: 'housing_ombudsman', format: 'json', out }, '2025-04-03'), 0);
  } finally {
    console.log = quiet;
  }
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).figures[0], report.figures[0]);
  await assert.rejects(selfAssessmentReportCommand(db, council, { year: '2024-25' }, '2025-04-03'), (e) => e instanceof UsageError && /--year 2024\/25/.test(e.message));
  await assert.rejects(selfAssessmentReportCommand(db, council, { year: '2024/25', code: 'spso' }, '2025-04-03'), /--code must be one of lgsco, housing_ombudsman|--code must be one of housing_ombudsman, lgsco/);
  await assert.rejects(selfAssessmentReportCommand(db, council, { year: '2024/25', format: 'xlsx' }, '2025-04-03'), /--format must be one of/);
});
