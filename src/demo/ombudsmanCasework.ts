import type { Database } from '../db/database.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import {
  addRecommendation, recordCommentsSent, recordCompliance, recordDraftDecision, recordEnquiry, recordFinalDecision, recordInformationSent,
  requestInformation, startInvestigation,
} from '../ombudsman/ombudsmanCasework.ts';

/**
 * A few LGSCO cases worked step by step on the demo council's recent complaints, each at a
 * different step, so /ombudsman has something in every tab: just received, awaiting the
 * council's information (late), a draft decision with comments due, and one decided with
 * recommendations complied on time, late, and still due. Dates count back from `today`.
 * Returns how many were recorded (fewer if the history has too few answered complaints).
 */
export async function seedOmbudsmanCasework(db: Database, councilId: number, today: IsoDate, actor: Actor): Promise<number> {
  const { rows } = await db.pool.query<{ reference: string }>(
    `SELECT c.reference FROM contact c
       JOIN complaint_stage s ON s.council_id = c.council_id AND s.contact_id = c.id
      WHERE c.council_id = $1 AND c.kind = 'complaint' AND s.responded_on < $2::date - 210 AND c.duplicate_of_id IS NULL
      ORDER BY s.responded_on DESC, c.reference LIMIT 4`,
    [councilId, today]);
  const day = (n: number) => addDays(today, n);
  const at = { actor, today };
  const enquiry = (i: number, receivedOn: IsoDate) =>
    recordEnquiry(db, councilId, { body: 'lgsco', ombudsmanReference: `${today.slice(2, 4)} 900 ${String(i + 1).padStart(3, '0')}`, receivedOn, councilReference: rows[i]!.reference }, at);
  const steps: ((i: number) => Promise<void>)[] = [
    async (i) => {
      await enquiry(i, day(-5));
    },
    async (i) => {
      const id = await enquiry(i, day(-40));
      await requestInformation(db, councilId, id, { requestedOn: day(-38), what: 'The complaint file, both response letters and the case notes', dueOn: day(-3) }, at);
    },
    async (i) => {
      const id = await enquiry(i, day(-90));
      const request = await requestInformation(db, councilId, id, { requestedOn: day(-88), what: 'The stage 2 investigation report', dueOn: day(-60) }, at);
      await recordInformationSent(db, councilId, id, request, { sentOn: day(-62), documentsSent: 'Stage 2 report and its appendices' }, at);
      await startInvestigation(db, councilId, id, { startedOn: day(-50) }, at);
      await recordDraftDecision(db, councilId, id, { draftOn: day(-10), commentsDueOn: day(4) }, at);
    },
    async (i) => {
      const id = await enquiry(i, day(-200));
      await startInvestigation(db, councilId, id, { startedOn: day(-170) }, at);
      await recordDraftDecision(db, councilId, id, { draftOn: day(-120), commentsDueOn: day(-106) }, at);
      await recordCommentsSent(db, councilId, id, { sentOn: day(-108) }, at);
      await recordFinalDecision(db, councilId, id, { decidedOn: day(-95), findings: [{ code: 'fault_and_injustice' }, { code: 'no_fault' }] }, at);
      const apology = await addRecommendation(db, councilId, id, { kind: 'apology', description: 'Apologise in writing', dueOn: day(-65) }, at);
      const payment = await addRecommendation(db, councilId, id, { kind: 'financial_redress', description: 'Pay £250 for the distress caused', amount: 250, dueOn: day(-65) }, at);
      await addRecommendation(db, councilId, id, { kind: 'procedure_change', description: 'Review how the service records its visits', dueOn: day(20) }, at);
      await recordCompliance(db, councilId, id, apology, { compliedOn: day(-70), evidence: 'Copy of the letter sent to the Ombudsman' }, at);
      await recordCompliance(db, councilId, id, payment, { compliedOn: day(-55), evidence: 'Payment record sent to the Ombudsman' }, at);
    },
  ];
  const n = Math.min(rows.length, steps.length);
  for (let i = 0; i < n; i += 1) await steps[i]!(i);
  return n;
}
