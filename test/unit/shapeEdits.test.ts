// Box edits written back as text (src/annotations/edits.ts): the exact resulting text, only the
// numbers that changed replaced, in place, in the file's own style and precision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyReplacements, boxEdit, decimalsOf, formatNumber } from '../../src/annotations/edits';
import { checkWebviewMessage } from '../../src/preview/host/messages';
import { dragBox, handleAt, nudgeBox } from '../../src/preview/model/boxDrag';
import { buildModel } from '../../src/preview/model/document';
import { validator } from './helpers';

/** The text after setting annotation (image, annotation)'s bbox, through the model's ranges like the host. */
function edit(text: string, box: [number, number, number, number], image = 0, annotation = 0): string {
  const model = buildModel(validator, text);
  assert.ok(model.ok, 'the file parses');
  const range = model.doc.rangeOf(image, annotation);
  assert.ok(range, 'the annotation has a range');
  const result = boxEdit(text, range, box, { normalized: model.doc.normalized, decimals: model.doc.normalized ? decimalsOf(text) : undefined });
  assert.ok(result.ok, result.ok ? '' : result.problem);
  return applyReplacements(text, result.replacements);
}

describe('box edits in the text', () => {
  it('a pixel file: a moved box changes x and y only, integers stay integers', () => {
    const text = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [10, 20, 30, 40] },\n        { "label": "dog", "bbox": [1, 2, 3, 4] }\n      ]\n    }\n  ]\n}\n';
    assert.equal(edit(text, [15, 22, 30, 40]), text.replace('[10, 20, 30, 40]', '[15, 22, 30, 40]'));
    assert.equal(edit(text, [1, 2, 5, 9], 0, 1), text.replace('[1, 2, 3, 4]', '[1, 2, 5, 9]'));
    const result = boxEdit(text, buildModelRange(text, 0, 0), [15, 20, 30, 40], { normalized: false });
    assert.ok(result.ok);
    assert.equal(result.replacements.length, 1, 'one number changed, one replacement');
  });

  it('a normalized file stays normalized, written with the precision the file uses', () => {
    const text = '{"images": [{"image": "a.jpg", "is_normalized": true, "annotations": [{"label": "car", "bbox": [0.125, 0.25, 0.5, 0.375]}]}]}';
    // 3 decimals at most in this file: a value is rounded to 3 places, trailing zeros dropped.
    assert.equal(decimalsOf(text), 3);
    assert.equal(edit(text, [0.1875, 0.25, 0.5, 0.375]), text.replace('0.125, 0.25', '0.188, 0.25'));
    assert.equal(edit(text, [0.1 / 3, 0.25, 0.5, 0.4]), text.replace('0.125, 0.25, 0.5, 0.375', '0.033, 0.25, 0.5, 0.4'));
    const six = text.replace('0.125', '0.123456');
    assert.equal(edit(six, [0.2, 0.25, 0.5, 1 / 3]), six.replace('0.123456, 0.25, 0.5, 0.375', '0.2, 0.25, 0.5, 0.333333'));
  });

  it('a CRLF file keeps its line ends and indentation', () => {
    const text = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "a.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{"bbox": [10, 20, 30, 40], "label": "car"}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';
    const out = edit(text, [11, 21, 30, 40]);
    assert.equal(out, text.replace('[10, 20, 30, 40]', '[11, 21, 30, 40]'));
    assert.equal(out.split('\r\n').length, text.split('\r\n').length);
  });

  it('a compact one-line file and a pretty-printed multi-line bbox keep their layout', () => {
    const compact = '{"images":[{"image":"a.jpg","annotations":[{"bbox":[10,20,30,40],"label":"car"}]}]}';
    assert.equal(edit(compact, [10, 20, 35, 45]), compact.replace('[10,20,30,40]', '[10,20,35,45]'));
    const pretty = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        {\n          "label": "car",\n          "bbox": [\n            10,\n            20,\n            30,\n            40\n          ]\n        }\n      ]\n    }\n  ]\n}\n';
    assert.equal(edit(pretty, [12, 20, 30, 41]), pretty.replace('            10,\n', '            12,\n').replace('            40\n', '            41\n'));
  });

  it('negative and decimal numbers: only the changed ones are rewritten, a decimal that did not change keeps its spelling', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": "car", "bbox": [-5, 12.50, 30.25, 40]}]}]}';
    // 12.50 equals 12.5: left alone, spelling and all; -5 becomes 0 (the page clamps into the image).
    assert.equal(edit(text, [0, 12.5, 30.25, 40]), text.replace('[-5, 12.50', '[0, 12.50'));
    assert.equal(edit(text, [-7, 13, 30.25, 40]), text.replace('[-5, 12.50', '[-7, 13'));
    assert.equal(edit(text, [-5, 12.5, 30.25, 40]), text, 'nothing changed: the text is the same');
  });

  it('refuses an annotation without a bbox and a box that is not finite', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": "road", "polygon": [[0, 0], [5, 0], [5, 5]]}]}]}';
    const result = boxEdit(text, buildModelRange(text, 0, 0), [1, 2, 3, 4], { normalized: false });
    assert.equal(result.ok, false);
    const box = '{"images": [{"image": "a.jpg", "annotations": [{"bbox": [1, 2, 3, 4]}]}]}';
    assert.equal(boxEdit(box, buildModelRange(box, 0, 0), [Number.NaN, 2, 3, 4], { normalized: false }).ok, false);
  });

  it('formats numbers like the file: integers, decimals without trailing zeros, no minus zero', () => {
    assert.equal(formatNumber(12.4999999, true, 0), '12');
    assert.equal(formatNumber(-0.2, true, 0), '0');
    assert.equal(formatNumber(0.5, false, 6), '0.5');
    assert.equal(formatNumber(-0.00001, false, 3), '0');
    assert.equal(formatNumber(1 / 3, false, 6), '0.333333');
  });
});

function buildModelRange(text: string, image: number, annotation: number): { start: number; end: number } {
  const model = buildModel(validator, text);
  assert.ok(model.ok);
  const range = model.doc.rangeOf(image, annotation);
  assert.ok(range);
  return range;
}

describe('dragging and nudging a box in the preview (model/boxDrag.ts)', () => {
  const from = { x: 100, y: 50, w: 200, h: 80 };
  const inside = { w: 640, h: 480 };

  it('finds corner and edge handles within the slack, the inside as move, outside as nothing', () => {
    assert.equal(handleAt(from, 100, 50, 6), 'nw');
    assert.equal(handleAt(from, 304, 133, 6), 'se');
    assert.equal(handleAt(from, 200, 50, 6), 'n');
    assert.equal(handleAt(from, 300, 90, 6), 'e');
    assert.equal(handleAt(from, 150, 90, 6), 'move');
    assert.equal(handleAt(from, 20, 20, 6), undefined);
  });

  it('a move snaps to whole pixels and stays inside the image unless asked not to', () => {
    assert.deepEqual(dragBox(from, 'move', 10.4, -5.6, { snap: true, inside }), { x: 110, y: 44, w: 200, h: 80 });
    assert.deepEqual(dragBox(from, 'move', 1000, -1000, { snap: true, inside }), { x: 440, y: 0, w: 200, h: 80 });
    assert.deepEqual(dragBox(from, 'move', 1000, -1000, { snap: true }), { x: 1100, y: -950, w: 200, h: 80 }, 'Alt: may leave the image');
  });

  it('a handle moves only its edges, never past the opposite one, and not out of the image', () => {
    assert.deepEqual(dragBox(from, 'se', 20.2, 9.7, { snap: true, inside }), { x: 100, y: 50, w: 220, h: 90 });
    assert.deepEqual(dragBox(from, 'w', 500, 0, { snap: true, inside }), { x: 299, y: 50, w: 1, h: 80 });
    assert.deepEqual(dragBox(from, 'ne', 1000, -1000, { snap: true, inside }), { x: 100, y: 0, w: 540, h: 130 });
    assert.deepEqual(dragBox(from, 'n', 0, 3, { snap: true, inside }), { x: 100, y: 53, w: 200, h: 77 });
  });

  it('a nudge moves by whole pixels and stops at the image edge', () => {
    assert.deepEqual(nudgeBox(from, 1, 0, inside), { x: 101, y: 50, w: 200, h: 80 });
    assert.deepEqual(nudgeBox({ ...from, x: 435 }, 10, 0, inside), { x: 440, y: 50, w: 200, h: 80 });
    assert.deepEqual(nudgeBox({ ...from, y: 0 }, 0, -10), { x: 100, y: -10, w: 200, h: 80 });
  });
});

describe('the editBox message from the page', () => {
  const limits = { images: 1, shapes: (i: number) => (i === 0 ? 2 : undefined) };
  const good = { type: 'editBox', image: 0, annotation: 1, version: 7, bbox: [1, 2, 3, 4], imageW: 640, imageH: 480 };
  it('passes with indices, version, box and size in range; anything else is refused', () => {
    assert.deepEqual(checkWebviewMessage(good, limits), { ok: true, message: good });
    for (const bad of [{ annotation: 2 }, { image: 1 }, { version: -1 }, { version: 1.5 }, { bbox: [1, 2, 3] }, { bbox: [1, 2, 3, Number.NaN] }, { bbox: [1, 2, 3, 1e9] }, { imageW: 0 }, { imageH: '480' }]) {
      assert.equal(checkWebviewMessage({ ...good, ...bad }, limits).ok, false, JSON.stringify(bad));
    }
  });
});
