import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useTestDatabase, newTestCouncil } from '../support/testDatabase.ts';
import { eicar, startClamd } from '../support/clamav.ts';
import { inTransaction } from '../../src/db/database.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { publicActor } from '../../src/events/actor.ts';
import { listCaseDocuments, loadCaseDocument } from '../../src/casework/documents.ts';
import { clamdScanner } from '../../src/uploads/virusScan.ts';
import {
  attachHeldUploads, heldUploads, holdPublicUpload, PUBLIC_UPLOAD_LIMITS, removeAbandonedUploads, removeHeldUpload,
} from '../../src/uploads/publicUploads.ts';

/** A resident's attachments: checked, scanned by a real clamd, held until they confirm, then on the case. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const clamd = await startClamd();
const scanner = clamdScanner(clamd.address);
const NOW = new Date('2025-06-02T10:00:00Z');
const actor = publicActor('203.0.113.9', 'req-1');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** A Windows program's first bytes: "MZ", and the PE header it points to. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.alloc(200, 0x90)]);

const session = () => `sess-${randomUUID()}`;
const hold = (sessionId: string, filename: string, content: Buffer, now = NOW) =>
  holdPublicUpload(db.pool, scanner, { councilId: council.id, sessionId, filename, content }, now);
const heldRowCount = async (sessionId: string) =>
  Number((await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM public_upload WHERE session_id = $1', [sessionId])).rows[0]!.n);

test('a clean PDF and a photo are scanned, held against the form, and listed with their sniffed types', async () => {
  const form = session();
  const pdf = await hold(form, 'C:\\Users\\gwen\\letter from council.pdf', PDF);
  const png = await hold(form, 'bin.png', PNG);
  assert.ok(pdf.ok && png.ok);
  assert.deepEqual(pdf.upload, { id: pdf.upload.id, filename: 'letter from council.pdf', sizeBytes: PDF.length, mediaType: 'application/pdf' });
  assert.match(pdf.upload.id, /^[0-9a-f]{32}$/);
  assert.deepEqual(await heldUploads(db.pool, council.id, form), [pdf.upload, png.upload]);
  assert.deepEqual(await heldUploads(db.pool, council.id, session()), [], 'another form sees none of them');
  assert.deepEqual(await heldUploads(db.pool, council.id + 1_000_000, form), [], 'nor another council');
});

test('the EICAR test file is refused as a virus and nothing is kept', async () => {
  const form = session();
  assert.deepEqual(await hold(form, 'notes.txt', eicar()), { ok: false, reason: 'virus' });
  assert.deepEqual(await hold(form, 'scan.pdf', Buffer.concat([PDF, eicar()])), { ok: false, reason: 'virus' }, 'hidden inside a PDF too');
  assert.equal(await heldRowCount(form), 0);
});

test('the type comes from the bytes, never the name: a program renamed .pdf, a web page, a saved email are refused', async () => {
  const form = session();
  assert.deepEqual(await hold(form, 'invoice.pdf', EXE), { ok: false, reason: 'type_not_allowed' });
  assert.deepEqual(await hold(form, 'photo.jpg', Buffer.from('<html><script>alert(1)</script></html>')), { ok: false, reason: 'type_not_allowed' });
  assert.deepEqual(await hold(form, 'email.txt', Buffer.from('From: a@example.test\nTo: b@example.test\nSubject: hi\n\nhello')), { ok: false, reason: 'type_not_allowed' });
  const namedWrongly = await hold(form, 'letter.exe', PDF);
  assert.ok(namedWrongly.ok && namedWrongly.upload.mediaType === 'application/pdf', 'a PDF is a PDF whatever its name');
  assert.ok(PUBLIC_UPLOAD_LIMITS.allowed.includes('image/jpeg') && !PUBLIC_UPLOAD_LIMITS.allowed.includes('message/rfc822'));
});

test('an empty file and one over 10 MB are refused; exactly 10 MB is held', async () => {
  const form = session();
  assert.deepEqual(await hold(form, 'empty.pdf', Buffer.alloc(0)), { ok: false, reason: 'empty' });
  const atLimit = Buffer.concat([PDF, Buffer.alloc(PUBLIC_UPLOAD_LIMITS.maxBytes - PDF.length, 0x20)]);
  assert.equal(atLimit.length, 10 * 1024 * 1024);
  assert.deepEqual(await hold(form, 'big.pdf', Buffer.concat([atLimit, Buffer.from(' ')])), { ok: false, reason: 'too_big' });
  const held = await hold(form, 'big.pdf', atLimit);
  assert.ok(held.ok && held.upload.sizeBytes === atLimit.length);
});

test('five files to a form: the sixth is refused until one is taken off', async () => {
  const form = session();
  const ids: string[] = [];
  for (let i = 1; i <= 5; i += 1) {
    const r = await hold(form, `photo ${i}.png`, PNG);
    assert.ok(r.ok);
    ids.push(r.upload.id);
  }
  assert.deepEqual(await hold(form, 'photo 6.png', PNG), { ok: false, reason: 'too_many' });
  assert.ok((await hold(session(), 'photo.png', PNG)).ok, 'another form has its own five');
  assert.equal(await removeHeldUpload(db.pool, council.id, session(), ids[0]!), false, 'a form cannot take off another form’s file');
  assert.equal(await removeHeldUpload(db.pool, council.id, form, ids[0]!), true);
  assert.equal(await removeHeldUpload(db.pool, council.id, form, ids[0]!), false);
  assert.ok((await hold(form, 'photo 6.png', PNG)).ok);
  assert.equal((await heldUploads(db.pool, council.id, form)).length, 5);
});

test('three sent at once to a form holding four: one is held, five in all', async () => {
  const form = session();
  for (let i = 0; i < 4; i += 1) assert.ok((await hold(form, 'a.png', PNG)).ok);
  const results = await Promise.all([hold(form, 'b.png', PNG), hold(form, 'c.png', PNG), hold(form, 'd.png', PNG)]);
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.equal(await heldRowCount(form), 5);
});

test('with the daemon stopped, a file is refused as scanner_unavailable and never held unscanned', async () => {
  const own = await startClamd();
  const form = session();
  const withOwn = (content: Buffer) => holdPublicUpload(db.pool, clamdScanner(own.address, { timeoutMs: 2000 }), { councilId: council.id, sessionId: form, filename: 'f.pdf', content }, NOW);
  assert.ok((await withOwn(PDF)).ok);
  await own.stop();
  assert.deepEqual(await withOwn(PDF), { ok: false, reason: 'scanner_unavailable' });
  assert.equal(await heldRowCount(form), 1);
});

async function newContact(): Promise<number> {
  const { id } = await logContact(db, council.id, {
    kind: 'complaint', channel: 'web_form', receivedOn: '2025-06-02', summary: 'The bins were not collected.',
    complainant: { fullName: 'Gwen Jones', email: 'gwen@example.test' },
  }, actor, '2025-06-02');
  return id;
}

test('on confirmation the held files become evidence on the case, with their events, in the caller’s transaction', async () => {
  const form = session();
  const pdf = await hold(form, 'letter.pdf', PDF);
  const png = await hold(form, 'bin.png', PNG);
  assert.ok(pdf.ok && png.ok);
  const contactId = await newContact();
  const attached = await inTransaction(db, (client) => attachHeldUploads(client, council.id, form, contactId, actor));
  assert.equal(attached, 2);
  const documents = await listCaseDocuments(db.pool, council.id, contactId);
  assert.deepEqual(documents.map((d) => [d.filename, d.mediaType, d.kind, d.uploadedBy]).reverse(), [
    ['letter.pdf', 'application/pdf', 'evidence', 'resident (public web)'],
    ['bin.png', 'image/png', 'evidence', 'resident (public web)'],
  ]);
  assert.deepEqual((await loadCaseDocument(db.pool, council.id, contactId, documents.at(-1)!.id))!.content, PDF);
  const events = (await db.pool.query<{ type: string; on: string; origin: string }>(
    `SELECT type, occurred_on::text AS on, origin FROM case_event WHERE council_id = $1 AND contact_id = $2 AND type = 'document_added' ORDER BY id`,
    [council.id, contactId])).rows;
  assert.deepEqual(events.map((e) => [e.type, e.on, e.origin]), [
    ['document_added', '2025-06-02', 'public web 203.0.113.9'], ['document_added', '2025-06-02', 'public web 203.0.113.9'],
  ]);
  assert.equal(await heldRowCount(form), 0, 'held no longer');
  assert.equal(await inTransaction(db, (client) => attachHeldUploads(client, council.id, form, contactId, actor)), 0, 'a second confirmation attaches nothing');
});

test('a confirmation rolled back leaves no documents and the files still held', async () => {
  const form = session();
  assert.ok((await hold(form, 'letter.pdf', PDF)).ok);
  const contactId = await newContact();
  await assert.rejects(inTransaction(db, async (client) => {
    assert.equal(await attachHeldUploads(client, council.id, form, contactId, actor), 1);
    throw new Error('the contact could not be logged');
  }), /could not be logged/);
  assert.deepEqual(await listCaseDocuments(db.pool, council.id, contactId), []);
  assert.equal(await heldRowCount(form), 1);
});

test('files of abandoned forms are removed; recent ones stay', async () => {
  // Dated long ago, so the sweep here touches no other test file's forms on a shared server.
  const old = session();
  const recent = session();
  assert.ok((await hold(old, 'a.png', PNG, new Date('2001-03-01T08:00:00Z'))).ok);
  assert.ok((await hold(old, 'b.png', PNG, new Date('2001-03-01T09:00:00Z'))).ok);
  assert.ok((await hold(recent, 'c.png', PNG, new Date('2001-03-02T09:30:00Z'))).ok);
  assert.equal(await removeAbandonedUploads(db.pool, new Date('2001-03-02T09:00:00Z')), 2);
  assert.equal(await heldRowCount(old), 0);
  assert.equal(await heldRowCount(recent), 1);
});
