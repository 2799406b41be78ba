import { z } from 'zod';
import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { divisionOf, type Nation } from '../domain/calendar/bankHolidays.ts';
import { computeDue } from '../domain/calendar/deadlines.ts';
import { CHANNELS, COMPLAINANT_GROUPS, CONTACT_FLAGS, CONTACT_KINDS, PROCEDURE_CODES } from '../domain/cases/vocabulary.ts';
import { isIsoDate, type IsoDate } from '../domain/dates.ts';
import type { Timescale } from '../domain/procedures/types.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import type { Language } from '../messages/templates.ts';

export const LANGUAGES = ['en', 'cy'] as const satisfies readonly Language[];
export const CONTACT_BY = ['email', 'post'] as const;

const isoDate = z.string().refine(isIsoDate, 'Enter a real date, for example 27 3 2024');
const optionalText = z.string().trim().max(5000).optional().transform((v) => (v ? v : undefined));

const person = z.object({
  fullName: z.string().trim().min(1, 'Enter the person’s full name').max(200),
  email: z.string().trim().email('Enter an email address in the correct format, like name@example.com').optional(),
  phone: optionalText,
  address: optionalText,
  reasonableAdjustments: optionalText,
  /** A managed limit on how the person may contact the council (unreasonable behaviour policy), and when it is reviewed. */
  contactRestriction: optionalText,
  contactRestrictionReviewOn: isoDate.optional(),
  /** How they want to hear from the council (issue 8): in which language, by email or post, in large print. */
  language: z.enum(LANGUAGES).default('en'),
  /** Absent: by email when there is an email address, otherwise by post. */
  contactBy: z.enum(CONTACT_BY).optional(),
  largePrint: z.boolean().default(false),
}).superRefine((p, ctx) => {
  if (p.contactBy === 'email' && !p.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter an email address, or send letters and emails by post' });
}).transform((p) => ({ ...p, contactBy: p.contactBy ?? (p.email ? 'email' as const : 'post' as const) }));

/** A contact as it is logged: from a form, the API or another system. */
export const newContactSchema = z.object({
  kind: z.enum(CONTACT_KINDS, { error: 'Select what kind of contact this is' }),
  channel: z.enum(CHANNELS, { error: 'Select how the contact was made' }),
  receivedOn: isoDate,
  procedure: z.enum(PROCEDURE_CODES).optional(),
  /** The team, service or directorate it is about: the finest known. */
  orgUnitId: z.number().int().positive().optional(),
  workspaceId: z.number().int().positive().optional(),
  categoryId: z.number().int().positive().optional(),
  complainantGroup: z.enum(COMPLAINANT_GROUPS).optional(),
  summary: z.string().trim().min(1, 'Enter what the contact is about').max(20000),
  complainant: person.optional(),
  representative: person.optional(),
  flags: z.array(z.enum(CONTACT_FLAGS)).default([]),
  /** The language the contact was made in when it is not the person's own choice to make (a public form: the page's language). */
  language: z.enum(LANGUAGES).optional(),
});
export type NewContact = z.input<typeof newContactSchema>;

/** The language the contact is handled in: the complainant's, or their representative's when no one is named. */
export const contactLanguage = (c: Pick<z.output<typeof newContactSchema>, 'complainant' | 'representative'> & { language?: Language | undefined }): Language =>
  c.language ?? c.complainant?.language ?? c.representative?.language ?? 'en';

/** Bad input, field by field, for a GOV.UK error summary or a 400 response. */
export class ContactValidationError extends Error {
  constructor(readonly errors: { field: string; message: string }[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'ContactValidationError';
  }
}

async function nextReference(db: Queryable, councilId: number, slug: string, receivedOn: IsoDate, startsOn: string): Promise<string> {
  const year = Number(receivedOn.slice(0, 4)) - (receivedOn.slice(5) < startsOn ? 1 : 0);
  const prefix = `${slug.replace(/[^a-z]/g, '').slice(0, 3).toUpperCase()}${String(year % 100).padStart(2, '0')}`;
  // An imported history may already use a number: skip past any reference that exists.
  for (;;) {
    const { rows } = await db.query<{ last_number: number }>(
      `INSERT INTO reference_counter (council_id, prefix, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (council_id, prefix) DO UPDATE SET last_number = reference_counter.last_number + 1
       RETURNING last_number`,
      [councilId, prefix],
    );
    const reference = `${prefix}-${String(rows[0]!.last_number).padStart(6, '0')}`;
    const taken = await db.query('SELECT 1 FROM contact WHERE council_id = $1 AND reference = $2', [councilId, reference]);
    if (taken.rows.length === 0) return reference;
  }
}

async function insertPerson(db: Queryable, councilId: number, p: z.output<typeof person> | undefined): Promise<number | null> {
  if (!p) return null;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO person (council_id, full_name, email, phone, address, reasonable_adjustments, contact_restriction, contact_restriction_review_on,
                         language, contact_by, large_print)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [councilId, p.fullName, p.email ?? null, p.phone ?? null, p.address ?? null, p.reasonableAdjustments ?? null,
      p.contactRestriction ?? null, p.contactRestriction ? (p.contactRestrictionReviewOn ?? null) : null, p.language, p.contactBy, p.largePrint],
  );
  return rows[0]!.id;
}

/**
 * Logs a contact from any channel. A complaint starts its lifecycle here (status logged,
 * awaiting triage); an MP or councillor enquiry gets its response target. One transaction.
 */
export async function logContact(db: Database, councilId: number, input: unknown, actor: Actor, today: IsoDate): Promise<{ id: number; reference: string }> {
  const c = validContact(input, today);
  return inTransaction(db, (client) => insertContact(client, councilId, c, actor));
}

/**
 * The same, inside the caller's transaction (a resident's form: the contact and its
 * attachments land together or not at all).
 */
export async function logContactWith(client: Queryable, councilId: number, input: unknown, actor: Actor, today: IsoDate): Promise<{ id: number; reference: string }> {
  return insertContact(client, councilId, validContact(input, today), actor);
}

function validContact(input: unknown, today: IsoDate): z.output<typeof newContactSchema> {
  const parsed = newContactSchema.safeParse(input);
  if (!parsed.success) {
    throw new ContactValidationError(parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'contact', message: i.message })));
  }
  const c = parsed.data;
  if (c.receivedOn > today) throw new ContactValidationError([{ field: 'receivedOn', message: 'The date received must be today or in the past' }]);
  return c;
}

async function insertContact(client: Queryable, councilId: number, c: z.output<typeof newContactSchema>, actor: Actor): Promise<{ id: number; reference: string }> {
  const council = await client.query<{ slug: string; nation: Nation; reporting_year_starts: string; enquiry_target: Timescale }>(
    'SELECT slug, nation, reporting_year_starts, enquiry_target FROM council WHERE id = $1',
    [councilId],
  );
  const k = council.rows[0];
  if (!k) throw new Error(`There is no council ${councilId}`);
  const reference = await nextReference(client, councilId, k.slug, c.receivedOn, k.reporting_year_starts);
  const complainantId = await insertPerson(client, councilId, c.complainant);
  const representativeId = await insertPerson(client, councilId, c.representative);
  const procedure = c.procedure ?? (c.kind === 'complaint' || c.kind === 'compliment' || c.kind === 'comment' ? 'corporate' : null);
  const enquiry = c.kind === 'mp_enquiry' || c.kind === 'councillor_enquiry';
  const due = enquiry ? computeDue(await currentCalendar(client, divisionOf(k.nation)), k.enquiry_target, c.receivedOn, 'received') : null;
  let inserted;
  try {
    inserted = await client.query<{ id: number }>(
      `INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, complainant_id, representative_id,
                            complainant_group, org_unit_id, workspace_id, category_id, summary, flags,
                            response_due_on, response_due_basis, language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
      [
        councilId, reference, c.kind, c.channel, c.receivedOn, procedure, complainantId, representativeId, c.complainantGroup ?? null,
        c.orgUnitId ?? null, c.workspaceId ?? null, c.categoryId ?? null, c.summary,
        c.flags, due?.due ?? null, due ? JSON.stringify(due) : null, contactLanguage(c),
      ],
    );
  } catch (error) {
    // A foreign key names an organisation unit, workspace or category of another council, or none.
    if ((error as { code?: string }).code === '23503') {
      throw new ContactValidationError([{ field: 'organisation', message: 'Select a directorate, service, team, workspace and category from this council’s lists' }]);
    }
    throw error;
  }
  const id = inserted.rows[0]!.id;
  if (c.kind === 'complaint') {
    await client.query(
      `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
       SELECT $1, $2, id, 'logged' FROM council_procedure WHERE council_id = $1 AND code = $3 AND retired_on IS NULL`,
      [councilId, id, procedure],
    );
  }
  await writeCaseEvent(client, {
    councilId, contactId: id, type: 'logged', on: c.receivedOn, data: { kind: c.kind, channel: c.channel, responseDue: due?.due ?? null },
  }, actor);
  return { id, reference };
}
