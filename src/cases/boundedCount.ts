/**
 * Counts that stop at a bound: a list or queue says "1,000" or "more than 1,000" rather than
 * counting a million rows for a figure nobody reads past four digits (ADR 14).
 */
export const COUNT_BOUND = 1000;

export interface BoundedCount {
  /** The number of rows, at most COUNT_BOUND. */
  count: number;
  /** True when there are more than COUNT_BOUND. */
  more: boolean;
}

/** From a count taken over at most COUNT_BOUND + 1 rows. */
export function boundedCount(countedUpToBoundPlusOne: number): BoundedCount {
  return countedUpToBoundPlusOne > COUNT_BOUND ? { count: COUNT_BOUND, more: true } : { count: countedUpToBoundPlusOne, more: false };
}

/** "25", "1,000", "more than 1,000". */
export function describeCount(total: BoundedCount): string {
  const n = total.count.toLocaleString('en-GB');
  return total.more ? `more than ${n}` : n;
}

/** SQL counting the rows of `selectOneRowEach` up to the bound plus one. */
export function boundedCountSql(selectOneRowEach: string): string {
  return `SELECT count(*)::int AS n FROM (${selectOneRowEach} LIMIT ${COUNT_BOUND + 1}) bounded`;
}
