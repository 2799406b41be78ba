import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Database } from '../db/database.ts';
import type { Clock } from '../config.ts';
import { loggerOptions, type LogSettings } from './pipeline/logging.ts';
import { setUpRequestGuard } from './pipeline/requestGuard.ts';
import { setUpSecurityHeaders } from './pipeline/securityHeaders.ts';
import { setUpStaticAssets } from './pipeline/staticAssets.ts';
import { setUpSession, type SessionSettings } from './pipeline/session.ts';
import { setUpCsrf } from './pipeline/csrf.ts';
import { setUpAuthentication } from './pipeline/authentication.ts';
import { setUpViews } from './pipeline/views.ts';
import { setUpErrorPages, setUpNotFoundPage } from './pipeline/errorPages.ts';
import { DEFAULT_TIMEOUTS } from './pipeline/sessionStore.ts';
import { signInRoutes } from './staff/sign-in/routes.ts';
import { healthRoutes } from './routes/health.ts';
import { reportRoutes } from './routes/reports.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { homeRoutes } from './staff/home/routes.ts';
import { caseListRoutes } from './staff/case-list/routes.ts';
import { caseRoutes } from './staff/case/routes.ts';
import { logContactRoutes } from './staff/log-contact/routes.ts';
import { complimentRoutes } from './staff/compliment/routes.ts';
import { stageActionRoutes } from './staff/stage-actions/routes.ts';
import { caseDecisionRoutes } from './staff/case-decisions/routes.ts';
import { auditRoutes } from './staff/audit/routes.ts';
import { singleSignOnRoutes } from './staff/single-sign-on/routes.ts';
import { messageRoutes } from './staff/messages/routes.ts';
import { messageSettingsRoutes } from './staff/message-settings/routes.ts';
import { selfAssessmentRoutes } from './staff/self-assessment/routes.ts';
import { retentionRoutes } from './staff/retention/routes.ts';
import { ombudsmanReconciliationRoutes } from './staff/ombudsman-reconciliation/routes.ts';
import { adminRoutes } from './staff/admin/routes.ts';
import { organisationRoutes } from './staff/admin-organisation/routes.ts';
import { workspaceRoutes } from './staff/admin-workspaces/routes.ts';
import { userRoutes } from './staff/admin-users/routes.ts';
import { ombudsmanRoutes } from './staff/ombudsman/routes.ts';
import { learningRoutes } from './staff/learning/routes.ts';
import { publicSiteRoutes } from './public/site/routes.ts';
import { publicContactRoutes } from './public/contact/routes.ts';
import type { VirusScanner } from '../uploads/virusScan.ts';
import { publicTrackRoutes } from './public/track/routes.ts';
import { adminImportRoutes } from './staff/admin-import/routes.ts';
import { adminCategoryRoutes } from './staff/admin-categories/routes.ts';
import { adminProcedureRoutes } from './staff/admin-procedures/routes.ts';
import { adminBankHolidayRoutes } from './staff/admin-bank-holidays/routes.ts';
import { adminReportRoutes } from './staff/admin-reports/routes.ts';

export { createViews } from './pipeline/views.ts';

/** Single sign-on through the council's identity provider (OpenID Connect), when configured. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This app's address as the provider sees it, e.g. https://complaints.example.gov.uk */
  baseUrl: string;
}

/** What the web app is built from; tests build it with their own database and clock. */
export interface Services {
  db: Database;
  clock: Clock;
  log?: LogSettings;
  session?: Partial<SessionSettings>;
  oidc?: OidcSettings | undefined;
  /** Behind a reverse proxy: the client's address and protocol come from X-Forwarded-*. */
  trustProxy?: boolean;
  /** Which channel sends emails (smtp, notify); 'outbox' (the default) when none does and the messages page is the outbox. */
  messageChannelName?: 'smtp' | 'notify' | 'outbox';
  /** ClamAV, when configured (scannerFromEnvironment): residents may attach files to a complaint only then. */
  virusScanner?: VirusScanner | null;
}

/**
 * The web app, read top to bottom: each step is one concern, in the order a request meets
 * them (the shape of hmpps-template-typescript's server/app.ts).
 */
export async function createApp(services: Services): Promise<FastifyInstance> {
  const app = Fastify({ ...loggerOptions(services.log ?? { level: 'silent' }), trustProxy: services.trustProxy ?? false, bodyLimit: 1_048_576 });
  setUpRequestGuard(app);
  await setUpSecurityHeaders(app);
  await setUpViews(app);
  setUpErrorPages(app, services.db.pool);
  // Assets are served apart from everything below: no session is read, nobody signed in, per file.
  await setUpStaticAssets(app, services.db);
  await app.register(async (pages) => {
    await pages.register(formbody, { bodyLimit: 262_144 });
    await setUpSession(pages, services.db, services.clock, {
      timeouts: services.session?.timeouts ?? DEFAULT_TIMEOUTS,
      secureCookies: services.session?.secureCookies ?? 'auto',
      secret: services.session?.secret,
    });
    await pages.register(rateLimit, { global: false });
    await setUpCsrf(pages);
    setUpAuthentication(pages, services.db);
    setUpNotFoundPage(pages, services.db.pool);

    await pages.register(signInRoutes(services));
    await pages.register(healthRoutes(services));
    await pages.register(singleSignOnRoutes(services));
    await pages.register(homeRoutes(services));
    await pages.register(caseListRoutes(services));
    await pages.register(caseRoutes(services));
    await pages.register(logContactRoutes(services));
    await pages.register(complimentRoutes(services));
    await pages.register(stageActionRoutes(services));
    await pages.register(caseDecisionRoutes(services));
    await pages.register(auditRoutes(services));
    await pages.register(messageRoutes(services));
    await pages.register(messageSettingsRoutes(services));
    await pages.register(selfAssessmentRoutes(services));
    await pages.register(retentionRoutes(services));
    await pages.register(ombudsmanReconciliationRoutes(services));
    await pages.register(adminRoutes(services));
    await pages.register(organisationRoutes(services));
    await pages.register(workspaceRoutes(services));
    await pages.register(userRoutes(services));
    await pages.register(ombudsmanRoutes(services));
    await pages.register(learningRoutes(services));
    await pages.register(publicSiteRoutes(services));
    await pages.register(publicContactRoutes(services));
    await pages.register(publicTrackRoutes(services));
    await pages.register(reportRoutes(services));
    await pages.register(dashboardRoutes(services));
    await pages.register(adminImportRoutes(services));
    await pages.register(adminCategoryRoutes(services));
    await pages.register(adminProcedureRoutes(services));
    await pages.register(adminBankHolidayRoutes(services));
    await pages.register(adminReportRoutes(services));
  });
  return app;
}
