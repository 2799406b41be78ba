import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findProcedure, procedureCatalogue } from '../../../src/domain/procedures/catalogue.ts';
import { changeTimescales, OWN_PROCEDURE_SOURCE, ruleKey, timescaleRules, TIMESCALE_LIMITS } from '../../../src/domain/procedures/timescaleLimits.ts';

/** A council changes its procedure's timescales within what the rules allow: sooner, never later; what a rule fixes, not at all. */

const values = (key: string, over: Record<string, string> = {}) => {
  const { rules } = timescaleRules(findProcedure(key)!);
  return { ...Object.fromEntries(rules.map((r) => [ruleKey(r), String(r.current.amount)])), ...over };
};

test('every catalogue procedure is within its own limits, and every limit names a timescale the procedure has', () => {
  for (const p of procedureCatalogue) {
    const { rules } = timescaleRules(p);
    for (const r of rules) if (r.max !== null) assert.ok(r.current.amount <= r.max, `${p.key} stage ${r.stage} ${r.field}`);
    const result = changeTimescales(p, values(p.key));
    assert.ok(result.ok && !result.changed, p.key);
    for (const [stage, fields] of Object.entries(TIMESCALE_LIMITS[p.key]?.stages ?? {})) {
      for (const field of Object.keys(fields)) assert.ok(rules.some((r) => r.stage === Number(stage) && r.field === field), `${p.key}: a limit for stage ${stage} ${field}, which it does not have`);
    }
  }
});

test('the Complaint Handling Code: stage 1 at most 10 working days, an extension at most 10; shorter is allowed', () => {
  const chc = findProcedure('chc-corporate')!;
  const sooner = changeTimescales(chc, values('chc-corporate', { 's1-respond': '8', 's1-maxExtension': '5' }));
  assert.ok(sooner.ok && sooner.changed);
  assert.deepEqual(sooner.definition.stages[0]!.respond, { amount: 8, unit: 'working_days' });
  assert.deepEqual(sooner.definition.stages[0]!.maxExtension, { amount: 5, unit: 'working_days' });
  assert.deepEqual(chc.stages[0]!.respond, { amount: 10, unit: 'working_days' }, 'the catalogue is untouched');
  const later = changeTimescales(chc, values('chc-corporate', { 's1-respond': '11', 's1-maxExtension': '11', 's2-respond': '0', 's2-acknowledge': 'five' }));
  assert.ok(!later.ok);
  assert.deepEqual(later.problems.map((p) => [p.key, p.problem, p.rule.max]), [
    ['s1-respond', 'too_long', 10], ['s1-maxExtension', 'too_long', 10], ['s2-acknowledge', 'not_whole', 5], ['s2-respond', 'not_whole', 20],
  ]);
});

test("children's statutory: stage 1 10 (+10), stage 2 25 (+40, 65 in all), the panel within 30, its report 5, the response 15", () => {
  const { rules } = timescaleRules(findProcedure('children-statutory')!);
  const max = Object.fromEntries(rules.map((r) => [ruleKey(r), r.max]));
  assert.deepEqual(max, {
    's1-acknowledge': 2, 's1-respond': 10, 's1-maxExtension': 10,
    's2-acknowledge': 2, 's2-respond': 25, 's2-maxExtension': 40,
    's3-acknowledge': 2, 's3-step:panel': 30, 's3-step:panel_report': 5, 's3-respond': 15,
  });
  const panel = changeTimescales(findProcedure('children-statutory')!, values('children-statutory', { 's3-step:panel': '20', 's2-maxExtension': '41' }));
  assert.ok(!panel.ok && panel.problems.length === 1 && panel.problems[0]!.key === 's2-maxExtension');
  const ok = changeTimescales(findProcedure('children-statutory')!, values('children-statutory', { 's3-step:panel': '20' }));
  assert.ok(ok.ok);
  assert.deepEqual(ok.definition.stages[2]!.steps![0]!.within, { amount: 20, unit: 'working_days' });
});

test("adults' statutory: the 6 months is agreed with the complainant case by case, so it cannot be changed; the acknowledgement at most 3", () => {
  const adults = findProcedure('adults-statutory')!;
  const { rules } = timescaleRules(adults);
  assert.equal(rules.find((r) => r.field === 'respond')!.max, null);
  const typed = changeTimescales(adults, { 's1-acknowledge': '2', 's1-respond': '1' });
  assert.ok(typed.ok);
  assert.deepEqual(typed.definition.stages[0]!.respond, { amount: 6, unit: 'months' }, 'a fixed timescale is never read from the form');
  assert.ok(!changeTimescales(adults, { 's1-acknowledge': '4' }).ok);
});

test("a council's own procedure has no rule above it: a sanity bound of a year, and it says so", () => {
  const own = findProcedure('wolverhampton-corporate')!;
  const { source, rules } = timescaleRules(own);
  assert.equal(source, OWN_PROCEDURE_SOURCE);
  assert.deepEqual(rules.map((r) => [ruleKey(r), r.max, r.byRule]), [
    ['s1-acknowledge', 250, false], ['s1-respond', 365, false], ['s2-acknowledge', 250, false], ['s2-respond', 365, false],
  ]);
  const longer = changeTimescales(own, { 's1-acknowledge': '5', 's1-respond': '28', 's2-acknowledge': '5', 's2-respond': '28' });
  assert.ok(longer.ok && longer.changed);
  assert.deepEqual(longer.definition.stages[1]!.respond, { amount: 28, unit: 'calendar_days' });
});
