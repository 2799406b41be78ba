import type { Queryable } from '../db/database.ts';

/**
 * A report is of a year the council has case history for: asked for a year with none (a
 * typo, a year not yet imported), Redress says so rather than printing a report of zeros.
 */

export class NoDataForYearError extends Error {
  constructor(message: string, readonly yearsWithData: string[]) {
    super(message);
    this.name = 'NoDataForYearError';
  }
}

/** The reporting years with any contact received or Ombudsman case received or decided in them, oldest first. */
export async function yearsWithData(db: Queryable, councilId: number): Promise<string[]> {
  const { rows } = await db.query<{ year: string }>(
    `SELECT DISTINCT reporting_year(d.on_date, k.reporting_year_starts) AS year
       FROM council k
       JOIN (SELECT council_id, received_on AS on_date FROM contact WHERE council_id = $1
             UNION SELECT council_id, received_on FROM ombudsman_case WHERE council_id = $1
             UNION SELECT council_id, decided_on FROM ombudsman_case WHERE council_id = $1 AND decided_on IS NOT NULL) d ON d.council_id = k.id
      WHERE k.id = $1
      ORDER BY year`,
    [councilId],
  );
  return rows.map((r) => r.year);
}

/** One sentence saying why there is no report of `year`, and which years there are; null when there is data. */
export function noDataMessage(councilName: string, year: string, withData: readonly string[]): string | null {
  if (withData.includes(year)) return null;
  if (withData.length === 0) return `${councilName} has no case history yet, so there is no ${year} report to make: import its history first.`;
  const first = withData[0]!;
  const last = withData[withData.length - 1]!;
  const choose = first === last ? `the only year with data is ${first}` : `choose a year from ${first} to ${last}`;
  return `${councilName} has no contacts or Ombudsman cases in ${year}, so there is no report to make: ${choose}.`;
}

/** Throws NoDataForYearError when the council has nothing in `year`. */
export async function refuseYearWithoutData(db: Queryable, council: { id: number; name: string }, year: string): Promise<void> {
  const withData = await yearsWithData(db, council.id);
  const message = noDataMessage(council.name, year, withData);
  if (message) throw new NoDataForYearError(message, withData);
}
