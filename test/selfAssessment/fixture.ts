import type { StageRecord } from '../../src/selfAssessment/measures.ts';

/**
 * Thirteen stages of nine complaints whose figures were counted by hand (measures.test.ts says
 * the counts). May 2024: Wednesday 1st; bank holidays Monday 6th and Monday 27th, as in the
 * shipped England and Wales calendar, so the same rows give the same figures from the database.
 */
let id = 0;
function stage(reference: string, s: Partial<StageRecord> & { stage: number; receivedOn: string }): StageRecord {
  return {
    contactId: ++id, reference, requestedOn: null, decision: null, openedOn: s.stage === 1 ? s.receivedOn : null, acknowledgedOn: null,
    respondedOn: null, dueOn: null, extendedTo: [], outcome: null, withdrawn: false, ...s,
  };
}

export const FIXTURE: StageRecord[] = [
  // A: acknowledged in 4 wd (2, 3, 7, 8 May: the 6th is a bank holiday) — met; answered 22 May, exactly 10 wd after — met.
  stage('A', { stage: 1, receivedOn: '2024-05-01', acknowledgedOn: '2024-05-08', respondedOn: '2024-05-22', outcome: 'upheld' }),
  // A at stage 2: asked 23 May; acknowledged 31 May = 5 wd (24, 28, 29, 30, 31; the 27th a holiday) — met; answered 28 June = 20 wd after — met.
  stage('A', { stage: 2, receivedOn: '2024-05-01', requestedOn: '2024-05-23', decision: 'accepted', openedOn: '2024-05-24', acknowledgedOn: '2024-05-31', respondedOn: '2024-06-28', outcome: 'not_upheld' }),
  // B: acknowledged 9 May = 5 wd (6 calendar-counted weekdays, less the holiday) — met; answered 24 May = 11 wd — not met.
  stage('B', { stage: 1, receivedOn: '2024-05-01', acknowledgedOn: '2024-05-09', respondedOn: '2024-05-24', outcome: 'not_upheld' }),
  // B's escalation refused — a request not accepted; never opened, so no stage 2 timings.
  stage('B', { stage: 2, receivedOn: '2024-05-01', requestedOn: '2024-05-28', decision: 'refused' }),
  // C: acknowledged 10 May = 6 wd — not met; due 24 May, extended to 7 June = 9 wd more — within 10; answered 5 June = 17 wd after acknowledging — not met.
  stage('C', { stage: 1, receivedOn: '2024-05-01', acknowledgedOn: '2024-05-10', dueOn: '2024-05-24', extendedTo: ['2024-06-07'], respondedOn: '2024-06-05', outcome: 'partially_upheld' }),
  // C at stage 2: asked 10 June; acknowledged 18 June = 6 wd — not met; due 16 July, extended to 13 Aug = 20 wd — within 20; answered 13 Aug = 40 wd — not met.
  stage('C', { stage: 2, receivedOn: '2024-05-01', requestedOn: '2024-06-10', decision: 'accepted', openedOn: '2024-06-10', acknowledgedOn: '2024-06-18', dueOn: '2024-07-16', extendedTo: ['2024-08-13'], respondedOn: '2024-08-13', outcome: 'upheld' }),
  // D: no acknowledgement recorded, answered 17 May = 4 wd: the answer acknowledges it — met, and answered in time — met.
  stage('D', { stage: 1, receivedOn: '2024-05-13', respondedOn: '2024-05-17', outcome: 'not_upheld' }),
  // D asks for stage 2 on the year's last day, not yet decided — pending.
  stage('D', { stage: 2, receivedOn: '2024-05-13', requestedOn: '2025-03-31' }),
  // E: never acknowledged nor answered, long past both deadlines — not met twice.
  stage('E', { stage: 1, receivedOn: '2024-05-13' }),
  // F: acknowledged next day — met; due 18 June, extended twice, last to 19 July = 23 wd — beyond 10; answered 19 July — not met.
  stage('F', { stage: 1, receivedOn: '2024-06-03', acknowledgedOn: '2024-06-04', dueOn: '2024-06-18', extendedTo: ['2024-06-28', '2024-07-19'], respondedOn: '2024-07-19', outcome: 'upheld' }),
  // G: withdrawn before anything was sent — nothing to measure.
  stage('G', { stage: 1, receivedOn: '2024-05-01', withdrawn: true }),
  // H: received in the year before — not this year's.
  stage('H', { stage: 1, receivedOn: '2024-03-28', acknowledgedOn: '2024-04-10', respondedOn: '2024-04-30' }),
  // I: received on the year's last day, 3 wd ago, not acknowledged — pending for both.
  stage('I', { stage: 1, receivedOn: '2025-03-31' }),
];


/**
 * Writes the fixture as a council's corporate (or housing) complaints, the way the case
 * records hold them: a contact, its complaint, its stages and their extensions. Complaints
 * whose reference is in `unitOf` point at that organisation unit (for scope).
 */
export async function writeFixture(
  db: { pool: { query: (sql: string, params?: unknown[]) => Promise<{ rows: { id: number }[] }> } },
  councilId: number,
  options: { procedure?: 'corporate' | 'housing'; unitOf?: Record<string, number> } = {},
): Promise<Map<string, number>> {
  const procedure = options.procedure ?? 'corporate';
  const q = async (sql: string, params: unknown[]) => (await db.pool.query(sql, params)).rows[0]?.id;
  const procedureId = await q('SELECT id FROM council_procedure WHERE council_id = $1 AND code = $2 AND retired_on IS NULL', [councilId, procedure]);
  const contacts = new Map<string, number>();
  for (const r of FIXTURE) {
    let contactId = contacts.get(r.reference);
    if (contactId === undefined) {
      contactId = await q(
        `INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, route, triaged_on, org_unit_id)
         VALUES ($1, $2, 'complaint', 'email', $3, $4, 'formal', $3, $5) RETURNING id`,
        [councilId, `SA-${r.reference}`, r.receivedOn, procedure, options.unitOf?.[r.reference] ?? null]);
      await q('INSERT INTO complaint (council_id, contact_id, procedure_id, status, withdrawn_on) VALUES ($1, $2, $3, $4, $5)',
        [councilId, contactId, procedureId, r.withdrawn ? 'withdrawn' : 'closed', r.withdrawn ? '2024-05-02' : null]);
      contacts.set(r.reference, contactId!);
    }
    const stageId = await q(
      `INSERT INTO complaint_stage (council_id, contact_id, stage, requested_on, decision, decided_on, opened_on, acknowledged_on, due_on, extended_to, responded_on, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [councilId, contactId, r.stage, r.requestedOn, r.decision, r.decision ? r.requestedOn : null, r.openedOn, r.acknowledgedOn, r.dueOn,
        r.extendedTo.at(-1) ?? null, r.respondedOn, r.outcome]);
    for (const to of r.extendedTo) {
      await q('INSERT INTO stage_extension (council_id, stage_id, extended_to, reason, agreed_on) VALUES ($1, $2, $3, $4, $5)',
        [councilId, stageId, to, 'More time needed to investigate', r.dueOn]);
    }
  }
  return contacts;
}
