// A polygon's or line's points written back as text (src/annotations/pointEdits.ts, the `points`
// shape edit of MetaLake files): the exact resulting text. Same count: only the numbers that
// changed, in place. A vertex more or fewer: the array rewritten in its own style.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyReplacements, decimalsOf } from '../../src/annotations/edits';
import { METALAKE_WRITERS, opsOf } from '../../src/annotations/editOps';
import { pointsWriter } from '../../src/annotations/pointEdits';
import { buildModel } from '../../src/preview/model/document';
import { validator } from './helpers';

/** The text after setting annotation (0, annotation)'s points (image pixels of a 640x480 image), through the model's ranges like the host. */
function edit(text: string, points: number[], annotation = 0, size: [number, number] = [640, 480]): string {
  const model = buildModel(validator, text);
  assert.ok(model.ok, 'the file parses');
  const entry = model.doc.rangeOf(0);
  const range = model.doc.rangeOf(0, annotation);
  assert.ok(entry && range, 'the annotation has a range');
  const normalized = model.doc.normalized;
  // As the host: the file's own decimals, at least enough for one pixel of the image (4 for 640).
  const decimals = normalized ? Math.max(decimalsOf(text), Math.ceil(Math.log10(Math.max(...size))) + 1) : undefined;
  const result = pointsWriter({ text, entry, annotation: range, normalized, imageW: size[0], imageH: size[1], decimals }, { op: 'points', annotation, points });
  assert.ok(result.ok, result.ok ? '' : result.problem);
  return applyReplacements(text, result.replacements);
}

function refused(text: string, points: number[], annotation = 0): string {
  const model = buildModel(validator, text);
  assert.ok(model.ok);
  const result = pointsWriter({ text, entry: model.doc.rangeOf(0)!, annotation: model.doc.rangeOf(0, annotation), normalized: model.doc.normalized, imageW: 640, imageH: 480 }, { op: 'points', annotation, points });
  assert.equal(result.ok, false);
  return result.ok ? '' : result.problem;
}

const wrap = (annotations: string): string => `{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n${annotations}\n      ]\n    }\n  ]\n}\n`;

describe('points edits in the text (MetaLake)', () => {
  it('is registered for MetaLake files', () => {
    assert.ok(opsOf(METALAKE_WRITERS).includes('points'));
  });

  it('a moved vertex changes its two numbers only, in place; integers stay integers', () => {
    const text = wrap('        { "label": "road", "type": "polygon", "polygon": [[10, 20], [110, 20], [60, 90]] },\n        { "label": "lane", "type": "line", "line": [[0, 0], [50, 50]] }');
    assert.equal(edit(text, [10, 20, 115, 24, 60, 90]), text.replace('[110, 20]', '[115, 24]'));
    assert.equal(edit(text, [0, 0, 50.4, 49.6], 1), text.replace('[[0, 0], [50, 50]]', '[[0, 0], [50.4, 49.6]]'));
    assert.equal(edit(text, [10, 20, 110, 20, 60, 90]), text, 'nothing changed: the same text');
  });

  it('a whole polygon moved: every number replaced in place, the layout kept (multi-line, one point per line)', () => {
    const text = wrap('        {\n          "label": "road",\n          "polygon": [\n            [10, 20],\n            [110, 20],\n            [60, 90]\n          ]\n        }');
    assert.equal(edit(text, [15, 23, 115, 23, 65, 93]), text.replace('[10, 20]', '[15, 23]').replace('[110, 20]', '[115, 23]').replace('[60, 90]', '[65, 93]'));
  });

  it('an inserted vertex rewrites a one-line nested array in its spacing; the other points keep their spelling', () => {
    const text = wrap('        { "label": "road", "polygon": [[10, 20], [110.50, 20], [60, 90]] }');
    assert.equal(edit(text, [10, 20, 60, 20, 110.5, 20, 60, 90]), text.replace('[[10, 20], [110.50, 20], [60, 90]]', '[[10, 20], [60, 20], [110.50, 20], [60, 90]]'));
    const tight = wrap('        {"label":"road","polygon":[[10,20],[110,20],[60,90]]}');
    assert.equal(edit(tight, [10, 20, 110, 20, 85, 55, 60, 90]), tight.replace('[[10,20],[110,20],[60,90]]', '[[10,20],[110,20],[85,55],[60,90]]'));
  });

  it('an inserted and a removed vertex in a multi-line array: one point per line, the existing indentation', () => {
    const text = wrap('        {\n          "label": "road",\n          "polygon": [\n            [10, 20],\n            [110, 20],\n            [60, 90]\n          ]\n        }');
    assert.equal(edit(text, [10, 20, 110, 20, 85, 55, 60, 90]), text.replace('            [60, 90]\n', '            [85, 55],\n            [60, 90]\n'));
    const four = text.replace('            [60, 90]\n', '            [85, 55],\n            [60, 90]\n');
    assert.equal(edit(four, [10, 20, 110, 20, 60, 90]), text);
    // Removing the first point.
    assert.equal(edit(four, [110, 20, 85, 55, 60, 90]), text.replace('            [10, 20],\n            [110, 20],\n            [60, 90]\n', '            [110, 20],\n            [85, 55],\n            [60, 90]\n'));
  });

  it('JSON.stringify(…, null, 2) style: every number on its own line, pairs too', () => {
    const doc = { images: [{ image: 'a.jpg', annotations: [{ label: 'lane', line: [[1, 2], [30, 40]] }] }] };
    const text = JSON.stringify(doc, null, 2);
    const want = JSON.stringify({ images: [{ image: 'a.jpg', annotations: [{ label: 'lane', line: [[1, 2], [15, 21], [30, 40]] }] }] }, null, 2);
    assert.equal(edit(text, [1, 2, 15, 21, 30, 40]), want);
    const tabs = JSON.stringify(doc, null, '\t');
    assert.equal(edit(tabs, [1, 2, 15, 21, 30, 40]), JSON.stringify({ images: [{ image: 'a.jpg', annotations: [{ label: 'lane', line: [[1, 2], [15, 21], [30, 40]] }] }] }, null, '\t'));
  });

  it('a flat list stays flat: in place for a move, rewritten with its own spacing for a vertex more or fewer', () => {
    const text = wrap('        { "label": "road", "polygon": [10, 20, 110, 20, 60, 90] }');
    assert.equal(edit(text, [10, 20, 112, 20, 60, 90]), text.replace('110, 20, 60', '112, 20, 60'));
    assert.equal(edit(text, [10, 20, 110, 20, 60, 90, 30, 70]), text.replace('[10, 20, 110, 20, 60, 90]', '[10, 20, 110, 20, 60, 90, 30, 70]'));
    // Pairs on their own lines: a new pair on a line of its own.
    const lines = wrap('        { "label": "road", "points": [\n          10, 20,\n          110, 20,\n          60, 90\n        ] }');
    assert.equal(edit(lines, [10, 20, 110, 20, 85, 55, 60, 90]), lines.replace('          60, 90\n', '          85, 55,\n          60, 90\n'));
    assert.equal(edit(lines, [10, 20, 110, 20, 60, 90]), lines, 'nothing changed');
    const fewer = wrap('        { "label": "road", "points": [\n          10, 20,\n          110, 20,\n          85, 55,\n          60, 90\n        ] }');
    assert.equal(edit(fewer, [10, 20, 110, 20, 60, 90]), lines);
  });

  it('the `points` key (LayerNext form) of a polygon', () => {
    const text = wrap('        { "label": "road", "type": "polygon", "points": [[10, 20], [110, 20], [60, 90]] }');
    assert.equal(edit(text, [11, 20, 110, 20, 60, 90]), text.replace('[[10, 20]', '[[11, 20]'));
  });

  it('a CRLF file with tabs keeps its line ends and indentation, in place and rewritten', () => {
    const text = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "a.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{\r\n\t\t\t\t\t"label": "road",\r\n\t\t\t\t\t"polygon": [\r\n\t\t\t\t\t\t[10, 20],\r\n\t\t\t\t\t\t[110, 20],\r\n\t\t\t\t\t\t[60, 90]\r\n\t\t\t\t\t]\r\n\t\t\t\t}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';
    assert.equal(edit(text, [10, 20, 111, 21, 60, 90]), text.replace('[110, 20]', '[111, 21]'));
    const inserted = edit(text, [10, 20, 60, 20, 110, 20, 60, 90]);
    assert.equal(inserted, text.replace('\t\t\t\t\t\t[110, 20],\r\n', '\t\t\t\t\t\t[60, 20],\r\n\t\t\t\t\t\t[110, 20],\r\n'));
    assert.equal(inserted.split('\n').length, inserted.split('\r\n').length, 'no bare LF');
  });

  it('a normalized file stays normalized: fractions with the decimals the file and the image need', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": "road", "polygon": [[0.125, 0.25], [0.5, 0.25], [0.25, 0.75]]}]}]}';
    // 640x480 pixels: [0.5, 0.25] is [320, 120]; moved to [330, 126]: 330/640 = 0.515625, 126/480 = 0.2625.
    assert.equal(edit(text, [80, 120, 330, 126, 160, 360]), text.replace('[0.5, 0.25]', '[0.5156, 0.2625]'));
    // A vertex inserted at the midpoint of the first edge (200, 120): 0.3125, 0.25.
    assert.equal(edit(text, [80, 120, 200, 120, 320, 120, 160, 360]), text.replace('[[0.125, 0.25], [0.5, 0.25]', '[[0.125, 0.25], [0.3125, 0.25], [0.5, 0.25]'));
    // Unchanged points scaled to pixels and back are not rewritten, even when the division is not exact.
    const thirds = text.replace('0.125', '0.333333');
    assert.equal(edit(thirds, [0.333333 * 640, 120, 320, 120, 161, 360]), thirds.replace('[0.25, 0.75]', '[0.251563, 0.75]'), 'six decimals: the file writes six');
  });

  it('refuses too few points, a shape that is no polygon or line, and numbers that are not finite', () => {
    const text = wrap('        { "label": "road", "polygon": [[10, 20], [110, 20], [60, 90]] },\n        { "label": "car", "bbox": [1, 2, 3, 4] },\n        { "label": "lane", "line": [[0, 0], [5, 5]] }');
    assert.match(refused(text, [10, 20, 110, 20]), /at least 3 points/);
    assert.match(refused(text, [10, 20], 2), /at least 2 points/);
    assert.match(refused(text, [1, 2, 3, 4, 5, 6], 1), /not a polygon or a line/);
    assert.match(refused(text, [10, 20, Number.NaN, 20, 60, 90]), /finite/);
  });
});
