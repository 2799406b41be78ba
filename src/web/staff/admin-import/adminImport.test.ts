import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { useTestDatabase, newTestCouncil, engineName } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, csrfTokenIn, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { describeProblem } from '../../../caseHistory/problems.ts';
import { filesFromUpload } from '../../../caseHistory/uploadedImport.ts';

/** Case-history import by upload: a bad row changes nothing and shows the row; a good file is previewed, then imported. */

const db = await useTestDatabase();
const now = new Date('2024-11-01T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

const CONTACTS = ['reference', 'kind', 'received_on', 'channel', 'procedure', 'route', 'directorate', 'service', 'team', 'workspace', 'category', 'complainant_group', 'summary'];
const STAGES = ['reference', 'stage', 'requested_on', 'decision', 'opened_on', 'extended_to', 'responded_on', 'outcome'];
const contacts = (rows: string[][]) => Buffer.from(stringify([CONTACTS, ...rows]));
const good = () => [
  ['UP-0001', 'complaint', '2023-04-03', 'email', 'corporate', 'formal', 'Place', 'Highways', '', 'Roads', 'Service Level/Quality', 'service_user', 'Pothole not repaired'],
  ['UP-0002', 'compliment', '2023-06-01', '', '', '', 'Place', '', '', '', '', '', 'Thanks to the bin crew'],
];
const stages = Buffer.from(stringify([STAGES, ['UP-0001', '1', '', '', '2023-04-03', '', '2023-04-20', 'not_upheld']]));

async function adminOf() {
  const council = await newTestCouncil(db);
  const admin = await addTestStaff(db, council.id, ['system_administrator']);
  return { council, admin, client: await signedIn(app, admin) };
}

type Client = Awaited<ReturnType<typeof signedIn>>;

/** Posts the upload form as a browser does: multipart, the files under "files". */
async function upload(client: Client, files: { filename: string; content: Buffer }[], fields: Record<string, string> = {}) {
  const page = await client.get('/admin/import');
  const boundary = `----redress${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: csrfTokenIn(page.body), ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.filename}"\r\nContent-Type: text/csv\r\n\r\n`), f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const response = await app.inject({
    method: 'POST', url: '/admin/import', payload: Buffer.concat(parts),
    headers: { cookie: client.jar.header, 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' },
  });
  client.jar.take(response.headers['set-cookie']);
  return response;
}

const counts = async (councilId: number) => {
  const n = async (table: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE council_id = $1`, [councilId])).rows[0]!.n;
  return { contact: await n('contact'), complaint_stage: await n('complaint_stage'), org_unit: await n('org_unit'), case_event: await n('case_event'), pending_import: await n('pending_import') };
};
const decoded = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

test(`an upload with a bad row changes nothing and shows the row's problem, as the command line words it (${engineName()})`, async () => {
  const { council, client } = await adminOf();
  const before = await counts(council.id);
  const bad = good();
  bad[1]![2] = '2023-02-30';
  const response = await upload(client, [{ filename: 'contacts.csv', content: contacts(bad) }, { filename: 'stages.csv', content: stages }], { createOrg: 'yes' });
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /govuk-error-summary/);
  assert.match(response.body, /Nothing was imported/);
  const body = decoded(response.body);
  assert.match(body, /href="#problem-1">contacts\.csv, row 3, column received_on: "2023-02-30": /);
  assert.match(response.body, /<tr class="govuk-table__row" id="problem-1">\s*<td class="govuk-table__cell">contacts.csv<\/td>\s*<td class="govuk-table__cell">3<\/td>\s*<td class="govuk-table__cell">received_on<\/td>\s*<td class="govuk-table__cell">2023-02-30<\/td>/);
  assert.match(response.body, /value="yes" checked/, 'the choice made is kept');
  assert.deepEqual(await counts(council.id), before, 'nothing written, nothing held');
});

test('a good upload is previewed with what it will import, and nothing is written until "Import"; then all of it is, audited', async () => {
  const { council, admin, client } = await adminOf();
  const before = await counts(council.id);
  const response = await upload(client, [{ filename: 'contacts.csv', content: contacts(good()) }, { filename: 'stages.csv', content: stages }], { createOrg: 'yes' });
  assert.equal(response.statusCode, 303);
  const preview = response.headers.location as string;
  assert.match(preview, /^\/admin\/import\/\d+$/);
  const page = await client.get(preview);
  assert.equal(page.statusCode, 200);
  const row = (key: string, n: number) => new RegExp(`${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*${n}\\s*</dd>`);
  assert.match(page.body, row('Contacts', 2));
  assert.match(page.body, row('New to Redress', 2));
  assert.match(page.body, row('Complaint stages', 1));
  assert.match(page.body, row('Directorates, services and teams added', 2));
  assert.match(page.body, /Files: contacts.csv, stages.csv/);
  assert.deepEqual(await counts(council.id), { ...before, pending_import: 1 }, 'the preview wrote nothing but the held files');

  // Another administrator of the same council cannot import someone else's upload.
  const other = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  await other.get('/admin/import');
  assert.equal((await other.post(preview, {})).statusCode, 404);

  const imported = await client.post(preview, {});
  assert.equal(imported.statusCode, 303);
  assert.equal(imported.headers.location, '/admin/import');
  assert.match((await client.get('/admin/import')).body, /Imported 2 contacts \(2 new, 0 updated\)/);
  const after = await counts(council.id);
  assert.equal(after.contact, before.contact + 2);
  assert.equal(after.complaint_stage, before.complaint_stage + 1);
  assert.equal(after.pending_import, 0, 'the held files are removed');
  const audit = await db.pool.query<{ account_id: number; detail: { count: number } }>(
    `SELECT account_id, detail FROM audit_entry WHERE council_id = $1 AND action = 'import_case_history'`, [council.id]);
  assert.equal(audit.rows.length, 1);
  assert.equal(Number(audit.rows[0]!.account_id), admin.accountId);
  assert.equal(audit.rows[0]!.detail.count, 2);
  assert.equal((await client.post(preview, {})).statusCode, 404, 'imported once only');
});

test('an upload can be cancelled; no file, an unknown file name, or someone without "administer" are refused', async () => {
  const { council, client } = await adminOf();
  const response = await upload(client, [{ filename: 'export.csv', content: contacts(good()) }], { createOrg: 'yes' });
  assert.equal(response.statusCode, 303, 'one CSV of another name is the contacts file');
  await client.get(response.headers.location as string);
  const cancelled = await client.post(`${response.headers.location}/cancel`, {});
  assert.equal(cancelled.statusCode, 303);
  assert.match((await client.get('/admin/import')).body, /The import was cancelled/);
  assert.equal((await counts(council.id)).pending_import, 0);
  assert.equal((await counts(council.id)).contact, 0);

  const none = await upload(client, []);
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /href="#files">Select the case history files/);
  const unknown = await upload(client, [{ filename: 'contacts.csv', content: contacts(good()) }, { filename: 'notes.txt', content: Buffer.from('hello') }]);
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /notes.txt: a file named one of format.json, contacts.csv/);

  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  assert.equal((await officer.get('/admin/import')).statusCode, 403);
  assert.equal((await officer.get(response.headers.location as string)).statusCode, 403);
});

test('files are named as a folder names them; two of one name, or too big, are problems', () => {
  const f = (filename: string, content = 'x', truncated = false) => ({ filename, content: Buffer.from(content), truncated });
  const ok = filesFromUpload([f('C:\\exports\\Contacts.csv'), f('stages.csv'), f('format.json', '{}')]);
  assert.deepEqual(Object.keys(ok.files).sort(), ['contacts.csv', 'format.json', 'stages.csv']);
  assert.deepEqual(ok.problems, []);
  const twice = filesFromUpload([f('contacts.csv'), f('CONTACTS.CSV')]);
  assert.equal(describeProblem(twice.problems[0]!), 'contacts.csv: one file of this name; it was chosen twice');
  const big = filesFromUpload([f('contacts.csv', 'x', true)]);
  assert.match(describeProblem(big.problems[0]!), /contacts.csv: a file of at most 16 MB/);
});

test('a version 2 folder (format.json and its files) uploaded together is imported whole', async () => {
  const fixture = new URL('../../../../test/fixtures/case-history-v2/', import.meta.url);
  const files = readdirSync(fixture).sort().map((filename) => ({ filename, content: readFileSync(new URL(filename, fixture)) }));
  assert.ok(files.some((f) => f.filename === 'format.json') && files.length > 4);
  const { council, client } = await adminOf();
  const response = await upload(client, files, { createOrg: 'yes' });
  assert.equal(response.statusCode, 303, response.body.slice(0, 2000));
  const page = await client.get(response.headers.location as string);
  assert.match(page.body, /format.json/);
  assert.equal((await counts(council.id)).contact, 0, 'nothing written by the preview');
  assert.equal((await client.post(response.headers.location as string, {})).statusCode, 303);
  const elements = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM complaint_element WHERE council_id = $1', [council.id]);
  assert.ok((await counts(council.id)).contact > 0);
  assert.ok(elements.rows[0]!.n > 0, 'the version 2 files were imported too');
});
