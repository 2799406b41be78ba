import type { MessageRecord, MessageStatus } from '../../../messages/messageRepository.ts';
import { t } from '../../i18n.ts';

/** How a message looks on the pages: its status as a GOV.UK tag, its template and audience in words, its times. */

const TAG_COLOURS: Record<MessageStatus, string> = {
  queued: 'govuk-tag--grey', sending: 'govuk-tag--light-blue', sent: 'govuk-tag--green', failed: 'govuk-tag--red',
  to_post: 'govuk-tag--yellow', posted: 'govuk-tag--green', off: 'govuk-tag--grey',
};

const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export const statusTag = (status: MessageStatus) => ({ text: t(`messages.status.${status}`), classes: TAG_COLOURS[status] });
export const templateName = (template: string) => t(`messages.templates.${template}`, { defaultValue: template.replaceAll('_', ' ') });
export const whenText = (at: Date | string | null) => (at ? when.format(new Date(at)) : '');

/** A message as a row of the list. */
export function messageRow(m: MessageRecord) {
  return {
    id: Number(m.id),
    href: `/messages/${Number(m.id)}`,
    status: statusTag(m.status),
    audience: t(`messages.audience.${m.audience}`),
    template: templateName(m.template),
    channel: t(`messages.channel.${m.channel}`),
    recipientName: m.recipientName,
    recipientAddress: m.channel === 'email' ? m.recipientAddress : '',
    reference: m.reference,
    queued: whenText(m.queuedAt),
    sent: whenText(m.sentAt),
    attempts: m.attempts,
    lastError: m.status === 'failed' || m.status === 'queued' ? m.lastError ?? '' : '',
  };
}

