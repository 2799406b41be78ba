import { z } from 'zod';
import { RECORD_KINDS, MAX_RETENTION_YEARS, type RecordKind } from '../../../retention/rules.ts';
import { MAX_HOLD_REASON } from '../../../retention/legalHold.ts';
import { fieldErrors, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';

/** The policy form: one whole number of years per kind, each checked on its own so every mistake shows. */
export function readPolicyForm(body: Record<string, unknown>): { ok: true; data: Record<RecordKind, number>; automatic: boolean } | { ok: false; form: FormErrors } {
  const problems: { field: string; message: string }[] = [];
  const data = {} as Record<RecordKind, number>;
  const automatic = body.automatic === 'yes';
  if (body.automatic !== 'yes' && body.automatic !== 'no') problems.push({ field: 'automatic', message: t('retention.policy.errors.automatic') });
  for (const kind of RECORD_KINDS) {
    const raw = typeof body[kind] === 'string' ? (body[kind] as string).trim() : '';
    const years = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(years >= 1 && years <= MAX_RETENTION_YEARS)) problems.push({ field: kind, message: t('retention.policy.errors.years', { kind: t(`retention.kinds.${kind}`).toLowerCase() }) });
    else data[kind] = years;
  }
  return problems.length ? { ok: false, form: fieldErrors(problems) } : { ok: true, data, automatic };
}

export const caseParams = z.object({ reference: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/) });

export const holdForm = z.object({
  version: z.coerce.number().int().nonnegative().optional(),
  reason: z.string().trim().min(1, 'retention.hold.errors.reason').max(MAX_HOLD_REASON, 'retention.hold.errors.tooLong'),
});

export const liftForm = z.object({ version: z.coerce.number().int().nonnegative().optional() });

export const searchForm = z.object({
  name: z.string().trim().max(200).default(''),
  email: z.string().trim().max(320).default(''),
}).refine((s) => s.name !== '' || s.email !== '', { message: 'retention.subjectAccess.errors.search', path: ['name'] });

export const exportForm = z.object({ person: z.coerce.number({ error: 'retention.subjectAccess.errors.person' }).int().positive('retention.subjectAccess.errors.person') });
