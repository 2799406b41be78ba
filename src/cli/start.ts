import { createServer } from 'node:net';
import type { Config } from '../config.ts';
import { systemClock } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { listCouncils } from '../councils/councilRepository.ts';
import { DEMO_SLUG, seedDemoCouncil } from '../demo/seedDemo.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../demo/demoAccounts.ts';
import { londonDate } from '../domain/dates.ts';
import { createApp } from '../web/app.ts';
import { scannerFromEnvironment } from '../uploads/virusScan.ts';
import { setLinkBase } from '../messages/links.ts';
import { useDeliveryQueue } from '../messages/jobQueue.ts';
import { channelFromConfig, describeChannel, NO_CHANNEL_WARNING } from '../messages/channels/fromConfig.ts';
import { runMessaging, type RunningMessaging } from '../messages/runMessaging.ts';
import { DataDirectoryLockedError } from '../db/dataDirectoryLock.ts';
import { UsageError } from './errors.ts';

/** What a start on an empty PostgreSQL server says instead of adding the demo council. */
export const NO_COUNCIL_ON_SERVER =
  'The database has no council yet, so add yours with `redress council add <slug> --name "…" --nation england` ' +
  '(then `redress import`), or load the fictional demo council with `redress demo`.';

/**
 * Refuses at once a port another program holds, before the database is opened and a first
 * start spends a minute adding the demo council. (Listening below still reports it, should
 * another program take the port in between.)
 */
async function checkPortIsFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolveFree, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolveFree()));
  });
}

/** Demo data on the embedded engine only: a production server's empty database stays empty. */
async function addDemoWhenEmpty(db: Database): Promise<void> {
  const councils = await listCouncils(db.pool);
  if (councils.length > 0) {
    // A start stopped between the demo council and its sign-ins: add the sign-ins now.
    const demo = councils.find((c) => c.slug === DEMO_SLUG);
    if (demo && db.engine === 'embedded' && !(await db.pool.query('SELECT 1 FROM council_membership WHERE council_id = $1 LIMIT 1', [demo.id])).rows.length) {
      await seedDemoAccounts(db, demo);
    }
    return;
  }
  if (db.engine === 'server') {
    console.log(NO_COUNCIL_ON_SERVER);
    return;
  }
  console.log('First start: adding a demo council with four years of case history (all or nothing: stopped half way, the next start begins again)…');
  const council = await seedDemoCouncil(db, londonDate(systemClock.now()), undefined, {
    onBatch: (table, written, total) => { console.log(`Demo council: ${table} ${written} of ${total} written`); },
  });
  if (council) {
    await seedDemoAccounts(db, council);
    console.log(`Added ${council.name}, with one demo sign-in per role (README, "Demo sign-in"; password ${DEMO_PASSWORD}).`);
  }
}

/**
 * Opens (and on the embedded engine's first start creates and fills) the database, then
 * serves the web app. Anything that stops it starting — the port taken, the server
 * unreachable or refusing the login, the data directory locked or not writable — is thrown
 * after what was opened is closed again, so the command exits at once with one sentence
 * (src/cli/errors.ts) instead of hanging on an open database.
 */
export async function startWebServer(config: Config): Promise<void> {
  await checkPortIsFree(config.port, config.host);
  prepareMessaging(config);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  let messaging: RunningMessaging | null = null;
  try {
    const applied = await migrate(db);
    if (applied.length > 0) console.log(`Database schema: applied ${applied.join(', ')}`);
    await addDemoWhenEmpty(db);
    app = await createApp({
      db, clock: systemClock, oidc: config.oidc, trustProxy: config.trustProxy,
      log: { level: config.logLevel },
      session: { secret: config.sessionSecret, timeouts: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionMaxHours } },
      messageChannelName: config.messages.channel.kind,
      // Residents may attach files only when a virus scanner answers for them (CLAMAV_SOCKET, or CLAMAV_HOST and CLAMAV_PORT).
      virusScanner: scannerFromEnvironment(),
    });
    await app.listen({ port: config.port, host: config.host });
    if (config.messages.worker === 'in-process') messaging = await startMessaging(db, config);
  } catch (error) {
    await messaging?.stop().catch(() => {});
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
  const running = app;
  const stop = async () => {
    await messaging?.stop();
    await running.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const address = running.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  console.log(`Redress is running on http://localhost:${port} (${db.engine} database: ${db.location})`);
  if (db.engine === 'server' && config.messages.channel.kind === 'outbox') console.log(NO_CHANNEL_WARNING);
  console.log(config.messages.worker === 'in-process'
    ? `Messages are delivered${config.messages.reminderSweepSeconds > 0 ? ' and reminders swept' : ''} in this process. ${describeChannel(config.messages.channel)}`
    : 'Messages are delivered and reminders swept by `redress worker` (WORKER=off).');
}

/** Links in messages and the delivery queue, from the settings: before anything can queue a message. */
function prepareMessaging(config: Config): void {
  setLinkBase(config.messages.publicBaseUrl);
  useDeliveryQueue(config.messages.queue);
}

function startMessaging(db: Database, config: Config): Promise<RunningMessaging> {
  return runMessaging(db, {
    channel: channelFromConfig(config.messages.channel),
    clock: systemClock,
    pollingIntervalSeconds: config.messages.deliveryPollSeconds,
    reminderSweepSeconds: config.messages.reminderSweepSeconds > 0 ? config.messages.reminderSweepSeconds : null,
    dailyRetention: true,
  });
}

/** What `redress worker` says when an embedded database is already open in `redress start`. */
export const EMBEDDED_WORKER_REFUSED =
  'is already open in another Redress process, and the embedded database admits one process at a time: ' +
  '`redress start` delivers messages itself (leave WORKER unset), so a separate `redress worker` is for a PostgreSQL server (DATABASE_URL).';

/**
 * `redress worker`: delivery and the reminder sweep, no web pages. Resolves on SIGTERM or
 * SIGINT, once the deliveries and the sweep in hand have finished (the queue would otherwise
 * retry them after their lease), so the command exits 0.
 */
export async function startWorker(config: Config): Promise<void> {
  prepareMessaging(config);
  let db: Database;
  try {
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirectoryLockedError) throw new UsageError(`The database in ${error.dataDir} ${EMBEDDED_WORKER_REFUSED}`);
    throw error;
  }
  let messaging: RunningMessaging;
  try {
    const applied = await migrate(db);
    if (applied.length > 0) console.log(`Database schema: applied ${applied.join(', ')}`);
    messaging = await startMessaging(db, config);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  if (db.engine === 'server' && config.messages.channel.kind === 'outbox') console.log(NO_CHANNEL_WARNING);
  const sweeping = config.messages.reminderSweepSeconds > 0 ? `sweeping reminders every ${config.messages.reminderSweepSeconds} s` : 'not sweeping reminders (REMINDER_SWEEP_SECONDS=0)';
  console.log(`Redress worker is delivering messages and ${sweeping} (${db.engine} database: ${db.location}). ${describeChannel(config.messages.channel)}`);
  await new Promise<void>((resolveSignal) => {
    process.once('SIGINT', resolveSignal);
    process.once('SIGTERM', resolveSignal);
  });
  console.log('Redress worker is stopping: finishing the deliveries in hand.');
  await messaging.stop();
  await db.close();
  console.log('Redress worker stopped.');
}
