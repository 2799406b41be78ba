import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { multipartBody } from '../../staff/case/caseTestSupport.ts';
import { createApp } from '../../app.ts';
import type { VirusScanner } from '../../../uploads/virusScan.ts';
import { resident } from './residentClient.ts';

/**
 * Residents' complaints, compliments and comments on the public pages: one question a page,
 * errors that keep what was typed, in English and Welsh; nothing written until they confirm,
 * one contact however often they confirm; what the staff then see and who is told.
 */

const db = await useTestDatabase();
const now = new Date('2026-11-30T10:00:00Z');
// A scanner stands in for ClamAV here (the real daemon is in test/uploads and the browser test): it finds the word VIRUS.
const scanner: VirusScanner = { scan: async (content) => (content.includes('VIRUS') ? { clean: false, virus: 'Test.Virus' } : { clean: true }) };
const app = await createApp({ db, clock: { now: () => now }, virusScanner: scanner });
const plainApp = await createApp({ db, clock: { now: () => now } });

const council = await newTestCouncil(db, { nation: 'wales' });
const insert = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ id: string }>(sql, params)).rows[0]!.id);
const unit = (kind: string, name: string, parent: number | null) =>
  insert('INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent]);
const place = await unit('directorate', 'Place', null);
const waste = await unit('service', 'Waste', place);
const children = await unit('directorate', 'Children and Families', null);
const childCare = await unit('service', 'Children’s Social Care', children);
const bins = await insert('INSERT INTO workspace (council_id, name, name_cy, org_unit_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, 'Bins and recycling', 'Biniau ac ailgylchu', waste]);
const parking = await insert('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Parking', place]);
const social = await insert('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Help for children and families', childCare]);
await insert('INSERT INTO workspace (council_id, name, offered_to_residents) VALUES ($1, $2, false) RETURNING id', [council.id, 'Internal audit']);
await db.pool.query(`INSERT INTO council_procedure (council_id, code, definition, adopted_on)
  SELECT $1, 'children_statutory', definition, adopted_on FROM council_procedure WHERE council_id = $1 AND code = 'corporate'
  ON CONFLICT DO NOTHING`, [council.id]).catch(() => undefined);
const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Olive Officer' });
const admin = await addTestStaff(db, council.id, ['complaints_administrator'], { name: 'Ada Admin', maySeeRestricted: true });
const placeOnly = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Pat Place', directorates: [place] });
await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivan Investigator' });

const root = `/public/${council.slug}`;
const contacts = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM contact WHERE council_id = $1', [council.id])).rows[0]!.n);
let addressCount = 0;
const newResident = (a = app) => resident(a, `198.51.100.${++addressCount}`);

/** Answers a complaint for oneself up to check your answers. */
async function complaintToCheck(r: ReturnType<typeof resident>, details: Record<string, string> = {}) {
  await r.get(`${root}/complaint`);
  const steps: [string, Record<string, string>][] = [
    ['complaint', { who: 'myself' }],
    ['complaint/service', { service: String(bins) }],
    ['complaint/what-happened', { what: 'My bin was not emptied for three weeks.' }],
    ['complaint/put-right', { putRight: 'Empty it and say sorry.' }],
    ['complaint/attachments', { action: 'continue' }],
    ['complaint/your-details', { fullName: 'Rhian Resident', email: 'rhian@example.test', phone: '', address: '1 High Street\nTownton', ...details }],
    ['complaint/how-to-contact-you', { contactBy: 'email' }],
    ['complaint/adjustments', { hasAdjustments: 'yes', largePrint: 'yes', adjustments: '' }],
  ];
  for (const [path, form] of steps) {
    if (path === 'complaint/attachments') {
      const page = await r.get(`${root}/${path}`);
      const body = multipartBody({ _csrf: r.token, action: 'continue' }, null);
      const sent = await r.postMultipart(`${root}/${path}`, body.payload, body.contentType);
      assert.equal(sent.statusCode, 303, `${path}: ${page.statusCode} ${sent.body.slice(0, 300)}`);
      continue;
    }
    await r.get(`${root}/${path}`);
    const sent = await r.post(`${root}/${path}`, form);
    assert.equal(sent.statusCode, 303, `${path}: ${sent.body.slice(0, 2000)}`);
  }
  const check = await r.get(`${root}/complaint/check`);
  assert.equal(check.statusCode, 200);
  return check;
}

test('a complaint, one question a page, is written only when confirmed, and shows its reference', async () => {
  const r = newResident();
  const before = await contacts();
  const check = await complaintToCheck(r);
  assert.match(check.body, /Check your answers before sending/);
  assert.match(check.body, /My bin was not emptied for three weeks\./);
  assert.match(check.body, /Bins and recycling/);
  assert.match(check.body, /Large print/);
  assert.match(check.body, new RegExp(`href="${root}/complaint/service\\?from=check"`));
  assert.equal(await contacts(), before, 'nothing written before the resident confirms');
  const sent = await r.post(`${root}/complaint/check`, {});
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `${root}/complaint/confirmation`);
  const done = await r.get(`${root}/complaint/confirmation`);
  const reference = /govuk-panel__body">[\s\S]*?<strong>([A-Z]{3}\d{2}-\d{6})<\/strong>/.exec(done.body)?.[1];
  assert.ok(reference, done.body);
  assert.match(done.body, /rhian@example\.test/);
  assert.equal(await contacts(), before + 1);
});
