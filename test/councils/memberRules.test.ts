import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockOutProblem } from '../../src/accounts/memberRules.ts';

const change = (over: Partial<Parameters<typeof lockOutProblem>[0]>) =>
  lockOutProblem({ actorAccountId: 1, targetAccountId: 2, roles: ['manager'], currentRoles: ['system_administrator'], administrators: 2, ...over });

test('an administrator cannot remove their own administer role, nor remove themselves', () => {
  assert.equal(change({ targetAccountId: 1 }), 'own_administer');
  assert.equal(change({ targetAccountId: 1, roles: null }), 'remove_self');
  assert.equal(change({ targetAccountId: 1, roles: ['system_administrator', 'manager'] }), null, 'adding a role to oneself is fine');
  assert.equal(change({ targetAccountId: 1, roles: ['report_viewer'], currentRoles: ['system_administrator', 'report_viewer'], administrators: 5 }), 'own_administer');
});

test("another administrator's role may go, unless they are the last one", () => {
  assert.equal(change({}), null);
  assert.equal(change({ roles: null }), null);
  assert.equal(change({ administrators: 1 }), 'last_administrator');
  assert.equal(change({ administrators: 1, roles: null }), 'last_administrator');
  assert.equal(change({ currentRoles: ['manager'], roles: null, administrators: 1 }), null, 'someone who does not administer');
});
