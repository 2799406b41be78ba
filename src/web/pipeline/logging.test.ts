import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedPath } from './logging.ts';

test('a logged path has no query string, and a one-time tracking link shows only where it was', () => {
  assert.equal(loggedPath('/cases?text=Nora+Noise'), '/cases');
  const token = 'k3X9_q-ZxV1m2n3b4v5c6x7z8a9s0d1f2g3h4j5k6l7';
  assert.equal(loggedPath(`/public/wrexham/track/${token}`), '/public/wrexham/track/[one-time link]');
  assert.equal(loggedPath(`/public/wrexham/language/cy?back=%2Fpublic%2Fwrexham%2Ftrack%2F${token}`), '/public/wrexham/language/cy');
  assert.equal(loggedPath('/public/wrexham/track/case/letter/12'), '/public/wrexham/track/case/letter/12');
});
