import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { inTransaction } from '../../../db/database.ts';
import { filtersUsed, recordAccess } from '../../../events/audit.ts';
import { countByStatus, findMessage, markPosted, messagePage, retryMessage, type MessageRecord } from '../../../messages/messageRepository.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { badRequest, notFound } from '../../pipeline/httpProblems.ts';
import { styleNonce } from '../../pipeline/securityHeaders.ts';
import { fieldErrors, noErrors, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { messageParams, messagesQuery, STATUS_TABS } from './schema.ts';
import { messageRow, statusTag, templateName, whenText } from './view.ts';
import { addressLines, bodyBlocks } from './bodyBlocks.ts';
import { dateInWords } from '../../../messages/dateInWords.ts';
import { londonDate } from '../../../domain/dates.ts';

const PAGE_SIZE = 50;

/**
 * The council's messages (/messages): every email and letter with how its delivery went;
 * one message as it was sent, tried again by hand or marked posted; a letter to print. With
 * no email channel (the embedded start) this is the outbox: nothing leaves, every message is
 * read here. Viewing, retrying and posting are audited.
 */
export const messageRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('send_messages') };
  const channelName = services.messageChannelName ?? 'outbox';
  const heading = () => (channelName === 'outbox'
    ? { title: t('messages.outboxTitle'), intro: t('messages.outboxIntro') }
    : { title: t('messages.title'), intro: t('messages.channelIntro', { channel: t(`messages.channels.${channelName}`, { defaultValue: channelName }) }) });

  app.get('/messages', guard, async (request, reply) => {
    const parsed = messagesQuery.safeParse(request.query);
    if (!parsed.success) throw badRequest(`${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
    const q = parsed.data;
    const councilId = request.staff!.council.id;
    const [counts, page] = await Promise.all([
      countByStatus(db.pool, request.staff!.scope),
      messagePage(db.pool, request.staff!.scope, { status: q.status, before: q.before, limit: PAGE_SIZE }),
    ]);
    await recordAccess(db.pool, actorOf(request), { councilId, action: 'view_messages', detail: { filters: filtersUsed(q), count: page.messages.length } });
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const tabs = [
      { text: t('messages.tabs.all', { count: total }), href: '/messages', active: !q.status },
      // "off" is not written today; its tab shows only when some are.
      ...STATUS_TABS.filter((s) => s !== 'off' || counts.off > 0 || q.status === 'off').map((s) => ({
        text: t('messages.tabs.status', { status: t(`messages.status.${s}`), count: counts[s] }), href: `/messages?status=${s}`, active: q.status === s,
      })),
    ];
    const older = page.olderFrom ? `/messages?${new URLSearchParams({ ...(q.status ? { status: q.status } : {}), before: String(page.olderFrom) })}` : null;
    return reply.view('staff/messages/messages.njk', {
      ...heading(), nav: 'messages', tabs, older, newest: q.before ? (q.status ? `/messages?status=${q.status}` : '/messages') : null,
      statusName: q.status ? t(`messages.status.${q.status}`) : null,
      messages: page.messages.map(messageRow),
    });
  });

  async function load(request: FastifyRequest): Promise<MessageRecord> {
    const params = messageParams.safeParse(request.params);
    if (!params.success) throw notFound('message');
    const message = await findMessage(db.pool, request.staff!.scope, params.data.id);
    if (!message) throw notFound('message');
    return message;
  }

  function show(request: FastifyRequest, reply: FastifyReply, m: MessageRecord, form: FormErrors = noErrors(), status = 200) {
    const flash = takeFlash(request);
    const id = Number(m.id);
    return reply.code(status).view('staff/messages/message.njk', {
      title: t('messages.message.title', { template: templateName(m.template) }), nav: 'messages', flash, ...form,
      listTitle: heading().title,
      message: {
        id, subject: m.subject, blocks: bodyBlocks(m.body), status: statusTag(m.status), template: templateName(m.template),
        audience: t(`messages.audience.${m.audience}`), channel: t(`messages.channel.${m.channel}`),
        recipientName: m.recipientName, recipientLines: m.channel === 'letter' ? addressLines(m.recipientAddress) : [m.recipientAddress],
        language: t(`messages.language.${m.language}`), languageCode: m.language, largePrint: m.largePrint ? t('messages.yes') : t('messages.no'),
        reference: m.reference, queued: whenText(m.queuedAt), sent: whenText(m.sentAt),
        attempts: m.attempts, lastError: m.lastError, provider: m.provider ? t(`messages.channels.${m.provider}`, { defaultValue: m.provider }) : null,
      },
      mayRetry: m.status === 'failed' && m.channel === 'email',
      mayPost: m.status === 'to_post',
      letterHref: m.channel === 'letter' ? `/messages/${id}/letter` : null,
    });
  }

  app.get('/messages/:id', guard, async (request, reply) => {
    const m = await load(request);
    await recordAccess(db.pool, actorOf(request), { councilId: request.staff!.council.id, action: 'view_message', contactId: m.contactId, detail: { numbers: { message: Number(m.id) } } });
    return show(request, reply, m);
  });

  /**
   * A change to one message (try again, mark posted) with its audit entry in one transaction;
   * a message that no longer stands as the button assumed (sent or posted meanwhile) is shown
   * again with the reason, nothing changed.
   */
  function change(path: string, action: 'retry_message' | 'post_letter', run: (client: Parameters<Parameters<typeof inTransaction>[1]>[0], councilId: number, id: number) => Promise<boolean>, done: string, refused: string) {
    app.post(`/messages/:id/${path}`, guard, async (request, reply) => {
      const m = await load(request);
      const councilId = request.staff!.council.id;
      const id = Number(m.id);
      const changed = await inTransaction(db, async (client) => {
        if (!(await run(client, councilId, id))) return false;
        await recordAccess(client, actorOf(request), { councilId, action, contactId: m.contactId, detail: { numbers: { message: id } } });
        return true;
      });
      if (!changed) return show(request, reply, (await findMessage(db.pool, request.staff!.scope, id)) ?? m, fieldErrors([{ field: 'message-actions', message: t(refused) }]), 409);
      request.session.flash = t(done);
      return reply.redirect(`/messages/${id}`, 303);
    });
  }
  change('retry', 'retry_message', (client, councilId, id) => retryMessage(client, councilId, id), 'messages.message.retried', 'messages.message.notRetried');
  change('posted', 'post_letter', (client, councilId, id) => markPosted(client, councilId, id, services.clock.now()), 'messages.message.posted', 'messages.message.notPosted');

  /** A letter to print: the council's name, the recipient's address block, the words; large print at 24pt. */
  app.get('/messages/:id/letter', guard, async (request, reply) => {
    const m = await load(request);
    if (m.channel !== 'letter') throw notFound('letter');
    await recordAccess(db.pool, actorOf(request), { councilId: request.staff!.council.id, action: 'view_message', contactId: m.contactId, detail: { numbers: { message: Number(m.id) }, codes: { page: 'letter' } } });
    return reply.view('staff/messages/letter.njk', {
      title: t('messages.letter.title', { template: templateName(m.template) }), nav: 'messages', styleNonce: styleNonce(reply),
      backHref: `/messages/${Number(m.id)}`,
      letter: {
        councilName: request.staff!.council.name, recipientName: m.recipientName, addressLines: addressLines(m.recipientAddress),
        // The letter's date in its own language (a Welsh letter says "3 Rhagfyr 2026").
        date: dateInWords(londonDate(m.queuedAt), m.language), subject: m.subject, blocks: bodyBlocks(m.body), largePrint: m.largePrint,
        language: m.language,
      },
    });
  });
};
