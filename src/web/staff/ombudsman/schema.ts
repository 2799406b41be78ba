import { z } from 'zod';
import { OMBUDSMAN_BODIES } from '../../../domain/cases/vocabulary.ts';
import { OMBUDSMAN_TABS } from '../../../ombudsman/ombudsmanCaseQueries.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);

/** The list's address: a tab, an Ombudsman and a reporting year (codes, nothing personal). */
export const listQuery = z.object({
  tab: z.preprocess(blank, z.enum(OMBUDSMAN_TABS).default('open')),
  body: z.preprocess(blank, z.enum(OMBUDSMAN_BODIES).optional()),
  year: z.preprocess(blank, z.string().regex(/^\d{4}\/\d{2}$/).optional()),
}).strict();

const id = z.string().regex(/^\d{1,15}$/).transform(Number);

/** A case's address is its number; a request or recommendation's, its number on the case. */
export const caseParams = z.object({ id }).strict();
export const requestParams = z.object({ id, requestId: id }).strict();
export const recommendationParams = z.object({ id, recommendationId: id }).strict();

/** A council complaint's reference as typed (references are not personal). */
export const COMPLAINT_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
