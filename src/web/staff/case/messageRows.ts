import type { MessageRecord, MessageStatus } from '../../../messages/messageRepository.ts';
import { t } from '../../i18n.ts';
import { templateName } from '../messages/view.ts';

/** The case page's Messages section: each message about the case, in words, with its delivery state. */

const STATUS_TAG: Record<MessageStatus, string> = {
  queued: 'govuk-tag--grey',
  sending: 'govuk-tag--light-blue',
  sent: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  to_post: 'govuk-tag--yellow',
  posted: 'govuk-tag--green',
  off: 'govuk-tag--grey',
};

export interface MessageRow {
  /** The message's own page (delivery, retry), for those who may send messages; null for others. */
  href: string | null;
  what: string;
  to: string;
  channel: string;
  tag: { text: string; classes: string };
  /** Why it failed, as the channel said. */
  reason: string | null;
  /** When it was sent or posted, else when it was queued. */
  when: string;
}

export const messageRow = (m: MessageRecord, mayOpen: boolean): MessageRow => ({
  href: mayOpen ? `/messages/${m.id}` : null,
  what: templateName(m.template),
  to: m.recipientName,
  channel: t(`case.messages.channels.${m.channel}`),
  tag: { text: t(`case.messages.status.${m.status}`), classes: STATUS_TAG[m.status] },
  reason: m.status === 'failed' ? m.lastError : null,
  when: (m.sentAt ?? m.queuedAt).toISOString(),
});
