import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { writeFixture } from '../../../../test/selfAssessment/fixture.ts';
import { createApp } from '../../app.ts';
import { CODES } from '../../../selfAssessment/provisions.ts';

/** The self-assessment screens: figures with their targets, the cases behind them within scope, evidence and the response written and audited, the report's downloads. */

const db = await useTestDatabase();
const now = new Date('2025-04-03T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

const council = await newTestCouncil(db);
const unit = async (name: string) => (await db.pool.query<{ id: number }>(`INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', $2) RETURNING id`, [council.id, name])).rows[0]!.id;
const place = await unit('Place');
const people = await unit('People');
// A B C in Place; the others in People.
await writeFixture(db, council.id, { unitOf: { A: place, B: place, C: place, D: people, E: people, F: people, G: people, H: people, I: people } });
const admin = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
const Q = 'year=2024%2F25&code=lgsco';
const audited = async (action: string) => (await db.pool.query<{ n: number }>(
  'SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = $2', [council.id, action])).rows[0]!.n;

test('every provision by section, the computed figures with the target and met / not met, and links to the cases', async () => {
  const page = await admin.get(`/self-assessment?${Q}`);
  assert.equal(page.statusCode, 200);
  const html = page.body;
  assert.match(html, /1\. Definition of a service request and complaint/);
  assert.match(html, /9\. Scrutiny and oversight/);
  assert.match(html, /id="provision-6-2"/);
  assert.match(html, /Not met\s*<\/strong>\s*4 of 6 \(66\.7%\), target 100%/);
  assert.match(html, /Met\s*<\/strong>\s*1 of 1 \(100\.0%\), target 100%/);
  assert.match(html, /1 more still within time/);
  assert.match(html, /href="\/self-assessment\/measures\/stage1_acknowledged\?year=2024%2F25&amp;code=lgsco">See the 6 cases/);
  assert.match(html, /href="\/self-assessment\/provisions\/6\.2\?year=2024%2F25&amp;code=lgsco"/);
  assert.match(html, /href="\/self-assessment\/report\.docx\?year=2024%2F25&amp;code=lgsco"/);
  // The last full reporting year and the LGSCO's code by default.
  assert.match((await admin.get('/self-assessment')).body, /Complaint Handling Code \(Local Government and Social Care Ombudsman\) — 2024\/25/);
  assert.equal((await admin.get('/self-assessment?year=2024-25')).statusCode, 400);
  assert.equal((await admin.get('/self-assessment?code=scottish')).statusCode, 400);
});

test('the cases behind a figure: those not met first; a manager of one directorate sees only its cases', async () => {
  const page = await admin.get(`/self-assessment/measures/stage1_acknowledged?${Q}`);
  assert.equal(page.statusCode, 200);
  const refs = [...page.body.matchAll(/href="\/cases\/(SA-[A-Z])"/g)].map((m) => m[1]);
  assert.deepEqual(refs, ['SA-C', 'SA-E', 'SA-A', 'SA-B', 'SA-D', 'SA-F']);
  assert.equal(await audited('drill_down'), 1);
  const manager = await signedIn(app, await addTestStaff(db, council.id, ['manager'], { directorates: [place] }));
  const scoped = await manager.get(`/self-assessment/measures/stage1_acknowledged?${Q}`);
  assert.deepEqual([...scoped.body.matchAll(/href="\/cases\/(SA-[A-Z])"/g)].map((m) => m[1]), ['SA-C', 'SA-A', 'SA-B']);
  const viewer = await signedIn(app, await addTestStaff(db, council.id, ['report_viewer']));
  assert.equal((await viewer.get(`/self-assessment?${Q}`)).statusCode, 200, 'figures with view_reports');
  assert.doesNotMatch((await viewer.get(`/self-assessment?${Q}`)).body, /measures\/stage1/, 'no link without drill_down');
  assert.equal((await viewer.get(`/self-assessment/measures/stage1_acknowledged?${Q}`)).statusCode, 403);
  assert.equal((await admin.get(`/self-assessment/measures/nonsense?${Q}`)).statusCode, 404);
});

test('evidence for a provision: refused with what was typed kept, then saved and audited; only with self_assessment', async () => {
  const url = `/self-assessment/provisions/6.2?${Q}`;
  const form = await admin.get(url);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /acknowledged and logged within 5 working days/);
  const before = await audited('change_settings');
  const refused = await admin.post(url, { compliance: 'maybe', evidence: 'Policy <b>7.1</b>', actions: 'x'.repeat(5001) });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary/);
  assert.match(refused.body, /href="#compliance">Select whether the council complies/);
  assert.match(refused.body, /href="#actions">Actions must be 5,000 characters or fewer/);
  assert.ok(refused.body.includes('Policy &lt;b&gt;7.1&lt;/b&gt;'), 'what was typed, escaped');
  assert.equal(await audited('change_settings'), before);
  const saved = await admin.post(url, { compliance: 'partly', evidence: 'Complaints policy section 7.1.', actions: 'Daily check from June.' });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/self-assessment?year=2024%2F25&code=lgsco#provision-6-2');
  assert.equal(await audited('change_settings'), before + 1);
  const page = (await admin.get(`/self-assessment?${Q}`)).body;
  assert.match(page, /Provision 6\.2 saved/);
  assert.match(page, /Partly complies/);
  assert.match(page, /Complaints policy section 7\.1\./);
  assert.equal((await admin.get(`/self-assessment/provisions/6.99?${Q}`)).statusCode, 404);
  const manager = await signedIn(app, await addTestStaff(db, council.id, ['manager']));
  assert.equal((await manager.get(url)).statusCode, 403);
  assert.equal((await manager.post(url, { compliance: 'yes' })).statusCode, 403);
});

test("the governing body's response: a date in the future refused, then saved and shown", async () => {
  const url = `/self-assessment/response?${Q}`;
  await admin.get(url);
  const refused = await admin.post(url, { governingBody: 'Cabinet', response: 'Noted.', 'respondedOn-day': '1', 'respondedOn-month': '1', 'respondedOn-year': '2030' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /The date it responded must be today or in the past/);
  assert.match(refused.body, /value="Cabinet"/);
  const saved = await admin.post(url, { governingBody: 'Cabinet', response: 'Cabinet welcomes the report.', 'respondedOn-day': '2', 'respondedOn-month': '4', 'respondedOn-year': '2025' });
  assert.equal(saved.statusCode, 303);
  assert.match((await admin.get(`/self-assessment?${Q}`)).body, /Cabinet welcomes the report\./);
});

test('the performance report downloads as HTML, Word and JSON with the figures; the run is audited', async () => {
  const before = await audited('run_report');
  const json = await admin.get(`/self-assessment/report.json?${Q}`);
  assert.equal(json.statusCode, 200);
  assert.match(String(json.headers['content-disposition']), /complaint-performance-report-2024-25\.json/);
  const report = JSON.parse(json.body);
  assert.deepEqual(report.figures.map((f: { met: number; applicable: number }) => [f.met, f.applicable]), [[4, 6], [2, 6], [1, 2], [2, 3], [1, 2], [1, 2], [1, 1]]);
  const html = await admin.get(`/self-assessment/report.html?${Q}`);
  assert.match(html.body, /Stage 1 complaints acknowledged within 5 working days \(provision 6\.2\): 4 of 6 \(66\.7%\) against 100%: not met\./);
  const docx = await admin.get(`/self-assessment/report.docx?${Q}`);
  assert.equal(docx.statusCode, 200);
  assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
  assert.equal(await audited('run_report'), before + 3);
  assert.equal((await admin.get(`/self-assessment/report.xls?${Q}`)).statusCode, 404);
});

test('a provision whose wording is not yet checked against the Code says so, on the list and on its page; a checked one does not', async () => {
  const provisions = CODES.lgsco.sections.flatMap((s) => s.provisions);
  const unchecked = provisions.find((p) => p.checked === false)!;
  const checked = provisions.find((p) => p.checked !== false)!;
  const flag = /Wording to check\s*<\/strong>\s*Redress&#39;s summary of this provision has not yet been checked/;
  const card = (page: string, number: string) => page.split(`id="provision-${number.replace('.', '-')}"`)[1]!.split('govuk-summary-card"')[0]!;
  const list = (await admin.get(`/self-assessment?${Q}`)).body;
  assert.match(card(list, unchecked.number), flag);
  assert.doesNotMatch(card(list, checked.number), flag);
  assert.match((await admin.get(`/self-assessment/provisions/${unchecked.number}?${Q}`)).body, /govuk-inset-text[\s\S]*Wording to check/);
  assert.doesNotMatch((await admin.get(`/self-assessment/provisions/${checked.number}?${Q}`)).body, /Wording to check/);
});
