import type { Timescale } from '../../../domain/procedures/types.ts';
import type { TimescaleRule } from '../../../domain/procedures/timescaleLimits.ts';
import { t } from '../../i18n.ts';

/** "10 working days", "6 months". */
export const timescaleText = (s: Timescale | { amount: number; unit: Timescale['unit'] }) => t(`adminProcedures.units.${s.unit}`, { count: s.amount });

/** What a timescale is, in the screen's words: "Acknowledge within", "The review panel meeting within". */
export function ruleLabel(rule: TimescaleRule): string {
  if (rule.field.startsWith('step:')) return t('adminProcedures.fields.step', { step: rule.stepName ?? rule.field.slice(5) });
  return t(`adminProcedures.fields.${rule.field}`);
}

/** "At most 10 working days (the rules)", "Set by the rules: agreed case by case", "Up to a year (your own procedure)". */
export function limitText(rule: TimescaleRule): string {
  if (rule.max === null) return t('adminProcedures.limits.fixed');
  const most = timescaleText({ amount: rule.max, unit: rule.current.unit });
  return rule.byRule ? t('adminProcedures.limits.byRule', { most }) : t('adminProcedures.limits.own', { most });
}
