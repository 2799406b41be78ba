import type { ElementOutcome, StageOutcome } from './vocabulary.ts';

/**
 * A stage's outcome derived from the findings on its elements, per the Wrexham definition
 * ("a complaint containing 25 elements, 8 upheld" is partially upheld):
 *
 * - withdrawn elements are ignored: the complainant dropped them, so they are neither
 *   upheld nor not upheld and must not turn an upheld complaint into a partial one;
 * - every remaining element upheld → upheld;
 * - at least one (but not every) remaining element upheld → partially_upheld;
 * - no remaining element upheld → not_upheld;
 * - every element withdrawn → withdrawn;
 * - no elements at all → not_known (nothing was recorded to derive a finding from; the
 *   officer records the outcome directly instead).
 */
export function complaintOutcomeFromElements(outcomes: readonly ElementOutcome[]): StageOutcome {
  if (outcomes.length === 0) return 'not_known';
  const considered = outcomes.filter((o) => o !== 'withdrawn');
  if (considered.length === 0) return 'withdrawn';
  const upheld = considered.filter((o) => o === 'upheld').length;
  if (upheld === considered.length) return 'upheld';
  if (upheld > 0) return 'partially_upheld';
  return 'not_upheld';
}
