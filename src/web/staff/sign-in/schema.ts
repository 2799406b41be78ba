import { z } from 'zod';

/** The sign-in form; messages are catalogue keys (locales/en.json). */
export const signInForm = z.object({
  email: z.string().trim().max(320).min(1, 'signIn.errors.emailMissing').email('signIn.errors.emailFormat'),
  password: z.string().max(1000).min(1, 'signIn.errors.passwordMissing'),
});

export const chooseCouncilForm = z.object({
  council: z.string().regex(/^\d{1,18}$/, 'chooseCouncil.error'),
});
