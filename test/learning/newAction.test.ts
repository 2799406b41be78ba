import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newActionRefusals } from '../../src/domain/learning/actionPlan.ts';

/** A council-wide action as typed on /learning/new: what is missing, by field. */

const good = { lesson: 'Themes across complaints: delay', description: 'Weekly check of open complaints', unitId: 1, ownerAccountId: null, ownerName: 'Head of Waste', dueOn: null };

test('a council-wide action needs what was learnt, the action, a unit and an owner (staff or a name); date and themes are optional', () => {
  assert.deepEqual(newActionRefusals(good), []);
  assert.deepEqual(newActionRefusals({ ...good, ownerAccountId: 7, ownerName: '' }), []);
  assert.deepEqual(newActionRefusals({ lesson: ' ', description: '', unitId: null, ownerAccountId: null, ownerName: '  ', dueOn: null }).map((r) => r.field),
    ['lesson', 'description', 'unit', 'owner']);
  assert.deepEqual(newActionRefusals({ ...good, description: 'x'.repeat(5001) }), [{ field: 'description', message: 'This must be 5000 characters or fewer' }]);
});
