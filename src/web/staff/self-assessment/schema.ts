import { z } from 'zod';
import { CODE_KEYS, MEASURE_KEYS } from '../../../selfAssessment/provisions.ts';
import { COMPLIANCE } from '../../../selfAssessment/selfAssessment.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);
const reportingYear = z.string().regex(/^\d{4}\/\d{2}$/, 'is not a reporting year like 2024/25')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'is not a reporting year like 2024/25');

/** Which assessment: the reporting year and the code (both optional: the last full year, the LGSCO's code). */
export const assessmentQuery = z.object({
  year: z.preprocess(blank, reportingYear.optional()),
  code: z.preprocess(blank, z.enum(CODE_KEYS).optional()),
}).strict();

export const provisionParams = z.object({ number: z.string().regex(/^\d{1,2}\.\d{1,2}$/) });
export const measureParams = z.object({ key: z.enum(MEASURE_KEYS) });
export const reportParams = z.object({ format: z.enum(['html', 'docx', 'pdf', 'json']) });

const text = (max: number, message: string) => z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(max, message));

/** The council's view of one provision. */
export const provisionForm = z.object({
  compliance: z.preprocess(blank, z.enum(COMPLIANCE, { message: 'selfAssessment.errors.compliance' }).optional()),
  evidence: text(5000, 'selfAssessment.errors.evidenceTooLong'),
  actions: text(5000, 'selfAssessment.errors.actionsTooLong'),
});

/** The governing body's response (its date is read with readDate). */
export const responseForm = z.object({
  governingBody: text(200, 'selfAssessment.errors.governingBodyTooLong'),
  response: text(10000, 'selfAssessment.errors.responseTooLong'),
});
