import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lifecycleDiagram } from '../src/domain/cases/lifecycle.ts';

test('the lifecycle diagram in docs/architecture.md is the one the transition table generates', () => {
  const doc = readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(lifecycleDiagram().trim()), 'regenerate it: node --import tsx -e "…lifecycleDiagram()"');
});
