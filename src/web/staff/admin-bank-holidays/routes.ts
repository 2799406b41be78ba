import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { londonDate } from '../../../domain/dates.ts';
import { divisionOf } from '../../../domain/calendar/bankHolidays.ts';
import { currentCalendar } from '../../../councils/calendarStore.ts';
import { applyHolidays, previewHolidays, readHolidayList, type ListProblem } from '../../../councils/bankHolidayUpload.ts';
import { acceptOneUpload } from '../../uploads.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { fieldErrors, noErrors, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { heldList, type HeldList } from './schema.ts';

declare module 'fastify' {
  interface Session {
    /** A checked bank-holiday list awaiting "Use this list" (/admin/bank-holidays/check). */
    bankHolidayList?: HeldList;
  }
}

/** The multipart form's one file (read whole by acceptOneUpload). */
function uploadedFile(body: unknown): Buffer | null {
  const part = (body as Record<string, unknown> | undefined)?.file as { type?: string; filename?: string; _buf?: Buffer | null } | undefined;
  if (!part || part.type !== 'file' || (!part.filename && !(part._buf?.length))) return null;
  return part._buf ?? Buffer.alloc(0);
}

/**
 * Bank holidays (/admin/bank-holidays): the list in force for the council's part of the UK;
 * upload a new one (GOV.UK JSON or CSV date,title) → check what changes and how many open
 * deadlines move → "Use this list" (recomputed by calendarChange.ts, audited) or cancel.
 */
export const adminBankHolidayRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };
  const today = () => londonDate(services.clock.now());
  await acceptOneUpload(app, { fields: 2, fieldSize: 1000 });


  const show = async (request: FastifyRequest, reply: FastifyReply, form: FormErrors = noErrors(), status = 200) => {
    const division = divisionOf(request.staff!.council.nation);
    const calendar = await currentCalendar(db.pool, division);
    const year = today().slice(0, 4);
    const upcoming = [...calendar.holidays].filter(([date]) => date >= `${year}-01-01`).map(([date, title]) => ({ date, title }));
    return reply.code(status).view('staff/admin-bank-holidays/holidays.njk', {
      title: t('adminBankHolidays.title'), nav: 'admin', flash: takeFlash(request), ...form,
      division: t(`adminBankHolidays.divisions.${division}`), upcoming, year, lastDate: [...calendar.holidays.keys()].at(-1) ?? '',
    });
  };

  app.get('/admin/bank-holidays', guard, async (request, reply) => show(request, reply));

  app.post('/admin/bank-holidays', guard, async (request, reply) => {
    const file = uploadedFile(request.body);
    if (!file) return show(request, reply, fieldErrors([{ field: 'file', message: t('adminBankHolidays.errors.noFile') }]), 400);
    const division = divisionOf(request.staff!.council.nation);
    const read = readHolidayList(file, division);
    if (!read.ok) {
      const list = read.problems.slice(0, 50);
      return show(request, reply, {
        errors: { file: t('adminBankHolidays.errors.problems', { count: read.problems.length }) },
        errorList: list.map((p: ListProblem) => ({ text: p.message, href: '#file' })),
      }, 400);
    }
    request.session.bankHolidayList = { division, holidays: read.holidays };
    return reply.redirect('/admin/bank-holidays/check', 303);
  });

  const held = (request: FastifyRequest): HeldList | null => {
    const parsed = heldList.safeParse(request.session.bankHolidayList);
    // A list held for another part of the UK (the person switched council) is not used.
    return parsed.success && parsed.data.division === divisionOf(request.staff!.council.nation) ? parsed.data : null;
  };

  app.get('/admin/bank-holidays/check', guard, async (request, reply) => {
    const list = held(request);
    if (!list) return reply.redirect('/admin/bank-holidays', 303);
    const staff = request.staff!;
    const preview = await previewHolidays(db, staff.council.id, list.division, list.holidays, today(), actorOf(request));
    return reply.view('staff/admin-bank-holidays/check.njk', {
      title: t('adminBankHolidays.check.title'), nav: 'admin', preview, count: list.holidays.length,
      division: t(`adminBankHolidays.divisions.${list.division}`),
      nothing: preview.added.length + preview.removed.length + preview.renamed.length === 0,
    });
  });

  app.post('/admin/bank-holidays/confirm', guard, async (request, reply) => {
    const list = held(request);
    if (!list) return reply.redirect('/admin/bank-holidays', 303);
    const staff = request.staff!;
    const result = await applyHolidays(db, staff.council.id, staff.council.slug, list.division, list.holidays, today(), actorOf(request));
    request.session.bankHolidayList = undefined;
    request.session.flash = result.changed ? t('adminBankHolidays.applied', { count: result.movedHere }) : t('adminBankHolidays.unchanged');
    return reply.redirect('/admin/bank-holidays', 303);
  });

  app.post('/admin/bank-holidays/cancel', guard, async (request, reply) => {
    request.session.bankHolidayList = undefined;
    request.session.flash = t('adminBankHolidays.cancelled');
    return reply.redirect('/admin/bank-holidays', 303);
  });
};
