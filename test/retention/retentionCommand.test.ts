import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logContact } from '../../src/contacts/logContact.ts';
import { systemActor } from '../../src/events/actor.ts';
import { main } from '../../src/cli/main.ts';
import { dailyRetention, retentionCommand } from '../../src/retention/retentionCommand.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();
const now = new Date('2026-11-30T10:00:00Z');

test(`redress retention run: a dry run says what is due, a run does it (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  await logContact(db, council.id, { kind: 'comment', channel: 'email', receivedOn: '2019-01-01', summary: 'A comment' }, systemActor('test'), '2019-01-01');
  assert.equal(await retentionCommand(db, council, { today: '2026-11-30', now, dryRun: true }), `${council.name}: 1 case due for anonymisation (1 comment). Nothing was changed (--dry-run).`);
  assert.equal(await retentionCommand(db, council, { today: '2026-11-30', now, dryRun: false }), `${council.name}: anonymised 1 of 1 case due (1 comment), and 0 people no other case needs.`);
});

test(`the daily pass runs a council once a day (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  await logContact(db, council.id, { kind: 'comment', channel: 'email', receivedOn: '2019-01-01', summary: 'Another' }, systemActor('test'), '2019-01-01');
  await dailyRetention(db, now, '2026-11-30', { councilIds: [council.id] });
  const runs = async () => (await db.pool.query('SELECT anonymised FROM retention_run WHERE council_id = $1 ORDER BY id', [council.id])).rows.map((r) => r.anonymised);
  assert.deepEqual(await runs(), [], 'nothing until the council switches the daily pass on');
  await db.pool.query('UPDATE council SET retention_automatic = true WHERE id = $1', [council.id]);
  await dailyRetention(db, now, '2026-11-30', { councilIds: [council.id] });
  assert.deepEqual(await runs(), [1]);
  await dailyRetention(db, new Date(now.getTime() + 3600_000), '2026-11-30', { councilIds: [council.id] });
  assert.deepEqual(await runs(), [1], 'not again within the day');
  await dailyRetention(db, new Date(now.getTime() + 25 * 3600_000), '2026-12-01', { councilIds: [council.id] });
  assert.deepEqual(await runs(), [1, 0]);
});

test(`a backlog is worked through a batch a sweep, not all in one (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  for (const on of ['2018-01-01', '2018-02-01', '2018-03-01']) await logContact(db, council.id, { kind: 'comment', channel: 'email', receivedOn: on, summary: 'Old' }, systemActor('test'), on);
  await db.pool.query('UPDATE council SET retention_automatic = true WHERE id = $1', [council.id]);
  const runs = async () => (await db.pool.query('SELECT due, anonymised FROM retention_run WHERE council_id = $1 ORDER BY id', [council.id])).rows.map((r) => [r.due, r.anonymised]);
  await dailyRetention(db, now, '2026-11-30', { batch: 2, councilIds: [council.id] });
  assert.deepEqual(await runs(), [[3, 2]]);
  await dailyRetention(db, new Date(now.getTime() + 60_000), '2026-11-30', { batch: 2, councilIds: [council.id] });
  assert.deepEqual(await runs(), [[3, 2], [1, 1]], 'carried on at the next sweep');
  await dailyRetention(db, new Date(now.getTime() + 120_000), '2026-11-30', { batch: 2, councilIds: [council.id] });
  assert.deepEqual(await runs(), [[3, 2], [1, 1]], 'then done for the day');
});

test('redress retention without "run" is a usage mistake (status 2)', async () => {
  const write = process.stderr.write;
  let said = '';
  process.stderr.write = ((chunk: string | Uint8Array) => { said += String(chunk); return true; }) as typeof process.stderr.write;
  const original = console.error;
  console.error = (...line: unknown[]) => { said += line.join(' '); };
  try {
    assert.equal(await main(['retention']), 2);
  } finally {
    process.stderr.write = write;
    console.error = original;
  }
  assert.match(said, /redress retention run/);
});
