import { addDays, type IsoDate } from '../domain/dates.ts';

/**
 * The rules of a council's organisation tree over time (pure; the service in organisation.ts
 * loads the units, plans a change here and writes the plan). A unit is never moved or
 * renamed in place: a change closes it the day before it takes effect and opens its
 * replacement from that day (with its open units below it), so cases keep the unit they were
 * received in and reports of past years keep the old shape (ADR 0024).
 */

export const UNIT_KINDS = ['directorate', 'service', 'team'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface OrgUnit {
  id: number;
  kind: UnitKind;
  name: string;
  parentId: number | null;
  validFrom: IsoDate;
  /** The last day it exists; null while open. */
  validTo: IsoDate | null;
  /** The unit that carries on its work after it closed (renamed, moved or merged into). */
  successorId: number | null;
}

export const CHANGES = ['add', 'rename', 'move', 'merge', 'close'] as const;
export type ChangeKind = (typeof CHANGES)[number];

export type OrganisationChange =
  | { change: 'add'; name: string; parentId: number | null; from: IsoDate }
  | { change: 'rename'; unitId: number; name: string; from: IsoDate }
  | { change: 'move'; unitId: number; parentId: number; from: IsoDate }
  | { change: 'merge'; unitId: number; intoId: number; from: IsoDate }
  | { change: 'close'; unitId: number; from: IsoDate };

/** A unit in a plan: one that exists (its id) or one the plan opens (its key). */
export type UnitRef = { id: number } | { key: string };

export interface PlannedOpening {
  key: string;
  kind: UnitKind;
  name: string;
  parent: UnitRef | null;
  validFrom: IsoDate;
  predecessorId: number | null;
}

export interface PlannedClosing {
  id: number;
  validTo: IsoDate;
  successor: UnitRef | null;
}

/** What a change writes: units opened (parents before children) and units closed. */
export interface Plan {
  open: PlannedOpening[];
  close: PlannedClosing[];
}

/** Why a change cannot be made, by form field; codes the screens word (organisation.json). */
export type ProblemCode =
  | 'unit_unknown' | 'unit_closed' | 'before_start' | 'planned_change_below'
  | 'parent_unknown' | 'parent_closed' | 'parent_before_start' | 'team_has_no_units' | 'wrong_parent_kind' | 'same_parent'
  | 'name_taken' | 'same_name' | 'child_name_taken'
  | 'into_unknown' | 'into_closed' | 'into_before_start' | 'into_itself' | 'different_kind' | 'directorate_cannot_move';

export interface Problem {
  field: 'unit' | 'name' | 'parent' | 'into' | 'from';
  code: ProblemCode;
  /** Words to fill in (a unit's name, a date). */
  values?: Record<string, string>;
}

export const isOpenOn = (u: OrgUnit, day: IsoDate) => u.validFrom <= day && (u.validTo === null || u.validTo >= day);

/** Open from `day` with no closing planned: a unit a change may start from or build on. */
const openFrom = (u: OrgUnit, day: IsoDate) => u.validFrom <= day && u.validTo === null;

const CHILD_KIND: Record<UnitKind, UnitKind | null> = { directorate: 'service', service: 'team', team: null };
export const childKindOf = (parent: UnitKind | null): UnitKind | null => (parent === null ? 'directorate' : CHILD_KIND[parent]);

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('en-GB') === b.trim().toLocaleLowerCase('en-GB');

export interface TreeNode {
  unit: OrgUnit;
  children: TreeNode[];
}

/** The tree as it stood on `day`: directorates, their services and teams, by name. */
export function treeOn(units: readonly OrgUnit[], day: IsoDate): TreeNode[] {
  const open = units.filter((u) => isOpenOn(u, day)).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const under = (parentId: number | null): TreeNode[] =>
    open.filter((u) => u.parentId === parentId).map((unit) => ({ unit, children: under(unit.id) }));
  return under(null);
}

/**
 * Whether the shape is sound over all time: a unit's period within its parent's, a kind
 * right for its parent, and no two units of one name under one parent at once.
 */
export function shapeProblems(units: readonly OrgUnit[]): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const problems: string[] = [];
  for (const u of units) {
    const parent = u.parentId === null ? null : byId.get(u.parentId);
    if (u.validTo !== null && u.validTo < u.validFrom) problems.push(`${u.name} closes before it opens`);
    if (parent === undefined) { problems.push(`${u.name} has no parent`); continue; }
    if (childKindOf(parent?.kind ?? null) !== u.kind) problems.push(`${u.name} is a ${u.kind} under a ${parent?.kind ?? 'council'}`);
    if (parent && (u.validFrom < parent.validFrom || (parent.validTo !== null && (u.validTo === null || u.validTo > parent.validTo)))) {
      problems.push(`${u.name} outlives ${parent.name}`);
    }
  }
  for (const [i, a] of units.entries()) {
    for (const b of units.slice(i + 1)) {
      if (a.parentId !== b.parentId || a.kind !== b.kind || !sameName(a.name, b.name)) continue;
      const overlap = a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');
      if (overlap) problems.push(`two units called ${a.name} at once`);
    }
  }
  return problems;
}

/**
 * Plans one dated change, or says why it cannot be made. Adding opens a unit from the date;
 * renaming, moving and merging close the unit the day before and open its successor (and
 * copies of its open units below, under the successor); closing closes the unit and all below it.
 */
export function planChange(units: readonly OrgUnit[], c: OrganisationChange): { ok: true; plan: Plan } | { ok: false; problems: Problem[] } {
  const byId = new Map(units.map((u) => [u.id, u]));
  const problems: Problem[] = [];
  const plan: Plan = { open: [], close: [] };
  const childrenOf = (id: number) => units.filter((u) => u.parentId === id);
  let keys = 0;
  const newKey = () => `new-${++keys}`;

  /** A unit's name must be free under `parentId` from `from` on (other than `except`). */
  const nameFree = (name: string, kind: UnitKind, parentId: number | null, from: IsoDate, except: number | null) =>
    !units.some((u) => u.id !== except && u.parentId === parentId && u.kind === kind && sameName(u.name, name) && (u.validTo === null || u.validTo >= from));

  /** The parent a new or moved unit may sit under from `from`. */
  const checkParent = (parentId: number | null, kind: UnitKind | null, from: IsoDate, field: 'parent' | 'into'): OrgUnit | null => {
    if (parentId === null) return null;
    const parent = byId.get(parentId);
    if (!parent) { problems.push({ field, code: field === 'into' ? 'into_unknown' : 'parent_unknown' }); return null; }
    if (!openFrom(parent, from) && parent.validFrom <= from) problems.push({ field, code: field === 'into' ? 'into_closed' : 'parent_closed', values: { unit: parent.name } });
    else if (parent.validFrom > from) problems.push({ field, code: field === 'into' ? 'into_before_start' : 'parent_before_start', values: { unit: parent.name, date: parent.validFrom } });
    if (kind !== null && childKindOf(parent.kind) !== kind && field === 'parent') {
      problems.push({ field, code: parent.kind === 'team' ? 'team_has_no_units' : 'wrong_parent_kind', values: { unit: parent.name } });
    }
    return parent;
  };

  /** The unit a change starts from: open, with no change already planned, started before `from`. */
  const checkUnit = (unitId: number, from: IsoDate): OrgUnit | null => {
    const unit = byId.get(unitId);
    if (!unit) { problems.push({ field: 'unit', code: 'unit_unknown' }); return null; }
    if (unit.validTo !== null) { problems.push({ field: 'unit', code: 'unit_closed', values: { unit: unit.name, date: unit.validTo } }); return unit; }
    if (from <= unit.validFrom) problems.push({ field: 'from', code: 'before_start', values: { unit: unit.name, date: unit.validFrom } });
    const below = (id: number): boolean => childrenOf(id).some((u) => (u.validTo === null ? u.validFrom > from || below(u.id) : u.validTo >= from));
    if (below(unit.id)) problems.push({ field: 'from', code: 'planned_change_below', values: { unit: unit.name } });
    return unit;
  };

  /** Closes `unit` the day before `from` and opens it again as `name` under `parent`, with the open units below it. */
  const reopen = (unit: OrgUnit, name: string, parent: UnitRef | null, from: IsoDate) => {
    const key = newKey();
    plan.open.push({ key, kind: unit.kind, name, parent, validFrom: from, predecessorId: unit.id });
    plan.close.push({ id: unit.id, validTo: addDays(from, -1), successor: { key } });
    for (const child of childrenOf(unit.id).filter((u) => openFrom(u, from))) reopen(child, child.name, { key }, from);
  };

  /** Closes `unit` and every open unit below it the day before `from`. */
  const closeAll = (unit: OrgUnit, from: IsoDate, successor: UnitRef | null) => {
    plan.close.push({ id: unit.id, validTo: addDays(from, -1), successor });
    for (const child of childrenOf(unit.id).filter((u) => openFrom(u, from))) closeAll(child, from, null);
  };

  switch (c.change) {
    case 'add': {
      const parent = checkParent(c.parentId, null, c.from, 'parent');
      const kind = childKindOf(parent?.kind ?? null);
      if (parent && kind === null) problems.push({ field: 'parent', code: 'team_has_no_units', values: { unit: parent.name } });
      if (kind && !nameFree(c.name, kind, c.parentId, c.from, null)) problems.push({ field: 'name', code: 'name_taken', values: { name: c.name.trim() } });
      if (kind) plan.open.push({ key: newKey(), kind, name: c.name.trim(), parent: c.parentId === null ? null : { id: c.parentId }, validFrom: c.from, predecessorId: null });
      break;
    }
    case 'rename': {
      const unit = checkUnit(c.unitId, c.from);
      if (!unit) break;
      if (sameName(unit.name, c.name) && unit.name === c.name.trim()) problems.push({ field: 'name', code: 'same_name' });
      else if (!nameFree(c.name, unit.kind, unit.parentId, c.from, unit.id)) problems.push({ field: 'name', code: 'name_taken', values: { name: c.name.trim() } });
      reopen(unit, c.name.trim(), unit.parentId === null ? null : { id: unit.parentId }, c.from);
      break;
    }
    case 'move': {
      const unit = checkUnit(c.unitId, c.from);
      if (!unit) break;
      if (unit.kind === 'directorate') { problems.push({ field: 'unit', code: 'directorate_cannot_move' }); break; }
      const parent = checkParent(c.parentId, unit.kind, c.from, 'parent');
      if (parent && parent.id === unit.parentId) problems.push({ field: 'parent', code: 'same_parent', values: { unit: parent.name } });
      else if (parent && !nameFree(unit.name, unit.kind, parent.id, c.from, unit.id)) problems.push({ field: 'parent', code: 'name_taken', values: { name: unit.name } });
      reopen(unit, unit.name, { id: c.parentId }, c.from);
      break;
    }
    case 'merge': {
      const unit = checkUnit(c.unitId, c.from);
      if (!unit) break;
      const into = checkParent(c.intoId, null, c.from, 'into');
      if (!into) break;
      if (into.id === unit.id) { problems.push({ field: 'into', code: 'into_itself' }); break; }
      if (into.kind !== unit.kind) { problems.push({ field: 'into', code: 'different_kind', values: { unit: into.name } }); break; }
      // The merged unit's open units carry on under the one it joins.
      plan.close.push({ id: unit.id, validTo: addDays(c.from, -1), successor: { id: into.id } });
      for (const child of childrenOf(unit.id).filter((u) => openFrom(u, c.from))) {
        if (!nameFree(child.name, child.kind, into.id, c.from, null)) problems.push({ field: 'into', code: 'child_name_taken', values: { name: child.name, unit: into.name } });
        reopen(child, child.name, { id: into.id }, c.from);
      }
      break;
    }
    case 'close': {
      const unit = checkUnit(c.unitId, c.from);
      if (unit) closeAll(unit, c.from, null);
      break;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}

/** The units after a plan is applied, with made-up ids for the new ones (for checking a plan's shape). */
export function applied(units: readonly OrgUnit[], plan: Plan, firstId = 1_000_000): OrgUnit[] {
  const ids = new Map(plan.open.map((o, i) => [o.key, firstId + i]));
  const idOf = (r: UnitRef) => ('id' in r ? r.id : ids.get(r.key)!);
  const closing = new Map(plan.close.map((c) => [c.id, c]));
  return [
    ...units.map((u) => {
      const c = closing.get(u.id);
      return c ? { ...u, validTo: c.validTo, successorId: c.successor ? idOf(c.successor) : null } : u;
    }),
    ...plan.open.map((o) => ({
      id: ids.get(o.key)!, kind: o.kind, name: o.name, parentId: o.parent ? idOf(o.parent) : null,
      validFrom: o.validFrom, validTo: null, successorId: null,
    })),
  ];
}
