// applyChanges (src/core/text.ts): the text after one change event, from the text before it and
// the event's ranges (each an offset into the text before all of them, none overlapping).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyChanges, type TextChange } from '../../src/core/text';

/** The same result built the plain way: the untouched pieces and the new texts, left to right. */
function reference(before: string, changes: readonly TextChange[]): string {
  const sorted = [...changes].sort((a, b) => a.rangeOffset - b.rangeOffset);
  let out = '';
  let at = 0;
  for (const c of sorted) {
    out += before.slice(at, c.rangeOffset) + c.text;
    at = c.rangeOffset + c.rangeLength;
  }
  return out + before.slice(at);
}

/** A text and 1–8 non-overlapping changes of it, in a random order. */
const event = fc
  .tuple(fc.string({ minLength: 0, maxLength: 300 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.string({ maxLength: 10 })), { minLength: 1, maxLength: 8 }))
  .chain(([text, raw]) => {
    // Cut points in the text; each change takes a range between two neighbouring cuts.
    const cuts = [...new Set(raw.map(([n]) => n % (text.length + 1)))].sort((a, b) => a - b);
    const changes: TextChange[] = cuts.map((offset, i) => {
      const room = (i + 1 < cuts.length ? cuts[i + 1] : text.length) - offset;
      return { rangeOffset: offset, rangeLength: Math.min(raw[i % raw.length][1], room), text: raw[i % raw.length][2] };
    });
    return fc.shuffledSubarray(changes, { minLength: changes.length, maxLength: changes.length }).map((shuffled) => ({ text, changes: shuffled }));
  });

describe('applyChanges', () => {
  it('gives the text the changes make, whatever order the event lists them in', () => {
    fc.assert(
      fc.property(event, ({ text, changes }) => {
        assert.equal(applyChanges(text, changes), reference(text, changes));
      }),
      { numRuns: 500 },
    );
  });

  it('typing, deleting and pasting lines, one change at a time', () => {
    let text = '{\n  "images": []\n}\n';
    text = applyChanges(text, [{ rangeOffset: 15, rangeLength: 0, text: '{"image": "a.jpg"}' }])!;
    assert.equal(text, '{\n  "images": [{"image": "a.jpg"}]\n}\n');
    text = applyChanges(text, [{ rangeOffset: 26, rangeLength: 5, text: 'b' }])!;
    assert.equal(text, '{\n  "images": [{"image": "b"}]\n}\n');
    text = applyChanges(text, [{ rangeOffset: text.length, rangeLength: 0, text: 'x\r\ny\r\n' }])!;
    assert.equal(text, '{\n  "images": [{"image": "b"}]\n}\nx\r\ny\r\n');
  });

  it('refuses overlapping changes and ranges past the end (the caller then reads the document)', () => {
    assert.equal(applyChanges('abcdef', [{ rangeOffset: 1, rangeLength: 3, text: 'x' }, { rangeOffset: 2, rangeLength: 1, text: 'y' }]), undefined);
    assert.equal(applyChanges('abc', [{ rangeOffset: 2, rangeLength: 5, text: '' }]), undefined);
    assert.equal(applyChanges('abc', [{ rangeOffset: -1, rangeLength: 0, text: 'x' }]), undefined);
  });
});
