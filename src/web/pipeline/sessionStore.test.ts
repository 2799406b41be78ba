import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Session } from 'fastify';
import { useTestDatabase } from '../../../test/support/testDatabase.ts';
import { PgSessionStore, RESIDENT_IDLE_MINUTES } from './sessionStore.ts';
import { createAccount } from '../../accounts/accountRepository.ts';

/** A resident's half-written form waits longer than a member of staff's idle session. */

const db = await useTestDatabase();
let now = new Date('2026-11-30T10:00:00Z');
const store = new PgSessionStore(db.pool, { now: () => now });
const get = (id: string) => new Promise<Session | null | undefined>((resolve, reject) => store.get(id, (e, s) => (e ? reject(e) : resolve(s))));
const set = (id: string, s: object) => new Promise<void>((resolve, reject) => store.set(id, s as Session, (e) => (e ? reject(e) : resolve())));
const later = (minutes: number) => { now = new Date(now.getTime() + minutes * 60_000); };

test('a session with nobody signed in (a resident writing a complaint) lasts two hours idle; a signed-in one 30 minutes', async () => {
  const resident = randomUUID();
  await set(resident, { answers: { what: 'The bin was not emptied.' } });
  const staff = randomUUID();
  const accountId = await createAccount(db.pool, { email: `idle-${randomUUID().slice(0, 8)}@example.test`, displayName: 'Idle Officer', passwordHash: null });
  await set(staff, { accountId, councilId: 1 });
  later(31);
  assert.equal(await get(staff), null, 'staff: signed out after 30 idle minutes');
  assert.deepEqual(await get(resident), { answers: { what: 'The bin was not emptied.' } }, 'a resident after 31 minutes: the answers are kept');
  later(RESIDENT_IDLE_MINUTES - 1);
  assert.ok(await get(resident), 'read again just before two idle hours: still there (each read moves the timeout on)');
  later(RESIDENT_IDLE_MINUTES + 1);
  assert.equal(await get(resident), null, 'after two idle hours: gone');
});
