import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTransaction, openDatabase, type Database } from '../../src/db/database.ts';
import { engineName, useTestDatabase } from '../support/testDatabase.ts';

// A failed query is a clear error and nothing more: the connection, the pool and the
// work that follows carry on. PostgreSQL has always behaved so; the embedded engine must too.
const db = await useTestDatabase();
const DIVISION_BY_ZERO = '22012';
const UNIQUE_VIOLATION = '23505';

function sqlState(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

async function assertStillAnswers(database: Database) {
  const { rows } = await database.pool.query<{ x: number }>('SELECT 1 AS x');
  assert.deepEqual(rows, [{ x: 1 }]);
}

test(`after a failed query the same pool answers the next one (${engineName()})`, async () => {
  await assert.rejects(db.pool.query('SELECT 1/0'), (error) => sqlState(error) === DIVISION_BY_ZERO);
  await assertStillAnswers(db);
  // The extended protocol (a parameterised query, as the app sends them) the same.
  await assert.rejects(db.pool.query('SELECT $1::int / 0', [7]), (error) => sqlState(error) === DIVISION_BY_ZERO);
  const { rows } = await db.pool.query<{ x: number }>('SELECT $1::int AS x', [7]);
  assert.deepEqual(rows, [{ x: 7 }]);
});

test('an error inside a transaction: ROLLBACK succeeds and the client stays usable', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await assert.rejects(client.query('SELECT $1::int / 0', [1]), (error) => sqlState(error) === DIVISION_BY_ZERO);
    // PostgreSQL refuses further statements in the aborted transaction, and says so.
    await assert.rejects(client.query('SELECT 1'), (error) => sqlState(error) === '25P02');
    await client.query('ROLLBACK');
    const { rows } = await client.query<{ x: number }>('SELECT $1::int AS x', [2]);
    assert.deepEqual(rows, [{ x: 2 }]);
  } finally {
    client.release();
  }
  await assertStillAnswers(db);
});

test('a unique violation in a transaction rolls it all back and nothing is written', async () => {
  const table = `errors_probe_${randomUUID().slice(0, 8)}`;
  await db.pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY)`);
  try {
    await assert.rejects(
      inTransaction(db, async (client) => {
        await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, ['a']);
        await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, ['b']);
        await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, ['a']);
      }),
      (error) => sqlState(error) === UNIQUE_VIOLATION,
    );
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    assert.deepEqual(rows, [{ n: 0 }]);
    // And the next transaction writes normally.
    await inTransaction(db, (client) => client.query(`INSERT INTO ${table} (id) VALUES ($1)`, ['c']));
    const after = await db.pool.query<{ id: string }>(`SELECT id FROM ${table}`);
    assert.deepEqual(after.rows, [{ id: 'c' }]);
  } finally {
    await db.pool.query(`DROP TABLE ${table}`);
  }
});

async function manyErrorsOnABusyPool(database: Database) {
  // 60 queries at once, one in three fails: every answer is the query's own, and every
  // error is its SQL error, never a dropped connection.
  const outcomes = await Promise.allSettled(
    Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? database.pool.query('SELECT $1::int / 0 AS x', [i])
        : database.pool.query<{ x: number }>('SELECT $1::int AS x', [i]),
    ),
  );
  outcomes.forEach((outcome, i) => {
    if (i % 3 === 0) {
      assert.equal(outcome.status, 'rejected', `query ${i} should fail`);
      assert.equal(sqlState((outcome as PromiseRejectedResult).reason), DIVISION_BY_ZERO, `query ${i}: ${(outcome as PromiseRejectedResult).reason}`);
    } else {
      assert.equal(outcome.status, 'fulfilled', `query ${i}: ${(outcome as PromiseRejectedResult).reason}`);
      assert.deepEqual((outcome as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows, [{ x: i }]);
    }
  });
  // Several errors in a row, one after the other.
  for (let i = 0; i < 10; i++) {
    await assert.rejects(database.pool.query('SELECT 1/0'), (error) => sqlState(error) === DIVISION_BY_ZERO);
  }
  await assertStillAnswers(database);
}

test('many errors on a busy pool, in a row and concurrently, leave it working', async () => {
  await manyErrorsOnABusyPool(db);
});

test('the embedded engine on a data directory (Unix socket) carries on after errors', { skip: process.env.DATABASE_URL ? 'about the embedded database only' : false }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-errors-'));
  try {
    const onDisk = await openDatabase({ dataDir });
    try {
      await manyErrorsOnABusyPool(onDisk);
    } finally {
      await onDisk.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
