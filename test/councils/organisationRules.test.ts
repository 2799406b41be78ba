import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, planChange, shapeProblems, treeOn, type OrgUnit, type OrganisationChange } from '../../src/councils/organisationRules.ts';

const START = '1900-01-01';
const u = (id: number, kind: OrgUnit['kind'], name: string, parentId: number | null, more: Partial<OrgUnit> = {}): OrgUnit =>
  ({ id, kind, name, parentId, validFrom: START, validTo: null, successorId: null, ...more });

// Housing (Repairs → Gas Safety; Tenancy) and Place (Highways).
const units: OrgUnit[] = [
  u(1, 'directorate', 'Housing', null), u(2, 'service', 'Repairs', 1), u(3, 'team', 'Gas Safety', 2), u(4, 'service', 'Tenancy', 1),
  u(5, 'directorate', 'Place', null), u(6, 'service', 'Highways', 5),
];

const after = (change: OrganisationChange) => {
  const planned = planChange(units, change);
  assert.ok(planned.ok, JSON.stringify(!planned.ok && planned.problems));
  const result = applied(units, planned.plan);
  assert.deepEqual(shapeProblems(result), []);
  return result;
};
const names = (nodes: ReturnType<typeof treeOn>): unknown[] => nodes.map((n) => (n.children.length ? { [n.unit.name]: names(n.children) } : n.unit.name));
const planOf = (change: OrganisationChange) => {
  const planned = planChange(units, change);
  if (!planned.ok) throw new Error('refused');
  return planned.plan;
};
const codes = (change: OrganisationChange) => {
  const planned = planChange(units, change);
  return planned.ok ? [] : planned.problems.map((p) => `${p.field}:${p.code}`);
};

test('merging a directorate into another moves its services from the date, and the day before keeps the old shape', () => {
  const result = after({ change: 'merge', unitId: 1, intoId: 5, from: '2026-04-01' });
  assert.deepEqual(names(treeOn(result, '2026-03-31')), [{ Housing: [{ Repairs: ['Gas Safety'] }, 'Tenancy'] }, { Place: ['Highways'] }]);
  assert.deepEqual(names(treeOn(result, '2026-04-01')), [{ Place: ['Highways', { Repairs: ['Gas Safety'] }, 'Tenancy'] }]);
  const housing = result.find((x) => x.id === 1)!;
  assert.equal(housing.validTo, '2026-03-31');
  assert.equal(housing.successorId, 5);
  // Each old unit names the unit that carries on its work.
  const repairs = result.find((x) => x.id === 2)!;
  assert.equal(result.find((x) => x.id === repairs.successorId)!.name, 'Repairs');
  assert.equal(result.find((x) => x.id === repairs.successorId)!.parentId, 5);
});

test('renaming closes the old unit and opens the renamed one with the units below it', () => {
  const result = after({ change: 'rename', unitId: 1, name: 'Homes', from: '2026-04-01' });
  assert.deepEqual(names(treeOn(result, '2026-04-01')), [{ Homes: [{ Repairs: ['Gas Safety'] }, 'Tenancy'] }, { Place: ['Highways'] }]);
  assert.deepEqual(names(treeOn(result, '2025-06-01'))[0], { Housing: [{ Repairs: ['Gas Safety'] }, 'Tenancy'] });
});

test('moving a service takes its teams with it; closing a unit closes the units below it', () => {
  assert.deepEqual(names(treeOn(after({ change: 'move', unitId: 2, parentId: 5, from: '2026-04-01' }), '2026-04-01')),
    [{ Housing: ['Tenancy'] }, { Place: ['Highways', { Repairs: ['Gas Safety'] }] }]);
  const closed = after({ change: 'close', unitId: 2, from: '2026-04-01' });
  assert.deepEqual(closed.filter((x) => x.validTo === '2026-03-31').map((x) => x.name), ['Repairs', 'Gas Safety']);
});

test('adding a unit: its kind follows its parent, its name is free there, its parent is open', () => {
  const result = after({ change: 'add', name: 'Parks', parentId: 5, from: '2026-04-01' });
  assert.equal(result.find((x) => x.name === 'Parks')!.kind, 'service');
  assert.deepEqual(codes({ change: 'add', name: 'highways', parentId: 5, from: '2026-04-01' }), ['name:name_taken']);
  assert.deepEqual(codes({ change: 'add', name: 'Boilers', parentId: 3, from: '2026-04-01' }), ['parent:team_has_no_units']);
  const closedPlace = applied(units, planOf({ change: 'close', unitId: 5, from: '2026-04-01' }));
  const p = planChange(closedPlace, { change: 'add', name: 'Parks', parentId: 5, from: '2026-05-01' });
  assert.deepEqual(!p.ok && p.problems.map((x) => x.code), ['parent_closed']);
  // A unit may not start before its parent: a child never outlives (or predates) its parent.
  const late = [...units, u(7, 'directorate', 'Resources', null, { validFrom: '2026-04-01' })];
  const q = planChange(late, { change: 'add', name: 'Revenues', parentId: 7, from: '2026-01-01' });
  assert.deepEqual(!q.ok && q.problems.map((x) => x.code), ['parent_before_start']);
});

test('a change takes effect after the unit started, from a unit not already closed, and not under a planned change', () => {
  assert.deepEqual(codes({ change: 'rename', unitId: 1, name: 'Homes', from: START }), ['from:before_start']);
  const closing = applied(units, planOf({ change: 'close', unitId: 4, from: '2026-09-01' }));
  const p = planChange(closing, { change: 'rename', unitId: 4, name: 'Tenancy Services', from: '2026-10-01' });
  assert.deepEqual(!p.ok && p.problems.map((x) => x.code), ['unit_closed']);
  // Renaming Housing from April while Tenancy below it closes in September would leave Tenancy outliving its old parent.
  const q = planChange(closing, { change: 'rename', unitId: 1, name: 'Homes', from: '2026-04-01' });
  assert.deepEqual(!q.ok && q.problems.map((x) => x.code), ['planned_change_below']);
});

test('merging and moving refuse what would make two units of one name, or the wrong kind', () => {
  const clash = [...units, u(7, 'service', 'Tenancy', 5)];
  const p = planChange(clash, { change: 'merge', unitId: 1, intoId: 5, from: '2026-04-01' });
  assert.deepEqual(!p.ok && p.problems.map((x) => `${x.code}:${x.values?.name}`), ['child_name_taken:Tenancy']);
  assert.deepEqual(codes({ change: 'merge', unitId: 2, intoId: 5, from: '2026-04-01' }), ['into:different_kind']);
  assert.deepEqual(codes({ change: 'merge', unitId: 1, intoId: 1, from: '2026-04-01' }), ['into:into_itself']);
  assert.deepEqual(codes({ change: 'move', unitId: 2, parentId: 6, from: '2026-04-01' }), ['parent:wrong_parent_kind']);
  assert.deepEqual(codes({ change: 'move', unitId: 2, parentId: 1, from: '2026-04-01' }), ['parent:same_parent']);
  assert.deepEqual(codes({ change: 'move', unitId: 1, parentId: 5, from: '2026-04-01' }), ['unit:directorate_cannot_move']);
  assert.deepEqual(codes({ change: 'rename', unitId: 2, name: 'Tenancy', from: '2026-04-01' }), ['name:name_taken']);
});

test('the shape check finds overlaps and children outliving their parent', () => {
  assert.deepEqual(shapeProblems(units), []);
  assert.deepEqual(shapeProblems([u(1, 'directorate', 'Housing', null, { validTo: '2025-03-31' }), u(2, 'service', 'Repairs', 1)]), ['Repairs outlives Housing']);
  assert.deepEqual(shapeProblems([u(1, 'directorate', 'Housing', null), u(2, 'directorate', 'housing', null, { validFrom: '2020-01-01' })]), ['two units called Housing at once']);
});
