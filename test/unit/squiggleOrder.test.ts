// The order problems are handed to VS Code in (src/diagnostics/squiggleOrder.ts): VS Code draws the
// first 500 of a file only, so with more the ones nearest the last edit must come first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearestFirst, SQUIGGLES_DRAWN } from '../../src/diagnostics/squiggleOrder';
import type { Problem } from '../../src/validation/problems';

const problem = (start: number, severity: Problem['severity'] = 'error'): Problem => ({ start, end: start + 3, severity, code: 'bbox-negative-size', message: `at ${start}` });

describe('squiggle order', () => {
  it('leaves a list VS Code draws whole (or one with no edit yet) in file order', () => {
    const few = Array.from({ length: SQUIGGLES_DRAWN }, (_, i) => problem(i * 10));
    assert.equal(nearestFirst(few, 2500), few);
    const many = Array.from({ length: SQUIGGLES_DRAWN + 1 }, (_, i) => problem(i * 10));
    assert.equal(nearestFirst(many, undefined), many);
  });

  it('puts the problems nearest the last edit first, so the one just typed is among those drawn', () => {
    // 2,000 problems before the edit, one at it, 2,000 after: in file order it would be number 2,001.
    const before = Array.from({ length: 2000 }, (_, i) => problem(i * 100));
    const typed = problem(200_050);
    const after = Array.from({ length: 2000 }, (_, i) => problem(300_000 + i * 100, 'warning'));
    const ordered = nearestFirst([...before, typed, ...after], 200_051);
    assert.equal(ordered[0], typed, 'the edit is inside it: distance 0');
    assert.equal(ordered.length, 4001);
    assert.deepEqual(new Set(ordered), new Set([...before, typed, ...after]), 'nothing lost, nothing added');
    const drawn = ordered.slice(0, SQUIGGLES_DRAWN);
    const far = Math.max(...drawn.map((p) => Math.abs(p.start - 200_051)));
    // Every problem not drawn is at least as far from the edit as every one drawn.
    for (const p of ordered.slice(SQUIGGLES_DRAWN)) assert.ok(Math.abs(p.start - 200_051) >= far - 3, `${p.start} is nearer than one drawn`);
  });

  it('keeps file order among problems at the same distance', () => {
    const list = Array.from({ length: 600 }, (_, i) => problem(1000, i % 3 === 0 ? 'warning' : 'error'));
    const ordered = nearestFirst(list, 1000);
    assert.deepEqual(ordered, list);
  });
});
