import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useTestDatabase, newTestCouncil } from '../support/testDatabase.ts';
import { submitPublicContact } from '../../src/public/submitPublicContact.ts';
import type { PublicContactAnswers } from '../../src/public/publicContactAnswers.ts';
import { publicActor } from '../../src/events/actor.ts';

/** One form, one contact: the same form confirmed at the same moment (two app instances behind a load balancer) writes once. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const answers: PublicContactAnswers = {
  kind: 'comment', language: 'en', onBehalfOf: null, workspaceId: null, what: 'More benches in the park, please.', putRight: '',
  you: null, contactBy: null, adjustments: null,
};
const keyOf = (text: string) => createHash('sha256').update(text).digest('hex');
const now = new Date('2026-11-30T10:00:00Z');
const submit = (key: string) => submitPublicContact(db, council.id, answers, null, publicActor('203.0.113.9'), '2026-11-30', key, now);
const count = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contact WHERE council_id = $1', [council.id])).rows[0]!.n;

test('the same form confirmed twice at once makes one contact, and both confirmations show its reference', async () => {
  const key = keyOf('session-a\0comment\0{…}');
  const [first, second] = await Promise.all([submit(key), submit(key)]);
  assert.equal(first.reference, second.reference);
  assert.equal(await count(), 1);
  assert.equal((await submit(key)).reference, first.reference, 'confirmed again later: the same reference');
  assert.equal(await count(), 1);
});

test('another form (another session or other answers) is another contact', async () => {
  const before = await count();
  const other = await submit(keyOf('session-b\0comment\0{…}'));
  assert.equal(await count(), before + 1);
  assert.match(other.reference, /-\d{6}$/);
});

test("the periodic sweep clears a form's key after a week, and expired tracking links after a day", async () => {
  const { clearPublicLeftovers } = await import('../../src/public/housekeeping.ts');
  const key = keyOf('session-old\0comment\0{…}');
  const old = await submitPublicContact(db, council.id, answers, null, publicActor('203.0.113.9'), '2026-11-30', key, new Date('2001-01-01T10:00:00Z'));
  await db.pool.query(
    `INSERT INTO tracking_link (token_sha256, council_id, contact_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $4)`,
    [keyOf('old link'), council.id, old.id, new Date('2001-01-01T10:00:00Z')]);
  // A 'now' in 2001 too: files sharing a server database keep their own (later) rows.
  await clearPublicLeftovers(db, new Date('2001-01-09T10:00:00Z'));
  const left = await db.pool.query('SELECT 1 FROM public_submission WHERE council_id = $1 AND submission_key = $2 UNION ALL SELECT 1 FROM tracking_link WHERE token_sha256 = $3', [council.id, key, keyOf('old link')]);
  assert.equal(left.rows.length, 0);
});
