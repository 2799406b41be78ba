import nodemailer from 'nodemailer';
import type { Channel } from './channel.ts';
import { bodyAsHtml } from '../render.ts';

export interface SmtpSettings {
  /** SMTP_URL: smtp://user:pass@host:587 or smtps://… */
  url: string;
  /** MAIL_FROM: "Council complaints <complaints@council.gov.uk>" */
  from: string;
}

/**
 * Email through the council's SMTP server (nodemailer). The message's reference is its
 * Message-ID, so a resend after a crash carries the same id. A refusal (a 4xx or 5xx, a
 * connection that fails) throws with the server's own words, shown to staff on the message.
 */
export function smtpChannel(settings: SmtpSettings): Channel {
  const transport = nodemailer.createTransport(settings.url, { from: settings.from });
  const domain = /@([^>\s]+)/.exec(settings.from)?.[1] ?? 'redress.invalid';
  return {
    name: 'smtp',
    async send(email) {
      const info = await transport.sendMail({
        to: { name: email.to.name, address: email.to.address },
        subject: email.subject,
        text: email.body,
        html: bodyAsHtml(email.body, email.largePrint),
        messageId: `<${email.reference}@${domain}>`,
        headers: { 'Content-Language': email.language === 'cy' ? 'cy' : 'en-GB' },
      });
      return { providerReference: info.messageId ?? null };
    },
    close: async () => { transport.close(); },
  };
}
