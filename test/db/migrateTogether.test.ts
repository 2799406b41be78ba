import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * Several processes starting together on a new server database (app instances, workers, the
 * test files of a CI run) each migrate it: every one succeeds, and the schema is made once.
 * The embedded engine admits one process, so this is the server's test.
 */
test('processes migrating a new server database at the same moment all succeed', { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL' }, async () => {
  const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  const name = `redress_together_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  await admin.pool.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const starts = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: url.href })));
  try {
    const results = await Promise.allSettled(starts.map((db) => migrate(db)));
    assert.deepEqual(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')), ['ok', 'ok', 'ok', 'ok']);
    const applied = results.map((r) => (r as PromiseFulfilledResult<string[]>).value.length);
    assert.equal(applied.filter((n) => n > 0).length, 1, 'one of them applied the migrations');
    const { rows } = await starts[0]!.pool.query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'redress_jobs'");
    assert.equal(rows[0].n, 1);
  } finally {
    await Promise.all(starts.map((db) => db.close()));
    await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
});
