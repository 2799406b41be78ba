/**
 * How far a council may change its adopted procedure's timescales (/admin/procedures): the
 * limits are data, kept next to the catalogue, each with where it comes from. A council may
 * answer sooner than the rules say, never later; a timescale a rule fixes (the 2009
 * regulations' six months, agreed case by case beyond that) cannot be changed at all. A
 * council's own local procedure has no rule above it, so only a sanity bound applies.
 * Pure: no database, no screen words.
 */
import type { ProcedureDefinition, StageDefinition, Timescale, TimescaleUnit } from './types.ts';

/** What may be changed at a stage: the acknowledgement, the response, the longest extension, or a step. */
export type TimescaleField = 'acknowledge' | 'respond' | 'maxExtension' | `step:${string}`;

/** The most a rule allows for each field, by stage number; 'fixed' = set by the rule, not changeable. */
type StageLimits = Partial<Record<TimescaleField, number | 'fixed'>>;

interface ProcedureLimits {
  /** Where the limits come from, shown beside them. */
  source: string;
  stages: Record<number, StageLimits>;
}

const CHC: ProcedureLimits = {
  source: 'Complaint Handling Code, sections 5 and 6: at most 5 working days to acknowledge, 10 (stage 1) / 20 (stage 2) to respond, and an extension of at most 10 / 20 further working days.',
  stages: { 1: { acknowledge: 5, respond: 10, maxExtension: 10 }, 2: { acknowledge: 5, respond: 20, maxExtension: 20 } },
};

const ADULTS: ProcedureLimits = {
  source: 'Complaints (England) Regulations 2009, regs. 13(2) and 14(4): acknowledged within 3 working days; the response within 6 months, or a later date agreed with the complainant case by case, so the 6 months cannot be changed here.',
  stages: { 1: { acknowledge: 3, respond: 'fixed' } },
};

const SCOTTISH_MODEL = (body: string): ProcedureLimits => ({
  source: `${body} model complaints handling procedure: stage 1 within 5 working days, extendable by at most 5 more; stage 2 acknowledged within 3 working days and answered within 20.`,
  stages: { 1: { respond: 5, maxExtension: 5 }, 2: { acknowledge: 3, respond: 20 } },
});

/** By catalogue key. A key not here is a council's own local procedure. */
export const TIMESCALE_LIMITS: Readonly<Record<string, ProcedureLimits>> = {
  'chc-corporate': CHC,
  'housing-ombudsman-code': { ...CHC, source: CHC.source.replace('Complaint Handling Code', 'Housing Ombudsman Complaint Handling Code') },
  'public-health-corporate': CHC,
  'adults-statutory': ADULTS,
  'public-health-statutory': ADULTS,
  'children-statutory': {
    source: 'Children Act 1989 Representations Procedure (England) Regulations 2006: stage 1 within 10 working days, extendable to 20 in all (reg. 14); stage 2 within 25, extendable to 65 in all (reg. 17); the review panel within 30 working days of the request (reg. 19), its report within 5 (reg. 20(1)), the response within 15 of the report (reg. 20(3)); acknowledgement within 2 working days (the guidance).',
    stages: {
      1: { acknowledge: 2, respond: 10, maxExtension: 10 },
      2: { acknowledge: 2, respond: 25, maxExtension: 40 },
      3: { acknowledge: 2, 'step:panel': 30, 'step:panel_report': 5, respond: 15 },
    },
  },
  'wales-social-services': {
    source: 'Social Services Complaints Procedure (Wales) Regulations 2014: acknowledged within 2 working days; the discussion within 10 working days and the written resolution within 5 of it; stage 2 answered within 25 working days of the request. The stage 2 acknowledgement is the council’s own (no rule sets it).',
    stages: { 1: { acknowledge: 2, 'step:discussion': 10, respond: 5 }, 2: { respond: 25 } },
  },
  'psow-model': {
    source: 'Public Services Ombudsman for Wales model complaints policy: stage 1 within 10 working days; stage 2 acknowledged within 5 working days and answered within 20.',
    stages: { 1: { respond: 10 }, 2: { acknowledge: 5, respond: 20 } },
  },
  'spso-model': SCOTTISH_MODEL('Scottish Public Services Ombudsman'),
  'nipso-model': SCOTTISH_MODEL('Northern Ireland Public Services Ombudsman'),
};

export const OWN_PROCEDURE_SOURCE = 'The council’s own procedure: no rule sets a maximum, so any sensible timescale may be chosen.';

/** A council's own procedure: at most a year, however counted. */
const SANITY: Record<TimescaleUnit, number> = { working_days: 250, calendar_days: 365, months: 12 };

export interface TimescaleRule {
  stage: number;
  stageName: string;
  field: TimescaleField;
  /** A step's name in the procedure's words; null for the others. */
  stepName: string | null;
  current: Timescale;
  /** The most allowed, in `current.unit`; null when the rule fixes it. */
  max: number | null;
  /** Whether the maximum is a rule's (true) or only a sanity bound of a council's own procedure (false). */
  byRule: boolean;
}

/** The form field for a rule: "s1-respond", "s3-step:panel". */
export const ruleKey = (r: { stage: number; field: TimescaleField }) => `s${r.stage}-${r.field}`;

function fieldsOf(stage: StageDefinition): { field: TimescaleField; stepName: string | null; current: Timescale }[] {
  const out: { field: TimescaleField; stepName: string | null; current: Timescale }[] = [];
  if (stage.acknowledge) out.push({ field: 'acknowledge', stepName: null, current: stage.acknowledge });
  for (const step of stage.steps ?? []) out.push({ field: `step:${step.key}`, stepName: step.name, current: step.within });
  if (stage.respond) out.push({ field: 'respond', stepName: null, current: stage.respond });
  if (stage.maxExtension) out.push({ field: 'maxExtension', stepName: null, current: stage.maxExtension });
  return out;
}

/** Every timescale of an adopted definition with how far it may be changed. */
export function timescaleRules(definition: ProcedureDefinition): { source: string; rules: TimescaleRule[] } {
  const limits = TIMESCALE_LIMITS[definition.key];
  const rules = definition.stages.flatMap((stage) => fieldsOf(stage).map(({ field, stepName, current }): TimescaleRule => {
    const limit = limits?.stages[stage.number]?.[field];
    const byRule = typeof limit === 'number' || limit === 'fixed';
    return {
      stage: stage.number, stageName: stage.name, field, stepName, current,
      max: limit === 'fixed' ? null : typeof limit === 'number' ? limit : SANITY[current.unit],
      byRule,
    };
  }));
  return { source: limits?.source ?? OWN_PROCEDURE_SOURCE, rules };
}

export type TimescaleProblem = { key: string; rule: TimescaleRule; problem: 'not_whole' | 'too_long' };

/**
 * Reads the amounts typed for each changeable timescale ("s1-respond" → "8") and returns the
 * definition with them, or every problem. A fixed timescale is never read. `changed` is false
 * when every amount is as it was.
 */
export function changeTimescales(
  definition: ProcedureDefinition, typed: Readonly<Record<string, unknown>>,
): { ok: true; definition: ProcedureDefinition; changed: boolean } | { ok: false; problems: TimescaleProblem[] } {
  const { rules } = timescaleRules(definition);
  const problems: TimescaleProblem[] = [];
  const next = structuredClone(definition) as ProcedureDefinition;
  let changed = false;
  for (const rule of rules) {
    if (rule.max === null) continue;
    const key = ruleKey(rule);
    const text = typeof typed[key] === 'string' ? (typed[key] as string).trim() : '';
    if (!/^\d{1,4}$/.test(text) || Number(text) < 1) {
      problems.push({ key, rule, problem: 'not_whole' });
      continue;
    }
    const amount = Number(text);
    if (amount > rule.max) {
      problems.push({ key, rule, problem: 'too_long' });
      continue;
    }
    if (amount === rule.current.amount) continue;
    changed = true;
    const stage = next.stages.find((s) => s.number === rule.stage)!;
    const timescale = { amount, unit: rule.current.unit };
    if (rule.field.startsWith('step:')) stage.steps!.find((s) => `step:${s.key}` === rule.field)!.within = timescale;
    else stage[rule.field as 'acknowledge' | 'respond' | 'maxExtension'] = timescale;
  }
  return problems.length ? { ok: false, problems } : { ok: true, definition: next, changed };
}
