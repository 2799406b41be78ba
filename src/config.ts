import { resolve } from 'node:path';

/** A setting that is missing, half set or not understood: its message names the setting and what it should be. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Everything Redress reads from its environment, read and checked once at start. */
export interface Config {
  /** PostgreSQL server; unset = the embedded database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** Single sign-on through the council's identity provider; unset = email and password only. */
  oidc?: OidcConfig | undefined;
  /** LOG_LEVEL: pino's level (info by default; silent, error, warn, debug). */
  logLevel: string;
  /** SESSION_SECRET: signs session cookies; unset = one made once and kept in the database. */
  sessionSecret: string | undefined;
  /** SESSION_IDLE_MINUTES (30) and SESSION_MAX_HOURS (12): when a session times out. */
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** TRUST_PROXY=true behind a reverse proxy that terminates HTTPS (cookies are then Secure). */
  trustProxy: boolean;
  /** Where messages go and how they are delivered (README, "Messages and reminders"). */
  messages: MessagingConfig;
}

/** Which channel sends email: GOV.UK Notify if its key is set, else SMTP if set, else the outbox only. */
export type ChannelSettings =
  | { kind: 'notify'; apiKey: string; templateId: string; baseUrl: string | undefined }
  | { kind: 'smtp'; url: string; from: string }
  | { kind: 'outbox' };

export interface MessagingConfig {
  channel: ChannelSettings;
  /** PUBLIC_BASE_URL: the address links in messages start with (default http://localhost:<PORT>). */
  publicBaseUrl: string;
  /** WORKER: in-process (delivery and reminders run inside `redress start`) or off (a separate `redress worker` runs them). */
  worker: 'in-process' | 'off';
  /** REMINDER_SWEEP_SECONDS (60): how often the reminder sweep looks for what is due; 0 = not in this process (another sweeps). */
  reminderSweepSeconds: number;
  /** DELIVERY_POLL_SECONDS (2): how often an idle worker looks for messages to deliver. */
  deliveryPollSeconds: number;
  /** MESSAGE_QUEUE (deliver-message): the delivery queue's name; workers on one database with different names never take each other's messages. */
  queue: string;
}

/** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_BASE_URL: all four, or none. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This app's address as the provider sees it (the redirect URI is <baseUrl>/sign-in/oidc/callback). */
  baseUrl: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    port,
    host: env.HOST ?? '127.0.0.1',
    oidc: readOidcConfig(env),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL ?? 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    sessionSecret: readSecret(env.SESSION_SECRET),
    sessionIdleMinutes: wholeNumber('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30, 5, 24 * 60),
    sessionMaxHours: wholeNumber('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 12, 1, 24 * 7),
    trustProxy: oneOf('TRUST_PROXY', env.TRUST_PROXY ?? 'false', ['true', 'false']) === 'true',
    messages: readMessagingConfig(env, port),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readMessagingConfig(env: NodeJS.ProcessEnv, port: number): MessagingConfig {
  const publicBaseUrl = env.PUBLIC_BASE_URL || `http://localhost:${port}`;
  let url: URL | null = null;
  try { url = new URL(publicBaseUrl); } catch { /* below */ }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new ConfigError(`PUBLIC_BASE_URL must be the address staff open Redress at, like https://complaints.council.gov.uk, not ${JSON.stringify(env.PUBLIC_BASE_URL)}`);
  }
  const queue = env.MESSAGE_QUEUE || 'deliver-message';
  if (!/^[\w.-]{1,100}$/.test(queue)) throw new ConfigError(`MESSAGE_QUEUE must be letters, digits, dots, dashes and underscores, not ${JSON.stringify(queue)}`);
  const poll = Number(env.DELIVERY_POLL_SECONDS || 2);
  if (!Number.isFinite(poll) || poll < 0.5 || poll > 600) throw new ConfigError(`DELIVERY_POLL_SECONDS must be a number of seconds from 0.5 to 600, not ${JSON.stringify(env.DELIVERY_POLL_SECONDS)}`);
  return {
    channel: readChannelSettings(env),
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    worker: oneOf('WORKER', env.WORKER || 'in-process', ['in-process', 'off']) as MessagingConfig['worker'],
    reminderSweepSeconds: wholeNumber('REMINDER_SWEEP_SECONDS', env.REMINDER_SWEEP_SECONDS, 60, 0, 3600),
    deliveryPollSeconds: poll,
    queue,
  };
}

/**
 * The email channel from NOTIFY_* or SMTP_URL/MAIL_FROM. Half a setting is refused at start
 * (an error naming what is missing) rather than found out when the first message fails.
 * Nothing here repeats a key or a password back.
 */
export function readChannelSettings(env: NodeJS.ProcessEnv): ChannelSettings {
  const smtpUrl = env.SMTP_URL || undefined;
  const from = env.MAIL_FROM || undefined;
  if (Boolean(smtpUrl) !== Boolean(from)) {
    throw new ConfigError(`Email by SMTP needs both SMTP_URL and MAIL_FROM: ${smtpUrl ? 'MAIL_FROM' : 'SMTP_URL'} is not set`);
  }
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) throw new ConfigError('SMTP_URL must start smtp:// or smtps://, like smtp://user:password@mail.council.gov.uk:587');
  if (from && !/[^\s@<]+@[^\s@>]+/.test(from)) throw new ConfigError(`MAIL_FROM must contain an email address, like "Complaints <complaints@council.gov.uk>", not ${JSON.stringify(from)}`);

  const apiKey = env.NOTIFY_API_KEY || undefined;
  const templateId = env.NOTIFY_TEMPLATE_ID || undefined;
  const baseUrl = env.NOTIFY_BASE_URL || undefined;
  if (!apiKey) {
    if (templateId || baseUrl) throw new ConfigError(`GOV.UK Notify needs NOTIFY_API_KEY as well as ${templateId ? 'NOTIFY_TEMPLATE_ID' : 'NOTIFY_BASE_URL'}`);
    return smtpUrl && from ? { kind: 'smtp', url: smtpUrl, from } : { kind: 'outbox' };
  }
  // A Notify key is <key name>-<service id>-<secret key>: two UUIDs at its end.
  if (!UUID.test(apiKey.slice(-73, -37)) || !UUID.test(apiKey.slice(-36)) || apiKey[apiKey.length - 37] !== '-') {
    throw new ConfigError('NOTIFY_API_KEY is not a GOV.UK Notify API key (the whole key from Notify\'s API integration page: its name, then the service id and secret)');
  }
  if (!templateId) throw new ConfigError('GOV.UK Notify needs NOTIFY_TEMPLATE_ID as well as NOTIFY_API_KEY: the id of the template whose subject is ((subject)) and body ((body))');
  if (!UUID.test(templateId)) throw new ConfigError(`NOTIFY_TEMPLATE_ID must be a template id from Notify (like 8a1b2c3d-…), not ${JSON.stringify(templateId)}`);
  if (baseUrl) {
    try { new URL(baseUrl); } catch { throw new ConfigError(`NOTIFY_BASE_URL must be a web address, not ${JSON.stringify(baseUrl)}`); }
  }
  return { kind: 'notify', apiKey, templateId, baseUrl: baseUrl?.replace(/\/+$/, '') };
}

function oneOf(name: string, value: string, allowed: string[]): string {
  if (!allowed.includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

function readSecret(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  return value;
}

function readOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_BASE_URL'] as const;
  const missing = names.filter((n) => !env[n]);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) throw new ConfigError(`Single sign-on needs all of ${names.join(', ')}: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
  for (const name of ['OIDC_ISSUER', 'OIDC_BASE_URL'] as const) {
    let url: URL;
    try { url = new URL(env[name]!); } catch { throw new ConfigError(`${name} must be a web address, like https://login.microsoftonline.com/<tenant id>/v2.0`); }
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new ConfigError(`${name} must be an https:// address`);
  }
  return { issuer: env.OIDC_ISSUER!, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, baseUrl: env.OIDC_BASE_URL!.replace(/\/+$/, '') };
}

/** The clock is injected wherever "today" matters, so tests can fix it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
