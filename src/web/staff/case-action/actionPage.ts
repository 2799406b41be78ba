import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { loadCaseFile, type CaseFile } from '../../../casework/caseFile.ts';
import { mayTake, type CaseAction } from '../../../domain/access/caseActions.ts';
import type { Scope } from '../../../domain/access/scope.ts';
import { londonDate, type IsoDate } from '../../../domain/dates.ts';
import { longDate } from '../../../domain/cases/lifecycle.ts';
import { ActionRefusedError } from '../../../complaints/actionRefused.ts';
import { ConcurrentChangeError } from '../../../events/concurrency.ts';
import { recordAccess } from '../../../events/audit.ts';
import type { Actor } from '../../../events/actor.ts';
import { actorOf } from '../../pipeline/context.ts';
import { badRequest, forbidden, notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, readDate, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';

/** What a page of an action knows: the case as the person may see it, who they are, and today. */
export interface PageContext {
  services: Services;
  request: FastifyRequest;
  caseFile: CaseFile;
  scope: Scope;
  today: IsoDate;
  /** The file sent with a multipart form (the response letter), read whole; null when none was chosen. */
  upload?: Upload | null;
}

export interface Upload {
  filename: string;
  bytes: Buffer;
  /** Cut at the size limit: too big to keep. */
  truncated: boolean;
}

/** What running an action needs beyond the page: who acts, and the version of the case the form was drawn from. */
export interface RunContext extends PageContext {
  actor: Actor;
  expectedVersion: number;
}

export type Read<T> = { ok: true; data: T } | { ok: false; form: FormErrors };

/**
 * One action on a case, as a page: GET shows the form, POST reads it, checks the action is
 * allowed, runs the service and goes back to the case with a success banner. Everything
 * else (not found, not allowed, refused by the lifecycle, changed meanwhile) is handled here.
 */
export interface ActionPage<T> {
  action: CaseAction;
  /** The page's address under /cases/<reference>/. */
  path: string;
  /** Where the form posts, under /cases/<reference>/ (the page's own address unless given). */
  postPath?: string;
  /** Another action already shows the page (a second form on it): register the POST only. */
  postOnly?: boolean;
  view: string;
  /** Catalogue key of the page's title. */
  title: string;
  /** What the page shows besides the form: facts about the case, lists to choose from. */
  context?: (c: PageContext) => Promise<Record<string, unknown>>;
  /** What the form starts with (dates default to today: dateValues()). */
  defaults?: (c: PageContext) => Record<string, string> | Promise<Record<string, string>>;
  read: (body: Record<string, unknown>, c: PageContext) => Read<T> | Promise<Read<T>>;
  /** Runs the service; returns the success banner's words. */
  run: (data: T, c: RunContext) => Promise<string>;
  /** The field a refusal from the lifecycle is shown against. */
  refusalField: string | ((message: string, data: T) => string);
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/** A date input's values for a date: { on-day, on-month, on-year }. */
export function dateValues(name: string, date: IsoDate | null): Record<string, string> {
  if (!date) return {};
  return { [`${name}-day`]: String(Number(date.slice(8, 10))), [`${name}-month`]: String(Number(date.slice(5, 7))), [`${name}-year`]: date.slice(0, 4) };
}

/** "3 March 2025", or the catalogue's "not set". */
export const dateText = (date: IsoDate | null | undefined) => (date ? longDate(date) : t('stageActions.facts.none'));

/**
 * A stage as the facts show it: "Stage 1 (local resolution)" when the procedure names it, but
 * "Stage 1" once when its name is only its number (not "Stage 1 (Stage 1)").
 */
export function stageLabel(number: number, name: string): string {
  const named = name.trim();
  if (!named) return t('stageActions.facts.stageOnly', { number });
  return new RegExp(`^stage ${number}\\b`, 'i').test(named) ? named : t('stageActions.facts.stageValue', { number, name: named });
}

/** Collects a form's errors field by field, in page order. */
export class Problems {
  readonly list: { field: string; message: string }[] = [];
  add(field: string, message: string) {
    this.list.push({ field, message });
  }
  /** A date input: the date, or null with the problem recorded. */
  date(body: Record<string, unknown>, name: string, label: string, options: Parameters<typeof readDate>[3]): IsoDate | null {
    const read = readDate(body, name, label, options);
    if (!read.ok) {
      this.add(name, read.message);
      return null;
    }
    return read.date;
  }
  /** Text typed in a field: trimmed, refused if blank (when required) or too long. */
  text(body: Record<string, unknown>, name: string, options: { required?: string; max?: number } = {}): string {
    const value = typeof body[name] === 'string' ? (body[name] as string).trim() : '';
    if (!value && options.required) this.add(name, options.required);
    else if (value.length > (options.max ?? 5000)) this.add(name, t('stageActions.errors.tooLong', { max: options.max ?? 5000 }));
    return value;
  }
  /** One of a list, or the problem. */
  choice<V extends string>(body: Record<string, unknown>, name: string, allowed: readonly V[], message: string): V | null {
    const value = body[name];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as V;
    this.add(name, message);
    return null;
  }
  result<T>(data: () => T): Read<T> {
    return this.list.length ? { ok: false, form: fieldErrors(this.list) } : { ok: true, data: data() };
  }
}

export function registerActionPage<T>(app: FastifyInstance, services: Services, page: ActionPage<T>): void {
  const url = `/cases/:reference/${page.path}`;

  async function load(request: FastifyRequest): Promise<PageContext> {
    const { reference } = request.params as { reference: string };
    if (!REFERENCE.test(reference)) throw notFound();
    const staff = request.staff;
    if (!staff) throw forbidden();
    const caseFile = await loadCaseFile(services.db.pool, staff.scope, reference);
    if (!caseFile) throw notFound();
    if (!mayTake(page.action, caseFile.forActions, staff.scope)) throw forbidden();
    return { services, request, caseFile, scope: staff.scope, today: londonDate(services.clock.now()) };
  }

  async function render(reply: FastifyReply, c: PageContext, values: Record<string, string>, form: FormErrors, status = 200) {
    const extra = page.context ? await page.context(c) : {};
    return reply.code(status).view(page.view, {
      title: t(page.title),
      caseFile: c.caseFile,
      reference: c.caseFile.reference,
      version: c.caseFile.version,
      today: c.today,
      caseHref: `/cases/${encodeURIComponent(c.caseFile.reference)}`,
      formAction: `/cases/${encodeURIComponent(c.caseFile.reference)}/${page.postPath ?? page.path}`,
      values,
      ...form,
      ...extra,
    });
  }

  if (!page.postOnly) {
    app.get(url, async (request, reply) => {
      const c = await load(request);
      await recordAccess(services.db.pool, actorOf(request), {
        councilId: c.scope.councilId, action: 'view_case', contactId: c.caseFile.contactId, detail: { codes: { page: page.path } },
      });
      const defaults = page.defaults ? await page.defaults(c) : {};
      return render(reply, c, defaults, noErrors());
    });
  }

  app.post(`/cases/:reference/${page.postPath ?? page.path}`, async (request, reply) => {
    const loaded = await load(request);
    const { body, upload } = formParts(request.body);
    const c: PageContext = { ...loaded, upload };
    const values = typedValues(body);
    const version = typeof body.version === 'string' && /^\d{1,12}$/.test(body.version) ? Number(body.version) : null;
    if (version === null) throw badRequest('the form does not say which version of the case it was filled in on.');
    const read = await page.read(body, c);
    if (!read.ok) return render(reply, c, values, read.form, 400);
    try {
      const flash = await page.run(read.data, { ...c, actor: actorOf(request), expectedVersion: version });
      request.session.flash = flash;
      return reply.redirect(`/cases/${encodeURIComponent(c.caseFile.reference)}`, 303);
    } catch (error) {
      if (error instanceof ConcurrentChangeError) {
        // The page again as the case now stands, with what was typed and the new version.
        const fresh = await loadCaseFile(services.db.pool, c.scope, c.caseFile.reference);
        if (!fresh) throw notFound();
        return render(reply, { ...c, caseFile: fresh }, values, { errors: { conflict: error.message }, errorList: [{ text: error.message, href: '#action-form' }] }, 409);
      }
      if (error instanceof ActionRefusedError) {
        const field = typeof page.refusalField === 'string' ? page.refusalField : page.refusalField(error.message, read.data);
        return render(reply, c, values, fieldErrors([{ field, message: error.message }]), 400);
      }
      throw error;
    }
  });
}

/**
 * A form's fields as strings and its one file: a urlencoded form as it is; a multipart one
 * (@fastify/multipart's attachFieldsToBody gives { value } objects, and routes.ts reads a
 * file whole into _buf) flattened the same way.
 */
function formParts(raw: unknown): { body: Record<string, unknown>; upload: Upload | null } {
  const body: Record<string, unknown> = {};
  let upload: Upload | null = null;
  if (!raw || typeof raw !== 'object') return { body, upload };
  for (const [name, entry] of Object.entries(raw as Record<string, unknown>)) {
    const part = (Array.isArray(entry) ? entry[0] : entry) as { type?: string; value?: unknown; filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } } | string | undefined;
    if (typeof part === 'string' || part === undefined) body[name] = entry;
    else if (part.type === 'file') {
      if (part.filename || (part._buf?.length ?? 0) > 0) upload = { filename: part.filename ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: Boolean(part.file?.truncated) };
    } else if (typeof part.value === 'string') body[name] = part.value;
  }
  return { body, upload };
}
