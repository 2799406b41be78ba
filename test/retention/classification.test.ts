import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_TREATMENT } from '../../src/retention/classification.ts';
import { engineName, useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();

test(`every text, JSON and binary column is classified for retention: cleared when a case is anonymised, or kept with a reason (${engineName()})`, async () => {
  const { rows } = await db.pool.query<{ name: string }>(
    `SELECT c.table_name || '.' || c.column_name AS name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY', 'USER-DEFINED', 'xml')
      ORDER BY 1`,
  );
  const inSchema = rows.map((r) => r.name);
  const unclassified = inSchema.filter((n) => !(n in COLUMN_TREATMENT));
  assert.deepEqual(unclassified, [], 'add these to src/retention/classification.ts (and clear them in anonymise.ts if a person could be in them)');
  const gone = Object.keys(COLUMN_TREATMENT).filter((n) => !inSchema.includes(n));
  assert.deepEqual(gone, [], 'these columns are no longer in the schema');
});
