import type { PerformanceReport } from '../performanceReport.ts';

/** The performance report as JSON for other systems: every figure, the self-assessment and the laid-out sections, two-space indent. */
export function renderPerformanceJson(report: PerformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
