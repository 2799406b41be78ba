import { z } from 'zod';
import { OMBUDSMAN_BODIES } from '../../../domain/cases/vocabulary.ts';
import { isReportingYear } from '../../../reports/annualReport.ts';

/** Query strings and forms of the Ombudsman's published data pages, parsed before anything reads them. */

const year = z.string().max(7).refine(isReportingYear, 'a reporting year like 2024/25');
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** /ombudsman/reconciliation?body=lgsco&year=2024/25 (both optional: the LGSCO and the newest year). */
export const reconciliationQuery = z.object({
  body: z.enum(OMBUDSMAN_BODIES).default('lgsco'),
  year: year.optional(),
}).strict();

/** /ombudsman/benchmarking?year=2023/24&group=3 */
export const benchmarkingQuery = z.object({
  body: z.enum(OMBUDSMAN_BODIES).default('lgsco'),
  year: year.optional(),
  group: id.optional(),
}).strict();

export const uploadParams = z.object({ id }).strict();
export const groupParams = z.object({ id }).strict();

const code = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/);

/** A comparison group's form: a name and the authorities ticked. */
export const groupForm = z.object({
  name: z.string().trim().min(1, 'ombudsmanReconciliation.groups.errors.nameMissing').max(100, 'ombudsmanReconciliation.groups.errors.nameTooLong'),
  members: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(code).min(1, 'ombudsmanReconciliation.groups.errors.membersMissing').max(500)),
});

/** Which authority in the data is the council. */
export const ownForm = z.object({ authority: code });
