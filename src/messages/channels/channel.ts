/**
 * Where an email goes: GOV.UK Notify, an SMTP server, or (the embedded start) nowhere but
 * the outbox page, where every message can be read. Chosen by environment (channelFromConfig).
 */
export interface OutgoingEmail {
  /** Unique and stable for the message: the Message-ID / Notify reference, so a resend after a crash can be recognised. */
  reference: string;
  to: { name: string; address: string };
  subject: string;
  body: string;
  language: 'en' | 'cy';
  largePrint: boolean;
}

export interface Channel {
  readonly name: 'smtp' | 'notify' | 'outbox';
  /** Resolves with the channel's own id for the message (or null); throws with a reason fit to show staff. */
  send(email: OutgoingEmail): Promise<{ providerReference: string | null }>;
  close?(): Promise<void>;
}

/** The embedded start's channel: nothing leaves the machine; the outbox page shows the message. */
export const outboxChannel: Channel = {
  name: 'outbox',
  send: async () => ({ providerReference: null }),
};
