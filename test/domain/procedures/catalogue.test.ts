import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findProcedure, procedureCatalogue } from '../../../src/domain/procedures/catalogue.ts';
import type { Timescale } from '../../../src/domain/procedures/types.ts';

const CODES = ['corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing'];
const OMBUDSMEN = ['lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso'];
const UNITS = ['working_days', 'calendar_days', 'months'];
const EXPECTED_KEYS = [
  'chc-corporate',
  'housing-ombudsman-code',
  'public-health-corporate',
  'public-health-statutory',
  'cheshire-west-corporate',
  'staffordshire-corporate',
  'wolverhampton-corporate',
  'children-statutory',
  'adults-statutory',
  'wales-social-services',
  'psow-model',
  'spso-model',
  'nipso-model',
];
const wd = (amount: number): Timescale => ({ amount, unit: 'working_days' });

function validTimescale(t: Timescale | null): boolean {
  return t === null || (UNITS.includes(t.unit) && Number.isInteger(t.amount) && t.amount > 0);
}

describe('procedure catalogue invariants', () => {
  it('has every expected procedure, with unique keys', () => {
    const keys = procedureCatalogue.map((p) => p.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual([...keys].sort(), [...EXPECTED_KEYS].sort());
  });

  for (const p of procedureCatalogue) {
    it(`${p.key}: well-formed`, () => {
      assert.ok(CODES.includes(p.code), `code ${p.code}`);
      assert.ok(OMBUDSMEN.includes(p.ombudsman), `ombudsman ${p.ombudsman}`);
      assert.ok(p.name.trim().length > 0);
      assert.ok(p.source.trim().length > 40, 'source must say where the rules come from');
      assert.ok(p.stages.length >= 1);
      assert.deepEqual(
        p.stages.map((s) => s.number),
        p.stages.map((_, i) => i + 1),
        'stages numbered 1..n consecutively',
      );
      for (const s of p.stages) {
        const where = `${p.key} stage ${s.number}`;
        assert.ok(s.name.trim().length > 0, where);
        for (const t of [s.acknowledge, s.respond, s.maxExtension, s.outerLimit, s.escalationWindow]) {
          assert.ok(validTimescale(t), `${where}: bad timescale ${JSON.stringify(t)}`);
        }
        const steps = (s.steps ?? []).map((t) => `step:${t.key}`);
        assert.ok(['receipt', 'acknowledgement', 'request', ...steps].includes(s.respondFrom), where);
        // A step starts from the stage or an earlier step, never a later one.
        (s.steps ?? []).forEach((t, i) => {
          assert.ok(['receipt', 'acknowledgement', 'request', ...steps.slice(0, i)].includes(t.from), `${where}: step ${t.key}`);
          assert.ok(validTimescale(t.within), `${where}: step ${t.key}`);
        });
        // Counting from an acknowledgement needs an acknowledgement deadline to fall back on.
        if (s.respondFrom === 'acknowledgement') assert.ok(s.acknowledge, `${where}: respondFrom acknowledgement without acknowledge`);
        // Every stage has some deadline for its answer.
        assert.ok(s.respond || s.outerLimit, `${where}: neither respond nor outerLimit`);
        if (s.maxExtension || s.beyondMaxExtension === 'agreed') assert.ok(s.respond, `${where}: extension of nothing`);
        if (s.beyondMaxExtension === 'with_good_reason') assert.ok(s.maxExtension, `${where}: beyond what?`);
      }
      assert.equal(p.stages[p.stages.length - 1]!.escalationWindow, null, 'last stage has no escalation window');
    });
  }

  it('is frozen, so no caller can change the shared definitions', () => {
    assert.ok(Object.isFrozen(procedureCatalogue));
    assert.ok(Object.isFrozen(procedureCatalogue[0]!.stages[0]));
    assert.throws(() => {
      (procedureCatalogue[0]!.stages[0] as { respond: unknown }).respond = null;
    }, TypeError);
  });

  it('findProcedure finds by key, undefined otherwise', () => {
    assert.equal(findProcedure('children-statutory')?.stages.length, 3);
    assert.equal(findProcedure('no-such-procedure'), undefined);
  });
});

describe('procedure catalogue timescales', () => {
  it('Complaint Handling Code family: 5 / 10 (+10) / 5 / 20 (+20), response from acknowledgement', () => {
    for (const [key, code, omb] of [
      ['chc-corporate', 'corporate', 'lgsco'],
      ['housing-ombudsman-code', 'housing', 'housing_ombudsman'],
      ['public-health-corporate', 'public_health', 'lgsco'],
    ] as const) {
      const p = findProcedure(key)!;
      assert.equal(p.code, code);
      assert.equal(p.ombudsman, omb);
      const [s1, s2] = p.stages;
      assert.deepEqual([s1!.acknowledge, s1!.respond, s1!.maxExtension, s1!.respondFrom], [wd(5), wd(10), wd(10), 'acknowledgement']);
      assert.deepEqual([s2!.acknowledge, s2!.respond, s2!.maxExtension, s2!.respondFrom], [wd(5), wd(20), wd(20), 'acknowledgement']);
      assert.equal(s2!.acknowledgeFrom, 'request');
      assert.deepEqual([s1!.beyondMaxExtension, s2!.beyondMaxExtension], ['with_good_reason', 'with_good_reason']);
      assert.equal(s1!.escalationWindow, null);
    }
  });

  it('council procedures', () => {
    const cw = findProcedure('cheshire-west-corporate')!.stages;
    assert.deepEqual([cw[0]!.respond, cw[0]!.escalationWindow, cw[1]!.respond], [wd(20), wd(20), wd(40)]);
    const st = findProcedure('staffordshire-corporate')!.stages;
    assert.deepEqual([st[0]!.respond, st[1]!.respond], [wd(20), wd(25)]);
    const wo = findProcedure('wolverhampton-corporate')!.stages;
    assert.deepEqual(wo.map((s) => s.respond), [
      { amount: 21, unit: 'calendar_days' },
      { amount: 21, unit: 'calendar_days' },
    ]);
  });

  it('statutory procedures', () => {
    const ch = findProcedure('children-statutory')!.stages;
    // Stage 3: panel 30 wd from the request, report 5 wd after it, response 15 wd after the report.
    assert.deepEqual(ch.map((s) => s.respond), [wd(10), wd(25), wd(15)]);
    assert.deepEqual(ch[2]!.steps!.map((t) => [t.key, t.within.amount, t.from]), [['panel', 30, 'request'], ['panel_report', 5, 'step:panel']]);
    assert.equal(ch[2]!.respondFrom, 'step:panel_report');
    assert.deepEqual(ch.map((s) => s.maxExtension), [wd(10), wd(40), null]); // 20 and 65 in all
    assert.deepEqual(ch.map((s) => s.escalationWindow), [wd(20), wd(20), null]);
    assert.deepEqual(ch[0]!.acknowledge, wd(2));
    const ad = findProcedure('adults-statutory')!;
    assert.equal(ad.stages.length, 1);
    assert.deepEqual([ad.stages[0]!.acknowledge, ad.stages[0]!.respond, ad.stages[0]!.beyondMaxExtension], [wd(3), { amount: 6, unit: 'months' }, 'agreed']);
    assert.deepEqual(findProcedure('public-health-statutory')!.stages, ad.stages);
    const wa = findProcedure('wales-social-services')!;
    assert.equal(wa.ombudsman, 'psow');
    assert.deepEqual([wa.stages[0]!.acknowledge, wa.stages[0]!.steps![0]!.within, wa.stages[0]!.respond, wa.stages[1]!.respond], [wd(2), wd(10), wd(5), wd(25)]);
    assert.equal(wa.stages[1]!.respondFrom, 'request');
  });

  it('ombudsman model procedures', () => {
    const ps = findProcedure('psow-model')!;
    assert.deepEqual([ps.ombudsman, ps.stages[0]!.respond, ps.stages[1]!.respond], ['psow', wd(10), wd(20)]);
    const sp = findProcedure('spso-model')!;
    assert.deepEqual(
      [sp.ombudsman, sp.stages[0]!.respond, sp.stages[0]!.maxExtension, sp.stages[1]!.acknowledge, sp.stages[1]!.respond],
      ['spso', wd(5), wd(5), wd(3), wd(20)],
    );
    assert.equal(findProcedure('nipso-model')!.ombudsman, 'nipso');
    for (const key of ['spso-model', 'nipso-model']) {
      const s1 = findProcedure(key)!.stages[0]!;
      assert.deepEqual([s1.escalationWindow, s1.escalationWindowFromEvents], [{ amount: 2, unit: 'months' }, { amount: 6, unit: 'months' }], key);
    }
  });

  it('says plainly where a timescale is the council\'s own default rather than the source\'s', () => {
    for (const p of procedureCatalogue) assert.doesNotMatch(p.source, /assumed/, p.key);
    for (const key of ['cheshire-west-corporate', 'staffordshire-corporate', 'wolverhampton-corporate', 'wales-social-services']) {
      assert.match(findProcedure(key)!.source, /a default the council sets/, key);
    }
  });
});
