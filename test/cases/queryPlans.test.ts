import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Queryable } from '../../src/db/database.ts';
import { searchCases } from '../../src/cases/caseList.ts';
import { workQueues } from '../../src/cases/workQueues.ts';
import { inTransaction } from '../../src/db/database.ts';
import { useTestDatabase } from '../support/testDatabase.ts';
import { newOrg, scopeFor, type Org } from './caseFixtures.ts';

const db = await useTestDatabase();

/**
 * A council with a closed history (4,000 answered complaints and compliments, done actions)
 * and a little open work, analysed, so the planner chooses as it would on a real council.
 */
async function councilWithHistory(): Promise<Org> {
  const org = await newOrg(db);
  const c = org.councilId;
  await db.pool.query('INSERT INTO person (council_id, full_name) SELECT $1, $2 || n FROM generate_series(1, 4000) AS n', [c, 'Resident ']);
  // The n-th of the council's people by id, not min(id) + n - 1: other files on a shared
  // server insert people at the same moment, so the council's ids need not be consecutive.
  await db.pool.query(
    `WITH people AS (SELECT id, (row_number() OVER (ORDER BY id))::int AS n FROM person WHERE council_id = $1)
     INSERT INTO contact (council_id, reference, kind, received_on, procedure_code, route, org_unit_id, summary, complainant_id)
     SELECT $1, 'H-' || n, CASE WHEN n % 4 = 0 THEN 'compliment' ELSE 'complaint' END, DATE '2022-04-01' + (n % 1000),
            'corporate', CASE WHEN n % 4 = 0 THEN NULL WHEN n % 997 = 0 THEN NULL ELSE 'formal' END, $2, 'Bins missed ' || n,
            people.id
       FROM people`,
    [c, org.roadRepairs],
  );
  await db.pool.query(
    `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
     SELECT $1, x.id, p.id, CASE WHEN x.route IS NULL THEN 'logged' WHEN x.id % 50 = 0 THEN 'stage_open' WHEN x.id % 61 = 0 THEN 'escalation_requested' ELSE 'closed' END
       FROM contact x JOIN council_procedure p ON p.council_id = x.council_id AND p.code = 'corporate' AND p.retired_on IS NULL
      WHERE x.council_id = $1 AND x.kind = 'complaint'`,
    [c],
  );
  await db.pool.query(
    `INSERT INTO complaint_stage (council_id, contact_id, stage, opened_on, due_on, responded_on, outcome, investigating_officer_id)
     SELECT $1, k.contact_id, 1, x.received_on, x.received_on + 28, CASE WHEN k.status <> 'stage_open' THEN x.received_on + 20 END,
            CASE WHEN k.status <> 'stage_open' THEN 'upheld' END, CASE WHEN k.contact_id % 2 = 0 THEN $2::bigint ELSE $3::bigint END
       FROM complaint k JOIN contact x ON x.council_id = k.council_id AND x.id = k.contact_id
      WHERE k.council_id = $1 AND k.status <> 'logged'`,
    [c, org.officerA, org.officerB],
  );
  await db.pool.query(
    `INSERT INTO complaint_stage (council_id, contact_id, stage, requested_on)
     SELECT $1, k.contact_id, 2, DATE '2025-03-01' FROM complaint k WHERE k.council_id = $1 AND k.status = 'escalation_requested'`,
    [c],
  );
  for (const table of ['learning_action', 'remedy']) {
    await db.pool.query(
      `INSERT INTO ${table} (council_id, contact_id, ${table === 'remedy' ? 'kind' : 'owner'}, description, due_on, done_on)
       SELECT $1, x.id, ${table === 'remedy' ? "'apology'" : "'Head of service'"}, 'Do better', x.received_on + 60,
              CASE WHEN x.id % 40 <> 0 THEN x.received_on + 50 END
         FROM contact x WHERE x.council_id = $1 AND x.kind = 'complaint' AND x.id % 3 = 0`,
      [c],
    );
  }
  await db.pool.query('ANALYZE contact, complaint, complaint_stage, learning_action, remedy, person');
  return org;
}

/** Every statement a function sends, answered with no rows, to be EXPLAINed afterwards. */
function recorder() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const queryable = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      return { rows: [], rowCount: 0, command: 'SELECT', oid: 0, fields: [] };
    },
  } as unknown as Queryable;
  return { statements, queryable };
}

async function plans(statements: { sql: string; params: unknown[] }[]): Promise<string[]> {
  return inTransaction(db, async (client) => {
    await client.query('SET LOCAL enable_seqscan = off');
    const out: string[] = [];
    for (const s of statements) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params);
      out.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    return out;
  });
}

const SCAN_OF_HISTORY = /Seq Scan on (contact|complaint_stage|complaint|learning_action|remedy)\b/;

const org = await councilWithHistory();

test('every work queue reads an index on open work, never a scan of contact or complaint_stage', async () => {
  for (const scope of [scopeFor(org, { staffMemberId: org.officerA }), scopeFor(org, { units: org.placeUnits, staffMemberId: org.officerA, roles: ['investigating_officer'] })]) {
    const { statements, queryable } = recorder();
    await workQueues(queryable, scope, { today: '2025-03-10', dueBy: '2025-03-17' });
    assert.equal(statements.length, 7);
    const found = await plans(statements);
    for (const [i, plan] of found.entries()) {
      assert.doesNotMatch(plan, SCAN_OF_HISTORY, plan);
      assert.match(plan, /Index (Only )?Scan|Bitmap Index Scan/, `statement ${i}`);
    }
    const joined = found.join('\n');
    // Open learning actions have two partial indexes (by due date; by owner, 027), and requests for
    // the next stage two (the stage asked for; the complaint's status): either is a read of open work.
    for (const index of ['complaint_logged', 'contact_untriaged', 'complaint_stage_open_officer', 'complaint_stage_open_due', '(complaint_stage_requested|complaint_escalation_requested)', 'learning_action_(undone|owner)', 'remedy_undone']) {
      assert.match(joined, new RegExp(`\\b${index}\\b`), index);
    }
  }
});

test('the default case-list page and a text search use indexes, never a scan of contact', async () => {
  const scope = scopeFor(org, { units: org.placeUnits });
  for (const query of [{}, { text: 'Hargreaves' }, { kind: ['complaint' as const], status: ['stage_open' as const] }]) {
    const { statements, queryable } = recorder();
    await searchCases(queryable, scope, query, '2025-03-10');
    const found = await plans(statements);
    for (const plan of found) assert.doesNotMatch(plan, /Seq Scan on (contact|complaint_stage)\b/, plan);
    if (Object.keys(query).length === 0) assert.match(found.join('\n'), /Index Scan Backward using contact_received_id/);
    // Whether a text search takes contact_search (GIN) or walks the newest first depends on how
    // rare the words are; at a million contacts it is checked by the benchmark (ADR 14).
  }
});
