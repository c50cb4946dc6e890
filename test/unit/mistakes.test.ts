// The families of real mistakes (issue 9): each is caught with one clear diagnostic, and what real
// tools write is not taken for one.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { nodeFileAccess } from '../../src/core/files';
import { DocumentIndex } from '../../src/language/documentIndex';
import { fixAll, fixesFor } from '../../src/language/quickFixes';
import type { FormatId } from '../../src/formats/formats';
import { detectWideEncoding } from '../../src/validation/parseErrors';
import { check, codes, noWorkspace, pngHeader, jpegHeader, tempDir, toFound, validator } from './helpers';

function apply(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The fixes offered for the first problem with this code: [title, text after the fix]. */
function fixes(text: string, format: FormatId, code: string): [string, string][] {
  const index = new DocumentIndex(validator.analyze(text, format));
  const p = index.analysis.problems.find((x) => x.code === code);
  assert.ok(p, `no ${code} in ${JSON.stringify(index.analysis.problems.map((x) => x.code))}`);
  return fixesFor(index, p).map((f) => [f.title, apply(text, f.edits)]);
}

async function onDisk(dir: string, name: string, text: string, format: FormatId | 'auto' = 'auto') {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const analysis = await validator.validate(text, format, { filePath: file, files: noWorkspace(), imageRoots: [], workspaceRoots: [dir] });
  return toFound(text, analysis.problems);
}

const annotations = (...shapes: object[]) => JSON.stringify({ images: [{ image: 'a.jpg', annotations: shapes }] });

describe('dataset-version objects as Valohai writes them', () => {
  it('"from": null (a first version), valohai.tags, metadata and associated_project_ids are accepted', () => {
    const text = JSON.stringify({
      'valohai.dataset-versions': [
        { uri: 'dataset://fresh/v1', from: null, exclude: [] },
        { uri: 'dataset://viggo/v2', targeting_aliases: ['dev'], 'valohai.tags': ['dev', 'mistral'] },
        { uri: 'dataset://med/b1', metadata: { total_files_processed: 2 } },
        { uri: 'dataset://p/v1', associated_project_ids: ['01942b47-f0d8-0021-c074-87370badadee'] },
      ],
    });
    assert.deepEqual(codes(text, 'sidecar'), []);
  });

  it('other unknown keys are a warning with a did-you-mean, and a rename fix', () => {
    const text = '{"valohai.dataset-versions": [{"uri": "dataset://d/v", "form": "dataset://d/v0", "colour": 1}]}';
    const found = check(text, 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [
      ['unknown-key', 'warning', '"form"'],
      ['unknown-key', 'warning', '"colour"'],
    ]);
    assert.match(found[0].message, /Did you mean `from`\?/);
    assert.deepEqual(fixes(text, 'sidecar', 'unknown-key')[0], ['Rename to "from"', text.replace('"form"', '"from"')]);
  });

  it('a wrong `from` is still an error', () => {
    assert.deepEqual(codes('{"valohai.dataset-versions": [{"uri": "dataset://d/v", "from": "d/v0"}]}', 'sidecar'), ['invalid-dataset-uri']);
    assert.deepEqual(codes('{"valohai.dataset-versions": [{"uri": "dataset://d/v", "from": 3}]}', 'sidecar'), ['wrong-type']);
  });
});

describe('annotation shapes the LayerNext SDK takes', () => {
  it('`points`, and "type": "points", are shapes', () => {
    assert.deepEqual(codes(annotations({ type: 'points', points: [[1, 2], [3, 4]], label: 'kp' }), 'annotations'), []);
    assert.deepEqual(codes(annotations({ type: 'polygon', points: [[1, 2], [3, 4], [5, 1]], label: 'p' }), 'annotations'), []);
    assert.deepEqual(codes(annotations({ points: [[1, 2]], label: 'p' }), 'annotations'), []);
    assert.deepEqual(codes(annotations({ type: 'points', label: 'p' }), 'annotations'), ['missing-geometry']);
    assert.deepEqual(codes(annotations({ type: 'circle', bbox: [1, 2, 3, 4], label: 'p' }), 'annotations'), ['unknown-shape-type']);
  });
});

describe('mixed coordinate systems', () => {
  it('a normalized box in a file of pixel boxes: one warning, on that box', () => {
    const text = annotations({ bbox: [10, 20, 100, 50], label: 'a' }, { bbox: [30, 40, 60, 70], label: 'a' }, { bbox: [0.1, 0.2, 0.3, 0.25], label: 'b' });
    const found = check(text, 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['mixed-coordinates', 'warning', '[0.1,0.2,0.3,0.25]']]);
    assert.match(found[0].message, /normalized \[0, 1\] coordinates, but the other 2 shapes of this file are in pixels/);
  });

  it('a pixel polygon in a normalized file (the reverse), and nothing when a file keeps to one system', () => {
    const text = annotations({ bbox: [0.1, 0.2, 0.3, 0.25], label: 'a' }, { polygon: [[0.5, 0.5], [0.6, 0.5], [0.55, 0.7]], label: 'a' }, { polygon: [[120, 40], [300, 40], [200, 90]], label: 'b' });
    const found = check(text, 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['mixed-coordinates', '[[120,40],[300,40],[200,90]]']]);
    assert.match(found[0].message, /in pixels \(120 is more than 1\), but the other 2 shapes of this file are normalized/);
    assert.deepEqual(codes(annotations({ bbox: [0.1, 0.2, 0.3, 0.25], label: 'a' }, { bbox: [0, 0, 1, 1], label: 'a' }), 'annotations'), []);
    assert.deepEqual(codes(annotations({ bbox: [10, 20, 100, 50], label: 'a' }, { bbox: [0, 0, 1, 1], label: 'a' }), 'annotations'), []);
  });

  it('the pixel box of a normalized file is not also reported out of [0, 1]', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.jpg'), jpegHeader(640, 480));
    const text = annotations({ bbox: [0.1, 0.2, 0.3, 0.25], label: 'a' }, { bbox: [0.5, 0.5, 0.2, 0.2], label: 'a' }, { bbox: [100, 100, 50, 50], label: 'b' });
    assert.deepEqual((await onDisk(dir, 'ann.json', text)).map((f) => f.code), ['mixed-coordinates']);
  });
});

describe('labels and images MetaLake will not take', () => {
  it('an empty label, or one of spaces: one error', () => {
    for (const label of ['', '   ']) {
      const found = check(annotations({ bbox: [1, 2, 3, 4], label }), 'annotations');
      assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['empty-label', 'error', JSON.stringify(label)]]);
    }
  });

  it('image types other than jpeg, jpg and png', () => {
    const doc = (image: string) => JSON.stringify({ images: [{ image, annotations: [{ bbox: [1, 2, 3, 4], label: 'x' }] }] });
    assert.deepEqual(codes(doc('frame.bmp'), 'annotations'), ['unsupported-image-type']);
    assert.deepEqual(codes(doc('scan.TIFF'), 'annotations'), ['unsupported-image-type']);
    assert.match(check(doc('x.webp'), 'annotations')[0].message, /MetaLake takes jpeg, jpg and png images; a "\.webp" file will not upload/);
    for (const ok of ['a.jpg', 'b.JPEG', 'c.png', 'collection-name_image', '/bucket/d.Png']) assert.deepEqual(codes(doc(ok), 'annotations'), [], ok);
  });

  it('an image whose content does not match its extension', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.jpg'), pngHeader(640, 480));
    fs.writeFileSync(path.join(dir, 'b.png'), jpegHeader(640, 480));
    fs.writeFileSync(path.join(dir, 'c.png'), pngHeader(640, 480));
    const text = JSON.stringify({ images: ['a.jpg', 'b.png', 'c.png'].map((image) => ({ image, annotations: [{ bbox: [1, 2, 3, 4], label: 'x' }] })) });
    const found = await onDisk(dir, 'ann.json', text);
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['image-type-mismatch', '"a.jpg"'], ['image-type-mismatch', '"b.png"']]);
    assert.match(found[0].message, /"a\.jpg" holds PNG data, not JPEG as its extension says.*Rename it to \.png/);
  });
});

describe('storage paths', () => {
  it('an absolute path not on disk is a path in the bucket (information); plainly local paths keep the warning', async () => {
    const dir = tempDir();
    const doc = (...images: string[]) => JSON.stringify({ images: images.map((image) => ({ image, annotations: [{ bbox: [1, 2, 3, 4], label: 'x' }] })) }, null, 1);
    const found = await onDisk(dir, 'ann.json', doc('/folder/subfolder/a.jpg', 'C:\\data\\b.jpg', '/home/me/c.jpg', path.join(dir, 'images', 'd.jpg'), 'e.jpg'));
    assert.deepEqual(found.map((f) => [f.code, f.severity]), [
      ['image-in-storage', 'information'],
      ['image-not-found', 'warning'],
      ['image-not-found', 'warning'],
      ['image-not-found', 'warning'],
      ['image-not-found', 'warning'],
    ]);
    assert.match(found[0].message, /not on this disk: read as a path in the storage bucket/);
    const urls = await onDisk(dir, 'urls.json', doc('s3://bucket/frames/a.jpg', 'https://example.com/b.png', 'file:///nowhere/c.jpg'));
    assert.deepEqual(urls.map((f) => [f.code, f.severity]), [['image-in-storage', 'information'], ['image-in-storage', 'information'], ['image-not-found', 'warning']]);
    assert.match(urls[0].message, /is a storage URL, not a file on this disk/);
  });
});

describe('JSONL lines', () => {
  it('a blank line (or a run of them) is one error, with a fix that removes it', () => {
    const a = '{"file": "a.txt", "metadata": {}}';
    const text = [a, '', '  ', a, '', a, ''].join('\n');
    const found = check(text, 'metadata-jsonl');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.at]), [['jsonl-blank-line', 'error', '2:1'], ['jsonl-blank-line', 'error', '5:1']]);
    assert.match(found[0].message, /^Lines 2–3 are blank: .*valohai-utils fails reading the file back/);
    assert.match(found[1].message, /^Line 5 is blank/);
    assert.deepEqual(fixes(text, 'metadata-jsonl', 'jsonl-blank-line'), [['Remove the blank lines', [a, a, '', a, ''].join('\n')]]);
    const index = new DocumentIndex(validator.analyze(text, 'metadata-jsonl'));
    assert.equal(apply(text, fixAll(index, index.analysis.problems)), [a, a, a, ''].join('\n'));
    // CRLF, and blank lines at the end
    const crlf = `${a}\r\n\r\n${a}\r\n\r\n`;
    assert.deepEqual(check(crlf, 'metadata-jsonl').map((f) => [f.code, f.at]), [['jsonl-blank-line', '2:1'], ['jsonl-blank-line', '4:1']]);
  });

  it('one object pretty-printed over several lines: one error naming the span, a fix to one line, and its content checked', () => {
    const pretty = JSON.stringify({ file: 'model.h5', metadata: { 'valohai.alias': ['prod'], epochs: 1.0 } }, null, 2);
    const text = `{"file": "a.txt", "metadata": {}}\n${pretty}\n{"file": "b.txt", "metadata": {}}\n`;
    const found = check(text, 'metadata-jsonl');
    assert.deepEqual(found.map((f) => [f.code, f.at]), [['jsonl-multiline-object', '2:1'], ['alias-not-string', '5:22']]);
    assert.match(found[0].message, /^Lines 2–10 hold one JSON object written over 9 lines/);
    assert.deepEqual(fixes(text, 'metadata-jsonl', 'jsonl-multiline-object'), [
      ['Put the object on one line', `{"file": "a.txt", "metadata": {}}\n{"file": "model.h5", "metadata": {"valohai.alias": ["prod"], "epochs": 1}}\n{"file": "b.txt", "metadata": {}}\n`],
    ]);
    // Tokens are kept as written: 1.0 stays 1.0, escapes stay.
    const written = '{\n  "file": "x\\u00e9.txt",\n  "metadata": {"loss": 1.0}\n}\n';
    assert.equal(fixes(written, 'metadata-jsonl', 'jsonl-multiline-object')[0][1], '{"file": "x\\u00e9.txt", "metadata": {"loss": 1.0}}\n');
  });

  it('a pretty-printed object with a syntax error: the span and the error, not an error per line', () => {
    const text = '{\n  "file": "a.txt",\n  "metadata": {"loss": NaN}\n}\n';
    const found = check(text, 'metadata-jsonl');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['jsonl-multiline-object', text.trimEnd()], ['invalid-json', 'NaN']]);
  });

  it('the whole list as one JSON array, on one line or pretty-printed: one error, a fix to one object per line', () => {
    const items = [{ file: 'a.txt', metadata: { x: 1 } }, { file: 'b.txt', metadata: {} }];
    for (const text of [JSON.stringify(items) + '\n', JSON.stringify(items, null, 2) + '\n']) {
      const found = check(text, 'metadata-jsonl');
      assert.deepEqual(found.map((f) => f.code), ['jsonl-array']);
      assert.match(found[0].message, /^The whole list is one JSON array \(2 items\)/);
      assert.deepEqual(fixes(text, 'metadata-jsonl', 'jsonl-array'), [['Write one object per line', '{"file": "a.txt", "metadata": {"x": 1}}\n{"file": "b.txt", "metadata": {}}\n']]);
    }
  });

  it('many information notes of one kind are summarised', async () => {
    const dir = tempDir();
    const text = Array.from({ length: 1000 }, (_, i) => `{"file": "part-${i}.csv", "metadata": {}}`).join('\n') + '\n';
    const found = await onDisk(dir, 'valohai.metadata.jsonl', text, 'metadata-jsonl');
    assert.deepEqual(found.map((f) => [f.code, f.at]), [1, 2, 3, 4, 5, 6].map((n) => ['jsonl-file-missing', `${n}:10`]));
    assert.match(found[5].message, /^995 more `file` lines name files that are not beside this valohai\.metadata\.jsonl, from here on \(1,000 in all; the first 5 are marked one by one\)\./);
    // Up to 20 are each shown.
    const few = Array.from({ length: 20 }, (_, i) => `{"file": "p${i}.csv", "metadata": {}}`).join('\n');
    assert.equal((await onDisk(dir, 'few/valohai.metadata.jsonl', few, 'metadata-jsonl')).length, 20);
  });
});

describe('per-file metadata', () => {
  it('`tags` where MetaLake reads `Tags`: a hint with a rename fix', () => {
    const text = '{"files": [{"file": "a.jpg", "metadata": {"tags": ["night"], "field1": "x"}}]}';
    const found = check(text, 'file-metadata');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['tags-key-case', 'hint', '"tags"']]);
    assert.deepEqual(fixes(text, 'file-metadata', 'tags-key-case'), [['Rename to "Tags"', text.replace('"tags"', '"Tags"')]]);
    assert.deepEqual(codes('{"files": [{"file": "a.jpg", "metadata": {"Tags": ["night"]}}]}', 'file-metadata'), []);
  });
});

describe('sidecars that attach to nothing useful', () => {
  it('a sidecar for a folder: a warning', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'images'));
    const found = await onDisk(dir, 'images.metadata.json', '{"valohai.tags": ["a"]}', 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.severity]), [['sidecar-for-folder', 'warning']]);
    assert.match(found[0].message, /"images" is a folder/);
  });

  it('a sidecar whose name drops the data file\'s extension: a warning naming the file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.h5'), '');
    const found = await onDisk(dir, 'model.metadata.json', '{}', 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.severity]), [['sidecar-name-drops-extension', 'warning']]);
    assert.match(found[0].message, /No file "model" here, but "model\.h5" is: .*name it "model\.h5\.metadata\.json"/);
    const analysis = await validator.validate('{}', 'sidecar', { filePath: path.join(dir, 'model.metadata.json'), files: nodeFileAccess(async () => []), imageRoots: [] });
    assert.deepEqual(analysis.problems[0].data?.candidates, ['model.h5']);
    // model.h5 with its own sidecar: model.metadata.json is only an orphan.
    fs.writeFileSync(path.join(dir, 'model.h5.metadata.json'), '{}');
    assert.deepEqual((await onDisk(dir, 'model.metadata.json', '{}', 'sidecar')).map((f) => f.code), ['sidecar-data-missing']);
  });

  it("Angular's compiler output named *.metadata.json is not ours", () => {
    const analysis = validator.analyze('{"__symbolic":"module","version":3,"metadata":{"valohai.x":1}}', 'sidecar');
    assert.equal(analysis.format, undefined);
    assert.deepEqual(analysis.problems, []);
    assert.equal(validator.analyze('[{"__symbolic":"module","version":1,"metadata":{}}]', 'sidecar').format, undefined);
    assert.equal(validator.analyze('{"version": 3, "metadata": {}}', 'sidecar').format, 'sidecar');
  });
});

describe('parse errors that say what is wrong', () => {
  const message = (text: string, format: FormatId = 'sidecar') => {
    const found = check(text, format);
    assert.equal(found.length, 1, JSON.stringify(found));
    return [found[0].text, found[0].message];
  };

  it('NaN, Infinity and -Infinity: what wrote them and what to write', () => {
    assert.deepEqual(message('{"loss": NaN}'), ['NaN', "NaN is not JSON: Python's json.dump writes it for float('nan'); write null or a number."]);
    assert.deepEqual(message('{"a": Infinity}')[0], 'Infinity');
    assert.match(message('{"a": Infinity}')[1], /^Infinity is not JSON: Python's json\.dump writes it for float\('inf'\)/);
    assert.deepEqual(message('{"a": -Infinity}')[0], '-Infinity');
    assert.match(message('{"a": -Infinity}')[1], /float\('-inf'\)/);
    assert.match(message('{"a": NaN, "b": NaN, "c": "NaN"}')[1], /\(1 more like this in this file\.\)$/);
  });

  it("Python's True, False and None; single quotes; undefined", () => {
    assert.deepEqual(message('{"a": True}'), ['True', 'True is Python, not JSON: write true. (str() or print() of a dict writes Python; json.dump writes JSON.)']);
    assert.match(message('{"a": False}')[1], /^False is Python, not JSON: write false/);
    assert.match(message('{"a": None}')[1], /^None is Python, not JSON: write null/);
    assert.deepEqual(message("{'a': 1}")[0], "'a'");
    assert.match(message("{'a': 1}")[1], /^Single quotes are not JSON: keys and strings take double quotes/);
    assert.match(message('{"a": undefined}')[1], /^undefined is not JSON/);
  });

  it('// and /* */ comments are named as such', () => {
    assert.deepEqual(message('{"a": 1 // the answer\n}'), ['// the answer', '// comments are not allowed in JSON: remove the comment (or keep the note in a property).']);
    assert.deepEqual(message('{"a": /* x */ 1}')[0], '/* x */');
    assert.match(message('{"a": /* x */ 1}')[1], /^\/\* \*\/ comments are not allowed in JSON/);
  });

  it('# comments, and two values on one line (json.dump twice without a line break)', () => {
    assert.deepEqual(message('{"a": 1, # note\n"b": 2}')[0], '# note');
    assert.match(message('{"a": 1, # note\n"b": 2}')[1], /^# comments are not allowed in JSON \(that is Python or YAML\)/);
    const line = '{"file": "a.txt", "metadata": {}}{"file": "b.txt", "metadata": {}}\n';
    const found = check(line, 'metadata-jsonl');
    assert.deepEqual(found.map((f) => [f.code, f.at]), [['invalid-json', '1:34']]);
    assert.match(found[0].message, /^A second JSON value starts here, on the same line/);
    const index = new DocumentIndex(validator.analyze(line, 'metadata-jsonl'));
    const fixed = apply(line, fixAll(index, index.analysis.problems));
    assert.equal(fixed, '{"file": "a.txt", "metadata": {}}\n{"file": "b.txt", "metadata": {}}\n');
    assert.deepEqual(codes(fixed, 'metadata-jsonl'), []);
    assert.match(message('{"a": 1}\n{"b": 2}')[1], /^A second JSON value starts here: this file holds one JSON value/);
  });

  it('in JSONL lines too, and the fixes: True -> true, quotes -> double quotes, NaN -> null (not in fix-all)', () => {
    const text = "{\"file\": \"a\", \"metadata\": {\"ok\": True}}\n{'file': 'b', \"metadata\": {}}\n{\"file\": \"c\", \"metadata\": {\"x\": NaN}}\n";
    const found = check(text, 'metadata-jsonl');
    assert.deepEqual(found.map((f) => [f.at, f.text]), [['1:34', 'True'], ['2:2', "'file'"], ['3:33', 'NaN']]);
    assert.deepEqual(fixes(text, 'metadata-jsonl', 'invalid-json')[0][0], 'Replace True with true');
    const index = new DocumentIndex(validator.analyze(text, 'metadata-jsonl'));
    const all = apply(text, fixAll(index, index.analysis.problems));
    assert.equal(all, "{\"file\": \"a\", \"metadata\": {\"ok\": true}}\n{\"file\": 'b', \"metadata\": {}}\n{\"file\": \"c\", \"metadata\": {\"x\": NaN}}\n");
    const nan = fixesFor(index, index.analysis.problems[2]);
    assert.deepEqual(nan.map((f) => [f.title, f.safe]), [['Replace NaN with null', false]]);
  });

  it('a UTF-16 file the editor decoded (byte order mark on disk, clean text) is still named', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'model.h5.metadata.json');
    const json = '{"valohai.tags": ["a"]}';
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'model.h5'), '');
    const analysis = await validator.validate(json, 'sidecar', { filePath: file, files: noWorkspace(), imageRoots: [] });
    assert.deepEqual(analysis.problems.map((p) => [p.code, p.severity]), [['wrong-encoding', 'error']]);
    // Read as the CLI reads it (UTF-8): named once, not twice.
    const raw = fs.readFileSync(file, 'utf8');
    assert.deepEqual((await validator.validate(raw, 'sidecar', { filePath: file, files: noWorkspace(), imageRoots: [] })).problems.map((p) => p.code), ['wrong-encoding']);
  });

  it('UTF-16 and UTF-32 files are an encoding problem with the fix, not binary data', () => {
    const json = '{"valohai.tags": ["a"]}';
    const cases: [Buffer, string][] = [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]), 'UTF-16LE'],
      [Buffer.from(json, 'utf16le'), 'UTF-16LE'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()]), 'UTF-16BE'],
      [Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from([...json].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]))]), 'UTF-32LE'],
      [Buffer.from([...json].flatMap((c) => [0, 0, 0, c.charCodeAt(0)])), 'UTF-32BE'],
    ];
    for (const [bytes, encoding] of cases) {
      const text = bytes.toString('utf8');
      assert.equal(detectWideEncoding(text), encoding);
      const found = check(text, 'sidecar');
      assert.deepEqual(found.map((f) => [f.code, f.severity]), [['wrong-encoding', 'error']], encoding);
      assert.match(found[0].message, /not UTF-8/);
      assert.match(found[0].message, /Save it as UTF-8/);
    }
    assert.match(check(cases[0][0].toString('utf8'), 'sidecar')[0].message, /^This file is UTF-16 little-endian, not UTF-8: .*Windows PowerShell 5/);
    // An annotation file is recognized through the wrong decoding; other JSON is left alone.
    const ann = Buffer.from(annotations({ bbox: [1, 2, 3, 4], label: 'x' }), 'utf16le').toString('utf8');
    assert.deepEqual(codes(ann, 'auto'), ['wrong-encoding']);
    assert.deepEqual(codes(Buffer.from('{"name": "x"}', 'utf16le').toString('utf8'), 'auto'), []);
    // Plain UTF-8 and real binary data are not taken for it.
    assert.equal(detectWideEncoding(json), undefined);
    assert.deepEqual(codes('\u0000\u0001\u0002binary', 'sidecar'), ['binary-content']);
  });
});

describe('one mistake, one diagnostic', () => {
  it('a flat polygon is one error (not one per number), with a fix to [[x, y], ...]', () => {
    const text = annotations({ polygon: [10, 20, 30, 40, 50, 60], label: 'x' });
    const found = check(text, 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['flat-points', 'error', '[10,20,30,40,50,60]']]);
    assert.match(found[0].message, /flat list of numbers \[x1, y1, x2, y2, \.\.\.\]; MetaLake wants a list of points/);
    assert.deepEqual(fixes(text, 'annotations', 'flat-points'), [['Pair the numbers into points: [[10, 20], [30, 40], [50, 60]]', text.replace('[10,20,30,40,50,60]', '[[10, 20], [30, 40], [50, 60]]')]]);
    // A flat line, and odd counts (one error, no fix)
    assert.deepEqual(codes(annotations({ type: 'line', line: [0, 0, 5, 5], label: 'x' }), 'annotations'), ['flat-points']);
    const odd = annotations({ polygon: [10, 20, 30, 40, 50], label: 'x' });
    assert.deepEqual(codes(odd, 'annotations'), ['flat-points']);
    assert.match(check(odd, 'annotations')[0].message, /odd number of values \(5\)/);
    assert.deepEqual(fixes(odd, 'annotations', 'flat-points'), []);
    assert.match(check(annotations({ polygon: [1, 2, 3, 4], label: 'x' }), 'annotations')[0].message, /That makes 2 points; a polygon needs at least 3/);
  });

  it('points that are all wrong the same way (3-D points) are one error', () => {
    const found = check(annotations({ polygon: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], label: 'x' }), 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['invalid-point', '[1,2,3]']]);
    assert.match(found[0].message, /\(and 2 more points of this polygon like it\)\.$/);
  });

  it('a bbox written as corners gets the hint in its out-of-image warning, where the numbers fit that reading', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.jpg'), jpegHeader(640, 480));
    const text = annotations({ bbox: [300, 200, 500, 400], label: 'x' }, { bbox: [600, 400, 700, 450], label: 'y' });
    const found = await onDisk(dir, 'ann.json', text);
    assert.deepEqual(found.map((f) => f.code), ['out-of-image', 'out-of-image']);
    assert.match(found[0].message, /Read as corners \[x1, y1, x2, y2\] it fits \(width 200, height 200\)/);
    assert.doesNotMatch(found[1].message, /corners/, '700 > 640: the corners reading does not fit either');
  });
});
