import type { Queryable } from '../db/database.ts';

export interface ContactListItem {
  reference: string;
  kind: string;
  receivedOn: string;
  route: string | null;
  procedure: string | null;
  directorate: string | null;
  status: string | null;
}

/** The newest contacts first, a page at a time. */
export async function listContacts(db: Queryable, councilId: number, page: number, pageSize = 50): Promise<{ items: ContactListItem[]; total: number }> {
  const [items, total] = await Promise.all([
    db.query<ContactListItem>(
      `SELECT c.reference, c.kind, c.received_on AS "receivedOn", c.route, c.procedure_code AS procedure,
              op.directorate, k.status
         FROM contact c
         LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
         LEFT JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
        WHERE c.council_id = $1
        ORDER BY c.received_on DESC, c.reference DESC
        LIMIT $2 OFFSET $3`,
      [councilId, pageSize, (page - 1) * pageSize],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact WHERE council_id = $1', [councilId]),
  ]);
  return { items: items.rows, total: total.rows[0]?.n ?? 0 };
}

export interface ContactCounts {
  years: string[];
  /** kind or route label → year → count */
  byKind: Record<string, Record<string, number>>;
  byRoute: Record<string, Record<string, number>>;
}

/** Contacts received by kind, and complaints by triage route, per reporting year (duplicates counted once). */
export async function contactCounts(db: Queryable, councilId: number): Promise<ContactCounts> {
  const { rows } = await db.query<{ year: string; kind: string; route: string | null; n: number }>(
    `SELECT reporting_year(c.received_on, k.reporting_year_starts) AS year, c.kind, c.route, count(*)::int AS n
       FROM contact c JOIN council k ON k.id = c.council_id
      WHERE c.council_id = $1 AND c.duplicate_of_id IS NULL
      GROUP BY 1, 2, 3`,
    [councilId],
  );
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const byKind: ContactCounts['byKind'] = {};
  const byRoute: ContactCounts['byRoute'] = {};
  for (const r of rows) {
    const kind = (byKind[r.kind] ??= {});
    kind[r.year] = (kind[r.year] ?? 0) + r.n;
    if (r.kind === 'complaint') {
      const route = (byRoute[r.route ?? 'not triaged'] ??= {});
      route[r.year] = (route[r.year] ?? 0) + r.n;
    }
  }
  return { years, byKind, byRoute };
}
