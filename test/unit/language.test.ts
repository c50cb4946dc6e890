import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete } from '../../src/language/completion';
import { DocumentIndex } from '../../src/language/documentIndex';
import { locatePaths } from '../../src/core/jsonScan';
import { formatJson, formatJsonl } from '../../src/language/prettyPrint';
import { hover } from '../../src/language/hover';
import { fixAll, fixesFor } from '../../src/language/quickFixes';
import { outline } from '../../src/language/symbols';
import { ValueRegistry } from '../../src/language/values';
import type { FormatId } from '../../src/formats/formats';
import { validator } from './helpers';

const schemas = (f: FormatId) => validator.schemas.schema(f) as never;

function indexOf(text: string, format: FormatId) {
  return new DocumentIndex(validator.analyze(text, format));
}

/** Text with a | marking the cursor. */
function at(textWithCursor: string): [string, number] {
  const offset = textWithCursor.indexOf('|');
  return [textWithCursor.replace('|', ''), offset];
}

function apply(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('DocumentIndex', () => {
  it('finds ranges inside an entry from the entry alone, the same as a scan of the whole file', () => {
    const ann = JSON.stringify({ images: [{ image: 'a.jpg', annotations: [{ bbox: [1, 2, 3, 4], label: 'car' }] }, { image: 'b.jpg', annotations: [{ bbox: [5, 6, -7, 8], label: 'bus', extra: { x: [1, { y: 2 }] } }] }] }, null, 2);
    const coco = JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg', width: 9, height: 9 }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 2, 3, 4] }, { id: 2, image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] }], categories: [{ id: 1, name: 'car' }] });
    const cases: [string, FormatId, (string | number)[][]][] = [
      [ann, 'annotations', [['images', 1, 'annotations', 0, 'bbox', 2], ['images', 1, 'annotations', 0, 'extra', 'x', 1, 'y'], ['images', 0, 'image'], ['images', 1], ['images'], ['images', 1, 'missing'], ['images', 7, 'image']]],
      [coco, 'coco', [['annotations', 1, 'bbox'], ['images', 0, 'file_name'], ['categories', 0, 'name'], ['annotations', 0, 'id']]],
    ];
    for (const [text, format, paths] of cases) {
      const index = indexOf(text, format);
      const unit = index.analysis.units[0];
      const got = index.rangesOf(unit, paths);
      const whole = locatePaths(text, paths, unit.start);
      for (const p of paths) assert.deepEqual(got.get(p), whole.get(p), `${format} ${JSON.stringify(p)}`);
      assert.ok(got.get(paths[0]), 'the first path is found');
    }
  });

  it('finds the path at an offset through the segment of the annotation', () => {
    const text = JSON.stringify({ images: [{ image: 'a.jpg', annotations: [{ bbox: [1, 2, 3, 4], label: 'car' }, { line: [[0, 0], [1, 1]], label: 'lane' }] }] }, null, 2);
    const index = indexOf(text, 'annotations');
    const loc = index.locationAt(text.indexOf('"lane"') + 2);
    assert.deepEqual(loc.path, ['images', 0, 'annotations', 1, 'label']);
    assert.equal(loc.previousNode?.value, 'lane');
    assert.deepEqual(index.locationAt(text.indexOf('a.jpg')).path, ['images', 0, 'image']);
    assert.equal(index.levels()[2].length, 2);
  });

  it('works on broken text by scanning (JSONL: just the line)', () => {
    const [text, offset] = at('{"file": "a", "metadata": {}}\n{"dataset": "dataset://x", "metadata": {"|\n');
    const loc = indexOf(text, 'metadata-jsonl').locationAt(offset);
    assert.deepEqual(loc.path, ['metadata', '']);
    assert.equal(loc.isAtPropertyKey, true);
  });
});

describe('completion', () => {
  const registry = new ValueRegistry();
  registry.register({ values: (kind) => (kind === 'label' ? [{ value: 'car', detail: 'this file' }, { value: 'person' }] : kind === 'dataset-version' ? [{ value: 'dataset://images/v2' }] : []) });

  it('offers the reserved keys with their docs in a sidecar, not the ones already there', async () => {
    const [text, offset] = at('{\n  "valohai.tags": ["a"],\n  "|"\n}');
    const items = await complete(indexOf(text, 'sidecar'), offset, schemas, registry);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('valohai.alias') && labels.includes('valohai.dataset-versions'));
    assert.ok(!labels.includes('valohai.tags'));
    const alias = items.find((i) => i.label === 'valohai.alias')!;
    assert.equal(alias.insertText, '"valohai.alias": "$1"');
    assert.match(alias.documentation!, /alias/);
  });

  it('offers a dataset version object entry and known dataset versions', async () => {
    const [text, offset] = at('{"valohai.dataset-versions": [|]}');
    const items = await complete(indexOf(text, 'sidecar'), offset, schemas, registry);
    const object = items.find((i) => i.label === 'dataset version object')!;
    for (const key of ['uri', 'from', 'exclude', 'targeting_aliases', 'packaging']) assert.match(object.insertText, new RegExp(`"${key}"`));
    assert.ok(items.some((i) => i.insertText === '"dataset://images/v2"'));
  });

  it('offers annotation skeletons per type, using labels already in use', async () => {
    const [text, offset] = at('{"images": [{"image": "a.jpg", "annotations": [|]}]}');
    const items = await complete(indexOf(text, 'annotations'), offset, schemas, registry);
    assert.deepEqual(items.filter((i) => i.kind === 'snippet').map((i) => i.label), ['rectangle annotation', 'polygon annotation', 'line annotation']);
    assert.match(items[0].insertText, /"bbox": \[\$\{1:x\}/);
    assert.match(items[0].insertText, /\$\{5\|car,person\|\}/);
  });

  it('offers label values and type values, replacing the string being typed', async () => {
    const [text, offset] = at('{"images": [{"image": "a.jpg", "annotations": [{"bbox": [1, 2, 3, 4], "label": "c|"}]}]}');
    const items = await complete(indexOf(text, 'annotations'), offset, schemas, registry);
    const car = items.find((i) => i.label === 'car')!;
    assert.equal(car.insertText, '"car"');
    assert.equal(text.slice(car.replace.start, car.replace.end), '"c"');
    const [t2, o2] = at('{"images": [{"image": "a.jpg", "annotations": [{"type": |, "bbox": [1, 2, 3, 4], "label": "x"}]}]}');
    const types = (await complete(indexOf(t2, 'annotations'), o2, schemas, registry)).map((i) => i.label);
    assert.deepEqual(types, ['"rectangle"', '"polygon"', '"line"', '"points"']);
  });

  it('completes keys inside a JSONL line, and sidecar keys in a file line\'s metadata', async () => {
    const [text, offset] = at('{"|"}');
    const keys = (await complete(indexOf(text, 'metadata-jsonl'), offset, schemas, registry)).map((i) => i.label);
    assert.deepEqual(keys.sort(), ['dataset', 'dataset-version', 'file', 'metadata']);
    const [t2, o2] = at('{"file": "a.txt", "metadata": {"|"}}');
    const inner = (await complete(indexOf(t2, 'metadata-jsonl'), o2, schemas, registry)).map((i) => i.label);
    assert.ok(inner.includes('valohai.tags'));
  });
});

describe('hover', () => {
  const ctx = { schemas, values: new ValueRegistry(), imageSize: async () => ({ width: 640, height: 480 }) };

  it('explains a key from the schema', async () => {
    const text = '{"valohai.alias": "x"}';
    const h = await hover(indexOf(text, 'sidecar'), 3, ctx);
    assert.match(h!.markdown, /\*\*Datum alias\*\*/);
    assert.equal(text.slice(h!.start, h!.end), '"valohai.alias"');
  });

  it('measures a bbox and names the image size', async () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"bbox": [10, 20, 30, 40], "label": "x"}]}]}';
    const h = await hover(indexOf(text, 'annotations'), text.indexOf('30'), ctx);
    assert.match(h!.markdown, /from \(10, 20\) to \(40, 60\)/);
    assert.match(h!.markdown, /width 30, height 40, area 1200/);
    assert.match(h!.markdown, /640×480/);
    assert.equal(text.slice(h!.start, h!.end), '[10, 20, 30, 40]');
  });

  it('describes a polygon: points, area, closed, self-intersecting', async () => {
    const bowtie = '{"images": [{"image": "a.jpg", "annotations": [{"polygon": [[0, 0], [10, 10], [10, 0], [0, 10]], "label": "x"}]}]}';
    const h = await hover(indexOf(bowtie, 'annotations'), bowtie.indexOf('[10, 10]') + 1, ctx);
    assert.match(h!.markdown, /Polygon\*\* of 4 points/);
    assert.match(h!.markdown, /\*\*self-intersecting\*\*/);
    assert.match(h!.markdown, /open: closes/);
  });

  it('says what a dataset URI points at', async () => {
    const text = '{"valohai.dataset-versions": ["dataset://images/v2"]}';
    const h = await hover(indexOf(text, 'sidecar'), text.indexOf('images/v2'), { ...ctx, uriUsage: () => 3 });
    assert.match(h!.markdown, /Dataset version\*\* `v2` of dataset `images`/);
    assert.match(h!.markdown, /mentioned in 3 files/);
  });
});

describe('quick fixes', () => {
  function fix(text: string, format: FormatId, code: string, ctx = {}) {
    const index = indexOf(text, format);
    const problems = [...index.analysis.problems];
    const p = problems.find((x) => x.code === code);
    assert.ok(p, `no ${code} in ${JSON.stringify(problems.map((x) => x.code))}`);
    return fixesFor(index, p, ctx).map((f) => [f.title, apply(text, f.edits)]);
  }

  it('tags string -> list, alias list -> first string, unknown key -> suggestion', () => {
    assert.deepEqual(fix('{"valohai.tags": "prod"}', 'sidecar', 'tags-not-list'), [['Make it a list: ["prod"]', '{"valohai.tags": ["prod"]}']]);
    assert.deepEqual(fix('{"valohai.alias": ["a", "b"]}', 'sidecar', 'alias-not-string'), [['Use its first alias: "a"', '{"valohai.alias": "a"}']]);
    assert.deepEqual(fix('{"valohai.tagz": []}', 'sidecar', 'unknown-reserved-key'), [['Rename to "valohai.tags"', '{"valohai.tags": []}']]);
  });

  it('negative bbox -> normalized; type mismatch -> type; percentage -> fraction; repeated point -> dropped', () => {
    const doc = (a: object) => JSON.stringify({ images: [{ image: 'a.jpg', annotations: [a] }] });
    assert.equal(fix(doc({ bbox: [100, 50, -30, 20], label: 'x' }), 'annotations', 'bbox-negative-size')[0][1], doc({ bbox: [70, 50, 30, 20], label: 'x' }).replace('[70,50,30,20]', '[70, 50, 30, 20]'));
    assert.equal(fix(doc({ type: 'polygon', bbox: [1, 2, 3, 4], label: 'x' }), 'annotations', 'type-mismatch')[0][1], doc({ type: 'rectangle', bbox: [1, 2, 3, 4], label: 'x' }));
    assert.equal(fix(doc({ bbox: [1, 2, 3, 4], label: 'x', confidence: 87 }), 'annotations', 'confidence-out-of-range')[0][1], doc({ bbox: [1, 2, 3, 4], label: 'x', confidence: 0.87 }));
    assert.equal(
      fix(doc({ polygon: [[0, 0], [5, 0], [5, 5], [0, 0]], label: 'x' }), 'annotations', 'polygon-repeats-first-point')[0][1],
      doc({ polygon: [[0, 0], [5, 0], [5, 5]], label: 'x' }),
    );
  });

  it('bbox outside the image -> clamp, and a corners reading when the numbers fit it', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": [{"bbox": [100, 50, 300, 200], "label": "x"}]}]}';
    const index = indexOf(text, 'annotations');
    const problem = { start: text.indexOf('[100'), end: text.indexOf(']') + 1, severity: 'warning' as const, code: 'out-of-image' as const, message: 'Box reaches outside the 320×240 image', path: ['images', 0, 'annotations', 0, 'bbox'] };
    const fixes = fixesFor(index, problem, { imageSize: { width: 320, height: 240 } });
    assert.deepEqual(fixes.map((f) => [f.title, apply(text, f.edits).match(/"bbox": (\[[^\]]*\])/)![1]]), [
      ['Clamp the box to the image: [100, 50, 220, 190]', '[100, 50, 220, 190]'],
      ['Read bbox as corners (x1, y1, x2, y2): [100, 50, 200, 150]', '[100, 50, 200, 150]'],
    ]);
  });

  it('fix all applies every safe fix once', () => {
    const text = '{"valohai.tags": "a", "valohai.alias": ["b"], "valohai.tagz": 1}';
    const index = indexOf(text, 'sidecar');
    assert.equal(apply(text, fixAll(index, index.analysis.problems)), '{"valohai.tags": ["a"], "valohai.alias": "b", "valohai.tags": 1}');
  });
});

describe('outline', () => {
  it('images -> annotations with label and type, capped with a count of what was left out', () => {
    const text = JSON.stringify({ images: [{ image: 'a.jpg', annotations: [{ bbox: [1, 2, 3, 4], label: 'car', confidence: 0.9 }, { type: 'line', line: [[0, 0], [1, 1]], label: 'lane' }] }, { image: 'b.jpg', annotations: [] }] });
    const index = indexOf(text, 'annotations');
    const full = outline(index, 100);
    assert.deepEqual(full.symbols.map((s) => [s.name, s.detail, s.children.map((c) => `${c.name} ${c.detail}`)]), [
      ['a.jpg', '2 shapes', ['car rectangle 0.9', 'lane line']],
      ['b.jpg', '0 shapes', []],
    ]);
    const capped = outline(index, 2);
    assert.equal(capped.omitted, 2);
  });

  it('JSONL lines by kind and target', () => {
    const index = indexOf('{"file": "a.txt", "metadata": {}}\n\n{"dataset": "dataset://d", "metadata": {}}', 'metadata-jsonl');
    assert.deepEqual(outline(index, 10).symbols.map((s) => [s.name, s.detail]), [['a.txt', 'file'], ['dataset://d', 'dataset']]);
  });
});

describe('formatting', () => {
  const options = { tabSize: 2, insertSpaces: true, eol: '\n' as const, width: 100 };

  it('keeps bboxes and points on one line and objects one key per line', () => {
    const text = '{"images":[{"image":"a.jpg","annotations":[{"bbox":[1,2.50,3,4e2],"polygon":[[1,2],[3,4]],"label":"x"}]}]}';
    assert.equal(
      formatJson(text, options),
      '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        {\n          "bbox": [1, 2.50, 3, 4e2],\n          "polygon": [[1, 2], [3, 4]],\n          "label": "x"\n        }\n      ]\n    }\n  ]\n}',
    );
  });

  it('breaks long point lists, respects tabs, keeps duplicate keys, refuses broken JSON', () => {
    const points = Array.from({ length: 30 }, (_, i) => [i * 100, i * 100]);
    const long = formatJson(JSON.stringify({ polygon: points }), { ...options, insertSpaces: false })!;
    assert.match(long, /^\{\n\t"polygon": \[\n\t\t\[0, 0\],\n\t\t\[100, 100\],/);
    assert.equal(formatJson('{"a":1,"a":2}', options), '{\n  "a": 1,\n  "a": 2\n}');
    assert.equal(formatJson('{"a":1,}', options), undefined);
  });

  it('JSONL: one compact object per line, blank lines kept', () => {
    assert.equal(formatJsonl('{ "file":"a",\t"metadata":{"k":[1,2]} }\r\n\r\n{"dataset":"dataset://d","metadata":{}}', '\r\n'), '{"file": "a", "metadata": {"k": [1, 2]}}\r\n\r\n{"dataset": "dataset://d", "metadata": {}}');
    assert.equal(formatJsonl('{"a": }', '\n'), undefined);
  });
});
