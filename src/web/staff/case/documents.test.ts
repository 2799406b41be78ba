import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useTestDatabase } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { MAX_DOCUMENT_BYTES, sniffDocumentType } from '../../../casework/documents.ts';
import { multipartBody, newTestOrg, openComplaint, TODAY } from './caseTestSupport.ts';

/** Documents on a case: upload (type by content, size), download, scope and audit. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date(`${TODAY}T09:00:00Z`) } });
const org = await newTestOrg(db);
const officer = await addTestStaff(db, org.councilId, ['complaints_officer'], { name: 'Olive Officer' });
const elsewhere = await addTestStaff(db, org.councilId, ['complaints_officer'], { directorates: [org.resources] });
const complaint = await openComplaint(db, org);

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1'), Buffer.from([0, 1, 2, 255, 254]), Buffer.from('\n%%EOF\n')]);

async function upload(client: Awaited<ReturnType<typeof signedIn>>, file: { filename: string; type: string; content: Buffer } | null, fields: Record<string, string> = {}) {
  const form = await client.get(`/cases/${complaint.reference}/document`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  const body = multipartBody({ _csrf: token, version, kind: 'evidence', description: 'Photos of the pothole', ...fields }, file && { name: 'document', ...file });
  const response = await app.inject({
    method: 'POST', url: `/cases/${complaint.reference}/document`, payload: body.payload,
    headers: { cookie: client.jar.header, 'content-type': body.contentType, accept: 'text/html' },
  });
  client.jar.take(response.headers['set-cookie']);
  return response;
}
const documentCount = async () => Number((await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM case_document WHERE council_id = $1', [org.councilId])).rows[0]!.n);
const eventCount = async () => Number((await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_event WHERE council_id = $1 AND type = 'document_added'`, [org.councilId])).rows[0]!.n);

test('a document is uploaded, listed on the case and on its timeline, and downloaded byte for byte with an audit entry', async () => {
  const client = await signedIn(app, officer);
  const sent = await upload(client, { filename: 'C:\\Users\\olive\\pothole photos – May.pdf', type: 'application/octet-stream', content: PDF });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
  assert.equal(sent.headers.location, `/cases/${complaint.reference}#documents`);
  const page = await client.get(`/cases/${complaint.reference}`);
  assert.match(page.body, /Document pothole photos – May\.pdf added/, 'the name without its folders');
  const href = new RegExp(`href="(/cases/${complaint.reference}/documents/(\\d+))"`).exec(page.body);
  assert.ok(href, 'a link to download it');
  assert.match(page.body, /data-event="document_added"[\s\S]*pothole photos – May\.pdf/);
  assert.match(page.body, /Photos of the pothole/);
  assert.match(page.body, /Evidence/);

  const download = await client.get(href![1]!);
  assert.equal(download.statusCode, 200);
  assert.deepEqual(download.rawPayload, PDF, 'the same bytes');
  assert.equal(download.headers['content-type'], 'application/pdf');
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.equal(download.headers['content-disposition'], `attachment; filename="pothole photos _ May.pdf"; filename*=UTF-8''pothole%20photos%20%E2%80%93%20May.pdf`);
  const { rows } = await db.pool.query<{ sha256: string; uploaded_by: string; uploaded_by_account_id: number }>(
    'SELECT sha256, uploaded_by, uploaded_by_account_id FROM case_document WHERE council_id = $1 AND id = $2', [org.councilId, href![2]],
  );
  assert.equal(rows[0]!.sha256, createHash('sha256').update(PDF).digest('hex'));
  assert.equal(rows[0]!.uploaded_by, 'Olive Officer');
  assert.equal(Number(rows[0]!.uploaded_by_account_id), officer.accountId);
  const audit = await db.pool.query<{ detail: { numbers: { documentId: number } } }>(
    `SELECT detail FROM audit_entry WHERE account_id = $1 AND action = 'download_document' AND contact_id = $2`, [officer.accountId, complaint.contactId],
  );
  assert.equal(audit.rows.length, 1);
  assert.equal(Number(audit.rows[0]!.detail.numbers.documentId), Number(href![2]));

  // Out of scope, or another case's address: not found, and no download audited.
  const other = await signedIn(app, elsewhere);
  assert.equal((await other.get(href![1]!)).statusCode, 404);
  const second = await openComplaint(db, org);
  assert.equal((await client.get(`/cases/${second.reference}/documents/${href![2]}`)).statusCode, 404);
  assert.equal((await client.get(`/cases/${complaint.reference}/documents/999999999`)).statusCode, 404);
});

test('a file of a type not on the list is refused, whatever its name, and nothing is written', async () => {
  const client = await signedIn(app, officer);
  const [documents, events] = [await documentCount(), await eventCount()];
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200, 7)]);
  const refused = await upload(client, { filename: 'letter.pdf', type: 'application/pdf', content: exe });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary[\s\S]*href="#document"[^>]*>The selected file must be a PDF, Word document/);
  assert.match(refused.body, /Photos of the pothole<\/textarea>/, 'the description typed is kept');
  const html = await upload(client, { filename: 'notes.txt', type: 'text/plain', content: Buffer.from('<!DOCTYPE html><script>alert(1)</script>') });
  assert.equal(html.statusCode, 400, 'a web page is not plain text');
  const missing = await upload(client, null);
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Select a file/);
  const noKind = await upload(client, { filename: 'a.txt', type: 'text/plain', content: Buffer.from('Hello') }, { kind: '' });
  assert.equal(noKind.statusCode, 400);
  assert.match(noKind.body, /Select what kind of document it is/);
  assert.equal(await documentCount(), documents);
  assert.equal(await eventCount(), events);
});

test('a file over 20 MB is refused with an error summary, and nothing is written', async () => {
  const client = await signedIn(app, officer);
  const [documents, events] = [await documentCount(), await eventCount()];
  const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x41);
  big.write('%PDF-1.7\n', 0, 'latin1');
  const refused = await upload(client, { filename: 'scan.pdf', type: 'application/pdf', content: big });
  assert.equal(refused.statusCode, 413);
  assert.match(refused.body, /govuk-error-summary[\s\S]*The selected file must be smaller than 20 MB/);
  assert.equal(await documentCount(), documents);
  assert.equal(await eventCount(), events);
});

test('an upload without the form’s CSRF token is refused', async () => {
  const client = await signedIn(app, officer);
  await client.get(`/cases/${complaint.reference}/document`);
  const body = multipartBody({ _csrf: 'forged', version: '1', kind: 'evidence' }, { name: 'document', filename: 'a.pdf', type: 'application/pdf', content: PDF });
  const response = await app.inject({
    method: 'POST', url: `/cases/${complaint.reference}/document`, payload: body.payload,
    headers: { cookie: client.jar.header, 'content-type': body.contentType, accept: 'text/html' },
  });
  assert.equal(response.statusCode, 403);
});

test('types are found by their content', () => {
  const zip = (...names: string[]) => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), ...names.map((n) => Buffer.from(n))]);
  const ole = (stream: string) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100), Buffer.from(stream, 'utf16le')]);
  const cases: [Buffer, string | null][] = [
    [PDF, 'pdf'],
    [zip('[Content_Types].xml', 'word/document.xml'), 'docx'],
    [zip('mimetypeapplication/vnd.oasis.opendocument.text'), 'odt'],
    [zip('[Content_Types].xml', 'xl/workbook.xml'), null],
    [ole('WordDocument'), 'doc'],
    [ole('__substg1.0_0037001F'), 'msg'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'jpeg'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'png'],
    [Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(8)]), 'heic'],
    [Buffer.from('From: Priya <priya@example.org>\r\nTo: complaints@example.gov.uk\r\nSubject: Pothole\r\n\r\nHello'), 'eml'],
    [Buffer.from('Called back on Tuesday.\nAll fine.'), 'txt'],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), null],
    [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), null],
    [Buffer.from([0xc3, 0x28]), null],
  ];
  for (const [bytes, type] of cases) assert.equal(sniffDocumentType(bytes)?.type ?? null, type, `${bytes.subarray(0, 12).toString('latin1')}…`);
});

test('an upload from a case someone else changed meanwhile is refused with a 409, and nothing is written', async () => {
  const client = await signedIn(app, officer);
  const [documents, events] = [await documentCount(), await eventCount()];
  const refused = await upload(client, { filename: 'a.txt', type: 'text/plain', content: Buffer.from('Hello') }, { version: '0' });
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /govuk-error-summary[\s\S]*Someone else changed this case[\s\S]*Select the file again/);
  assert.equal(await documentCount(), documents);
  assert.equal(await eventCount(), events);
});
