import type { Queryable } from '../db/database.ts';
import type { Nation } from '../domain/calendar/bankHolidays.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { ProcedureCode, ProcedureDefinition } from '../domain/procedures/types.ts';
import type { PersonToWrite } from './residentRecipient.ts';
import type { Language } from './templates.ts';

/** What a case's messages say about it, read in the transaction that changed it (so as it now stands). */
export interface CaseForMessages {
  reference: string;
  kind: string;
  receivedOn: IsoDate;
  language: Language;
  councilName: string;
  nation: Nation;
  procedureCode: ProcedureCode | null;
  /** The complaint's procedure; else the one in force for the contact's procedure code; null for neither. */
  procedure: ProcedureDefinition | null;
  complainant: PersonToWrite | null;
  representative: PersonToWrite | null;
  /** The stage the event happened to, when it names one. */
  stage: { number: number; due: IsoDate | null; respondedOn: IsoDate | null } | null;
  /** The case's newest event: the one just written, as the case row is locked until commit. */
  latestEventId: number;
}

const PERSON = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object(
  'fullName', ${alias}.full_name, 'email', ${alias}.email, 'address', ${alias}.address, 'language', ${alias}.language,
  'contactBy', ${alias}.contact_by, 'largePrint', ${alias}.large_print) END`;

export async function caseForMessages(db: Queryable, councilId: number, contactId: number, stage: number | null): Promise<CaseForMessages | null> {
  const { rows } = await db.query<CaseForMessages & { stage_number: number | null; due: IsoDate | null; responded_on: IsoDate | null }>(
    `SELECT c.reference, c.kind, c.received_on AS "receivedOn", c.language, k.name AS "councilName", k.nation,
            c.procedure_code AS "procedureCode", coalesce(p.definition, p_code.definition) AS procedure,
            ${PERSON('cp')} AS complainant, ${PERSON('rp')} AS representative,
            s.stage AS stage_number, coalesce(s.extended_to, s.due_on) AS due, s.responded_on,
            (SELECT max(e.id) FROM case_event e WHERE e.council_id = c.council_id AND e.contact_id = c.id) AS "latestEventId"
       FROM contact c
       JOIN council k ON k.id = c.council_id
       LEFT JOIN person cp ON cp.council_id = c.council_id AND cp.id = c.complainant_id
       LEFT JOIN person rp ON rp.council_id = c.council_id AND rp.id = c.representative_id
       LEFT JOIN complaint m ON m.council_id = c.council_id AND m.contact_id = c.id
       LEFT JOIN council_procedure p ON p.council_id = m.council_id AND p.id = m.procedure_id
       LEFT JOIN council_procedure p_code ON p_code.council_id = c.council_id AND p_code.code = c.procedure_code AND p_code.retired_on IS NULL
       LEFT JOIN complaint_stage s ON s.council_id = c.council_id AND s.contact_id = c.id AND s.stage = $3
      WHERE c.council_id = $1 AND c.id = $2`,
    [councilId, contactId, stage],
  );
  const row = rows[0];
  if (!row) return null;
  const { stage_number, due, responded_on, ...facts } = row;
  return {
    ...facts,
    latestEventId: Number(facts.latestEventId),
    stage: stage_number === null ? null : { number: stage_number, due, respondedOn: responded_on },
  };
}

/** The investigating officer a stage is allocated to, with the account they sign in with (when they have one). */
export interface OfficerToWrite {
  name: string;
  email: string;
  accountId: number | null;
}

export async function officerForMessages(db: Queryable, councilId: number, staffMemberId: number): Promise<OfficerToWrite | null> {
  const { rows } = await db.query<OfficerToWrite>(
    `SELECT s.name, s.email,
            (SELECT min(m.account_id) FROM council_membership m WHERE m.council_id = s.council_id AND m.staff_member_id = s.id) AS "accountId"
       FROM staff_member s WHERE s.council_id = $1 AND s.id = $2`,
    [councilId, staffMemberId],
  );
  const row = rows[0];
  return row ? { ...row, accountId: row.accountId === null ? null : Number(row.accountId) } : null;
}
