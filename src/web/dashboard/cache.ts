import type { Queryable } from '../../db/database.ts';
import { changeStamp, dashboardFigures, type DashboardFigures, type DashboardScope } from './queries.ts';

/**
 * The dashboard's figures, kept per council, directorate and day until anything they count
 * changes: each view asks only for the council's change stamp (its latest case event and
 * import run, two index look-ups) and counts again only when that has moved. A figure is
 * never older than `maxAgeMs` whatever the stamp says (a change that writes no case event,
 * such as a directorate renamed, shows within that time).
 */
export class DashboardCache {
  private readonly entries = new Map<string, { stamp: string; at: number; figures: DashboardFigures }>();

  constructor(
    private readonly maxEntries = 500,
    private readonly maxAgeMs = 5 * 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async figures(db: Queryable, scope: DashboardScope): Promise<{ figures: DashboardFigures; cached: boolean }> {
    const key = `${scope.councilId}|${scope.today}|${scope.directorate ?? ''}`;
    const stamp = await changeStamp(db, scope.councilId);
    const found = this.entries.get(key);
    if (found && found.stamp === stamp && this.now() - found.at < this.maxAgeMs) return { figures: found.figures, cached: true };
    const figures = await dashboardFigures(db, scope);
    this.entries.delete(key);
    this.entries.set(key, { stamp, at: this.now(), figures });
    // The oldest first out (a Map keeps the order entries were set in).
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return { figures, cached: false };
  }
}
