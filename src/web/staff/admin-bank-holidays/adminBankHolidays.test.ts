import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil, engineName } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, csrfTokenIn, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { currentCalendar } from '../../../councils/calendarStore.ts';
import { loadBankHolidays } from '../../../councils/calendarChange.ts';
import { diffHolidays, readHolidayList } from '../../../councils/bankHolidayUpload.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { actOnComplaint } from '../../../complaints/complaintActions.ts';
import { systemActor } from '../../../events/actor.ts';

/** Bank holidays: upload a list (GOV.UK JSON or CSV), see what changes and how many open deadlines move, then use it. */

const db = await useTestDatabase();
const now = new Date('2026-12-01T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });
type Client = Awaited<ReturnType<typeof signedIn>>;

async function upload(client: Client, filename: string, content: string) {
  const page = await client.get('/admin/bank-holidays');
  const boundary = `----redress${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfTokenIn(page.body)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await app.inject({ method: 'POST', url: '/admin/bank-holidays', payload, headers: { cookie: client.jar.header, 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' } });
  client.jar.take(response.headers['set-cookie']);
  return response;
}

test('a CSV list is read row by row: ISO or UK dates, an optional header, every problem by row; GOV.UK JSON by division', () => {
  const ok = readHolidayList(Buffer.from('date,title\n2026-12-25,Christmas Day\n28/12/2026,Boxing Day (substitute day)\n'), 'england-and-wales');
  assert.deepEqual(ok, { ok: true, holidays: [{ date: '2026-12-25', title: 'Christmas Day' }, { date: '2026-12-28', title: 'Boxing Day (substitute day)' }] });
  const bad = readHolidayList(Buffer.from('2026-12-25,Christmas Day\n2026-02-30,Nonsense\n2026-12-26,\n2026-12-25,Again\n'), 'england-and-wales');
  assert.ok(!bad.ok);
  assert.deepEqual(bad.problems.map((p) => p.message), [
    'Row 2: "2026-02-30" is not a date written YYYY-MM-DD or DD/MM/YYYY',
    'Row 3: enter the bank holiday’s name after the date',
    'Row 4: 2026-12-25 is already on row 1',
  ]);
  const json = readHolidayList(Buffer.from(JSON.stringify({
    'england-and-wales': { division: 'england-and-wales', events: [{ title: 'A', date: '2026-01-01' }] },
    scotland: { division: 'scotland', events: [{ title: 'B', date: '2026-01-02' }] },
    'northern-ireland': { division: 'northern-ireland', events: [] },
  })), 'scotland');
  assert.deepEqual(json, { ok: true, holidays: [{ date: '2026-01-02', title: 'B' }] });
  const broken = readHolidayList(Buffer.from('{"england-and-wales": {}}'), 'scotland');
  assert.ok(!broken.ok && /missing|events/.test(broken.problems[0]!.message));
  assert.deepEqual(diffHolidays(new Map([['2026-01-01', 'A'], ['2026-05-04', 'May']]), [{ date: '2026-01-01', title: 'New Year' }, { date: '2026-12-29', title: 'X' }]), {
    added: [{ date: '2026-12-29', title: 'X' }], removed: [{ date: '2026-05-04', title: 'May' }], renamed: [{ date: '2026-01-01', from: 'A', to: 'New Year' }],
  });
});

test(`a bad row changes nothing and is shown; a good list is previewed with the deadlines that move, then used, audited (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const client = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  const before = await currentCalendar(db.pool, 'england-and-wales');
  const csv = (extra: string) => ['date,title', ...[...before.holidays].map(([d, title]) => `${d},"${title.replace(/"/g, '""')}"`), extra].join('\n');

  const page = await client.get('/admin/bank-holidays');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /England and Wales/);
  assert.match(page.body, /2026-12-25/);

  const refused = await upload(client, 'holidays.csv', csv('2026-13-29,Royal occasion'));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Nothing was changed: fix the file/);
  assert.match(refused.body, new RegExp(`Row ${before.holidays.size + 2}: &quot;2026-13-29&quot; is not a date`));
  assert.equal((await currentCalendar(db.pool, 'england-and-wales')).version, before.version);

  // An open complaint acknowledged Mon 14 Dec 2026: due Wed 30 Dec; a new holiday on 29 Dec moves it to the 31st.
  const { reference } = await logContact(db, council.id, { kind: 'complaint', channel: 'web_form', receivedOn: '2026-12-14', summary: 'Potholes' }, systemActor('officer'), '2026-12-31');
  for (const a of [{ type: 'triage', on: '2026-12-14', route: 'formal' }, { type: 'open_stage', on: '2026-12-14' }, { type: 'acknowledge', on: '2026-12-14' }] as const) {
    await actOnComplaint(db, council.id, reference, a as Parameters<typeof actOnComplaint>[3], systemActor('officer'), '2026-12-31');
  }
  const due = async () => (await db.pool.query<{ due_on: string }>('SELECT s.due_on::text AS due_on FROM complaint_stage s WHERE s.council_id = $1', [council.id])).rows[0]!.due_on;
  assert.equal(await due(), '2026-12-30');

  try {
    const checked = await upload(client, 'holidays.csv', csv('29/12/2026,Bank holiday for a royal occasion'));
    assert.equal(checked.statusCode, 303);
    assert.equal(checked.headers.location, '/admin/bank-holidays/check');
    const preview = await client.get('/admin/bank-holidays/check');
    assert.match(preview.body, /1 day added/);
    assert.match(preview.body, /2026-12-29/);
    assert.match(preview.body, /Bank holiday for a royal occasion/);
    assert.match(preview.body, /id="moved-here">1 open deadline at your council will move/);
    assert.equal(await due(), '2026-12-30', 'the preview moved nothing');
    assert.equal((await currentCalendar(db.pool, 'england-and-wales')).version, before.version);

    assert.equal((await client.post('/admin/bank-holidays/confirm', {})).statusCode, 303);
    assert.match((await client.get('/admin/bank-holidays')).body, /The new bank holidays are in force. 1 open deadline at your council moved/);
    assert.equal(await due(), '2026-12-31');
    assert.ok((await currentCalendar(db.pool, 'england-and-wales')).holidays.has('2026-12-29'));
    const audit = await db.pool.query(`SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [council.id]);
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0].detail.codes.setting, 'bank_holidays');
    assert.equal(audit.rows[0].detail.numbers.deadlinesMovedHere, 1);
    assert.equal((await client.post('/admin/bank-holidays/confirm', {})).statusCode, 303, 'nothing held any more: back to the page');
  } finally {
    // The list is shared by every test council: put the one in force back.
    const restore = Object.fromEntries((['england-and-wales', 'scotland', 'northern-ireland'] as const).map((d) => [d, { division: d, events: d === 'england-and-wales' ? [...before.holidays].map(([date, title]) => ({ date, title })) : [] }]));
    await loadBankHolidays(db, restore, 'test restore', '2026-12-01', systemActor('test'), { divisions: ['england-and-wales'] });
  }
});

test('only administrators', async () => {
  const council = await newTestCouncil(db);
  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  assert.equal((await officer.get('/admin/bank-holidays')).statusCode, 403);
  assert.equal((await officer.post('/admin/bank-holidays/confirm', {})).statusCode, 403);
});
