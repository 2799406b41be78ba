/**
 * Issue 10's "done when": anonymising a year's closed cases leaves that year's report
 * identical, figure for figure, and removes every name from the database.
 *
 * A generated demo history (the ordinary importer, remedies and learning actions through the
 * services) is given people — a complainant on every case, a representative on some — and
 * personal text everywhere a case can hold it: summaries, notes, heads of complaint,
 * remedies, reasons, documents, messages, events. Then every closed case received in
 * 2023/24 is anonymised with the clock past its retention period.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildAnnualReport } from '../../src/reports/annualReport.ts';
import { reportOptionsFor } from '../../src/reports/reportSettings.ts';
import { renderJson } from '../../src/reports/render/json.ts';
import { PRESETS } from '../../src/reports/layout.ts';
import { seedDemoCouncil } from '../../src/demo/seedDemo.ts';
import { inTransaction } from '../../src/db/database.ts';
import { systemActor } from '../../src/events/actor.ts';
import { addCaseNote } from '../../src/casework/notes.ts';
import { anonymiseCase, ANONYMISED_NAME } from '../../src/retention/anonymise.ts';
import { dueSummary, defaultPolicy } from '../../src/retention/rules.ts';
import { retentionFacts } from '../../src/retention/retentionStore.ts';
import { engineName, useTestDatabase } from '../support/testDatabase.ts';

const TODAY = '2026-11-29';
const YEAR = '2023/24';
const LATER = '2040-01-01';
const db = await useTestDatabase();
const actor = systemActor('retention test');

test(`anonymising a year's closed cases leaves its report identical and no name of theirs anywhere (${engineName()})`, { timeout: 600_000 }, async () => {
  const council = (await seedDemoCouncil(db, TODAY, 240, { slug: `retention-${randomUUID().slice(0, 8)}` }))!;
  const c = council.id;
  const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);

  // People: a complainant on every case; every fifth has a representative too. Their names
  // are unusual enough that a scan finds nothing else.
  await q(
    `WITH made AS (
       INSERT INTO person (council_id, full_name, email, phone, address, reasonable_adjustments, contact_restriction)
       SELECT $1, 'Perpetua Vandersloot-' || id || 'Q', 'perpetua.' || id || '@example.org', '07700 9' || lpad(id::text, 5, '0'),
              'No.' || id || ' Quillfeather Lane, Harrowdene', 'Large print for Perpetua Vandersloot-' || id || 'Q', NULL
         FROM contact WHERE council_id = $1
       RETURNING id, full_name
     )
     UPDATE contact c SET complainant_id = made.id,
            summary = coalesce(c.summary, '') || ' — raised by ' || made.full_name,
            route_reason = CASE WHEN c.route IS NOT NULL THEN 'Spoke to ' || made.full_name END
       FROM made WHERE c.council_id = $1 AND made.full_name = 'Perpetua Vandersloot-' || c.id || 'Q'`,
    [c],
  );
  await q(
    `WITH made AS (
       INSERT INTO person (council_id, full_name, email) SELECT $1, 'Ambrose Tiddlesworth-' || id || 'Q', 'ambrose.' || id || '@example.net'
         FROM contact WHERE council_id = $1 AND id % 5 = 0 RETURNING id, full_name
     )
     UPDATE contact c SET representative_id = made.id FROM made WHERE c.council_id = $1 AND made.full_name = 'Ambrose Tiddlesworth-' || c.id || 'Q'`,
    [c],
  );
  // Text that names them wherever a case holds text.
  const name = (alias: string) => `(SELECT full_name FROM person p JOIN contact k ON k.council_id = p.council_id AND p.id = k.complainant_id WHERE k.council_id = ${alias}.council_id AND k.id = ${alias}.contact_id)`;
  await q(`UPDATE complaint_element e SET summary = e.summary || ' for ' || (SELECT full_name FROM person p JOIN contact k ON p.council_id = k.council_id AND p.id = k.complainant_id JOIN complaint_stage s ON s.council_id = k.council_id AND s.contact_id = k.id WHERE s.council_id = e.council_id AND s.id = e.stage_id) WHERE e.council_id = $1`, [c]);
  await q(`UPDATE remedy r SET description = 'Apology to ' || ${name('r')} WHERE r.council_id = $1 AND r.contact_id IS NOT NULL`, [c]);
  await q(`UPDATE learning_action l SET description = l.description || ' (as ' || ${name('l')} || ' showed)' WHERE l.council_id = $1 AND l.contact_id IS NOT NULL`, [c]);
  await q(`UPDATE complaint_stage s SET refusal_reason = 'Told ' || ${name('s')} WHERE s.council_id = $1 AND s.decision = 'refused'`, [c]);
  await q(`UPDATE case_event e SET data = data || jsonb_build_object('name', ${name('e')}, 'caller', ${name('e')}) WHERE e.council_id = $1`, [c]);
  await q(
    `INSERT INTO case_document (council_id, contact_id, filename, media_type, size_bytes, sha256, kind, description, content, uploaded_by)
     SELECT k.council_id, k.id, p.full_name || '.txt', 'text/plain', octet_length(convert_to('Letter to ' || p.full_name, 'UTF8')), repeat('a', 64), 'letter_to_complainant',
            'Letter to ' || p.full_name, convert_to('Letter to ' || p.full_name, 'UTF8'), 'Officer Olu'
       FROM contact k JOIN person p ON p.council_id = k.council_id AND p.id = k.complainant_id WHERE k.council_id = $1 AND k.id % 3 = 0`,
    [c],
  );
  await q(
    `INSERT INTO message (council_id, contact_id, template, audience, channel, recipient_name, recipient_address, language, subject, body, status, queued_at)
     SELECT k.council_id, k.id, 'acknowledged', 'resident', 'email', p.full_name, p.email, 'en', 'Your complaint, ' || p.full_name, 'Dear ' || p.full_name || ', we have your complaint.', 'sent', now()
       FROM contact k JOIN person p ON p.council_id = k.council_id AND p.id = k.complainant_id WHERE k.council_id = $1 AND k.id % 2 = 0`,
    [c],
  );
  const { rows: some } = await q(`SELECT k.id, p.full_name FROM contact k JOIN person p ON p.council_id = k.council_id AND p.id = k.complainant_id WHERE k.council_id = $1 AND k.id % 7 = 0`, [c]);
  for (const r of some) await addCaseNote(db, { councilId: c, contactId: r.id, text: `${r.full_name} rang about it`, on: TODAY }, actor);

  const reports = async () => {
    const out: Record<string, string> = {};
    const options = await reportOptionsFor(db.pool, c, YEAR);
    out.council = renderJson(await buildAnnualReport(db.pool, c, options, TODAY));
    for (const layout of PRESETS) out[layout] = renderJson(await buildAnnualReport(db.pool, c, { ...options, layout }, TODAY));
    return out;
  };
  const before = await reports();

  // Every closed case received in the year, due once the clock is past its period.
  const { rows: year } = await q(`SELECT id FROM contact WHERE council_id = $1 AND reporting_year(received_on, '04-01') = $2`, [c, YEAR]);
  const inYear = new Set(year.map((r) => r.id as number));
  const { dueIds } = dueSummary(await retentionFacts(db.pool, c), defaultPolicy(), LATER);
  const chosen = dueIds.filter((id) => inYear.has(id));
  assert.ok(chosen.length > 150, `${chosen.length} of the year's ${inYear.size} cases are closed and due`);
  for (const id of chosen) {
    const done = await inTransaction(db, (client) => anonymiseCase(client, c, id, actor, LATER, new Date()));
    assert.ok(done, `case ${id} anonymised`);
  }

  const after = await reports();
  for (const layout of Object.keys(before)) assert.equal(after[layout], before[layout], `the ${layout} report, figure for figure`);

  // The people of those cases: none of their names, emails, phones or addresses is left in any column of any table.
  const { rows: gone } = await q(
    `SELECT p.id FROM person p JOIN contact k ON k.council_id = p.council_id AND p.id IN (k.complainant_id, k.representative_id)
      WHERE k.council_id = $1 AND k.id = ANY($2) GROUP BY p.id`,
    [c, chosen],
  );
  const needles = chosen.flatMap((id) => [`Vandersloot-${id}Q`, `perpetua.${id}@`, `07700 9${String(id).padStart(5, '0')}`, `No.${id} Quillfeather`])
    .concat(chosen.filter((id) => id % 5 === 0).flatMap((id) => [`Tiddlesworth-${id}Q`, `ambrose.${id}@`]));
  const found = await scanEverything(needles, c);
  assert.deepEqual(found, [], 'no trace of an anonymised case\'s people');
  const { rows: people } = await q(`SELECT DISTINCT full_name FROM person WHERE council_id = $1 AND id = ANY($2)`, [c, gone.map((r) => r.id)]);
  assert.deepEqual(people.map((r) => r.full_name), [ANONYMISED_NAME]);

  // Cases not anonymised (the year's open ones, those with a remedy owed, and other years') keep their people.
  const kept = (await q('SELECT id FROM contact WHERE council_id = $1 AND NOT (id = ANY($2)) ORDER BY id LIMIT 1', [c, chosen])).rows[0]!.id as number;
  const { rows: still } = await q(`SELECT p.full_name FROM person p JOIN contact k ON k.council_id = p.council_id AND p.id = k.complainant_id WHERE k.council_id = $1 AND k.id = $2`, [c, kept]);
  assert.equal(still[0]?.full_name, `Perpetua Vandersloot-${kept}Q`);
  assert.notDeepEqual(await scanEverything([`Vandersloot-${kept}Q`], c), [], 'the scan finds a name that is still held');
  const { rows: events } = await q(`SELECT count(*)::int AS n FROM case_event WHERE council_id = $1 AND type = 'anonymised' AND contact_id = ANY($2)`, [c, chosen]);
  assert.equal(events[0].n, chosen.length, 'each anonymisation is on its case\'s timeline');
});

/**
 * Every text, JSON and binary column of every table in the public schema, searched for each
 * needle: in this council's rows where a table has a council (on a shared server the other
 * files' councils are not this test's business, and scanning them took minutes), in every row
 * where it has none. A cheap pattern of the needles' shared stems picks the rows worth searching.
 */
async function scanEverything(needles: string[], councilId: number): Promise<string[]> {
  const { rows: columns } = await db.pool.query<{ table_name: string; column_name: string; data_type: string; has_council: boolean }>(
    `SELECT c.table_name, c.column_name, c.data_type,
            EXISTS (SELECT 1 FROM information_schema.columns k WHERE k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = 'council_id') AS has_council
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY')`,
  );
  const stems = 'Vandersloot-|perpetua\\.|07700 9|Quillfeather|Tiddlesworth-|ambrose\\.';
  const found: string[] = [];
  for (const col of columns) {
    const value = col.data_type === 'bytea' ? `encode(x."${col.column_name}", 'escape')` : `x."${col.column_name}"::text`;
    const { rows } = await db.pool.query<{ needle: string }>(
      `SELECT n.needle FROM (SELECT ${value} AS v FROM "${col.table_name}" x
                               WHERE ${col.has_council ? 'x.council_id = $2 AND' : '$2::bigint IS NOT NULL AND'} ${value} ~ $3) m
         JOIN unnest($1::text[]) AS n(needle) ON strpos(m.v, n.needle) > 0 LIMIT 3`,
      [needles, councilId, stems],
    );
    for (const r of rows) found.push(`${col.table_name}.${col.column_name}: ${r.needle}`);
  }
  return found;
}
