import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/web/app.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, type AnnualReport } from '../../src/reports/annualReport.ts';
import { defaultReportOptions, reportTables, SECTION_TITLES } from '../../src/reports/reportCatalogue.ts';
import type { Aggregate } from '../../src/reports/definitions.ts';
import { writeCaseHistoryFolder } from '../../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../../src/demo/caseHistoryGenerator.ts';
import { loadShippedBankHolidays } from '../../src/domain/calendar/bankHolidays.ts';
import { addWorkingDays } from '../../src/domain/calendar/workingDays.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';
import { addTestStaff, signedIn } from '../support/staffSession.ts';

/**
 * The annual report, its drill-downs and the dashboard through the web app (Fastify's inject,
 * no browser), on the Calderdale fixture and on a generated council with open cases, signed in
 * as a complaints officer who sees every directorate and restricted cases (scope, permissions,
 * paging and the audit are tried in reportAccess.test.ts).
 */

// The generated council has open stages due on 9 July and on 18 July 2025 (the fifth working
// day after 11 July): the dashboard is read on 9 and on 11 July, so both edges of "due soon"
// are tried (a stage due today is due soon, not overdue; one due on the fifth working day is due soon).
const TODAY = '2025-07-09';
const NEXT_DAY = '2025-07-11';
const GENERATED_ON = '2025-06-30';
const folder = new URL('../fixtures/calderdale/', import.meta.url).pathname;

const db = await useTestDatabase();
const calderdale = await newTestCouncil(db, { name: 'Calderdale Council' });
await importCaseHistory(db, calderdale.id, readCaseHistoryFolder(folder), { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'calderdale' });

// A generated council: three years to `GENERATED_ON`, read a week later so some work is overdue and some due soon.
const generated = await newTestCouncil(db, { name: 'Generated Council' });
const generatedFolder = mkdtempSync(join(tmpdir(), 'redress-web-'));
try {
  await writeCaseHistoryFolder(generatedFolder, { seed: 7, today: GENERATED_ON, years: 3, contactsPerYear: 2400, council: demoCouncil });
  await importCaseHistory(db, generated.id, readCaseHistoryFolder(generatedFolder), { createOrg: true, today: GENERATED_ON, actor: systemActor('test'), source: 'generated' });
} finally {
  rmSync(generatedFolder, { recursive: true, force: true });
}

const app: FastifyInstance = await createApp({ db, clock: { now: () => new Date(`${TODAY}T12:00:00Z`) } });
after(() => app.close());
const nextDayApp: FastifyInstance = await createApp({ db, clock: { now: () => new Date(`${NEXT_DAY}T08:00:00+01:00`) } });
after(() => nextDayApp.close());

const options = defaultReportOptions('2023/24');
const report: AnnualReport = await buildAnnualReport(db.pool, calderdale.id, options, TODAY);
const definitions = new Map(reportTables(options).flatMap((s) => s.tables).map((t) => [t.key, t]));
const reportUrl = `/reports/view?year=2023%2F24`;

// Signed in to each council as a complaints officer who sees everything (the pages need sign-in).
type Client = Awaited<ReturnType<typeof signedIn>>;
const calderdaleOfficer = await signedIn(app, await addTestStaff(db, calderdale.id, ['complaints_officer'], { maySeeRestricted: true }));
const generatedStaff = await addTestStaff(db, generated.id, ['complaints_officer'], { maySeeRestricted: true });
const generatedOfficer = await signedIn(app, generatedStaff);
const generatedNextDay = await signedIn(nextDayApp, generatedStaff);

async function get(url: string, on: Client = calderdaleOfficer): Promise<{ status: number; document: Document; body: string; headers: Record<string, unknown> }> {
  const response = await on.get(url);
  return { status: response.statusCode, body: response.body, headers: response.headers, document: parseHTML(response.body).document as unknown as Document };
}

/** Every row of a paged list (50 a page): the first page's document and the rows of every page. */
async function allPages(url: string, rowsSelector: string, on: Client = calderdaleOfficer) {
  const first = await get(url, on);
  const rows = [...first.document.querySelectorAll(rowsSelector)];
  let page = first;
  for (let next = page.document.querySelector('.govuk-pagination__next a'); next; next = page.document.querySelector('.govuk-pagination__next a')) {
    page = await get(next.getAttribute('href')!, on);
    assert.equal(page.status, 200);
    const more = [...page.document.querySelectorAll(rowsSelector)];
    assert.ok(more.length > 0 && more.length <= 50, 'at most 50 a page');
    rows.push(...more);
  }
  return { ...first, rows };
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** A figure's own text, without the words for screen readers. */
const figureText = (a: Element) => text(a.firstChild as unknown as Element);
const numberOf = (s: string) => Number(s.replace(/[,%£]/g, ''));

const reportPage = await get(reportUrl);

test(`the report page has every section and table, in order (${engineName()})`, () => {
  assert.equal(reportPage.status, 200);
  const doc = reportPage.document;
  assert.equal(text(doc.querySelector('h1')), 'Annual complaints report 2023/24');
  const sections = [...doc.querySelectorAll('section[data-section]')];
  assert.deepEqual(sections.map((s) => s.getAttribute('data-section')), report.sections.map((s) => s.key));
  // A standard section's title, or the layout's own section's (the standard layout's learning action plan).
  assert.deepEqual(sections.map((s) => text(s.querySelector('h2'))), report.sections.map((s) => SECTION_TITLES[s.key as keyof typeof SECTION_TITLES] ?? s.title));
  // The contents list links to every section.
  const contents = [...doc.querySelectorAll('.app-contents a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(contents, sections.map((s) => `#${s.id}`));
  for (const [i, section] of report.sections.entries()) {
    const tables = [...sections[i]!.querySelectorAll('[data-table]')];
    assert.deepEqual(tables.map((t) => t.getAttribute('data-table')), section.tables.map((t) => t.key), section.key);
    for (const [j, table] of section.tables.entries()) {
      const el = tables[j]!;
      assert.equal(text(el.querySelector('h3')), table.title);
      assert.equal(text(el.querySelector('.app-report-table__definition')), table.definition);
      if (table.rows.length === 0) continue;
      assert.equal(text(el.querySelector('caption')), table.title);
      assert.equal(el.querySelectorAll('tbody tr').length, table.rows.length + (table.total ? 1 : 0), table.key);
      // Numbers right-aligned: every figure cell is numeric.
      for (const td of el.querySelectorAll('tbody td')) {
        if (td.querySelector('.app-figure')) assert.match(td.getAttribute('class') ?? '', /govuk-table__cell--numeric/);
      }
    }
  }
});

test('the corporate complaints table shows 229 complaints in the 2023/24 total', () => {
  const table = reportPage.document.querySelector('[data-table="corporate.complaints_by_unit"]')!;
  const head = [...table.querySelectorAll('thead th')].map(text);
  assert.deepEqual(head, ['Directorate', '2021/22', '2022/23', '2023/24']);
  const total = table.querySelector('tr.govuk-table__row--total')!;
  const cells = [...total.querySelectorAll('th, td')];
  assert.equal(text(cells[0]), 'Total');
  assert.equal(figureText(cells[3]!.querySelector('a')!), '229');
  // Figures with no value show a dash, never a blank.
  const ombudsman = reportPage.document.querySelector('[data-table="ombudsman.summary"]')!;
  assert.ok([...ombudsman.querySelectorAll('td')].some((td) => text(td) === '–'), 'an empty percentage reads "–"');
});

/** Every figure link of a table, with the report's own value for it. */
function figureLinks(tableKey: string) {
  const table = report.sections.flatMap((s) => s.tables).find((t) => t.key === tableKey)!;
  const definition = definitions.get(tableKey)!;
  const el = reportPage.document.querySelector(`[data-table="${tableKey}"]`)!;
  return [...el.querySelectorAll('a.app-figure')].map((a) => {
    const href = a.getAttribute('href')!;
    const params = new URL(href, 'http://x').searchParams;
    const row = params.get('row');
    const column = params.get('column')!;
    const c = table.columns.findIndex((x) => x.key === column);
    const value = Number(row === null ? table.total![c]! : table.rows.find((r) => r.key === row)!.cells[c]!);
    const measureKey = definition.columns.kind === 'measure' ? column : definition.measures[0]!.key;
    const aggregate: Aggregate = definition.measures.find((m) => m.key === measureKey)!.aggregate;
    return { href, text: figureText(a), value, aggregate, row, column };
  });
}

test('every figure links to a drill-down listing exactly the cases behind it', async () => {
  const kinds = [
    'corporate.complaints_by_unit', // units by year, with a total row
    'corporate.outcomes_by_unit', // units by outcome
    'corporate.response_bands', // working-day bands
    'contacts.becoming_complaints', // by measure: counts and a percentage
    // (top-N: Calderdale records no workspaces, and "not recorded" is never ranked; the generated council's below)
    'ombudsman.summary', // counted in the year decided; a percentage of a subset
    'compliments.by_unit', // with trend arrows
    'adults_statutory.average_working_days', // an average
    'adults_statutory.average_by_service', // a count and an average by service
  ];
  let counts = 0;
  for (const key of kinds) {
    const links = figureLinks(key);
    assert.ok(links.length > 0, `${key} has figures`);
    for (const link of links) {
      const where = `${key} [${link.row ?? 'total'}, ${link.column}] ${link.href}`;
      const page = await allPages(link.href, '[data-drill] tbody tr');
      assert.equal(page.status, 200, where);
      const count = page.document.querySelector('.app-drill-count')!;
      const listed = page.rows.length;
      assert.equal(Number(count.getAttribute('data-count')), listed, `${where}: the count says how many are listed`);
      const shown = text([...page.document.querySelectorAll('.govuk-summary-list__row')].find((r) => text(r.querySelector('dt')) === 'Figure in the report')?.querySelector('dd'));
      assert.equal(shown, link.text, `${where}: the drill-down works out the figure the report shows`);
      if (link.aggregate === 'count') {
        assert.equal(listed, link.value, `${where}: as many cases as the figure`);
        assert.equal(numberOf(link.text), link.value);
        counts++;
      }
      if (link.aggregate === 'percent') {
        const counted = Number(count.getAttribute('data-counted'));
        const yes = page.rows.filter((tr) => text(tr.lastElementChild) === 'Yes').length;
        assert.equal(yes, counted, `${where}: the rows counted are marked`);
        assert.ok(Math.abs((100 * counted) / listed - link.value) < 1e-9, where);
        assert.match(text(count), /÷/, `${where}: says how the percentage is made`);
      }
      if (link.aggregate === 'average') assert.match(text(count), /mean of the working days taken/, where);
      assert.ok(page.document.querySelector(`a.govuk-back-link[href$="#table-${key.replace('.', '-')}"]`), `${where}: a back link to the table`);
    }
  }
  assert.ok(counts > 60, `only ${counts} counts checked`);
});

test('trend arrows say which way each figure moved; the top services show their change of position', () => {
  const compliments = reportPage.document.querySelector('[data-table="compliments.by_unit"]')!;
  const table = report.sections.flatMap((s) => s.tables).find((t) => t.key === 'compliments.by_unit')!;
  const rows = [...compliments.querySelectorAll('tbody tr')];
  for (const [i, row] of table.rows.entries()) {
    const cells = [...rows[i]!.querySelectorAll('td')];
    for (let c = 1; c < row.cells.length; c++) {
      const [now, before] = [row.cells[c]!, row.cells[c - 1]!];
      const arrow = text(cells[c]!.querySelector('.app-trend'));
      const words = text(cells[c]!.querySelector('.app-trend + .govuk-visually-hidden'));
      assert.equal(cells[c]!.querySelector('.app-trend')!.getAttribute('aria-hidden'), 'true');
      if (now > before) assert.deepEqual([arrow, words], ['▲', `(up from ${before})`]);
      else if (now < before) assert.deepEqual([arrow, words], ['▼', `(down from ${before})`]);
      else assert.equal(arrow, '–');
    }
    assert.equal(cells[0]!.querySelector('.app-trend'), null, 'the first year has nothing to compare with');
  }
});

test('a generated council’s top services show positions moving', async () => {
  const page = await get(`/reports/view?year=2024%2F25&sections=contacts`, generatedOfficer);
  assert.equal(page.status, 200);
  assert.deepEqual([...page.document.querySelectorAll('section[data-section]')].map((s) => s.getAttribute('data-section')), ['contacts']);
  const top = page.document.querySelector('[data-table="contacts.top_services"]')!;
  assert.deepEqual([...top.querySelectorAll('thead th')].map(text).slice(-2), ['Position', 'Change in position']);
  const changes = [...top.querySelectorAll('tbody tr')].map((tr) => text(tr.lastElementChild));
  // Ten services, or more where figures tie at the tenth position.
  assert.ok(changes.length >= 10, changes.join(', '));
  assert.ok(changes.every((c) => /^(Up \d+|Down \d+|No change|New)$/.test(c)), changes.join(', '));
});

test('bad addresses: a year written wrong is a 400 with an error summary; an unknown table a 404', async () => {
  const badYear = await get(`/reports/view?year=2023-24`);
  assert.equal(badYear.status, 400);
  const summary = badYear.document.querySelector('.govuk-error-summary')!;
  assert.ok(summary, 'an error summary');
  assert.match(text(summary), /There is a problem/);
  assert.match(text(summary), /like 2023\/24, not “2023-24”/);
  assert.equal(summary.querySelector('a')!.getAttribute('href'), '#year');
  assert.ok(badYear.document.querySelector('#year'), 'the summary links to the year field');
  assert.match(text(badYear.document.querySelector('title')), /^Error: /);
  assert.ok(badYear.document.querySelector('.govuk-form-group--error #year, .govuk-form-group--error [name=year]'), 'the field shows its error');

  const badParts = await get(`/reports/view?year=2023%2F24&level=galaxy&sections=corporate,nonsense&suppress=1&layout=glossy`);
  assert.equal(badParts.status, 400);
  const problems = [...badParts.document.querySelectorAll('.govuk-error-summary__list a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(problems, ['#level', '#sections', '#layout', '#suppress']);
  // What was chosen stays chosen on the form shown again.
  assert.equal(badParts.document.querySelector<HTMLInputElement>('#suppress')!.getAttribute('value'), '1');

  const drillBadYear = await get(`/reports/drill?year=2023-24&table=corporate.complaints_by_unit&column=2023%2F24`);
  assert.equal(drillBadYear.status, 400);
  assert.match(text(drillBadYear.document.querySelector('.govuk-error-summary')), /2023\/24/);

  const noTable = await get(`/reports/drill?year=2023%2F24&table=corporate.nothing&row=x&column=2023%2F24`);
  assert.equal(noTable.status, 404);
  assert.match(text(noTable.document.querySelector('h1')), /no such table/);

  const badFormat = await get(`/reports/download?year=2023%2F24&format=wordperfect`);
  assert.equal(badFormat.status, 400);
  assert.match(text(badFormat.document.querySelector('.govuk-error-summary')), /not “wordperfect”/);
});

test('the report in a council’s preset layout: its own sections, and its figures open their cases', async () => {
  const form = await get(`/reports`);
  assert.deepEqual([...form.document.querySelectorAll('#layout option')].map((o) => o.getAttribute('value')), ['standard', 'calderdale', 'cheshire-west', 'staffordshire', 'wolverhampton', 'wrexham']);
  const page = await get(`/reports/view?year=2023%2F24&layout=staffordshire`);
  assert.equal(page.status, 200);
  assert.deepEqual([...page.document.querySelectorAll('section[data-section]')].map((s) => s.getAttribute('data-section')), ['feedback', 'formal', 'stage_1', 'stage_2', 'lgsco', 'compliments']);
  const link = page.document.querySelector('[data-table="stage_2.reviews"] a.app-figure')!;
  assert.match(link.getAttribute('href')!, /layout=staffordshire/, 'the drill-down keeps the layout');
  const drill = await allPages(link.getAttribute('href')!, '[data-drill] tbody tr');
  assert.equal(drill.status, 200);
  assert.equal(drill.rows.length, numberOf(figureText(link)));
});

test('a year with no case history is a 404 page saying which years there are, not a report of zeros, on screen and as a download', async () => {
  for (const url of [`/reports/view?year=2031%2F32`, `/reports/download?year=2031%2F32&format=pdf`]) {
    const page = await get(url);
    assert.equal(page.status, 404, url);
    assert.equal(text(page.document.querySelector('h1')), 'There is no 2031/32 report');
    assert.match(text(page.document.querySelector('main')), /Calderdale Council has no contacts or Ombudsman cases in 2031\/32, so there is no report to make: choose a year from \d{4}\/\d{2} to 2023\/24\./);
    assert.ok(page.document.querySelector('a[href^="/reports?"]'), 'a link back to choose another year');
    assert.equal(page.document.querySelector('table'), null, 'no table of zeros');
  }
});

test('small numbers are suppressed when asked, and then have no link', async () => {
  const page = await get(`${reportUrl}&suppress=5&sections=corporate`);
  assert.equal(page.status, 200);
  const table = page.document.querySelector('[data-table="corporate.outcomes_by_unit"]')!;
  const suppressed = [...table.querySelectorAll('td')].filter((td) => text(td) === '<5');
  assert.ok(suppressed.length > 0, 'some counts show as <5');
  for (const td of suppressed) assert.equal(td.querySelector('a'), null);
  assert.match(text(page.document.querySelector('.app-report')), /Counts from 1 to 4 are shown as “<5”/);
});

test('the report downloads as Word, Excel and CSV, each named for the council and year', async () => {
  for (const [format, type, start] of [
    ['docx', /wordprocessingml/, 'PK'], ['xlsx', /spreadsheetml/, 'PK'], ['csv', /text\/csv/, '\uFEFF'],
  ] as const) {
    const response = await calderdaleOfficer.get(`/reports/download?year=2023%2F24&format=${format}`);
    assert.equal(response.statusCode, 200, format);
    assert.match(String(response.headers['content-type']), type);
    assert.equal(response.headers['content-disposition'], `attachment; filename="${calderdale.slug}-annual-complaints-report-2023-24.${format}"`);
    assert.ok(response.rawPayload.toString('utf8', 0, 3).startsWith(start), `${format} starts as it should`);
  }
  const csv = await calderdaleOfficer.get(`/reports/download?year=2023%2F24&format=csv`);
  assert.match(csv.body, /Public Services,94,73,95/);
});

test('the report downloads as JSON and as a standalone HTML page', async () => {
  const json = await calderdaleOfficer.get(`/reports/download?year=2023%2F24&format=json`);
  assert.equal(json.statusCode, 200);
  assert.match(String(json.headers['content-type']), /application\/json/);
  assert.equal(json.headers['content-disposition'], `attachment; filename="${calderdale.slug}-annual-complaints-report-2023-24.json"`);
  const data = JSON.parse(json.body) as AnnualReport;
  assert.equal(data.format, 'redress-annual-report/1');
  const table = data.sections.flatMap((s) => s.tables).find((t) => t.key === 'corporate.complaints_by_unit')!;
  assert.equal(table.total![2], 229);
  assert.ok(json.body.includes('\n  "format"'), 'indented');

  const html = await calderdaleOfficer.get(`/reports/download?year=2023%2F24&format=html`);
  assert.equal(html.statusCode, 200);
  assert.match(String(html.headers['content-disposition']), /attachment; filename=".*\.html"/);
  assert.match(html.body, /^<!DOCTYPE html>/);
  assert.match(html.body, /<style>/);
  assert.doesNotMatch(html.body, /<link |<script|src="\/|href="\//, 'nothing to fetch, no links back into the app');
  assert.match(html.body, /@page \{ size: A4/);
  const doc = parseHTML(html.body).document;
  assert.equal(doc.querySelectorAll('[data-table]').length, report.sections.flatMap((s) => s.tables).length);
  assert.ok(doc.querySelectorAll('svg').length > 10, 'charts drawn inline');
});

// —— The dashboard ——

const ewCalendar = loadShippedBankHolidays()['england-and-wales'];

/** The dashboard's figures worked out another way: plain SQL per figure, the horizon from the TypeScript calendar. */
async function expectedFigures(today: string, councilId: number, directorate: string | null) {
  const dueBy = addWorkingDays(ewCalendar, today, 5);
  const { rows: [f] } = await db.pool.query<{ open: number; due_soon: number; overdue: number; answered: number; in_time: number }>(
    `WITH c AS (
       SELECT c.id FROM contact c
         LEFT JOIN org_unit u ON u.council_id = c.council_id AND u.id = c.org_unit_id
         LEFT JOIN org_unit up ON up.council_id = u.council_id AND up.id = u.parent_id
         LEFT JOIN org_unit upp ON upp.council_id = up.council_id AND upp.id = up.parent_id
        WHERE c.council_id = $1 AND c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AND c.duplicate_of_id IS NULL
          AND EXISTS (SELECT 1 FROM complaint p WHERE p.council_id = c.council_id AND p.contact_id = c.id)
          AND ($2::text IS NULL OR $2 = CASE u.kind WHEN 'directorate' THEN u.name WHEN 'service' THEN up.name ELSE upp.name END)
     ), s AS (
       SELECT x.*, coalesce(x.extended_to, x.due_on) AS due FROM complaint_stage x JOIN c ON x.council_id = $1 AND x.contact_id = c.id
     )
     SELECT (SELECT count(DISTINCT contact_id) FROM s WHERE (opened_on IS NOT NULL AND responded_on IS NULL AND outcome IS NULL)
                                                       OR (requested_on IS NOT NULL AND decision IS NULL AND opened_on IS NULL))::int AS open,
            (SELECT count(DISTINCT contact_id) FROM s WHERE opened_on IS NOT NULL AND responded_on IS NULL AND outcome IS NULL AND due BETWEEN $3 AND $4)::int AS due_soon,
            (SELECT count(DISTINCT contact_id) FROM s WHERE opened_on IS NOT NULL AND responded_on IS NULL AND outcome IS NULL AND due < $3)::int AS overdue,
            (SELECT count(*) FROM s WHERE responded_on BETWEEN '2025-04-01' AND '2026-03-31' AND outcome IS DISTINCT FROM 'withdrawn')::int AS answered,
            (SELECT count(*) FROM s WHERE responded_on BETWEEN '2025-04-01' AND '2026-03-31' AND outcome IS DISTINCT FROM 'withdrawn' AND responded_on <= due)::int AS in_time`,
    [councilId, directorate, today, dueBy],
  );
  const months: number[] = [];
  for (let i = 11; i >= 0; i--) {
    const start = new Date(Date.UTC(2025, 6 - i, 1)).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2025, 7 - i, 1)).toISOString().slice(0, 10);
    const { rows: [m] } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM report_complaint WHERE council_id = $1 AND received_on >= $2 AND received_on < $3 AND ($4::text IS NULL OR directorate = $4)`,
      [councilId, start, end, directorate],
    );
    months.push(m!.n);
  }
  return { ...f!, months, dueBy };
}

async function checkDashboard(today: string, on: Client, councilId: number, directorate: string | null) {
  const url = `/dashboard${directorate ? `?directorate=${encodeURIComponent(directorate)}` : ''}`;
  const page = await get(url, on);
  assert.equal(page.status, 200, url);
  const expected = await expectedFigures(today, councilId, directorate);
  const card = (measure: string) => page.document.querySelector(`[data-measure="${measure}"] a`)!;
  const shown = { open: numberOf(figureText(card('open'))), due_soon: numberOf(figureText(card('due_soon'))), overdue: numberOf(figureText(card('overdue'))) };
  assert.deepEqual(shown, { open: expected.open, due_soon: expected.due_soon, overdue: expected.overdue }, url);
  const percent = expected.answered === 0 ? '–' : `${Math.round((100 * expected.in_time) / expected.answered)}%`;
  assert.equal(figureText(card('answered')), percent, url);
  assert.match(text(page.document.querySelector('[data-measure="answered"]')), new RegExp(`${expected.in_time} of ${expected.answered} stage responses`));

  // Each figure's list has exactly that many cases.
  for (const [measure, n] of [['open', expected.open], ['due_soon', expected.due_soon], ['overdue', expected.overdue], ['answered', expected.answered]] as const) {
    const list = await allPages(card(measure).getAttribute('href')!, 'tbody tr', on);
    assert.equal(list.status, 200);
    assert.equal(list.rows.length, n, `${url}: ${measure}`);
    assert.equal(Number(list.document.querySelector('.app-cases-count')!.getAttribute('data-count')), n);
  }
  const monthLinks = [...page.document.querySelectorAll('table tbody tr td a')];
  assert.deepEqual(monthLinks.map((a) => numberOf(figureText(a))), expected.months, `${url}: received per month`);
  for (const a of monthLinks.slice(-3)) {
    const list = await allPages(a.getAttribute('href')!, 'tbody tr', on);
    assert.equal(list.rows.length, numberOf(figureText(a)));
  }
  return expected;
}

test('the dashboard’s figures are the counts the database holds, and each lists its cases', async () => {
  const openDue = async (day: string) => (await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM complaint_stage WHERE council_id = $1 AND opened_on IS NOT NULL AND responded_on IS NULL AND outcome IS NULL
        AND coalesce(extended_to, due_on) = $2`, [generated.id, day])).rows[0]!.n;
  assert.ok(await openDue(TODAY) > 0, 'a stage due today: due soon, not overdue');
  const next = await checkDashboard(NEXT_DAY, generatedNextDay, generated.id, null);
  assert.ok(await openDue(next.dueBy) > 0, 'a stage due on the last day that counts as due soon');
  const all = await checkDashboard(TODAY, generatedOfficer, generated.id, null);
  assert.ok(all.open > 5 && all.overdue > 0 && all.due_soon > 0 && all.answered > 50, `a busy council: ${JSON.stringify(all)}`);
  const { rows } = await db.pool.query<{ name: string }>(
    `SELECT name FROM org_unit WHERE council_id = $1 AND kind = 'directorate' ORDER BY name`, [generated.id]);
  assert.ok(rows.length > 1);
  let sum = 0;
  for (const { name } of rows) sum += (await checkDashboard(TODAY, generatedOfficer, generated.id, name)).open;
  assert.ok(sum <= all.open, 'the directorates share the council’s open complaints');
  await checkDashboard(TODAY, calderdaleOfficer, calderdale.id, null);
});

test('the dashboard refuses an unknown directorate or figure', async () => {
  const page = await get(`/dashboard?directorate=Nowhere`, generatedOfficer);
  assert.equal(page.status, 400);
  assert.match(text(page.document.querySelector('.govuk-error-summary')), /no directorate “Nowhere”/);
  const cases = await get(`/dashboard/cases?measure=everything`, generatedOfficer);
  assert.equal(cases.status, 400);
  assert.ok(cases.document.querySelector('.govuk-error-summary'));
});

test('the service navigation offers Reports and Dashboard', () => {
  const nav = [...reportPage.document.querySelectorAll('.govuk-service-navigation a')].map((a) => [text(a), a.getAttribute('href')]);
  assert.ok(nav.some(([t, h]) => t === 'Reports' && h === `/reports`), JSON.stringify(nav));
  assert.ok(nav.some(([t, h]) => t === 'Dashboard' && h === `/dashboard`), JSON.stringify(nav));
  const active = reportPage.document.querySelector('.govuk-service-navigation__item--active');
  assert.equal(text(active), 'Reports');
});
