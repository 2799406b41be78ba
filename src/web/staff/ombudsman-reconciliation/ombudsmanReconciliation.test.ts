import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { multipartBody } from '../case/caseTestSupport.ts';
import { createApp } from '../../app.ts';

/**
 * The Ombudsman's published data on screen: a file uploaded, checked and confirmed (or every
 * problem shown and nothing loaded); the letter reconciled with a differing case linked to our
 * own; the council beside its neighbours.
 */

const db = await useTestDatabase();
const now = new Date('2025-06-02T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

type Client = Awaited<ReturnType<typeof signedIn>>;

/** Posts a CSV file as a browser does, with the page's CSRF token. */
async function upload(client: Client, filename: string, csv: string) {
  const form = await client.get('/ombudsman/figures');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const body = multipartBody({ _csrf: token }, { name: 'file', filename, type: 'text/csv', content: Buffer.from(csv) });
  return app.inject({ method: 'POST', url: '/ombudsman/figures', payload: body.payload, headers: { cookie: client.jar.header, 'content-type': body.contentType, accept: 'text/html' } });
}

const count = async (table: string, councilId: number) =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE council_id = $1`, [councilId])).rows[0]!.n;

async function staffOf(roles: Parameters<typeof addTestStaff>[2], name?: string) {
  const council = await newTestCouncil(db, name ? { name } : {});
  return { council, client: await signedIn(app, await addTestStaff(db, council.id, roles)) };
}

test('who may load the published data, and who may only read it', async () => {
  const { council, client: manager } = await staffOf(['manager']);
  assert.equal((await manager.get('/ombudsman/figures')).statusCode, 403, 'a manager drills down but does not load');
  assert.equal((await manager.get('/ombudsman/reconciliation')).statusCode, 200);
  assert.equal((await manager.get('/ombudsman/benchmarking')).statusCode, 200);
  assert.equal((await manager.get('/ombudsman/benchmarking/groups/new')).statusCode, 403);
  const sysadmin = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  assert.equal((await sysadmin.get('/ombudsman/figures')).statusCode, 200, 'administer may load');
  assert.equal((await sysadmin.get('/ombudsman/reconciliation')).statusCode, 403, 'but not read cases’ figures without drill-down');
  assert.equal((await manager.get('/ombudsman/reconciliation?year=2024-25')).statusCode, 400, 'a bad query is refused');
  assert.equal((await manager.get('/ombudsman/reconciliation?body=lgsco&sort=x')).statusCode, 400);
});

test('an upload is checked first, loaded when confirmed; a bad row shows every problem and loads nothing', async () => {
  const { council, client } = await staffOf(['complaints_officer']);
  const bad = await upload(client, 'decisions.csv', 'body,reference,decided_on,decision\nlgsco,24001001,2024-06-01,upheld\nlgsco,24002002,2024-13-01,upheld\nombudsman,24003003,2024-06-01,upheld\n');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /The file has 2 problems: nothing was loaded/);
  assert.match(bad.body, /row 3, decided_on &quot;2024-13-01&quot;: expected a date like 2024-05-31/);
  assert.match(bad.body, /row 4, body &quot;ombudsman&quot;/);
  assert.equal(await count('ombudsman_published_decision', council.id), 0);
  assert.equal(await count('ombudsman_figures_upload', council.id), 0);

  const noFile = await upload(client, '', '');
  assert.equal(noFile.statusCode, 400);
  assert.match(noFile.body, /Select a CSV file/);

  const good = await upload(client, 'decisions.csv', 'body,reference,decided_on,decision,compliance\nlgsco,24001001,2024-06-01,upheld,complied\nlgsco,24002002,2024-07-01,Not upheld: no fault,\n');
  assert.equal(good.statusCode, 303);
  const check = await client.get(good.headers.location as string);
  assert.equal(check.statusCode, 200);
  assert.match(check.body, /Check the file before loading it/);
  assert.match(check.body, /the Ombudsman’s decisions about your council/);
  assert.match(check.body, /24002002/);
  assert.equal(await count('ombudsman_published_decision', council.id), 0, 'nothing loaded until confirmed');
  const confirmed = await client.post(`${good.headers.location as string}/confirm`, {});
  assert.equal(confirmed.statusCode, 303);
  assert.equal(await count('ombudsman_published_decision', council.id), 2);
  const after = await client.get('/ombudsman/figures');
  assert.match(after.body, /2 rows loaded: the Ombudsman’s decisions about your council/);
  assert.match(after.body, /<td class="govuk-table__cell">2024\/25<\/td><td class="govuk-table__cell">the Ombudsman’s decisions about your council<\/td>/, 'what is loaded now');
  assert.equal((await client.get(good.headers.location as string)).statusCode, 404, 'gone once loaded');

  const other = await staffOf(['complaints_officer']);
  const theirs = await upload(other.client, 'letter.csv', 'body,year,measure,value\nlgsco,2024/25,decisions,3\n');
  assert.equal((await client.get(theirs.headers.location as string)).statusCode, 404, 'another council’s upload is not found');
  assert.equal((await client.post(`${theirs.headers.location as string}/confirm`, {})).statusCode, 404);
});

test('the reconciliation page shows each measure and the case that differs, linked to our case', async () => {
  const { council, client } = await staffOf(['complaints_officer']);
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, decided_on, decision, detailed_investigation)
     VALUES ($1, 'lgsco', '24002002', '2024-02-01', '2024-07-01', 'not_upheld', true), ($1, 'lgsco', '24001001', '2024-02-01', '2024-06-01', 'upheld', true) RETURNING id`,
    [council.id]);
  await client.post(`${(await upload(client, 'letter.csv', 'body,year,measure,value\nlgsco,2024/25,decisions,3\nlgsco,2024/25,upheld_percent,100\n')).headers.location as string}/confirm`, {});
  await client.post(`${(await upload(client, 'decisions.csv', 'body,reference,decided_on,decision\nlgsco,24001001,2024-06-01,upheld\nlgsco,24 002 002,2024-07-01,Upheld: fault and injustice\n')).headers.location as string}/confirm`, {});
  const page = await client.get('/ombudsman/reconciliation?body=lgsco&year=2024/25');
  assert.equal(page.statusCode, 200);
  const measures = page.body.slice(page.body.indexOf('id="measures"'), page.body.indexOf('</table>', page.body.indexOf('id="measures"')));
  assert.match(measures, /Decisions made<\/th>\s*<td[^>]*>2<\/td>\s*<td[^>]*>3<\/td>\s*<td[^>]*><strong>-1<\/strong>/);
  assert.match(measures, /Uphold rate<\/th>\s*<td[^>]*>50%<\/td>\s*<td[^>]*>100%<\/td>\s*<td[^>]*><strong>-50%<\/strong>/);
  assert.match(page.body, /1 agree, 1 differ, 0 only in our records, 0 only in the Ombudsman’s list/);
  const cases = page.body.slice(page.body.indexOf('id="cases"'));
  assert.match(cases, new RegExp(`<a class="govuk-link" href="/ombudsman/${rows[0]!.id}">24002002</a>`));
  assert.match(cases, /In both, differs: decision/);
  assert.match(cases, /Not upheld \(2024\/25\)/);
  assert.doesNotMatch(cases, /24001001/, 'the agreeing case is only counted');
  const audit = await db.pool.query(`SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'run_report'`, [council.id]);
  assert.deepEqual(audit.rows.map((r) => r.detail), [{ codes: { report: 'ombudsman_reconciliation', body: 'lgsco', year: '2024/25' } }]);
});

test('benchmarking: a comparison group made, the council highlighted beside it with the group average', async () => {
  const { council, client } = await staffOf(['complaints_administrator'], 'Calderdale Council');
  const csv = `ons_code,authority_name,body,year,measure,value
E08000035,Leeds City Council,lgsco,2023/24,upheld_percent,75
E08000032,Bradford Metropolitan District Council,lgsco,2023/24,upheld_percent,69
E08000033,Calderdale Metropolitan Borough Council,lgsco,2023/24,upheld_percent,95
E08000033,Calderdale Metropolitan Borough Council,lgsco,2023/24,compliance_percent,94
E06000001,Hartlepool Borough Council,lgsco,2023/24,upheld_percent,50
`;
  await client.post(`${(await upload(client, 'all.csv', csv)).headers.location as string}/confirm`, {});
  const before = await client.get('/ombudsman/benchmarking?year=2023/24');
  assert.match(before.body, /You have no comparison groups yet/);
  assert.match(before.body, /Found by name: Calderdale Metropolitan Borough Council/);

  await client.get('/ombudsman/benchmarking/groups/new');
  const refused = await client.post('/ombudsman/benchmarking/groups', { name: '  ' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Enter a name for the group/);
  assert.match(refused.body, /Select at least one council/);
  const saved = await client.post('/ombudsman/benchmarking/groups', { name: 'West Yorkshire', members: ['E08000035', 'E08000032'] });
  assert.equal(saved.statusCode, 303);
  const page = await client.get(saved.headers.location as string);
  assert.match(page.body, /The comparison group West Yorkshire was saved/);
  const table = page.body.slice(page.body.indexOf('id="benchmark"'), page.body.indexOf('</table>', page.body.indexOf('id="benchmark"')));
  assert.match(table, /<strong>Calderdale Metropolitan Borough Council<\/strong>.*your council/s);
  assert.match(table, /Leeds City Council/);
  assert.doesNotMatch(table, /Hartlepool/, 'only the group and the council');
  assert.match(table, /Group average \(without your council\)<\/th>\s*<td[^>]*><\/td><td[^>]*><\/td>\s*<td[^>]*>72%<\/td>/);
  assert.match(page.body, /<svg[^>]*role="img"/, 'a bar chart beside the table');
  assert.doesNotMatch(page.body, / style="/, 'no inline style attribute (the CSP refuses them)');
  assert.equal((await client.get('/ombudsman/benchmarking?group=999999')).statusCode, 404);
  const audited = await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [council.id]);
  assert.equal(audited.rows[0].n, 2, 'the load and the group');
});
