// New shapes written into a MetaLake file (src/annotations/shapeInsert.ts, the `add` op): the exact
// resulting text for each style a file may have, and that the result reads back as the shape drawn.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyReplacements, decimalsOf } from '../../src/annotations/edits';
import { METALAKE_WRITERS, opsOf, type ShapeEdit } from '../../src/annotations/editOps';
import { insertShape } from '../../src/annotations/shapeInsert';
import type { ShapeKind } from '../../src/annotations/geometry';
import { buildModel } from '../../src/preview/model/document';
import { validator } from './helpers';

/** As the host (shapeEdits.ts): decimals a normalized value needs so one pixel still shows. */
const pixelDecimals = (side: number): number => Math.min(12, Math.max(1, Math.ceil(Math.log10(Math.max(2, side))) + 1));

/** The text after adding a shape to image entry `image`, through the model's ranges like the host. */
function add(text: string, kind: ShapeKind, label: string, points: number[], image = 0, size: [number, number] = [640, 480]): string {
  const model = buildModel(validator, text);
  assert.ok(model.ok, 'the file parses');
  const entry = model.doc.rangeOf(image);
  assert.ok(entry, 'the entry has a range');
  const normalized = model.doc.normalized;
  const decimals = normalized ? Math.max(decimalsOf(text), pixelDecimals(Math.max(...size))) : undefined;
  const edit: Extract<ShapeEdit, { op: 'add' }> = { op: 'add', kind, label, points };
  const result = insertShape({ text, entry, normalized, imageW: size[0], imageH: size[1], decimals }, edit);
  assert.ok(result.ok, result.ok ? '' : result.problem);
  const out = applyReplacements(text, result.replacements);
  // It reads back as the shape drawn: one more annotation, the last, of that kind and label, without a new problem.
  const after = buildModel(validator, out);
  assert.ok(after.ok, 'the result parses');
  const shapes = after.doc.images[image].shapes;
  const last = shapes[shapes.length - 1];
  assert.equal(last.kind, kind);
  assert.equal(last.label, label);
  assert.equal(shapes.length, model.doc.images[image].shapes.length + 1);
  const problems = (t: string): string[] => validator.analyze(t, 'annotations').problems.map((p) => p.code).sort();
  const before = problems(text);
  assert.deepEqual(problems(out).filter((c) => !before.includes(c)), [], 'no new problem');
  return out;
}

describe('new shapes in the file\'s own style', () => {
  it('is the MetaLake table\'s add op', () => {
    assert.ok(opsOf(METALAKE_WRITERS).includes('add'));
  });

  it('one object per line, label first, inline bbox: a box goes on a line of its own', () => {
    const text = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [100, 120, 200, 80] },\n        { "label": "person", "bbox": [400, 150, 50, 120] }\n      ]\n    }\n  ]\n}\n';
    assert.equal(add(text, 'rectangle', 'car', [10, 20, 30, 40]), text.replace('[400, 150, 50, 120] }\n', '[400, 150, 50, 120] },\n        { "label": "car", "bbox": [10, 20, 30, 40] }\n'));
  });

  it('a polygon and a line beside boxes take the boxes\' layout and key order, with pairs of points', () => {
    const text = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [100, 120, 200, 80] }\n      ]\n    }\n  ]\n}\n';
    assert.equal(add(text, 'polygon', 'road', [1, 2, 30, 2, 30, 40]), text.replace('80] }\n', '80] },\n        { "label": "road", "polygon": [[1, 2], [30, 2], [30, 40]] }\n'));
    assert.equal(add(text, 'line', 'lane', [0, 0, 50, 60]), text.replace('80] }\n', '80] },\n        { "label": "lane", "line": [[0, 0], [50, 60]] }\n'));
  });

  it('the documented order with `type`, compact spacing: {"type": …, "bbox": …, "label": …}', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"type": "rectangle", "bbox": [1, 2, 3, 4], "label": "cat"}]}]}';
    assert.equal(add(text, 'rectangle', 'dog', [5, 6, 7, 8]), text.replace('"label": "cat"}', '"label": "cat"}, {"type": "rectangle", "bbox": [5, 6, 7, 8], "label": "dog"}'));
    assert.equal(add(text, 'polygon', 'dog', [5, 6, 7, 8, 9, 10]), text.replace('"label": "cat"}', '"label": "cat"}, {"type": "polygon", "polygon": [[5, 6], [7, 8], [9, 10]], "label": "dog"}'));
  });

  it('a minified file stays minified', () => {
    const text = '{"images":[{"image":"a.jpg","annotations":[{"label":"cat","bbox":[1,2,3,4]},{"label":"dog","bbox":[5,6,7,8]}]}]}';
    assert.equal(add(text, 'line', 'cat', [1, 1, 9, 9]), text.replace('[5,6,7,8]}', '[5,6,7,8]},{"label":"cat","line":[[1,1],[9,9]]}'));
  });

  it('one key per line, one number per line (the LayerNext SDK\'s layout, 3 spaces)', () => {
    const a = (x: number) => `            {\n               "bbox":[\n                  ${x},\n                  240.54,\n                  38.99,\n                  57.75\n               ],\n               "label":"kitchen"\n            }`;
    const text = `{\n   "images":[\n      {\n         "image":"a.jpg",\n         "annotations":[\n${a(217.62)}\n         ]\n      }\n   ]\n}\n`;
    const box = '            {\n               "bbox":[\n                  10,\n                  20,\n                  30,\n                  40\n               ],\n               "label":"cup"\n            }';
    assert.equal(add(text, 'rectangle', 'cup', [10, 20, 30, 40]), text.replace(`${a(217.62)}\n`, `${a(217.62)},\n${box}\n`));
    // A polygon beside it: both levels one item per line, like JSON.stringify with that indent.
    const polygon = '            {\n               "polygon":[\n                  [\n                     1,\n                     2\n                  ],\n                  [\n                     3,\n                     4\n                  ],\n                  [\n                     5,\n                     6\n                  ]\n               ],\n               "label":"cup"\n            }';
    assert.equal(add(text, 'polygon', 'cup', [1, 2, 3, 4, 5, 6]), text.replace(`${a(217.62)}\n`, `${a(217.62)},\n${polygon}\n`));
  });

  it('a polygon copies a sibling polygon\'s point format (inline pairs, one pair per line) and its `type`', () => {
    const text = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        {\n          "label": "road",\n          "type": "polygon",\n          "polygon": [\n            [0, 0],\n            [10, 0],\n            [10, 10]\n          ]\n        },\n        { "label": "car", "bbox": [1, 2, 3, 4] }\n      ]\n    }\n  ]\n}\n';
    const added = '        {\n          "label": "grass",\n          "type": "polygon",\n          "polygon": [\n            [5, 5],\n            [60, 5],\n            [60, 70],\n            [5, 70]\n          ]\n        }';
    // The last sibling's object layout (one line: the point list inline too), the same kind's key order, `type` and pairs.
    const out = add(text, 'polygon', 'grass', [5, 5, 60, 5, 60, 70, 5, 70]);
    const oneLine = '        { "label": "grass", "type": "polygon", "polygon": [[5, 5], [60, 5], [60, 70], [5, 70]] }';
    assert.equal(out, text.replace('[1, 2, 3, 4] }\n', `[1, 2, 3, 4] },\n${oneLine}\n`));
    // With only the polygon beside it, its layout throughout.
    const alone = text.replace(',\n        { "label": "car", "bbox": [1, 2, 3, 4] }', '');
    assert.equal(add(alone, 'polygon', 'grass', [5, 5, 60, 5, 60, 70, 5, 70]), alone.replace('          ]\n        }\n', `          ]\n        },\n${added}\n`));
  });

  it('a line beside boxes only, with another entry\'s line: that line\'s point format', () => {
    const text = '{"images": [\n  {"image": "a.jpg", "annotations": [\n    {"bbox": [1, 2, 3, 4], "label": "car"}\n  ]},\n  {"image": "b.jpg", "annotations": [\n    {"line": [ [1,2], [3,4] ], "label": "lane"}\n  ]}\n]}\n';
    assert.equal(add(text, 'line', 'lane', [7, 8, 9, 10]), text.replace('"label": "car"}\n', '"label": "car"},\n    {"line": [ [7,8], [9,10] ], "label": "lane"}\n'));
  });

  it('a normalized CRLF file with tabs: fractions with the decimals a pixel needs, kept in [0, 1]', () => {
    const text = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "a.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{"bbox": [0.25, 0.25, 0.3125, 0.25], "label": "car"}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';
    // 640 x 480: 64 px is 0.1, 48 px is 0.1; the file writes 4 decimals, a pixel of 640 needs 4.
    assert.equal(add(text, 'rectangle', 'car', [64, 48, 128, 96]), text.replace('"label": "car"}\r\n', '"label": "car"},\r\n\t\t\t\t{"bbox": [0.1, 0.1, 0.2, 0.2], "label": "car"}\r\n'));
    assert.equal(add(text, 'polygon', 'car', [100, 100, 200, 100, 150, 300]), text.replace('"label": "car"}\r\n', '"label": "car"},\r\n\t\t\t\t{"polygon": [[0.1563, 0.2083], [0.3125, 0.2083], [0.2344, 0.625]], "label": "car"}\r\n'));
    // Past the image (Alt held): clamped to the unit square.
    assert.equal(add(text, 'rectangle', 'car', [600, 400, 100, 100]), text.replace('"label": "car"}\r\n', '"label": "car"},\r\n\t\t\t\t{"bbox": [0.9375, 0.8333, 0.0625, 0.1667], "label": "car"}\r\n'));
    assert.equal(add(text, 'line', 'car', [-10, 10, 700, 10]), text.replace('"label": "car"}\r\n', '"label": "car"},\r\n\t\t\t\t{"line": [[0, 0.0208], [1, 0.0208]], "label": "car"}\r\n'));
  });

  it('an empty annotations list takes another entry\'s list layout', () => {
    const text = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [1, 2, 3, 4] }\n      ]\n    },\n    {\n      "image": "b.jpg",\n      "annotations": []\n    }\n  ]\n}\n';
    assert.equal(add(text, 'rectangle', 'car', [5, 6, 7, 8], 1), text.replace('"annotations": []', '"annotations": [\n        { "label": "car", "bbox": [5, 6, 7, 8] }\n      ]'));
  });

  it('an empty list with no annotation anywhere: one object per line, in the documented key order', () => {
    const text = '{\n\t"images": [\n\t\t{\n\t\t\t"image": "a.jpg",\n\t\t\t"annotations": [ ]\n\t\t}\n\t]\n}\n';
    assert.equal(add(text, 'rectangle', 'car', [5, 6, 7, 8]), text.replace('"annotations": [ ]', '"annotations": [\n\t\t\t\t{ "type": "rectangle", "bbox": [5, 6, 7, 8], "label": "car" }\n\t\t\t]'));
    const compact = '{"images":[{"image":"a.jpg","annotations":[]}]}';
    assert.equal(add(compact, 'line', 'lane', [1, 2, 3, 4]), '{"images":[{"image":"a.jpg","annotations":[{"type":"line","line":[[1,2],[3,4]],"label":"lane"}]}]}');
  });

  it('a missing annotations key is added after the entry\'s last key', () => {
    const text = '{\r\n  "images": [\r\n    {\r\n      "image": "a.jpg",\r\n      "annotations": [\r\n        {"label": "car", "bbox": [1, 2, 3, 4]}\r\n      ]\r\n    },\r\n    {\r\n      "image": "b.jpg"\r\n    }\r\n  ]\r\n}\r\n';
    assert.equal(add(text, 'rectangle', 'dog', [5, 6, 7, 8], 1), text.replace('"image": "b.jpg"\r\n', '"image": "b.jpg",\r\n      "annotations": [\r\n        {"label": "dog", "bbox": [5, 6, 7, 8]}\r\n      ]\r\n'));
    const inline = '{"images": [{"image": "a.jpg"}]}';
    assert.equal(add(inline, 'rectangle', 'dog', [5, 6, 7, 8]), '{"images": [{"image": "a.jpg", "annotations": [{"type": "rectangle", "bbox": [5, 6, 7, 8], "label": "dog"}]}]}');
  });

  it('a label with quotes and non-ASCII letters is a JSON string', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": "car", "bbox": [1, 2, 3, 4]}]}]}';
    assert.equal(add(text, 'rectangle', 'säkki "iso"', [5, 6, 7, 8]), text.replace('4]}]', '4]}, {"label": "säkki \\"iso\\"", "bbox": [5, 6, 7, 8]}]'));
  });

  it('refuses what makes no shape, with a reason', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": "car", "bbox": [1, 2, 3, 4]}]}]}';
    const entry = { start: text.indexOf('{"image"'), end: text.length - 2 };
    const ctx = { text, entry, normalized: false, imageW: 640, imageH: 480 };
    for (const [kind, points, label] of [['rectangle', [1, 2, 0, 4], 'a'], ['polygon', [1, 2, 3, 4], 'a'], ['line', [1, 2], 'a'], ['rectangle', [1, 2, 3, 4], ' '], ['line', [1, NaN, 3, 4], 'a']] as const) {
      const r = insertShape(ctx, { op: 'add', kind, label, points: [...points] });
      assert.equal(r.ok, false, `${kind} ${points.join(',')} "${label}"`);
    }
    // A normalized file keeps [0, 1]: a box wholly past the image (Alt held) has nothing left.
    const normalized = { ...ctx, normalized: true, decimals: 4 };
    assert.equal(insertShape(normalized, { op: 'add', kind: 'rectangle', label: 'a', points: [700, 10, 30, 40] }).ok, false);
    assert.equal(insertShape(normalized, { op: 'add', kind: 'rectangle', label: 'a', points: [630, 10, 30, 40] }).ok, true);
    const list = '{"images": [{"image": "a.jpg", "annotations": {}}]}';
    assert.equal(insertShape({ ...ctx, text: list, entry: { start: list.indexOf('{"image"'), end: list.length - 2 } }, { op: 'add', kind: 'rectangle', label: 'a', points: [1, 2, 3, 4] }).ok, false);
  });
});
