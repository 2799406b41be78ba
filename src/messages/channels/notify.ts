import { NotifyClient } from 'notifications-node-client';
import type { Channel } from './channel.ts';

export interface NotifySettings {
  /** NOTIFY_API_KEY: the whole key from Notify's "API integration" page. */
  apiKey: string;
  /** NOTIFY_TEMPLATE_ID: one email template whose subject is ((subject)) and body ((body)). */
  templateId: string;
  /** NOTIFY_BASE_URL: unset = Notify itself; tests point it at a local stub. */
  baseUrl?: string | undefined;
}

/**
 * Email through GOV.UK Notify with its official client. Redress renders each message itself
 * (a council's own wording, Welsh, large print), so Notify needs one generic template that
 * prints what it is given: subject ((subject)), body ((body)). The message's reference goes
 * to Notify as its `reference`, so a resend after a crash can be matched to the first.
 * Notify formats the body (its own markdown); large print is not something Notify's email
 * offers, so a large-print resident's message reads the same as any other there.
 */
export function notifyChannel(settings: NotifySettings): Channel {
  const client = settings.baseUrl ? new NotifyClient(settings.baseUrl, settings.apiKey) : new NotifyClient(settings.apiKey);
  return {
    name: 'notify',
    async send(email) {
      try {
        const response = await client.sendEmail(settings.templateId, email.to.address, {
          personalisation: { subject: email.subject, body: email.body },
          reference: email.reference,
        });
        return { providerReference: response.data.id ?? null };
      } catch (error) {
        throw new Error(describeNotifyError(error));
      }
    },
  };
}

interface NotifyErrorBody {
  status_code?: number;
  errors?: Array<{ error?: string; message?: string }>;
}

/**
 * One line for the message's page: Notify's status and its own words ("Can't send to this
 * recipient using a team-only API key"), or why Notify could not be reached. Built from
 * the response only: the client's error also carries the request, whose token must not be shown.
 */
export function describeNotifyError(error: unknown): string {
  const e = error as { response?: { status?: number; data?: NotifyErrorBody }; code?: string; message?: string };
  if (e?.response) {
    const status = e.response.status ?? e.response.data?.status_code;
    const words = (e.response.data?.errors ?? []).map((x) => [x.error, x.message].filter(Boolean).join(': ')).filter(Boolean).join('; ');
    return `GOV.UK Notify refused the message (${status ?? 'no status'}): ${words || 'no reason given'}`;
  }
  if (e?.code) return `GOV.UK Notify could not be reached (${e.code}); check NOTIFY_BASE_URL and the network`;
  return `GOV.UK Notify could not be reached: ${(e?.message ?? String(error)).split('\n')[0]}`;
}
