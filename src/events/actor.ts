/**
 * Who did something, and from where: stored with every case event (src/events/caseEvents.ts)
 * and audit entry (src/events/audit.ts). A member of staff is their account and their own
 * name; anything else (the command line, an import, the demo seed, a test) is a system actor
 * with no account. Nothing about a resident ever goes here.
 */
export interface Actor {
  /** The signed-in staff member's account; null for the command line, imports and seeds. */
  accountId: number | null;
  /** The staff member's own name, or what the system actor is ("redress import"). */
  name: string;
  /** Where from: "web 203.0.113.7", "command line", "import". */
  origin: string;
  /** The web request it happened in, to find it in the logs. */
  requestId?: string;
}

/** The command line, an import, the demo seed, a test: no account. */
export function systemActor(name: string, origin = 'command line'): Actor {
  return { accountId: null, name: nonEmpty(name, 'name'), origin: nonEmpty(origin, 'origin') };
}

/** A signed-in member of staff, on the web, from their address. */
export function staffActor(staff: { accountId: number; name: string; ip: string; requestId?: string }): Actor {
  return {
    accountId: staff.accountId,
    name: nonEmpty(staff.name, 'name'),
    origin: `web ${staff.ip}`,
    ...(staff.requestId !== undefined ? { requestId: staff.requestId } : {}),
  };
}

/**
 * A resident on the public pages (issue 9): no account, no name (nothing about a resident
 * goes in an actor), from their address. Its origin starts "public web", which is what makes
 * their changes send messages (src/messages/caseMessages.ts).
 */
export function publicActor(ip: string, requestId?: string): Actor {
  return { accountId: null, name: 'resident (public web)', origin: `public web ${ip}`, ...(requestId !== undefined ? { requestId } : {}) };
}

function nonEmpty(value: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new Error(`An actor needs a ${what}`);
  return trimmed;
}
