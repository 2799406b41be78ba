/**
 * What the demo council agreed to put things right, which the case-history CSV (version 1)
 * cannot say: remedies and learning actions on the complaints the generated history upheld
 * in whole or part. Pure and seeded, like the history itself: the same history and seed
 * give the same records. seedDemo adds them through the complaints services after the import.
 */
import { fromEpochDay, toEpochDay } from '../domain/dates.ts';
import type { RemedyKind } from '../domain/cases/vocabulary.ts';
import type { GeneratedContact } from './caseHistoryGenerator.ts';

export interface DemoRemedy {
  reference: string;
  /** The day it was agreed: the day of the response that upheld the complaint. */
  on: string;
  remedy: { kind: RemedyKind; description: string; amount?: number; dueOn: string; doneOn?: string };
}

export interface DemoLearningAction {
  reference: string;
  on: string;
  action: { description: string; owner: string; dueOn: string; doneOn?: string };
}

const REMEDIES: { kind: RemedyKind; chance: number; description: string }[] = [
  { kind: 'apology', chance: 0.85, description: 'Written apology from the head of service' },
  { kind: 'provide_service', chance: 0.3, description: 'The service put right what was missed' },
  { kind: 'financial_redress', chance: 0.15, description: 'Payment for time and trouble' },
  { kind: 'reconsidered_decision', chance: 0.1, description: 'The decision was taken again' },
  { kind: 'information_advice', chance: 0.1, description: 'Clearer information given' },
];

const LESSONS = [
  'Update the guidance officers follow and brief the team',
  'Add a reminder to the case system before the deadline',
  'Review the letter templates so that they say what happens next',
  'Refresher training on recording contact with residents',
  'Check the process with the contractor at the monthly meeting',
  'Publish clearer information on the council website',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Remedies on about four in five complaints upheld at their last answered stage and half of
 * those partly upheld; learning actions on about a third of the upheld. Due dates follow the
 * response; what falls due before `today` is mostly done, some late, some still open.
 */
export function puttingThingsRight(history: Iterable<GeneratedContact>, seed: number, today: string): { remedies: DemoRemedy[]; learning: DemoLearningAction[] } {
  const rand = mulberry32(seed ^ 0x5bd1e995);
  const chance = (p: number) => rand() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const todayDay = toEpochDay(today);
  const remedies: DemoRemedy[] = [];
  const learning: DemoLearningAction[] = [];
  for (const { contact, stages } of history) {
    const answered = stages.filter((s) => s.responded_on !== '' && s.decision !== 'refused');
    const last = answered[answered.length - 1];
    if (!last || (last.outcome !== 'upheld' && last.outcome !== 'partially_upheld')) continue;
    const upheld = last.outcome === 'upheld';
    const respondedDay = toEpochDay(last.responded_on);
    const doneBy = (due: number, doneChance: number): string | undefined => {
      if (!chance(doneChance)) return undefined;
      const done = chance(0.8) ? due - int(0, 10) : due + int(1, 20);
      return done <= todayDay ? fromEpochDay(Math.max(respondedDay, done)) : undefined;
    };
    if (chance(upheld ? 0.8 : 0.5)) {
      const kinds = REMEDIES.filter((r) => chance(r.chance));
      if (kinds.length === 0) kinds.push(REMEDIES[0]!);
      for (const r of kinds) {
        const due = respondedDay + int(5, 28);
        const doneOn = doneBy(due, 0.92);
        remedies.push({
          reference: contact.reference,
          on: last.responded_on,
          remedy: {
            kind: r.kind,
            description: r.description,
            // £50 to £500 in £25 steps, mostly at the lower end.
            ...(r.kind === 'financial_redress' ? { amount: 50 + 25 * Math.floor(rand() * rand() * 19) } : {}),
            dueOn: fromEpochDay(due),
            ...(doneOn ? { doneOn } : {}),
          },
        });
      }
    }
    if (chance(upheld ? 0.35 : 0.12)) {
      const due = respondedDay + int(30, 120);
      const doneOn = doneBy(due, 0.75);
      learning.push({
        reference: contact.reference,
        on: last.responded_on,
        action: {
          description: LESSONS[int(0, LESSONS.length - 1)]!,
          owner: contact.service || contact.workspace,
          dueOn: fromEpochDay(due),
          ...(doneOn ? { doneOn } : {}),
        },
      });
    }
  }
  return { remedies, learning };
}
