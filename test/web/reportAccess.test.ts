import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { createApp } from '../../src/web/app.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { saveReportSettings } from '../../src/reports/reportSettings.ts';
import { systemActor } from '../../src/events/actor.ts';
import { RESTRICTED_PROCEDURES } from '../../src/domain/access/scope.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff, signedIn } from '../support/staffSession.ts';

/**
 * Who sees what of the report, its drill-downs and the dashboard: the cases behind a figure only
 * within the person's scope (directorates held, restricted cases), a report viewer figures only
 * (no case lists, no names or written text in any format), a suppressed figure never opened,
 * drill-downs 50 a page, and every run, drill-down and export audited.
 */

const TODAY = '2024-11-01';
const folder = new URL('../fixtures/calderdale/', import.meta.url).pathname;
const db = await useTestDatabase();
const council = await newTestCouncil(db, { name: 'Calderdale Council' });
await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: TODAY, actor: systemActor('test'), source: 'calderdale' });
const app = await createApp({ db, clock: { now: () => new Date(`${TODAY}T12:00:00Z`) } });
after(() => app.close());

// A learning action with words and a person's name in it: the Calderdale layout lists them.
const DESCRIPTION = 'Retrain the Zebedee team on letters';
const OWNER = 'Ophelia Quartermaine';
const { rows: [someComplaint] } = await db.pool.query<{ id: number }>(
  `SELECT id FROM contact WHERE council_id = $1 AND kind = 'complaint' AND received_on BETWEEN '2023-04-01' AND '2024-03-31' AND procedure_code = 'corporate' ORDER BY reference LIMIT 1`,
  [council.id],
);
await db.pool.query('INSERT INTO learning_action (council_id, contact_id, description, owner, due_on) VALUES ($1, $2, $3, $4, $5)', [council.id, someComplaint!.id, DESCRIPTION, OWNER, '2024-06-30']);

const { rows: directorates } = await db.pool.query<{ id: number; name: string }>(
  `SELECT id, name FROM org_unit WHERE council_id = $1 AND kind = 'directorate' ORDER BY name`, [council.id]);
const publicServices = directorates.find((d) => d.name === 'Public Services')!;
assert.ok(publicServices, 'the fixture has a Public Services directorate');

const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer'], { maySeeRestricted: true }));
const narrowOfficer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer'], { directorates: [publicServices.id] }));
const narrowRestricted = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer'], { directorates: [publicServices.id], maySeeRestricted: true }));
const viewerStaff = await addTestStaff(db, council.id, ['report_viewer']);
const viewer = await signedIn(app, viewerStaff);

type Client = typeof officer;
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
async function page(client: Client, url: string) {
  const response = await client.get(url);
  return { status: response.statusCode, body: response.body, headers: response.headers, document: parseHTML(response.body).document as unknown as Document };
}
/** The references a drill-down lists, over all its pages. */
async function drillReferences(client: Client, url: string): Promise<{ references: string[]; first: Awaited<ReturnType<typeof page>> }> {
  const first = await page(client, url);
  assert.equal(first.status, 200, url);
  const references: string[] = [];
  let current = first;
  for (;;) {
    references.push(...[...current.document.querySelectorAll('[data-drill] tbody tr')].map((tr) => text(tr.querySelector('th, td'))));
    const next = current.document.querySelector('.govuk-pagination__next a');
    if (!next) break;
    current = await page(client, next.getAttribute('href')!);
  }
  return { references, first };
}

const TOTAL_2023 = '/reports/drill?year=2023%2F24&table=corporate.complaints_by_unit&column=2023%2F24';

/** What the database says of each listed case: its directorate, procedure and marking. */
async function casesOf(references: string[]) {
  const { rows } = await db.pool.query<{ reference: string; directorate: string | null; procedure_code: string | null; restricted: boolean }>(
    `SELECT c.reference, op.directorate, c.procedure_code, c.restricted FROM contact c
       LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
      WHERE c.council_id = $1 AND c.reference = ANY($2::text[])`,
    [council.id, references],
  );
  return rows;
}

test(`a drill-down lists only the cases in the person's directorates, and says how many of the figure's they can see (${engineName()})`, async () => {
  const all = await drillReferences(officer, TOTAL_2023);
  assert.equal(all.references.length, 229, 'everything behind the corporate total for the officer who sees everything');
  assert.equal(all.first.document.querySelector('.app-drill-narrower'), null);

  const narrow = await drillReferences(narrowOfficer, TOTAL_2023);
  assert.ok(narrow.references.length > 0 && narrow.references.length < 229, `some, not all: ${narrow.references.length}`);
  for (const c of await casesOf(narrow.references)) assert.equal(c.directorate, 'Public Services', c.reference);
  const expected = (await casesOf(all.references)).filter((c) => c.directorate === 'Public Services' && !c.restricted).map((c) => c.reference).sort();
  assert.deepEqual([...narrow.references].sort(), expected, 'every one of their directorate’s cases, and no other');
  assert.match(text(narrow.first.document.querySelector('.app-drill-narrower')), new RegExp(`You can see ${narrow.references.length} of the 229 cases behind this figure`));
  // The figure itself is the council's, whoever looks.
  const figure = [...narrow.first.document.querySelectorAll('.govuk-summary-list__row')].find((r) => text(r.querySelector('dt')) === 'Figure in the report');
  assert.equal(text(figure?.querySelector('dd')), '229');
});

test('restricted cases (children’s social care, or marked restricted) are listed only for someone who may see them', async () => {
  // Children's statutory complaints: restricted whatever their marking.
  const { rows: [children] } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM contact WHERE council_id = $1 AND procedure_code = ANY($2::text[])`, [council.id, RESTRICTED_PROCEDURES]);
  assert.ok(children!.n > 0, 'the fixture has children’s social care complaints');
  const link = (await page(officer, '/reports/view?year=2023%2F24&sections=children_statutory')).document.querySelector('[data-section="children_statutory"] a.app-figure');
  assert.ok(link, 'a children’s figure to open');
  const href = link.getAttribute('href')!;
  assert.ok((await drillReferences(officer, href)).references.length > 0);
  const hidden = await drillReferences(narrowOfficer, href);
  assert.deepEqual(hidden.references, [], 'none for someone who may not see restricted cases');
  assert.match(text(hidden.first.document.querySelector('main')), /None of the cases behind this figure are ones you can see/);

  // A corporate complaint in their directorate, marked restricted.
  const mine = (await drillReferences(narrowOfficer, TOTAL_2023)).references;
  const marked = mine[0]!;
  await db.pool.query('UPDATE contact SET restricted = true WHERE council_id = $1 AND reference = $2', [council.id, marked]);
  try {
    const after = (await drillReferences(narrowOfficer, TOTAL_2023)).references;
    assert.ok(!after.includes(marked), 'a case marked restricted leaves their list');
    assert.equal(after.length, mine.length - 1);
    assert.ok((await drillReferences(narrowRestricted, TOTAL_2023)).references.includes(marked), 'and stays for someone who may see restricted cases');
    const csv = (await narrowOfficer.get(TOTAL_2023.replace('/reports/drill?', '/reports/drill/export?'))).body;
    assert.ok(!csv.includes(marked), 'nor is it exported');
  } finally {
    await db.pool.query('UPDATE contact SET restricted = false WHERE council_id = $1 AND reference = $2', [council.id, marked]);
  }
});

test('a long drill-down comes 50 cases a page with GOV.UK pagination; a page past the end is 404, a bad page 400', async () => {
  const first = await page(officer, TOTAL_2023);
  assert.equal(first.document.querySelectorAll('[data-drill] tbody tr').length, 50);
  assert.ok(first.document.querySelector('nav.govuk-pagination'), 'GOV.UK pagination');
  assert.equal(text(first.document.querySelector('.govuk-pagination__item--current')), '1');
  assert.match(text(first.document.querySelector('.app-drill-showing')), /Showing 1 to 50 of 229/);
  const last = await page(officer, `${TOTAL_2023}&page=5`);
  assert.equal(last.status, 200);
  assert.equal(last.document.querySelectorAll('[data-drill] tbody tr').length, 29);
  assert.equal(last.document.querySelector('.govuk-pagination__next'), null);
  const { references } = await drillReferences(officer, TOTAL_2023);
  assert.equal(new Set(references).size, 229, 'every case once over the pages');
  assert.deepEqual(references, [...references].sort((a, b) => a.localeCompare(b)), 'in reference order across pages');
  assert.equal((await page(officer, `${TOTAL_2023}&page=6`)).status, 404);
  for (const bad of ['0', '-1', 'two', '99999999999999999999', '1.5']) assert.equal((await page(officer, `${TOTAL_2023}&page=${bad}`)).status, 400, bad);
});

test('the cases behind a figure download as CSV, only those in scope, one line each', async () => {
  const response = await officer.get(TOTAL_2023.replace('/reports/drill?', '/reports/drill/export?'));
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /text\/csv/);
  assert.match(String(response.headers['content-disposition']), /attachment; filename=".*-corporate-complaints-by-unit-2023-24-cases\.csv"/);
  const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0]!.split(',')[0], 'Reference');
  assert.equal(lines.length, 1 + 229);
  const narrow = await narrowOfficer.get(TOTAL_2023.replace('/reports/drill?', '/reports/drill/export?'));
  assert.ok(narrow.body.trim().split('\r\n').length - 1 < 229);
});

test('a report viewer sees the figures, but no case list, in any format, and no names or written text', async () => {
  const report = await page(viewer, '/reports/view?year=2023%2F24&layout=calderdale');
  assert.equal(report.status, 200);
  assert.ok(report.document.querySelectorAll('.app-figure').length > 20, 'figures');
  assert.equal(report.document.querySelectorAll('a.app-figure').length, 0, 'no figure opens its cases');
  assert.equal(report.document.querySelector('a[href^="/reports/drill"]'), null);
  for (const url of [TOTAL_2023, TOTAL_2023.replace('/reports/drill?', '/reports/drill/export?'), '/dashboard/cases?measure=open', '/dashboard/cases?measure=received&month=2024-10']) {
    assert.equal((await page(viewer, url)).status, 403, url);
  }
  const dashboard = await page(viewer, '/dashboard');
  assert.equal(dashboard.status, 200);
  assert.equal(dashboard.document.querySelector('a[href^="/dashboard/cases"]'), null, 'the dashboard’s figures open nothing');

  for (const format of ['csv', 'json', 'html', 'xlsx', 'docx']) {
    const asViewer = await viewer.get(`/reports/download?year=2023%2F24&layout=calderdale&format=${format}`);
    assert.equal(asViewer.statusCode, 200, format);
    if (['csv', 'json', 'html'].includes(format)) {
      for (const words of [DESCRIPTION, OWNER, 'Zebedee', 'Quartermaine']) assert.ok(!asViewer.body.includes(words), `${format} holds no "${words}"`);
    } else {
      // Word and Excel are zipped: their text is compressed, so compare sizes with the officer's.
      const asOfficer = await officer.get(`/reports/download?year=2023%2F24&layout=calderdale&format=${format}`);
      assert.notEqual(asViewer.rawPayload.length, asOfficer.rawPayload.length, `${format}: the viewer's copy is not the officer's`);
    }
  }
  for (const words of [DESCRIPTION, OWNER]) assert.ok(!report.body.includes(words), `the page holds no "${words}"`);
  // The officer who may see cases has the action plan as the council wrote it.
  const asOfficer = await page(officer, '/reports/view?year=2023%2F24&layout=calderdale');
  assert.ok(asOfficer.body.includes(DESCRIPTION) && asOfficer.body.includes(OWNER), 'the officer sees the action and its owner');
});

test('a suppressed figure has no link, and its drill-down address is refused', async () => {
  const view = await page(officer, '/reports/view?year=2023%2F24&suppress=5&sections=corporate');
  const table = view.document.querySelector('[data-table="corporate.outcomes_by_unit"]')!;
  const hidden = [...table.querySelectorAll('tbody tr')].flatMap((tr) => [...tr.querySelectorAll('td')].map((td, i) => ({ tr, td, i }))).filter(({ td }) => text(td) === '<5');
  assert.ok(hidden.length > 0, 'some counts show as <5');
  for (const { td } of hidden) assert.equal(td.querySelector('a'), null);
  // The same cell's address, made from its row's and column's keys as a linked neighbour's.
  const linked = table.querySelector('a.app-figure')!;
  const { rows: [cell] } = await db.pool.query<{ directorate: string; outcome: string; n: number }>(
    `SELECT directorate, outcome, count(*)::int AS n FROM report_complaint
      WHERE council_id = $1 AND year = '2023/24' AND procedure = 'corporate' AND outcome IS NOT NULL AND directorate IS NOT NULL
      GROUP BY 1, 2 HAVING count(*) BETWEEN 1 AND 4 ORDER BY 1, 2 LIMIT 1`,
    [council.id],
  );
  assert.ok(cell, 'a small count in the database');
  const params = new URL(linked.getAttribute('href')!, 'http://x').searchParams;
  const rowKey = params.get('row')!;
  // Row keys are the directorates' names or ids, as the report made them: take the linked one's form.
  const { rows: [unit] } = await db.pool.query<{ id: number }>(`SELECT id FROM org_unit WHERE council_id = $1 AND kind = 'directorate' AND name = $2`, [council.id, cell.directorate]);
  const row = /^\d+$/.test(rowKey) ? String(unit!.id) : cell.directorate;
  params.set('row', row);
  params.set('column', cell.outcome);
  const refusedUrl = `/reports/drill?${params.toString()}`;
  const refused = await page(officer, refusedUrl);
  assert.equal(refused.status, 403, refusedUrl);
  assert.match(text(refused.document.querySelector('main')), /hidden in the report so that no one can be identified/);
  // Without suppression the same figure opens (the officer may see those cases).
  params.delete('suppress');
  assert.equal((await page(officer, `/reports/drill?${params.toString()}`)).status, 200);

  // Suppression the council publishes with holds for everyone: a view cannot lower it.
  await saveReportSettings(db.pool, council.id, { suppressBelow: 5 });
  try {
    params.set('suppress', '');
    assert.equal((await page(officer, `/reports/drill?${params.toString()}`)).status, 403, 'the published suppression holds when a view asks for none');
    const unsuppressed = await page(officer, '/reports/view?year=2023%2F24&suppress=&sections=corporate');
    assert.ok([...unsuppressed.document.querySelectorAll('[data-table="corporate.outcomes_by_unit"] td')].some((td) => text(td) === '<5'));
  } finally {
    await saveReportSettings(db.pool, council.id, {});
  }
});

test('every report run, drill-down and export is audited with codes and counts, never names or values typed', async () => {
  const { rows } = await db.pool.query<{ action: string; account_id: number; detail: { filters?: string[]; count?: number; codes?: Record<string, string> } }>(
    `SELECT action, account_id, detail FROM audit_entry WHERE council_id = $1 ORDER BY id`, [council.id]);
  const of = (action: string) => rows.filter((r) => r.action === action);
  assert.ok(of('run_report').length > 0 && of('drill_down').length > 0 && of('export_cases').length > 0, JSON.stringify([...new Set(rows.map((r) => r.action))]));
  const drill = of('drill_down').find((r) => r.detail.codes?.table === 'corporate.complaints_by_unit' && r.detail.count === 229)!;
  assert.ok(drill, 'a drill-down names its table and how many cases it listed');
  assert.equal(drill.detail.codes!.year, '2023/24');
  const exported = of('export_cases').find((r) => r.detail.count === 229)!;
  assert.equal(exported.detail.codes!.format, 'csv');
  const viewed = of('run_report').find((r) => r.account_id === viewerStaff.accountId && r.detail.codes?.format === 'json');
  assert.ok(viewed, 'a download is a report run, with its format');
  assert.deepEqual(viewed.detail.filters, ['layout']);
  const all = JSON.stringify(rows.map((r) => r.detail));
  for (const words of ['Public Services', DESCRIPTION, OWNER]) assert.ok(!all.includes(words), `no "${words}" in the audit`);
});

test('/contacts is the case list now', async () => {
  const response = await officer.get('/contacts');
  assert.equal(response.statusCode, 301);
  assert.equal(response.headers.location, '/cases');
});

test('the report’s lists of cases (the action plan) keep only the cases in the person’s scope; the figures stay the council’s', async () => {
  const { rows: [home] } = await db.pool.query<{ directorate_id: number }>(
    'SELECT d.directorate_id FROM contact c JOIN org_unit_directorate d ON d.council_id = c.council_id AND d.id = c.org_unit_id WHERE c.council_id = $1 AND c.id = $2',
    [council.id, someComplaint!.id]);
  const elsewhere = directorates.find((d) => Number(d.id) !== Number(home!.directorate_id))!;
  const inside = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer'], { directorates: [Number(home!.directorate_id)] }));
  const outside = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer'], { directorates: [Number(elsewhere.id)] }));
  const url = '/reports/view?year=2023%2F24&layout=calderdale';
  const theirs = await page(inside, url);
  assert.ok(theirs.body.includes(DESCRIPTION), 'the action of a case in their directorate');
  const notTheirs = await page(outside, url);
  assert.equal(notTheirs.status, 200);
  assert.ok(!notTheirs.body.includes(DESCRIPTION), 'no action of a case outside their directorates');
  // The first tables (counts by directorate, outcomes…) read the same for both.
  const figures = (p: typeof theirs) => [...p.document.querySelectorAll('.app-figure')].slice(0, 200).map((e) => text(e));
  assert.deepEqual(figures(notTheirs), figures(theirs), 'the same figures');
  const json = await outside.get('/reports/download?year=2023%2F24&layout=calderdale&format=json');
  assert.ok(!json.body.includes(DESCRIPTION), 'nor in a download');
});
