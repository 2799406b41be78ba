import type { ChannelSettings } from '../../config.ts';
import { outboxChannel, type Channel } from './channel.ts';
import { notifyChannel } from './notify.ts';
import { smtpChannel } from './smtp.ts';

/** The channel the settings name (config.ts chose: Notify, else SMTP, else the outbox). */
export function channelFromConfig(settings: ChannelSettings): Channel {
  switch (settings.kind) {
    case 'notify': return notifyChannel(settings);
    case 'smtp': return smtpChannel(settings);
    case 'outbox': return outboxChannel;
  }
}

/** How messages leave, in a line for the start's log; never a key or password. */
export function describeChannel(settings: ChannelSettings): string {
  switch (settings.kind) {
    case 'notify': return `Email goes by GOV.UK Notify${settings.baseUrl ? ` at ${settings.baseUrl}` : ''} (template ${settings.templateId}).`;
    case 'smtp': return `Email goes by SMTP to ${new URL(settings.url).host}, from ${settings.from}.`;
    case 'outbox': return 'Email is not sent: every message stays on the outbox page.';
  }
}

/** What a server start with no channel prints: on a server, staff and residents expect their email. */
export const NO_CHANNEL_WARNING =
  'Warning: no email channel is set (NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID, or SMTP_URL and MAIL_FROM), so no email leaves Redress: messages wait on the outbox page.';
