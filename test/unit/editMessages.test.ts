// The preview's shape-edit messages (src/preview/host/editMessages.ts): each op passes with values in
// range and is refused with anything else, before the host acts on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWebviewMessage } from '../../src/preview/host/messages';

const limits = { images: 2, shapes: (i: number) => (i === 0 ? 3 : i === 1 ? 0 : undefined) };
const message = (edit: unknown, more: Record<string, unknown> = {}) => ({ type: 'editShape', image: 0, version: 4, imageW: 640, imageH: 480, edit, ...more });

describe('the editShape message from the page', () => {
  const good = [
    { op: 'points', annotation: 2, points: [1, 2, 3, 4, 5, 6] },
    { op: 'points', annotation: 2, points: [1, 2, 3, 4, 5, 6], part: 1 },
    { op: 'add', kind: 'rectangle', label: 'car', points: [1, 2, 30, 40] },
    { op: 'add', kind: 'polygon', label: '', points: [1, 2, 30, 40, 5, 60] },
    { op: 'add', kind: 'line', label: 'lane', points: [1, 2, 30, 40] },
    { op: 'delete', annotation: 0 },
    { op: 'relabel', annotation: 1, label: 'truck' },
    { op: 'duplicate', annotation: 1, offset: [10, -10] },
  ];
  it('passes every op with values in range, copied field by field', () => {
    for (const edit of good) assert.deepEqual(checkWebviewMessage({ ...message(edit), extra: 1 }, limits), { ok: true, message: message(edit) }, JSON.stringify(edit));
  });

  it('refuses out-of-range indices, odd or non-finite points, wrong kinds and long labels', () => {
    const bad: [unknown, Record<string, unknown>?][] = [
      [{ op: 'points', annotation: 3, points: [1, 2, 3, 4] }],
      [{ op: 'points', annotation: 0, points: [1, 2, 3] }],
      [{ op: 'points', annotation: 0, points: [1, 2] }],
      [{ op: 'points', annotation: 0, points: [1, 2, 3, 4], part: -1 }],
      [{ op: 'points', annotation: 0, points: [1, 2, 3, Number.NaN] }],
      [{ op: 'points', annotation: 0, points: [1, 2, 3, 1e9] }],
      [{ op: 'add', kind: 'circle', label: 'x', points: [1, 2, 3, 4] }],
      [{ op: 'add', kind: 'rectangle', label: 'x', points: [1, 2, 3, 4, 5, 6] }],
      [{ op: 'add', kind: 'polygon', label: 'x', points: [1, 2, 3, 4] }],
      [{ op: 'add', kind: 'line', label: 'x'.repeat(201), points: [1, 2, 3, 4] }],
      [{ op: 'add', kind: 'line', label: 7, points: [1, 2, 3, 4] }],
      [{ op: 'delete', annotation: -1 }],
      [{ op: 'delete', annotation: 0 }, { image: 1 }],
      [{ op: 'delete', annotation: 0 }, { image: 2 }],
      [{ op: 'relabel', annotation: 0, label: null }],
      [{ op: 'duplicate', annotation: 0, offset: [1] }],
      [{ op: 'duplicate', annotation: 0, offset: [1, 2] }, { version: 1.5 }],
      [{ op: 'delete', annotation: 0 }, { imageW: 0 }],
      [{ op: 'erase', annotation: 0 }],
      [[1, 2]],
      [null],
    ];
    for (const [edit, more] of bad) assert.equal(checkWebviewMessage(message(edit, more), limits).ok, false, JSON.stringify([edit, more]));
  });
});
