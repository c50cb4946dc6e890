// The editor's COCO features on their pure side: hover, definition, references, completion of ids,
// the outline, and a quick fix for each fixable COCO code (the resulting text checked exactly).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cocoCompletions, cocoDefinition, cocoHover, cocoOutline, cocoReferences } from '../../src/language/coco';
import { DocumentIndex } from '../../src/language/documentIndex';
import { fixAll, fixesFor, type TextEdit } from '../../src/language/quickFixes';
import { encodeRleCounts } from '../../src/annotations/rle';
import { complete } from '../../src/language/completion';
import { ValueRegistry } from '../../src/language/values';
import type { FormatId } from '../../src/formats/formats';
import { validator } from './helpers';

const DOC = `{
  "images": [
    { "id": 1, "file_name": "street.jpg", "width": 640, "height": 480 },
    { "id": 2, "file_name": "night.jpg", "width": 100, "height": 50 }
  ],
  "annotations": [
    { "id": 10, "image_id": 1, "category_id": 2, "bbox": [100, 120, 80, 200], "area": 16000, "iscrowd": 0 },
    { "id": 11, "image_id": 1, "category_id": 1, "bbox": [300, 200, 100, 50], "area": 5000, "iscrowd": 0, "segmentation": [[300, 200, 400, 200, 400, 250, 300, 250]] },
    { "id": 12, "image_id": 2, "category_id": 1, "bbox": [10, 10, 40, 40], "area": 1600, "iscrowd": 0 }
  ],
  "categories": [
    { "id": 1, "name": "person", "supercategory": "human" },
    { "id": 2, "name": "car", "supercategory": "vehicle" }
  ]
}`;

const indexOf = (text: string) => new DocumentIndex(validator.analyze(text, 'auto'));
/** Offset of the n-th (0-based) occurrence of `needle`, plus `delta`. */
function at(text: string, needle: string, nth = 0, delta = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i !== -1, needle);
  return i + delta;
}
const apply = (text: string, edits: TextEdit[]) => [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

describe('COCO hover', () => {
  const index = indexOf(DOC);
  it('a category_id shows its name, an image_id its file and size; an entry id how often it is used', () => {
    const cat = cocoHover(index, at(DOC, '"category_id": 2', 0, 15))!;
    assert.equal(DOC.slice(cat.start, cat.end), '2');
    assert.match(cat.markdown, /\*\*Category 2\*\*: `car` \(vehicle\)/);
    assert.match(cat.markdown, /used by 1 annotation$/);
    const img = cocoHover(index, at(DOC, '"image_id": 2', 0, 12))!;
    assert.match(img.markdown, /\*\*Image 2\*\*: `night\.jpg`, 100×50/);
    const own = cocoHover(index, at(DOC, '{ "id": 1, "name"', 0, 8))!;
    assert.match(own.markdown, /Category 1.*person[\s\S]*used by 2 annotations/);
  });

  it('a bbox: its corners, size and share of its image; outside is said', () => {
    const h = cocoHover(index, at(DOC, '[100, 120, 80, 200]', 0, 3))!;
    assert.equal(DOC.slice(h.start, h.end), '[100, 120, 80, 200]');
    assert.match(h.markdown, /from \(100, 120\) to \(180, 320\)/);
    assert.match(h.markdown, /width 80, height 200, area 16000/);
    assert.match(h.markdown, /image `street\.jpg` 640×480: the box covers 5\.21% of it/);
    const text = DOC.replace('[10, 10, 40, 40]', '[90, 10, 40, 40]');
    assert.match(cocoHover(indexOf(text), at(text, '[90, 10', 0, 2))!.markdown, /night\.jpg` 100×50: the box reaches outside it/);
  });

  it('a segmentation: polygons with their area, RLE masks decoded', () => {
    const h = cocoHover(index, at(DOC, '[[300, 200', 0, 3))!;
    assert.match(h.markdown, /\*\*Polygon\*\* of 4 points, area 5000/);
    const rle = DOC.replace('"area": 1600, "iscrowd": 0 }', `"area": 3, "iscrowd": 1, "segmentation": {"size": [50, 100], "counts": ${JSON.stringify(encodeRleCounts([1, 3, 4996]))}} }`);
    const r = cocoHover(indexOf(rle), at(rle, '"counts": ', 0, 11))!;
    assert.match(r.markdown, /\*\*RLE mask\*\* \(compressed\), size \[height, width\] 50×100: 3 runs, 3 px foreground/);
  });
});

describe('COCO definition and references', () => {
  const index = indexOf(DOC);
  it('category_id goes to its category entry; image_id to its image', () => {
    const d = cocoDefinition(index, at(DOC, '"category_id": 2', 0, 15))!;
    assert.equal(DOC.slice(d.target.start, d.target.end), '{ "id": 2, "name": "car", "supercategory": "vehicle" }');
    assert.equal(DOC.slice(d.selection.start, d.selection.end), '2');
    const i = cocoDefinition(index, at(DOC, '"image_id": 2', 0, 12))!;
    assert.equal(DOC.slice(i.target.start, i.target.end), '{ "id": 2, "file_name": "night.jpg", "width": 100, "height": 50 }');
    assert.equal(cocoDefinition(index, at(DOC, '"bbox"', 0, 2)), undefined);
  });

  it('references from an entry id or any use: every annotation naming it, with the declaration when asked', () => {
    const fromDef = cocoReferences(index, at(DOC, '{ "id": 1, "name"', 0, 8), true)!;
    assert.deepEqual(fromDef.map((s) => s.start), [at(DOC, '{ "id": 1, "name"', 0, 8), at(DOC, '"category_id": 1', 0, 15), at(DOC, '"category_id": 1', 1, 15)]);
    const fromUse = cocoReferences(index, at(DOC, '"image_id": 1', 1, 12), false)!;
    assert.deepEqual(fromUse.map((s) => DOC.slice(s.start - 12, s.end)), ['"image_id": 1', '"image_id": 1']);
  });
});

describe('COCO completion', () => {
  it('category ids with their names at category_id; image ids with their files at image_id; supercategories in use', () => {
    const text = DOC.replace('"category_id": 1, "bbox": [10', '"category_id": , "bbox": [10');
    const index = indexOf(text);
    const c = cocoCompletions(index, at(text, '"category_id": ,', 0, 15));
    assert.deepEqual(c.map((s) => [s.label, s.detail, s.filterText]), [['1', 'person', '1 person'], ['2', 'car', '2 car']]);
    const typed = DOC.replace('"image_id": 2', '"image_id": 9');
    const onNumber = cocoCompletions(indexOf(typed), at(typed, '"image_id": 9', 0, 13));
    assert.deepEqual(onNumber.map((s) => [s.label, s.detail]), [['1', 'street.jpg 640×480'], ['2', 'night.jpg 100×50']]);
    assert.equal(typed.slice(onNumber[0].replace.start, onNumber[0].replace.end), '9');
    const sup = DOC.replace('"supercategory": "vehicle"', '"supercategory": ""');
    assert.deepEqual(cocoCompletions(indexOf(sup), at(sup, '"supercategory": ""', 0, 18)).map((s) => s.insertText), ['"human"']);
  });
});

describe('COCO key completion (from the schema)', () => {
  it('an annotation offers the keys it does not have yet', async () => {
    const text = DOC.replace('"area": 1600, "iscrowd": 0 }', '"area": 1600, "iscrowd": 0, "" }');
    const schemas = (f: FormatId) => validator.schemas.schema(f) as never;
    const items = await complete(indexOf(text), at(text, ', "" }', 0, 3), schemas, new ValueRegistry());
    const labels = items.map((s) => s.label);
    for (const key of ['segmentation', 'keypoints', 'num_keypoints', 'score']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
    for (const key of ['bbox', 'image_id', 'area']) assert.ok(!labels.includes(key), `${key} is there already`);
  });
});

describe('COCO outline', () => {
  it('images with their annotations by category, then the categories', () => {
    const o = cocoOutline(indexOf(DOC), 1000);
    const show = (s: { name: string; detail: string; children: { name: string; detail: string }[] }) => [s.name, s.detail, s.children.map((c) => `${c.name} (${c.detail})`)];
    assert.deepEqual(o.symbols.map(show), [
      ['street.jpg', 'id 1 · 2 annotations', ['person (id 11 · bbox · polygon)', 'car (id 10 · bbox)']],
      ['night.jpg', 'id 2 · 1 annotation', ['person (id 12 · bbox)']],
      ['categories', '2', ['person (id 1)', 'car (id 2)']],
    ]);
    assert.equal(o.omitted, 0);
    assert.equal(cocoOutline(indexOf(DOC), 3).omitted, 4);
  });
});

describe('COCO quick fixes', () => {
  const gt = (annotation: string, image = '{"id": 1, "file_name": "a.jpg", "width": 100, "height": 50}') => `{"images": [${image}], "annotations": [${annotation}], "categories": [{"id": 1, "name": "cat"}]}`;
  /** [title, text after] of every fix of the problems with this code. */
  function fixed(text: string, code: string): [string, string][] {
    const index = indexOf(text);
    const problem = index.analysis.problems.find((p) => p.code === code);
    assert.ok(problem, `${code} in ${JSON.stringify(index.analysis.problems.map((p) => p.code))}`);
    return fixesFor(index, problem).map((f) => [f.title, apply(text, f.edits)]);
  }

  it('coco-bbox-corners: [x1, y1, x2, y2] rewritten as [x, y, width, height]; coco-out-of-image: clamped', () => {
    const text = gt('{"id": 1, "image_id": 1, "category_id": 1, "bbox": [20, 10, 90, 40], "area": 2100}');
    assert.deepEqual(fixed(text, 'coco-bbox-corners'), [['Read as corners [x1, y1, x2, y2]: write [x, y, width, height] [20, 10, 70, 30]', text.replace('[20, 10, 90, 40]', '[20, 10, 70, 30]')]]);
    assert.deepEqual(fixed(text, 'coco-out-of-image'), [['Clamp the box to the 100×50 image: [20, 10, 80, 40]', text.replace('[20, 10, 90, 40]', '[20, 10, 80, 40]')]]);
  });

  it('coco-iscrowd-mismatch: polygons get iscrowd 0', () => {
    const text = gt('{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 1, "segmentation": [[0, 0, 10, 0, 10, 10, 0, 10]]}');
    assert.deepEqual(fixed(text, 'coco-iscrowd-mismatch'), [['Set iscrowd to 0 (a single object outlined by polygons)', text.replace('"iscrowd": 1', '"iscrowd": 0')]]);
  });

  it('coco-area-inconsistent recomputed (polygons, compressed mask, box); coco-area-missing added', () => {
    const poly = gt('{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 900, "segmentation": [[0, 0, 10, 0, 10, 10, 0, 10]]}');
    assert.deepEqual(fixed(poly, 'coco-area-inconsistent'), [['Set area to 100', poly.replace('"area": 900', '"area": 100')]]);
    const mask = gt(`{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 3], "area": 30, "iscrowd": 1, "segmentation": {"size": [50, 100], "counts": ${JSON.stringify(encodeRleCounts([0, 3, 4997]))}}}`);
    assert.deepEqual(fixed(mask, 'coco-area-inconsistent'), [['Set area to 3', mask.replace('"area": 30', '"area": 3')]]);
    const missing = gt('{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 4] }');
    assert.deepEqual(fixed(missing, 'coco-area-missing'), [['Add "area": 40', missing.replace('[0, 0, 10, 4] }', '[0, 0, 10, 4], "area": 40 }')]]);
    // safe: part of "fix all"
    const index = indexOf(missing);
    assert.equal(apply(missing, fixAll(index, index.analysis.problems)), missing.replace('[0, 0, 10, 4] }', '[0, 0, 10, 4], "area": 40 }'));
  });

  it('coco-num-keypoints recomputed', () => {
    const text = `{"images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 50}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "keypoints": [1, 1, 2, 0, 0, 0, 5, 5, 1], "num_keypoints": 3}], "categories": [{"id": 1, "name": "p", "keypoints": ["a", "b", "c"]}]}`;
    assert.deepEqual(fixed(text, 'coco-num-keypoints'), [['Set num_keypoints to 2 (the keypoints with v > 0)', text.replace('"num_keypoints": 3', '"num_keypoints": 2')]]);
  });

  it('coco-duplicate-id renumbered past the largest id; coco-id-not-integer rounded when free', () => {
    const a = (id: string) => `{"id": ${id}, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1}`;
    const dup = gt([a('4'), a('7'), a('4')].join(', '));
    assert.deepEqual(fixed(dup, 'coco-duplicate-id'), [['Change the id to 8', gt([a('4'), a('7'), a('8')].join(', '))]]);
    const frac = gt([a('2.4'), a('7')].join(', '));
    assert.deepEqual(fixed(frac, 'coco-id-not-integer'), [['Change the id to 2', gt([a('2'), a('7')].join(', '))]]);
    const img = gt(a('1'), '{"id": 1, "file_name": "a.jpg"}, {"id": 1, "file_name": "b.jpg"}');
    assert.match(fixed(img, 'coco-duplicate-id')[0][0], /Change the id to 2 \(annotations that meant this entry still say the old id\)/);
  });

  it('coco-rle-size set to [height, width] of its image', () => {
    const text = gt(`{"id": 1, "image_id": 1, "category_id": 1, "area": 3, "iscrowd": 1, "segmentation": {"size": [100, 50], "counts": [1, 3, 4996]}}`);
    assert.deepEqual(fixed(text, 'coco-rle-size'), [['Set size to [height, width] of the image: [50, 100]', text.replace('"size": [100, 50]', '"size": [50, 100]')]]);
  });
});
