import { z } from 'zod';
import { isTemplateKey, type TemplateKey } from '../../../messages/templates.ts';

/** A message's settings page: /settings/messages/<template key> (a key from templates.ts, nothing else). */
export const templateParams = z.object({
  template: z.string().max(40).refine(isTemplateKey).transform((v) => v as TemplateKey),
});

/** Which button sent the wording form. */
export const wordingAction = z.enum(['save', 'preview']).catch('save');
