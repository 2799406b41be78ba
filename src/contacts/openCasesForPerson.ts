import type { Queryable } from '../db/database.ts';
import { scopeFilter, type Scope } from '../domain/access/scope.ts';

/** What a member of staff typed about the person: any one of these may match. */
export interface PersonMatch {
  fullName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

export interface OpenCase {
  reference: string;
  kind: string;
  receivedOn: string;
  status: string | null;
}

export interface KnownRestriction {
  restriction: string;
  reviewOn: string | null;
}

/** Digits only, so "01234 567 890" and "01234567890" match; too short to mean anything is no match. */
const phoneDigits = (phone: string | undefined) => {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 6 ? digits : null;
};

/**
 * The condition matching a person row (aliased `p`) by the same full name, email or phone as
 * typed (case and spacing ignored); null when nothing was typed to match on.
 */
function personCondition(who: PersonMatch, params: unknown[]): string | null {
  const parts: string[] = [];
  const name = who.fullName?.trim().replace(/\s+/g, ' ').toLowerCase();
  if (name) {
    params.push(name);
    parts.push(`lower(regexp_replace(btrim(p.full_name), '\\s+', ' ', 'g')) = $${params.length}`);
  }
  const email = who.email?.trim().toLowerCase();
  if (email) {
    params.push(email);
    parts.push(`lower(btrim(p.email)) = $${params.length}`);
  }
  const phone = phoneDigits(who.phone);
  if (phone) {
    params.push(phone);
    parts.push(`regexp_replace(coalesce(p.phone, ''), '\\D', '', 'g') = $${params.length}`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : null;
}

/**
 * Open cases of a person who matches what was typed (as complainant or representative):
 * complaints not closed or withdrawn, enquiries not yet answered. Only cases within the
 * officer's scope are found, so a warning never discloses a case they may not see.
 */
export async function openCasesForPerson(db: Queryable, scope: Scope, who: PersonMatch, limit = 20): Promise<OpenCase[]> {
  const params: unknown[] = [];
  const inScope = scopeFilter(scope, 'c', params);
  const matches = personCondition(who, params);
  if (!matches) return [];
  params.push(limit);
  const { rows } = await db.query<OpenCase>(
    `SELECT c.reference, c.kind, c.received_on::text AS "receivedOn", k.status
       FROM contact c
       LEFT JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
      WHERE ${inScope}
        AND ((c.kind = 'complaint' AND coalesce(k.status, 'logged') NOT IN ('closed', 'withdrawn') AND c.route IS DISTINCT FROM 'withdrawn')
          OR (c.kind IN ('enquiry', 'mp_enquiry', 'councillor_enquiry') AND c.responded_on IS NULL))
        AND EXISTS (SELECT 1 FROM person p
                     WHERE p.council_id = c.council_id AND p.id IN (c.complainant_id, c.representative_id) AND ${matches})
      ORDER BY c.received_on DESC, c.reference DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/**
 * Managed contact restrictions already recorded for a person who matches what was typed, on
 * cases within the officer's scope: shown as a warning while logging a new contact.
 */
export async function restrictionsForPerson(db: Queryable, scope: Scope, who: PersonMatch): Promise<KnownRestriction[]> {
  const params: unknown[] = [];
  const inScope = scopeFilter(scope, 'c', params);
  const matches = personCondition(who, params);
  if (!matches) return [];
  const { rows } = await db.query<{ restriction: string; review_on: string | null }>(
    `SELECT DISTINCT p.contact_restriction AS restriction, p.contact_restriction_review_on::text AS review_on
       FROM person p
       JOIN contact c ON c.council_id = p.council_id AND p.id IN (c.complainant_id, c.representative_id)
      WHERE ${inScope} AND p.contact_restriction IS NOT NULL AND btrim(p.contact_restriction) <> '' AND ${matches}
      ORDER BY review_on DESC NULLS LAST
      LIMIT 5`,
    params,
  );
  return rows.map((r) => ({ restriction: r.restriction, reviewOn: r.review_on }));
}
