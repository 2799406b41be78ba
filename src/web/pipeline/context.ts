import type { FastifyRequest } from 'fastify';
import type { Council } from '../../councils/councilRepository.ts';
import type { Scope } from '../../domain/access/scope.ts';
import { staffActor, systemActor, type Actor } from '../../events/actor.ts';

/**
 * Who is asking, for which council, and what they may see: resolved once per request by the
 * authentication step and handed to every service. Services never read the session.
 */
export interface StaffContext {
  account: { id: number; email: string; displayName: string };
  council: Council & { brand: CouncilBrand };
  scope: Scope;
  /** How many councils the account works for (a shared service can work for several). */
  councilCount: number;
}

export interface CouncilBrand {
  colour: string;
  logoUrl: string | null;
}

/** The actor written on events and audit entries for this request: the person, from where. */
export function actorOf(request: FastifyRequest): Actor {
  const staff = request.staff;
  if (!staff) return { ...systemActor('someone not signed in', `web ${request.ip}`), requestId: String(request.id) };
  return staffActor({ accountId: staff.account.id, name: staff.account.displayName, ip: request.ip, requestId: String(request.id) });
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffContext;
  }
  interface Session {
    accountId?: number;
    councilId?: number;
    /** Where to go after signing in (a path on this site). */
    returnTo?: string;
    /** A success message for the next page (a GOV.UK notification banner), read once. */
    flash?: string;
  }
}

/** The one-time message (a success banner) a redirect left in the session: read once, then gone. */
export function takeFlash(request: FastifyRequest): string | undefined {
  const flash = request.session.flash;
  if (flash) request.session.flash = undefined;
  return flash;
}
