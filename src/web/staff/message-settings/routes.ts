import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { inTransaction } from '../../../db/database.ts';
import { recordAccess } from '../../../events/audit.ts';
import { renderMessage, placeholdersIn, type RenderedMessage } from '../../../messages/render.ts';
import { audienceOf, languagesOf, TEMPLATE_KEYS, type Language, type TemplateKey } from '../../../messages/templates.ts';
import { forgetWording, ownWordingOf, rewrittenTemplates, saveWording, switchedOffTemplates, switchMessage } from '../../../messages/messageSettingsRepository.ts';
import { loadReminderSettings, saveReminderSettings } from '../../../messages/reminders/settings.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { noErrors, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { bodyBlocks } from '../messages/bodyBlocks.ts';
import { templateName } from '../messages/view.ts';
import { templateParams, wordingAction } from './schema.ts';
import { allowedPlaceholders, readWordingForm, sameAsShipped, shippedOrEnglish, wordingValues } from './wordingForm.ts';
import { readReminderForm, reminderValues, WEEKDAYS } from './reminderForm.ts';

/**
 * A council's message settings: which messages are sent and in whose words
 * (/settings/messages, one page per message), and when reminders go (/settings/reminders).
 * Every save is one transaction with its audit entry ('change_settings').
 */
export const messageSettingsRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('message_settings') };
  const tabs = (active: 'messages' | 'reminders') => [
    { text: t('messageSettings.tabs.messages'), href: '/settings/messages', active: active === 'messages' },
    { text: t('messageSettings.tabs.reminders'), href: '/settings/reminders', active: active === 'reminders' },
  ];

  app.get('/settings/messages', guard, async (request, reply) => {
    const councilId = request.staff!.council.id;
    const [off, rewritten] = await Promise.all([switchedOffTemplates(db.pool, councilId), rewrittenTemplates(db.pool, councilId)]);
    const rows = TEMPLATE_KEYS.map((template) => ({
      name: templateName(template), href: `/settings/messages/${template}`,
      audience: t(`messages.audience.${audienceOf(template)}`),
      on: !off.has(template),
      wording: rewritten.has(template) ? t('messageSettings.wording.own') : t('messageSettings.wording.shipped'),
    }));
    return reply.view('staff/message-settings/messages.njk', {
      title: t('messageSettings.title'), nav: 'messageSettings', tabs: tabs('messages'), flash: takeFlash(request),
      resident: rows.filter((_, i) => audienceOf(TEMPLATE_KEYS[i]!) === 'resident'),
      staffRows: rows.filter((_, i) => audienceOf(TEMPLATE_KEYS[i]!) === 'staff'),
    });
  });

  function templateOf(request: FastifyRequest): TemplateKey {
    const parsed = templateParams.safeParse(request.params);
    if (!parsed.success) throw notFound('message');
    return parsed.data.template;
  }

  async function showTemplate(request: FastifyRequest, reply: FastifyReply, template: TemplateKey, values: Record<string, string>, form: FormErrors, status = 200, previewing = false) {
    const own = await ownWordingOf(db.pool, request.staff!.council.id, template);
    const languages = languagesOf(template).map((language) => {
      const allowed = allowedPlaceholders(template, language);
      const typed = { subject: values[`subject-${language}`] ?? '', body: values[`body-${language}`] ?? '' };
      return {
        code: language, name: t(`messages.language.${language}`),
        placeholders: allowed.map((n) => `((${n}))`).join(', '),
        // A preview only of wording without errors: a placeholder it does not know has no example.
        preview: form.errorList.length ? null : preview(typed),
      };
    });
    return reply.code(status).view('staff/message-settings/template.njk', {
      title: templateName(template), nav: 'messageSettings', template, flash: takeFlash(request), values, ...form, languages, previewing,
      audience: t(`messages.audience.${audienceOf(template)}`),
      ownWording: Object.keys(own).length > 0,
      formAction: `/settings/messages/${template}`,
    });
  }

  app.get('/settings/messages/:template', guard, async (request, reply) => {
    const template = templateOf(request);
    const councilId = request.staff!.council.id;
    const [own, off] = await Promise.all([ownWordingOf(db.pool, councilId, template), switchedOffTemplates(db.pool, councilId)]);
    const current = Object.fromEntries(languagesOf(template).map((l) => [l, own[l] ?? shippedOrEnglish(template, l)]));
    return showTemplate(request, reply, template, { on: off.has(template) ? 'no' : 'yes', ...wordingValues(current) }, noErrors());
  });

  app.post('/settings/messages/:template', guard, async (request, reply) => {
    const template = templateOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = readWordingForm(template, body);
    if (!read.ok) return showTemplate(request, reply, template, values, read.form, 400);
    if (wordingAction.parse(body.action) === 'preview') return showTemplate(request, reply, template, values, noErrors(), 200, true);
    const councilId = request.staff!.council.id;
    const now = services.clock.now();
    await inTransaction(db, async (client) => {
      await switchMessage(client, councilId, template, read.data.on);
      for (const [language, wording] of Object.entries(read.data.wording) as [Language, RenderedMessage][]) {
        // Redress's own words are not stored: the council then gets later improvements to them.
        if (sameAsShipped(template, language, wording)) await forgetWording(client, councilId, template, language);
        else await saveWording(client, councilId, template, language, wording, now);
      }
      await recordAccess(client, actorOf(request), { councilId, action: 'change_settings', detail: { codes: { setting: 'message', template } } });
    });
    request.session.flash = t(read.data.on ? 'messageSettings.saved' : 'messageSettings.savedOff', { name: templateName(template) });
    return reply.redirect('/settings/messages', 303);
  });

  app.post('/settings/messages/:template/reset', guard, async (request, reply) => {
    const template = templateOf(request);
    const councilId = request.staff!.council.id;
    await inTransaction(db, async (client) => {
      await forgetWording(client, councilId, template);
      await recordAccess(client, actorOf(request), { councilId, action: 'change_settings', detail: { codes: { setting: 'message_wording_reset', template } } });
    });
    request.session.flash = t('messageSettings.resetDone', { name: templateName(template) });
    return reply.redirect(`/settings/messages/${template}`, 303);
  });

  const REMINDERS = 'staff/message-settings/reminders.njk';
  const weekdays = (selected: string) => WEEKDAYS.map((d) => ({ value: String(d), text: t(`messageSettings.reminders.weekdays.${d}`), checked: String(d) === selected }));

  app.get('/settings/reminders', guard, async (request, reply) => {
    const values = reminderValues(await loadReminderSettings(db.pool, request.staff!.council.id));
    return reply.view(REMINDERS, {
      title: t('messageSettings.reminders.title'), nav: 'messageSettings', tabs: tabs('reminders'), flash: takeFlash(request),
      values, weekdays: weekdays(values.digestWeekday!), ...noErrors(),
    });
  });

  app.post('/settings/reminders', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const read = readReminderForm(body);
    if (!read.ok) {
      const values = typedValues(body);
      return reply.code(400).view(REMINDERS, {
        title: t('messageSettings.reminders.title'), nav: 'messageSettings', tabs: tabs('reminders'), values, weekdays: weekdays(values.digestWeekday ?? ''), ...read.form,
      });
    }
    const councilId = request.staff!.council.id;
    await inTransaction(db, async (client) => {
      await saveReminderSettings(client, councilId, read.data);
      await recordAccess(client, actorOf(request), { councilId, action: 'change_settings', detail: { codes: { setting: 'reminders' } } });
    });
    request.session.flash = t('messageSettings.reminders.saved');
    return reply.redirect('/settings/reminders', 303);
  });
};

/** A wording filled with example values, as the page previews it. */
function preview(wording: RenderedMessage): { subject: string; blocks: ReturnType<typeof bodyBlocks> } | null {
  if (!wording.subject || !wording.body) return null;
  const names = placeholdersIn(`${wording.subject}\n${wording.body}`);
  const values = Object.fromEntries(names.map((n) => [n, t(`messageSettings.examples.${n}`, { defaultValue: `[${n}]` })]));
  const rendered = renderMessage(wording, values);
  return { subject: rendered.subject, blocks: bodyBlocks(rendered.body) };
}
