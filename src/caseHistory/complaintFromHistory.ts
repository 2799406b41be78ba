import type { IsoDate } from '../domain/dates.ts';
import type { StageRow } from './validate.ts';

export type HistoricStatus = 'stage_open' | 'responded' | 'closed' | 'withdrawn';

/**
 * Where an imported complaint stands, from its stage rows: the last stage decides.
 * A complaint with no stage rows is an open stage 1 opened on its received date (the
 * format's rule); a refused escalation or an answered last stage of the procedure closes it.
 */
export function complaintFromHistory(
  receivedOn: IsoDate,
  stages: readonly StageRow[],
  procedureStages: number,
): { stages: Omit<StageRow, 'line' | 'reference'>[]; status: HistoricStatus; closedOn: IsoDate | null; withdrawnOn: IsoDate | null } {
  const rows = stages.length > 0
    ? [...stages].sort((a, b) => a.stage - b.stage).map(({ line: _l, reference: _r, ...s }) => s)
    : [{ stage: 1, requestedOn: null, decision: null, openedOn: receivedOn, extendedTo: null, respondedOn: null, outcome: null }];
  const last = rows[rows.length - 1]!;
  if (last.outcome === 'withdrawn') return { stages: rows, status: 'withdrawn', closedOn: null, withdrawnOn: last.respondedOn ?? last.openedOn };
  if (last.decision === 'refused') return { stages: rows, status: 'closed', closedOn: last.openedOn, withdrawnOn: null };
  if (last.respondedOn) {
    const final = last.stage >= procedureStages;
    return { stages: rows, status: final ? 'closed' : 'responded', closedOn: final ? last.respondedOn : null, withdrawnOn: null };
  }
  return { stages: rows, status: 'stage_open', closedOn: null, withdrawnOn: null };
}
