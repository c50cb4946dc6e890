// Shape edits written into COCO files and YOLO label files (src/annotations/cocoEdits.ts,
// yoloEdits.ts): the exact text after each writer, in the file's own layout, precision and line ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cocoAddWriter, cocoBoxEdit, cocoDeleteWriter, cocoDuplicateWriter, cocoPointsWriter, cocoRelabelWriter } from '../../src/annotations/cocoEdits';
import { COCO_WRITERS, YOLO_WRITERS, opsOf, type EditContext, type EditResult, type ShapeEdit } from '../../src/annotations/editOps';
import { applyReplacements, decimalsOf } from '../../src/annotations/edits';
import { yoloAddWriter, yoloBoxEdit, yoloClassId, yoloDeleteWriter, yoloDuplicateWriter, yoloPointsWriter, yoloRelabelWriter } from '../../src/annotations/yoloEdits';
import { cocoModelOf } from '../../src/preview/model/cocoDocument';
import { yoloObjects } from '../../src/preview/model/yoloLabels';
import { validator } from './helpers';

/** The context the host builds for a COCO file: ranges from the preview's model. */
function cocoContext(text: string, image: number, annotation?: number): EditContext {
  const model = cocoModelOf(validator.analyze(text, 'coco'), text);
  assert.ok(model.ok, 'the file parses');
  const entry = model.doc.rangeOf(image);
  assert.ok(entry, 'the image entry has a range');
  const range = annotation === undefined ? undefined : model.doc.rangeOf(image, annotation);
  if (annotation !== undefined) assert.ok(range, 'the annotation has a range');
  return { text, entry, annotation: range, normalized: false, imageW: 640, imageH: 480 };
}

function done(result: EditResult, text: string): string {
  assert.ok(result.ok, result.ok ? '' : result.problem);
  return applyReplacements(text, result.replacements);
}

function refused(result: EditResult): string {
  assert.ok(!result.ok, 'the edit is refused');
  return result.ok ? '' : result.problem;
}

const coco = (text: string, edit: ShapeEdit, image = 0): string => {
  const context = cocoContext(text, image, 'annotation' in edit ? edit.annotation : undefined);
  const writer = COCO_WRITERS[edit.op] as (c: EditContext, e: ShapeEdit) => EditResult;
  return done(writer(context, edit), text);
};

// json.dump(indent=2) style: arrays one number a line.
const PRETTY = `{
  "images": [
    {
      "id": 7,
      "file_name": "a.jpg",
      "width": 640,
      "height": 480
    }
  ],
  "annotations": [
    {
      "id": 3,
      "image_id": 7,
      "category_id": 1,
      "bbox": [
        10,
        20,
        30,
        40
      ],
      "area": 1200,
      "iscrowd": 0
    }
  ],
  "categories": [
    {
      "id": 1,
      "name": "car"
    },
    {
      "id": 2,
      "name": "dog"
    }
  ]
}
`;

const LINES = '{\n  "images": [\n    {"id": 1, "file_name": "a.jpg", "width": 640, "height": 480},\n    {"id": 2, "file_name": "b.jpg", "width": 640, "height": 480}\n  ],\n'
  + '  "annotations": [\n'
  + '    {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[10.5, 10, 50, 10, 50, 40.25]], "area": 596.25, "bbox": [10.5, 10, 39.5, 30.25], "iscrowd": 0},\n'
  + '    {"id": 5, "image_id": 1, "category_id": 2, "segmentation": [], "area": 100, "bbox": [100, 100, 10, 10], "iscrowd": 0},\n'
  + '    {"id": 2, "image_id": 2, "category_id": 1, "segmentation": {"size": [480, 640], "counts": "abc"}, "area": 50, "bbox": [1, 2, 3, 4], "iscrowd": 1}\n'
  + '  ],\n  "categories": [{"id": 1, "name": "car"}, {"id": 2, "name": "dog"}]\n}';

describe('COCO: box edits keep the area when it was the box\'s', () => {
  it('no segmentation, area w×h: the bbox and the area follow, each number in place (pretty-printed arrays)', () => {
    const range = cocoContext(PRETTY, 0, 0).annotation!;
    const out = done(cocoBoxEdit(PRETTY, range, [12, 20, 35, 40], { normalized: false }), PRETTY);
    assert.equal(out, PRETTY.replace('        10,\n', '        12,\n').replace('        30,\n', '        35,\n').replace('"area": 1200', '"area": 1400'));
  });

  it('a segmentation: the area is the mask\'s and stays; an area that was not w×h stays', () => {
    const range = cocoContext(LINES, 0, 0).annotation!;
    assert.equal(done(cocoBoxEdit(LINES, range, [11, 10, 39.5, 30.25], { normalized: false }), LINES), LINES.replace('"bbox": [10.5, 10,', '"bbox": [11, 10,'));
    const other = PRETTY.replace('"area": 1200', '"area": 977');
    const out = done(cocoBoxEdit(other, cocoContext(other, 0, 0).annotation!, [10, 20, 50, 40], { normalized: false }), other);
    assert.equal(out, other.replace('        30,\n', '        50,\n'));
  });

  it('an empty segmentation counts as none: the area follows the box', () => {
    const range = cocoContext(LINES, 0, 1).annotation!;
    assert.equal(done(cocoBoxEdit(LINES, range, [100, 100, 12, 10], { normalized: false }), LINES), LINES.replace('"area": 100, "bbox": [100, 100, 10, 10]', '"area": 120, "bbox": [100, 100, 12, 10]'));
  });
});

describe('COCO: the writers', () => {
  it('lists every op', () => {
    assert.deepEqual(opsOf(COCO_WRITERS).sort(), ['add', 'delete', 'duplicate', 'points', 'relabel']);
  });

  it('points: a polygon changed in place when its count stays; the bbox and area follow when they were the polygon\'s', () => {
    const out = coco(LINES, { op: 'points', annotation: 0, points: [10.5, 10, 60, 10, 60, 40.25] });
    assert.equal(out, LINES.replace('[[10.5, 10, 50, 10, 50, 40.25]], "area": 596.25, "bbox": [10.5, 10, 39.5, 30.25]', '[[10.5, 10, 60, 10, 60, 40.25]], "area": 748.69, "bbox": [10.5, 10, 49.5, 30.25]'));
  });

  it('points: another count rewrites the polygon in its layout; part names the polygon; a flat segmentation is polygon 0', () => {
    const two = LINES.replace('[[10.5, 10, 50, 10, 50, 40.25]]', '[[10.5, 10, 50, 10, 50, 40.25], [0, 0, 4, 0, 4, 4]]');
    const out = coco(two, { op: 'points', annotation: 0, part: 1, points: [0, 0, 4, 0, 4, 4, 0, 4] });
    // The bbox is the first polygon's only (not the extent of both): left as written; the area was both polygons' within 10%: it follows.
    assert.equal(out, two.replace('[0, 0, 4, 0, 4, 4]]', '[0, 0, 4, 0, 4, 4, 0, 4]]').replace('"area": 596.25', '"area": 613.44'));
    const flat = LINES.replace('[[10.5, 10, 50, 10, 50, 40.25]]', '[10.5, 10, 50, 10, 50, 40.25]');
    assert.equal(coco(flat, { op: 'points', annotation: 0, points: [10.5, 10, 50, 10, 50, 40.33] }), flat.replace('50, 40.25]', '50, 40.33]').replace('"area": 596.25', '"area": 599.02').replace('39.5, 30.25]', '39.5, 30.33]'));
    assert.match(refused(cocoPointsWriter(cocoContext(LINES, 0, 0), { op: 'points', annotation: 0, part: 3, points: [0, 0, 1, 0, 1, 1] })), /no polygon 4/);
    // A polygon of fewer than three points is not drawn, so the parts count past it.
    const stub = LINES.replace('[[10.5, 10, 50, 10, 50, 40.25]]', '[[1, 1], [10.5, 10, 50, 10, 50, 40.25]]');
    assert.equal(coco(stub, { op: 'points', annotation: 0, part: 0, points: [10.5, 10, 50, 10, 50, 40.5] }), stub.replace('50, 40.25]]', '50, 40.5]]').replace('"area": 596.25', '"area": 602.38').replace('39.5, 30.25]', '39.5, 30.5]'));
  });

  it('points: an RLE mask and a box-only annotation are refused with a message', () => {
    assert.match(refused(cocoPointsWriter(cocoContext(LINES, 1, 0), { op: 'points', annotation: 0, points: [0, 0, 1, 0, 1, 1] })), /run-length \(RLE\) mask/);
    assert.match(refused(cocoPointsWriter(cocoContext(LINES, 0, 1), { op: 'points', annotation: 1, points: [0, 0, 1, 0, 1, 1] })), /no polygon/);
  });

  it('points: a pretty-printed polygon of another count keeps one number a line', () => {
    const text = PRETTY.replace('"area": 1200,', '"area": 1200,\n      "segmentation": [\n        [\n          10,\n          20,\n          40,\n          20,\n          40,\n          60\n        ]\n      ],');
    const out = coco(text, { op: 'points', annotation: 0, points: [10, 20, 40, 20, 40, 60, 10, 60] });
    assert.equal(out, text.replace('          40,\n          60\n        ]', '          40,\n          60,\n          10,\n          60\n        ]'));
  });

  it('add: a box after the image\'s last annotation, fresh id, the image\'s id, the category named, in the file\'s one-line style', () => {
    const out = coco(LINES, { op: 'add', kind: 'rectangle', label: 'dog', points: [5, 6, 20, 10] });
    assert.equal(out, LINES.replace('"bbox": [100, 100, 10, 10], "iscrowd": 0}', '"bbox": [100, 100, 10, 10], "iscrowd": 0},\n    {"id": 6, "image_id": 1, "category_id": 2, "segmentation": [], "area": 200, "bbox": [5, 6, 20, 10], "iscrowd": 0}'));
  });

  it('add: a polygon gets its segmentation, extent as bbox and its area; pretty-printed like the others', () => {
    const out = coco(PRETTY, { op: 'add', kind: 'polygon', label: 'car', points: [0, 0, 10, 0, 10, 5] });
    const added = ',\n    {\n      "id": 4,\n      "image_id": 7,\n      "category_id": 1,\n      "bbox": [\n        0,\n        0,\n        10,\n        5\n      ],\n      "area": 25,\n      "iscrowd": 0,\n      "segmentation": [\n        [\n          0,\n          0,\n          10,\n          0,\n          10,\n          5\n        ]\n      ]\n    }';
    assert.equal(out, PRETTY.replace('      "iscrowd": 0\n    }\n  ],', `      "iscrowd": 0\n    }${added}\n  ],`));
    assert.equal(JSON.parse(out).annotations[1].segmentation[0].length, 6);
  });

  it('add: into an empty list, in the layout of the image entry (arrays on one line: the file has no other to follow); a CRLF file keeps CRLF', () => {
    const empty = PRETTY.replace(/"annotations": \[[\s\S]*?\n  \],/, '"annotations": [],').replace(/\n/g, '\r\n');
    const out = coco(empty, { op: 'add', kind: 'rectangle', label: 'car', points: [1, 2, 3, 4] });
    assert.equal(out, empty.replace('"annotations": [],', '"annotations": [\r\n    {\r\n      "id": 1,\r\n      "image_id": 7,\r\n      "category_id": 1,\r\n      "segmentation": [],\r\n      "area": 12,\r\n      "bbox": [1, 2, 3, 4],\r\n      "iscrowd": 0\r\n    }\r\n  ],'));
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
  });

  it('add and relabel: a label no category has is refused, naming it; a line has no COCO shape', () => {
    assert.match(refused(cocoAddWriter(cocoContext(LINES, 0), { op: 'add', kind: 'rectangle', label: 'bicycle', points: [1, 2, 3, 4] })), /No category .* is named "bicycle"/);
    assert.match(refused(cocoRelabelWriter(cocoContext(LINES, 0, 0), { op: 'relabel', annotation: 0, label: 'bicycle' })), /"bicycle"/);
    assert.match(refused(cocoAddWriter(cocoContext(LINES, 0), { op: 'add', kind: 'line', label: 'car', points: [1, 2, 3, 4] })), /no line/);
  });

  it('relabel: category_id becomes the named category\'s id, nothing else changes', () => {
    assert.equal(coco(LINES, { op: 'relabel', annotation: 0, label: 'dog' }), LINES.replace('{"id": 1, "image_id": 1, "category_id": 1', '{"id": 1, "image_id": 1, "category_id": 2'));
    assert.equal(coco(PRETTY, { op: 'relabel', annotation: 0, label: 'car' }), PRETTY);
  });

  it('delete: the annotation and one comma go (middle, first, last, only)', () => {
    const a0 = '    {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[10.5, 10, 50, 10, 50, 40.25]], "area": 596.25, "bbox": [10.5, 10, 39.5, 30.25], "iscrowd": 0},\n';
    assert.equal(coco(LINES, { op: 'delete', annotation: 0 }), LINES.replace(a0, ''));
    assert.equal(coco(LINES, { op: 'delete', annotation: 1 }), LINES.replace(',\n    {"id": 5, "image_id": 1, "category_id": 2, "segmentation": [], "area": 100, "bbox": [100, 100, 10, 10], "iscrowd": 0}', ''));
    assert.equal(coco(LINES, { op: 'delete', annotation: 0 }, 1), LINES.replace(',\n    {"id": 2, "image_id": 2, "category_id": 1, "segmentation": {"size": [480, 640], "counts": "abc"}, "area": 50, "bbox": [1, 2, 3, 4], "iscrowd": 1}', ''));
    const only = coco(PRETTY, { op: 'delete', annotation: 0 });
    assert.equal(only, PRETTY.replace(/"annotations": \[[\s\S]*?\n  \],/, '"annotations": [],'));
  });

  it('duplicate: a copy after it with a fresh id (largest + 1), bbox and polygons shifted, every other key kept', () => {
    const out = coco(LINES, { op: 'duplicate', annotation: 0, offset: [10, 5] });
    const copy = '    {"id": 6, "image_id": 1, "category_id": 1, "segmentation": [[20.5, 15, 60, 15, 60, 45.25]], "area": 596.25, "bbox": [20.5, 15, 39.5, 30.25], "iscrowd": 0},\n';
    const first = '    {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[10.5, 10, 50, 10, 50, 40.25]], "area": 596.25, "bbox": [10.5, 10, 39.5, 30.25], "iscrowd": 0}';
    assert.equal(out, LINES.replace(`${first},\n`, `${first},\n${copy}`));
    assert.match(refused(cocoDuplicateWriter(cocoContext(LINES, 1, 0), { op: 'duplicate', annotation: 0, offset: [1, 0] })), /RLE/);
    // Without an offset an RLE annotation is copied as it is.
    const same = coco(LINES, { op: 'duplicate', annotation: 0, offset: [0, 0] }, 1);
    assert.equal(JSON.parse(same).annotations.length, 4);
    assert.equal(JSON.parse(same).annotations[3].id, 6);
  });

  it('delete on the pretty file keeps the rest byte for byte; the results keep parsing as COCO', () => {
    const out = coco(PRETTY, { op: 'add', kind: 'rectangle', label: 'dog', points: [0, 0, 2, 2] });
    const back = done(cocoDeleteWriter(cocoContext(out, 0, 1), { op: 'delete', annotation: 1 }), out);
    assert.equal(back, PRETTY);
  });
});

/** The context the YOLO source builds: the whole label file, the object's line. */
function yoloContext(text: string, annotation?: number, names?: Map<number, string>, size: [number, number] = [640, 480]): EditContext {
  const lines = yoloObjects(text, names).lines;
  const range = annotation === undefined ? undefined : lines[annotation];
  if (annotation !== undefined) assert.ok(range, 'the object has a line');
  // As the host: the file's decimals, at least one pixel's (4 for a 640-pixel side).
  return { text, entry: { start: 0, end: text.length }, annotation: range, normalized: true, imageW: size[0], imageH: size[1], decimals: Math.max(decimalsOf(text), 4), yolo: { names } };
}

const yolo = (text: string, edit: ShapeEdit, names?: Map<number, string>): string => {
  const writer = YOLO_WRITERS[edit.op] as (c: EditContext, e: ShapeEdit) => EditResult;
  return done(writer(yoloContext(text, 'annotation' in edit ? edit.annotation : undefined, names), edit), text);
};

const NAMES = new Map([[0, 'person'], [1, 'car']]);
const LABELS = '0 0.500000 0.500000 0.250000 0.500000\n1 0.100000 0.100000 0.200000 0.100000\n';

describe('YOLO: box edits', () => {
  it('rewrites the line\'s numbers with the file\'s six decimals and trailing zeros; other lines untouched', () => {
    // 640×480: the box [240, 120, 160, 240] px is cx 0.5, cy 0.5, w 0.25, h 0.5; moved right by 64 px.
    const out = done(yoloBoxEdit(yoloContext(LABELS, 0), [304, 120, 160, 240]), LABELS);
    assert.equal(out, '0 0.600000 0.500000 0.250000 0.500000\n1 0.100000 0.100000 0.200000 0.100000\n');
    assert.equal(done(yoloBoxEdit(yoloContext(LABELS, 1), [0, 24, 128, 48]), LABELS), '0 0.500000 0.500000 0.250000 0.500000\n1 0.100000 0.100000 0.200000 0.100000\n', 'unchanged values: no edit');
  });

  it('CRLF, a last line without a line end, a file that trims its zeros, tabs between numbers', () => {
    const crlf = '0 0.5 0.5 0.25 0.5\r\n1 0.1 0.1 0.2 0.1';
    assert.equal(done(yoloBoxEdit(yoloContext(crlf, 1), [0, 24, 192, 48]), crlf), '0 0.5 0.5 0.25 0.5\r\n1 0.15 0.1 0.3 0.1');
    const tabs = '1\t0.5\t0.5\t0.25\t0.5';
    assert.equal(done(yoloBoxEdit(yoloContext(tabs, 0), [240, 120, 161, 240]), tabs), '1\t0.5008\t0.5\t0.2516\t0.5');
  });

  it('a box past the edge (Alt) is clipped to the image; wholly outside, refused; unknown size refused', () => {
    assert.equal(done(yoloBoxEdit(yoloContext(LABELS, 0), [-64, 0, 128, 240]), LABELS), LABELS.replace('0 0.500000 0.500000 0.250000 0.500000', '0 0.050000 0.250000 0.100000 0.500000'));
    assert.match(refused(yoloBoxEdit(yoloContext(LABELS, 0), [700, 0, 10, 10])), /outside the image/);
    assert.match(refused(yoloBoxEdit({ ...yoloContext(LABELS, 0), imageW: 0, imageH: 0 }, [0, 0, 10, 10])), /size is not known/);
  });

  it('a segment line is no box', () => {
    assert.match(refused(yoloBoxEdit(yoloContext('0 0.1 0.1 0.5 0.1 0.5 0.5\n', 0), [0, 0, 10, 10])), /not a box/);
  });
});

describe('YOLO: the writers', () => {
  const SEG = '0 0.100000 0.100000 0.500000 0.100000 0.500000 0.500000\n1 0.5 0.5 0.1 0.1\n';

  it('lists every op', () => {
    assert.deepEqual(opsOf(YOLO_WRITERS).sort(), ['add', 'delete', 'duplicate', 'points', 'relabel']);
  });

  it('points: a segment\'s coordinates, in place or rewritten with another count; a box line refused', () => {
    assert.equal(yolo(SEG, { op: 'points', annotation: 0, points: [64, 48, 320, 48, 384, 240] }), SEG.replace('0.500000 0.500000\n1', '0.600000 0.500000\n1'));
    assert.equal(yolo(SEG, { op: 'points', annotation: 0, points: [64, 48, 320, 48, 320, 240, 64, 240] }), SEG.replace('0 0.100000 0.100000 0.500000 0.100000 0.500000 0.500000', '0 0.100000 0.100000 0.500000 0.100000 0.500000 0.500000 0.100000 0.500000'));
    assert.match(refused(yoloPointsWriter(yoloContext(SEG, 1), { op: 'points', annotation: 1, points: [0, 0, 1, 0, 1, 1] })), /not a segment/);
  });

  it('add: a new last line with the class of the name; no trailing line end stays none; empty file; CRLF', () => {
    assert.equal(yolo(LABELS, { op: 'add', kind: 'rectangle', label: 'car', points: [0, 0, 64, 48] }, NAMES), `${LABELS}1 0.050000 0.050000 0.100000 0.100000\n`);
    assert.equal(yolo('0 0.5 0.5 0.2 0.2', { op: 'add', kind: 'polygon', label: '3', points: [0, 0, 320, 0, 320, 240] }), '0 0.5 0.5 0.2 0.2\n3 0 0 0.5 0 0.5 0.5');
    assert.equal(yolo('', { op: 'add', kind: 'rectangle', label: 'class 2', points: [0, 0, 320, 240] }), '2 0.25 0.25 0.5 0.5\n');
    assert.equal(yolo('0 0.5 0.5 0.2 0.2\r\n', { op: 'add', kind: 'rectangle', label: 'person', points: [0, 0, 320, 240] }, NAMES), '0 0.5 0.5 0.2 0.2\r\n0 0.25 0.25 0.5 0.5\r\n');
  });

  it('add and relabel: an unknown name is refused naming it; a line shape is refused', () => {
    assert.match(refused(yoloAddWriter(yoloContext(LABELS, undefined, NAMES), { op: 'add', kind: 'rectangle', label: 'bus', points: [0, 0, 1, 1] })), /No class .* named "bus"/);
    assert.match(refused(yoloRelabelWriter(yoloContext(LABELS, 0, NAMES), { op: 'relabel', annotation: 0, label: '7' })), /"7"/);
    assert.match(refused(yoloAddWriter(yoloContext(LABELS), { op: 'add', kind: 'line', label: '0', points: [0, 0, 1, 1] })), /no line/);
    assert.deepEqual(yoloClassId('car', NAMES), 1);
    assert.deepEqual(yoloClassId('class 1', NAMES), 1);
    assert.deepEqual(yoloClassId('12', undefined), 12);
  });

  it('relabel: the class id only', () => {
    assert.equal(yolo(LABELS, { op: 'relabel', annotation: 1, label: 'person' }, NAMES), LABELS.replace('\n1 0.1', '\n0 0.1'));
  });

  it('delete: the line with its line end (first, last, last without a line end, CRLF, the only line)', () => {
    assert.equal(yolo(LABELS, { op: 'delete', annotation: 0 }), '1 0.100000 0.100000 0.200000 0.100000\n');
    assert.equal(yolo(LABELS, { op: 'delete', annotation: 1 }), '0 0.500000 0.500000 0.250000 0.500000\n');
    assert.equal(yolo('0 0.5 0.5 0.2 0.2\r\n1 0.1 0.1 0.1 0.1', { op: 'delete', annotation: 1 }), '0 0.5 0.5 0.2 0.2');
    assert.equal(yolo('0 0.5 0.5 0.2 0.2\r\n1 0.1 0.1 0.1 0.1\r\n', { op: 'delete', annotation: 0 }), '1 0.1 0.1 0.1 0.1\r\n');
    assert.equal(yolo('0 0.5 0.5 0.2 0.2', { op: 'delete', annotation: 0 }), '');
    assert.ok(deleteCheck(yoloDeleteWriter));
  });

  it('duplicate: a shifted copy right after the line (the last line without a line end keeps none)', () => {
    assert.equal(yolo(LABELS, { op: 'duplicate', annotation: 0, offset: [64, 48] }), '0 0.500000 0.500000 0.250000 0.500000\n0 0.600000 0.600000 0.250000 0.500000\n1 0.100000 0.100000 0.200000 0.100000\n');
    assert.equal(yolo('0 0.5 0.5 0.2 0.2\r\n1 0.1 0.1 0.1 0.1', { op: 'duplicate', annotation: 1, offset: [64, 0] }), '0 0.5 0.5 0.2 0.2\r\n1 0.1 0.1 0.1 0.1\r\n1 0.2 0.1 0.1 0.1');
    assert.match(refused(yoloDuplicateWriter(yoloContext('a b\n', 0), { op: 'duplicate', annotation: 0, offset: [1, 1] })), /can copy/);
    assert.equal(yolo(SEG, { op: 'duplicate', annotation: 0, offset: [0, 48] }), SEG.replace('\n1', '\n0 0.100000 0.200000 0.500000 0.200000 0.500000 0.600000\n1'));
  });
});

/** A delete never leaves the other lines' text changed. */
function deleteCheck(writer: typeof yoloDeleteWriter): boolean {
  const text = 'a\n0 0.5 0.5 0.2 0.2\n\n1 0.1 0.1 0.1 0.1\n';
  const out = done(writer(yoloContext(text, 1), { op: 'delete', annotation: 1 }), text);
  assert.equal(out, 'a\n\n1 0.1 0.1 0.1 0.1\n');
  return true;
}
