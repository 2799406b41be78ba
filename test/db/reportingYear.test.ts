import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();

test('reporting_year() in SQL: 1 April starts the year, and other starts work too', async () => {
  const cases: [string, string, string][] = [
    ['2024-03-31', '04-01', '2023/24'], ['2024-04-01', '04-01', '2024/25'], ['2023-12-31', '04-01', '2023/24'],
    ['2024-01-01', '01-01', '2024/25'], ['2023-12-31', '01-01', '2023/24'], ['2099-06-01', '04-01', '2099/00'],
    ['2000-02-29', '03-01', '1999/00'], ['2024-09-01', '09-01', '2024/25'], ['2024-08-31', '09-01', '2023/24'],
  ];
  for (const [date, starts, year] of cases) {
    const { rows } = await db.pool.query<{ y: string }>('SELECT reporting_year($1::date, $2) AS y', [date, starts]);
    assert.equal(rows[0]!.y, year, `${date} with years starting ${starts}`);
  }
  const { rows } = await db.pool.query<{ y: string | null }>('SELECT reporting_year(NULL::date, $1) AS y', ['04-01']);
  assert.equal(rows[0]!.y, null);
});
