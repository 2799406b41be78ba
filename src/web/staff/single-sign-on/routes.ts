import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as oidcClient from 'openid-client';
import type { OidcSettings, Services } from '../../app.ts';
import { emailFromClaims, signInWithProvider, type IdentityClaims, type SingleSignOnRefusal } from '../../../accounts/singleSignOn.ts';
import { recordAccess } from '../../../events/audit.ts';
import { systemActor } from '../../../events/actor.ts';
import { t } from '../../i18n.ts';
import { startStaffSession } from '../sign-in/routes.ts';

/** Where the provider sends people back to; register `<OIDC_BASE_URL>/sign-in/oidc/callback` with it. */
export const CALLBACK_PATH = '/sign-in/oidc/callback';
const SIGN_IN_VIEW = 'staff/sign-in/signIn.njk';
const REFUSED_VIEW = 'staff/single-sign-on/refused.njk';
/** What is asked of the provider: who it is (sub), their email and sign-in name (Entra's preferred_username). */
const SCOPE = 'openid email profile';

declare module 'fastify' {
  interface Session {
    /** A single sign-on under way: what the callback must find again (never sent to the browser). */
    oidc?: { state: string; nonce: string; codeVerifier: string };
  }
}

/**
 * The provider's configuration, discovered on first use and kept; a failed discovery is
 * forgotten, so the next attempt tries again (the provider may only have been down).
 * Plain http is allowed only for a provider on this machine (tests, a local provider).
 */
export function providerConfiguration(settings: OidcSettings): () => Promise<oidcClient.Configuration> {
  let discovered: Promise<oidcClient.Configuration> | null = null;
  return () => {
    discovered ??= oidcClient
      .discovery(new URL(settings.issuer), settings.clientId, undefined, oidcClient.ClientSecretBasic(settings.clientSecret), {
        timeout: 10,
        execute: isLoopback(settings.issuer) ? [oidcClient.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };
}

const isLoopback = (url: string) => {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
};

/**
 * Single sign-on with the council's identity provider (Microsoft Entra ID or any OpenID
 * provider): the authorization code flow with PKCE, state and nonce kept in the server-side
 * session. The provider says who it is; src/accounts/singleSignOn.ts decides whether they
 * may come in; the session starts exactly as a password sign-in's does. Absent (404) when
 * single sign-on is not configured.
 */
export const singleSignOnRoutes = (services: Services) => async (app: FastifyInstance) => {
  const settings = services.oidc;
  if (!settings) return;
  const configuration = providerConfiguration(settings);
  const redirectUri = `${settings.baseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;
  const limit = { config: { rateLimit: { max: 30, timeWindow: '5 minutes' } } };

  const failed = async (request: FastifyRequest, reply: FastifyReply, status: number, reason: string) => {
    await auditFailure(request, reason);
    return reply.code(status).view(SIGN_IN_VIEW, {
      title: t('signIn.title'), errors: {}, errorList: [{ text: t('signIn.errors.providerFailed') }], values: {}, oidc: true,
    });
  };

  const refused = async (request: FastifyRequest, reply: FastifyReply, reason: SingleSignOnRefusal) => {
    await auditFailure(request, reason);
    return reply.code(403).view(REFUSED_VIEW, { title: t('singleSignOn.refused.title'), reason: t(`singleSignOn.refused.${reason}`) });
  };

  const auditFailure = (request: FastifyRequest, reason: string) =>
    recordAccess(services.db.pool, { ...systemActor('someone signing in', `web ${request.ip}`), requestId: String(request.id) }, {
      councilId: null, action: 'sign_in_failed', detail: { codes: { method: 'oidc', reason } },
    });

  app.get('/sign-in/oidc', limit, async (request, reply) => {
    if (request.staff) return reply.redirect('/', 303);
    let config: oidcClient.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      request.log.warn(whatWentWrong(error), 'single sign-on: the identity provider could not be reached');
      return failed(request, reply, 503, 'provider_unreachable');
    }
    const codeVerifier = oidcClient.randomPKCECodeVerifier();
    const state = oidcClient.randomState();
    const nonce = oidcClient.randomNonce();
    request.session.oidc = { state, nonce, codeVerifier };
    const url = oidcClient.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: SCOPE,
      code_challenge: await oidcClient.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return reply.redirect(url.href, 303);
  });

  app.get(CALLBACK_PATH, limit, async (request, reply) => {
    const pending = request.session.oidc;
    request.session.oidc = undefined;
    // No sign-in under way in this browser: an old or copied link, or the session timed out at the provider.
    if (!pending) return failed(request, reply, 400, 'no_sign_in_under_way');
    let config: oidcClient.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      request.log.warn(whatWentWrong(error), 'single sign-on: the identity provider could not be reached');
      return failed(request, reply, 503, 'provider_unreachable');
    }
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let claims: IdentityClaims;
    try {
      const tokens = await oidcClient.authorizationCodeGrant(config, new URL(`${redirectUri}${query}`), {
        pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
      });
      claims = tokens.claims() as IdentityClaims;
      // A provider that keeps the email for its userinfo endpoint (Entra ID puts it in the ID token).
      if (!emailFromClaims(claims) && config.serverMetadata().userinfo_endpoint) {
        const info = await oidcClient.fetchUserInfo(config, tokens.access_token, claims.sub);
        claims = { sub: claims.sub, email: info.email, email_verified: info.email_verified, preferred_username: info.preferred_username, upn: info.upn };
      }
    } catch (error) {
      const reason = failureCode(error);
      request.log.warn({ ...whatWentWrong(error), reason }, 'single sign-on: the provider’s answer was refused');
      return failed(request, reply, reason === 'provider_unreachable' ? 503 : 400, reason);
    }
    const result = await signInWithProvider(services.db.pool, config.serverMetadata().issuer, claims);
    if (!result.ok) return refused(request, reply, result.reason);
    return startStaffSession(services, request, reply, result.accountId, result.displayName, result.memberships.map((m) => m.councilId));
  });
};

/**
 * What a log line says about a failure: its kind, code and message, not its cause (which can
 * hold the ID token's claims, a person's email, or the authorization code).
 */
function whatWentWrong(error: unknown): Record<string, string | undefined> {
  if (!(error instanceof Error)) return { error: String(error).slice(0, 200) };
  const cause = error.cause instanceof Error ? error.cause : undefined;
  return { error: error.name, code: (error as { code?: string }).code, message: error.message, cause: cause ? `${cause.name}: ${cause.message}` : undefined };
}

/** A system code for why the provider's answer was not accepted (for the audit, never what anyone typed). */
function failureCode(error: unknown): string {
  // The provider sent the person back with an error (they cancelled, or it refused them).
  if (error instanceof oidcClient.AuthorizationResponseError) return `provider_${/^[a-z_]{1,40}$/.test(error.error) ? error.error : 'error'}`;
  // The token endpoint refused the code (used already, expired, wrong client secret).
  if (error instanceof oidcClient.ResponseBodyError) return 'token_refused';
  // The answer did not check out: state, issuer, nonce, the ID token's signature or claims.
  if (error instanceof oidcClient.ClientError && (error.code ?? '').startsWith('OAUTH_')) return 'response_invalid';
  return 'provider_unreachable';
}
