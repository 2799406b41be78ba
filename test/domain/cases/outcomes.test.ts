import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { complaintOutcomeFromElements } from '../../../src/domain/cases/outcomes.ts';
import { ELEMENT_OUTCOMES } from '../../../src/domain/cases/vocabulary.ts';

describe('complaintOutcomeFromElements', () => {
  it('is upheld when every element is upheld', () => {
    assert.equal(complaintOutcomeFromElements(['upheld']), 'upheld');
    assert.equal(complaintOutcomeFromElements(['upheld', 'upheld', 'upheld']), 'upheld');
  });

  it('is partially upheld when some but not all elements are upheld (Wrexham: 25 elements, 8 upheld)', () => {
    const elements = [...Array(8).fill('upheld'), ...Array(17).fill('not_upheld')];
    assert.equal(complaintOutcomeFromElements(elements), 'partially_upheld');
  });

  it('is not upheld when no element is upheld', () => {
    assert.equal(complaintOutcomeFromElements(['not_upheld', 'not_upheld']), 'not_upheld');
  });

  it('ignores withdrawn elements', () => {
    assert.equal(complaintOutcomeFromElements(['upheld', 'withdrawn']), 'upheld');
    assert.equal(complaintOutcomeFromElements(['not_upheld', 'withdrawn']), 'not_upheld');
    assert.equal(complaintOutcomeFromElements(['upheld', 'not_upheld', 'withdrawn']), 'partially_upheld');
  });

  it('is withdrawn when every element is withdrawn', () => {
    assert.equal(complaintOutcomeFromElements(['withdrawn', 'withdrawn']), 'withdrawn');
  });

  it('is not known when no elements were recorded', () => {
    assert.equal(complaintOutcomeFromElements([]), 'not_known');
  });

  it('does not depend on the order of the elements', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ELEMENT_OUTCOMES)), (elements) => {
        const reversed = [...elements].reverse();
        assert.equal(complaintOutcomeFromElements(reversed), complaintOutcomeFromElements(elements));
      }),
    );
  });

  it('adding a withdrawn element never changes a finding', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ELEMENT_OUTCOMES), { minLength: 1 }), (elements) => {
        const before = complaintOutcomeFromElements(elements);
        fc.pre(before !== 'withdrawn');
        assert.equal(complaintOutcomeFromElements([...elements, 'withdrawn']), before);
      }),
    );
  });
});
