// Delete, relabel and duplicate written back as text (src/annotations/shapeOps.ts): the exact
// resulting text, through the model's ranges like the preview's host, in the file's own layout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { METALAKE_WRITERS, opsOf, type EditContext, type ShapeEdit } from '../../src/annotations/editOps';
import { applyReplacements, decimalsOf } from '../../src/annotations/edits';
import { buildModel } from '../../src/preview/model/document';
import { duplicateOffset, filterLabels } from '../../src/preview/model/shapeMenu';
import { validator } from './helpers';

/** As the host's shapeEdits.ts: the decimals one pixel of the image needs. */
const pixelDecimals = (side: number): number => Math.min(12, Math.max(1, Math.ceil(Math.log10(Math.max(2, side))) + 1));

/** The context the host builds for annotation `annotation` of image `image`. */
function contextOf(text: string, image: number, annotation: number, size = { w: 640, h: 480 }): EditContext {
  const model = buildModel(validator, text);
  assert.ok(model.ok, 'the file parses');
  const entry = model.doc.rangeOf(image);
  const range = model.doc.rangeOf(image, annotation);
  assert.ok(entry && range, 'the annotation has a range');
  const normalized = model.doc.normalized;
  return { text, entry, annotation: range, normalized, imageW: size.w, imageH: size.h, decimals: normalized ? Math.max(decimalsOf(text), pixelDecimals(Math.max(size.w, size.h))) : undefined };
}

function apply(text: string, edit: ShapeEdit, image = 0, size?: { w: number; h: number }): string {
  const writer = METALAKE_WRITERS[edit.op] as ((c: EditContext, e: ShapeEdit) => ReturnType<NonNullable<typeof METALAKE_WRITERS.delete>>) | undefined;
  assert.ok(writer, `a writer for ${edit.op}`);
  const result = writer(contextOf(text, image, 'annotation' in edit ? edit.annotation : 0, size), edit);
  assert.ok(result.ok, result.ok ? '' : result.problem);
  const out = applyReplacements(text, result.replacements);
  // Whatever the edit, the file still parses as an annotation file.
  assert.ok(buildModel(validator, out).ok, `still parses:\n${out}`);
  return out;
}

const MULTI = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [10, 20, 30, 40] },\n        { "label": "dog", "bbox": [1, 2, 3, 4] },\n        { "label": "cat", "polygon": [[1, 1], [5, 1], [5, 5]] }\n      ]\n    }\n  ]\n}\n';
const line = (label: string): string => MULTI.split('\n').find((l) => l.includes(`"${label}"`)) + '\n';

describe('shape ops: delete', () => {
  it('the first, a middle and the last annotation of a multi-line list go with their comma and their line', () => {
    assert.equal(apply(MULTI, { op: 'delete', annotation: 0 }), MULTI.replace(line('car'), ''));
    assert.equal(apply(MULTI, { op: 'delete', annotation: 1 }), MULTI.replace(line('dog'), ''));
    assert.equal(apply(MULTI, { op: 'delete', annotation: 2 }), MULTI.replace(',\n        { "label": "cat", "polygon": [[1, 1], [5, 1], [5, 5]] }', ''));
  });

  it('the only annotation leaves an empty list', () => {
    const text = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [10, 20, 30, 40] }\n      ]\n    }\n  ]\n}\n';
    assert.equal(apply(text, { op: 'delete', annotation: 0 }), '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": []\n    }\n  ]\n}\n');
  });

  it('a one-line list: first, middle, last, only', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": "a", "bbox": [1, 2, 3, 4]}, {"label": "b", "bbox": [5, 6, 7, 8]}, {"label": "c", "bbox": [9, 9, 9, 9]}]}]}';
    assert.equal(apply(text, { op: 'delete', annotation: 0 }), text.replace('{"label": "a", "bbox": [1, 2, 3, 4]}, ', ''));
    assert.equal(apply(text, { op: 'delete', annotation: 1 }), text.replace('{"label": "b", "bbox": [5, 6, 7, 8]}, ', ''));
    assert.equal(apply(text, { op: 'delete', annotation: 2 }), text.replace(', {"label": "c", "bbox": [9, 9, 9, 9]}', ''));
    const only = '{"images": [{"image": "a.jpg", "annotations": [ {"label": "a", "bbox": [1, 2, 3, 4]} ]}]}';
    assert.equal(apply(only, { op: 'delete', annotation: 0 }), '{"images": [{"image": "a.jpg", "annotations": []}]}');
  });

  it('multi-line annotation objects in a CRLF file: all their lines go, the line ends stay CRLF', () => {
    const a = '\t\t\t\t{\r\n\t\t\t\t\t"label": "a",\r\n\t\t\t\t\t"bbox": [0.1, 0.2, 0.3, 0.4]\r\n\t\t\t\t}';
    const b = '\t\t\t\t{\r\n\t\t\t\t\t"label": "b",\r\n\t\t\t\t\t"bbox": [0.5, 0.5, 0.1, 0.1]\r\n\t\t\t\t}';
    const text = (items: string[]): string => `{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "a.jpg",\r\n\t\t\t"annotations": [\r\n${items.join(',\r\n')}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n`;
    assert.equal(apply(text([a, b]), { op: 'delete', annotation: 0 }), text([b]));
    assert.equal(apply(text([a, b]), { op: 'delete', annotation: 1 }), text([a]));
    assert.equal(apply(text([a]), { op: 'delete', annotation: 0 }), '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "a.jpg",\r\n\t\t\t"annotations": []\r\n\t\t}\r\n\t]\r\n}\r\n');
  });

  it('the annotation of the second image is deleted there, the first image is left alone', () => {
    const text = '{"images": [\n  {"image": "a.jpg", "annotations": [{"label": "a", "bbox": [1, 2, 3, 4]}]},\n  {"image": "b.jpg", "annotations": [{"label": "a", "bbox": [1, 2, 3, 4]}, {"label": "b", "bbox": [1, 2, 3, 4]}]}\n]}\n';
    assert.equal(apply(text, { op: 'delete', annotation: 0 }, 1), text.replace('"b.jpg", "annotations": [{"label": "a", "bbox": [1, 2, 3, 4]}, ', '"b.jpg", "annotations": ['));
  });
});

describe('shape ops: relabel', () => {
  it('replaces only the label\'s value, JSON-escaped', () => {
    assert.equal(apply(MULTI, { op: 'relabel', annotation: 1, label: 'wolf' }), MULTI.replace('"dog"', '"wolf"'));
    assert.equal(apply(MULTI, { op: 'relabel', annotation: 0, label: 'say "hi"\\ \u00e9\n' }), MULTI.replace('"car"', '"say \\"hi\\"\\\\ \u00e9\\n"'));
    // The same label: nothing to write.
    const result = relabelOf(MULTI, 0, 'car');
    assert.equal(result.length, 0);
  });

  it('a label that is no string is replaced by the string', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": 7, "bbox": [1, 2, 3, 4]}]}]}';
    assert.equal(apply(text, { op: 'relabel', annotation: 0, label: 'seven' }), text.replace('"label": 7', '"label": "seven"'));
  });

  it('without a label key, one is added first, in the object\'s style (one line, own lines, CRLF, tight colon)', () => {
    const one = '{"images": [{"image": "a.jpg", "annotations": [{ "bbox": [1, 2, 3, 4], "type": "rectangle" }]}]}';
    assert.equal(apply(one, { op: 'relabel', annotation: 0, label: 'car' }), one.replace('{ "bbox"', '{ "label": "car", "bbox"'));
    const tight = '{"images": [{"image": "a.jpg", "annotations": [{"bbox":[1,2,3,4],"type":"rectangle"}]}]}';
    assert.equal(apply(tight, { op: 'relabel', annotation: 0, label: 'car' }), tight.replace('{"bbox"', '{"label":"car","bbox"'));
    const lines = '{\r\n  "images": [\r\n    {\r\n      "image": "a.jpg",\r\n      "annotations": [\r\n        {\r\n          "bbox": [1, 2, 3, 4]\r\n        }\r\n      ]\r\n    }\r\n  ]\r\n}\r\n';
    assert.equal(apply(lines, { op: 'relabel', annotation: 0, label: 'car' }), lines.replace('          "bbox"', '          "label": "car",\r\n          "bbox"'));
  });
});

function relabelOf(text: string, annotation: number, label: string): unknown[] {
  const result = METALAKE_WRITERS.relabel?.(contextOf(text, 0, annotation), { op: 'relabel', annotation, label });
  assert.ok(result?.ok);
  return result.replacements;
}

describe('shape ops: duplicate', () => {
  it('a copy of the annotation\'s own text right after it, x and y shifted; the list\'s own separator', () => {
    assert.equal(apply(MULTI, { op: 'duplicate', annotation: 0, offset: [10, 5] }), MULTI.replace(line('car'), line('car') + '        { "label": "car", "bbox": [20, 25, 30, 40] },\n'));
    // The last item: joined with the separator before it.
    assert.equal(apply(MULTI, { op: 'duplicate', annotation: 2, offset: [-1, 2] }), MULTI.replace('[5, 5]] }\n', '[5, 5]] },\n        { "label": "cat", "polygon": [[0, 3], [4, 3], [4, 7]] }\n'));
  });

  it('every key is copied as written, decimals keep their places', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"type": "line", "label": "lane", "line": [[1.5, 2], [3, 4.25]], "attributes": {"x": 1}, "confidence": 0.5}]}]}';
    const copy = '{"type": "line", "label": "lane", "line": [[11.5, 22], [13, 24.25]], "attributes": {"x": 1}, "confidence": 0.5}';
    assert.equal(apply(text, { op: 'duplicate', annotation: 0, offset: [10, 20] }), text.replace(']}]}', `, ${copy}]}]}`));
  });

  it('the only annotation: joined on its own line with its indentation', () => {
    const text = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        {\n          "label": "car",\n          "bbox": [10, 20, 30, 40]\n        }\n      ]\n    }\n  ]\n}\n';
    const copy = '        {\n          "label": "car",\n          "bbox": [15, 20, 30, 40]\n        }';
    assert.equal(apply(text, { op: 'duplicate', annotation: 0, offset: [5, 0] }), text.replace('40]\n        }\n', `40]\n        },\n${copy}\n`));
  });

  it('a normalized CRLF file: the offset over the image size, written with the file\'s decimals', () => {
    const text = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "a.jpg",\r\n\t\t\t"is_normalized": true,\r\n\t\t\t"annotations": [\r\n\t\t\t\t{"bbox": [0.25, 0.25, 0.3125, 0.25], "label": "car"},\r\n\t\t\t\t{"polygon": [[0.5, 0.5], [0.6, 0.5], [0.6, 0.6]], "label": "dog"}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';
    // 640x480: 16 pixels across is 0.025, 12 down is 0.025.
    assert.equal(apply(text, { op: 'duplicate', annotation: 0, offset: [16, 12] }), text.replace('"car"},\r\n', '"car"},\r\n\t\t\t\t{"bbox": [0.275, 0.275, 0.3125, 0.25], "label": "car"},\r\n'));
    assert.equal(apply(text, { op: 'duplicate', annotation: 1, offset: [16, 12] }), text.replace('"dog"}\r\n', '"dog"},\r\n\t\t\t\t{"polygon": [[0.525, 0.525], [0.625, 0.525], [0.625, 0.625]], "label": "dog"}\r\n'));
    // 1/3 of a pixel of 640 is written with the decimals the file's precision and the image need (4).
    assert.equal(apply(text, { op: 'duplicate', annotation: 0, offset: [1, 0] }), text.replace('"car"},\r\n', '"car"},\r\n\t\t\t\t{"bbox": [0.2516, 0.25, 0.3125, 0.25], "label": "car"},\r\n'));
  });

  it('an annotation with no geometry is refused with a reason', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"label": "a", "bbox": [1, 2, 3, 4]}, {"label": "b"}]}]}';
    const result = METALAKE_WRITERS.duplicate?.(contextOf(text, 0, 1), { op: 'duplicate', annotation: 1, offset: [1, 1] });
    assert.ok(result && !result.ok);
    assert.match(result.problem, /no geometry/);
  });
});

describe('shape ops: the MetaLake table', () => {
  it('offers delete, relabel and duplicate to the page', () => {
    for (const op of ['delete', 'relabel', 'duplicate'] as const) assert.ok(opsOf(METALAKE_WRITERS).includes(op));
  });

  it('an annotation range that is not an item of the list is refused, nothing written', () => {
    const context = { ...contextOf(MULTI, 0, 0), annotation: { start: 5, end: 9 } };
    const result = METALAKE_WRITERS.delete?.(context, { op: 'delete', annotation: 0 });
    assert.ok(result && !result.ok);
  });
});

describe('shape ops: the page\'s label filter and the copy\'s offset', () => {
  it('labels starting with the typed text first, then those containing it, case-insensitive', () => {
    const labels = ['bicycle', 'Car', 'cargo ship', 'person', 'scar'];
    assert.deepEqual(filterLabels(labels, 'car'), ['Car', 'cargo ship', 'scar']);
    assert.deepEqual(filterLabels(labels, ' CAR '), ['Car', 'cargo ship', 'scar']);
    assert.deepEqual(filterLabels(labels, ''), labels);
    assert.deepEqual(filterLabels(labels, 'zebra'), []);
  });

  it('a copy lands 10 pixels down and right, a fiftieth of a big image, and stays on the image', () => {
    assert.deepEqual(duplicateOffset({ x: 100, y: 120, w: 200, h: 80 }, 640, 480), [10, 10]);
    assert.deepEqual(duplicateOffset({ x: 100, y: 120, w: 200, h: 80 }, 4000, 3000), [60, 60]);
    // At the right and bottom edges: up and left instead.
    assert.deepEqual(duplicateOffset({ x: 540, y: 400, w: 100, h: 80 }, 640, 480), [-10, -10]);
    // As wide as the image: right (left would leave it too).
    assert.deepEqual(duplicateOffset({ x: 0, y: 0, w: 640, h: 20 }, 640, 480), [10, 10]);
  });
});
