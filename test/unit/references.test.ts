import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { DirectoryNameIndex, nodeFileAccess, readImageInfo } from '../../src/core/files';
import { bmpHeader, gifHeader, jpegHeader, noWorkspace, pngHeader, repoRoot, tempDir, toFound, validator, webpHeader } from './helpers';

async function full(file: string, text: string, options: { imageRoots?: string[]; workspace?: string } = {}) {
  fs.writeFileSync(file, text);
  const index = options.workspace ? new DirectoryNameIndex(options.workspace) : undefined;
  const files = index ? nodeFileAccess((n) => index.find(n)) : noWorkspace();
  const analysis = await validator.validate(text, 'auto', { filePath: file, files, imageRoots: options.imageRoots ?? [] });
  return toFound(text, analysis.problems);
}

describe('image headers', () => {
  it('reads PNG, JPEG, GIF, WebP and BMP sizes', async () => {
    const dir = tempDir();
    const cases = [
      ['a.png', pngHeader(640, 480), 'png'],
      ['a.jpg', jpegHeader(1920, 1080), 'jpg'],
      ['a.gif', gifHeader(32, 16), 'gif'],
      ['a.webp', webpHeader(300, 200), 'webp'],
      ['a.bmp', bmpHeader(50, 60), 'bmp'],
    ] as const;
    for (const [name, bytes] of cases) fs.writeFileSync(path.join(dir, name), bytes);
    const sizes = await Promise.all(cases.map(([name]) => readImageInfo(path.join(dir, name))));
    assert.deepEqual(
      sizes.map((s) => [s?.width, s?.height, s?.type]),
      [
        [640, 480, 'png'],
        [1920, 1080, 'jpg'],
        [32, 16, 'gif'],
        [300, 200, 'webp'],
        [50, 60, 'bmp'],
      ],
    );
  });

  it('reads the real sample images', async () => {
    assert.deepEqual(await readImageInfo(path.join(repoRoot, 'samples/images/street.jpg')), { width: 640, height: 480, type: 'jpg' });
    assert.deepEqual(await readImageInfo(path.join(repoRoot, 'samples/images/parking.png')), { width: 800, height: 600, type: 'png' });
  });

  it('returns undefined for files that are not images', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'x.jpg'), 'not an image at all');
    assert.equal(await readImageInfo(path.join(dir, 'x.jpg')), undefined);
    assert.equal(await readImageInfo(path.join(dir, 'missing.jpg')), undefined);
  });
});

describe('image lookup and bounds', () => {
  const annotations = (image: string, annotation: object) => JSON.stringify({ images: [{ image, annotations: [annotation] }] }, null, 2);

  it('finds the image beside the JSON file and checks shapes against its size', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'img.png'), pngHeader(100, 50));
    const found = await full(path.join(dir, 'a.json'), annotations('img.png', { bbox: [90, 10, 20, 10], label: 'x' }));
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.message]), [['out-of-image', 'warning', 'Box reaches outside the 100×50 image (right edge at 110).']]);
    const inside = await full(path.join(dir, 'b.json'), annotations('img.png', { bbox: [0, 0, 100, 50], label: 'x' }));
    assert.deepEqual(inside, []);
  });

  it('points of polygons and lines outside the image: one warning per shape, on the first point', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'img.png'), pngHeader(100, 50));
    const text = JSON.stringify({ images: [{ image: '/img.png', annotations: [{ polygon: [[0, 0], [120, 0], [130, 60]], label: 'p' }, { line: [[-1, 0], [5, 5]], label: 'l' }] }] });
    const found = await full(path.join(dir, 'a.json'), text);
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['out-of-image', '[120,0]'], ['out-of-image', '[-1,0]']]);
    assert.match(found[0].message, /and 1 more point/);
  });

  it('normalized files are checked against [0, 1] without needing the image size', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'img.png'), pngHeader(100, 50));
    const text = JSON.stringify({ images: [{ image: 'img.png', annotations: [{ bbox: [0.5, 0.5, 0.6, 0.2], label: 'x' }, { bbox: [0.1, 0.1, 0.2, 0.2], label: 'y' }] }] });
    const found = await full(path.join(dir, 'a.json'), text);
    assert.deepEqual(found.map((f) => [f.code, f.message]), [['out-of-image', 'Box reaches outside the normalized [0, 1] range (right edge at 1.1).']]);
  });

  it('looks in image roots, then by a unique name in the workspace; says where it looked', async () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, 'labels'));
    fs.mkdirSync(path.join(ws, 'frames'));
    fs.mkdirSync(path.join(ws, 'deep', 'er'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'frames', 'f1.png'), pngHeader(10, 10));
    fs.writeFileSync(path.join(ws, 'deep', 'er', 'f2.png'), pngHeader(10, 10));
    const file = path.join(ws, 'labels', 'a.json');
    const ann = { bbox: [0, 0, 20, 5], label: 'x' };
    assert.deepEqual((await full(file, annotations('/storage/f1.png', ann), { imageRoots: [path.join(ws, 'frames')] })).map((f) => f.code), ['out-of-image']);
    assert.deepEqual((await full(file, annotations('f2.png', ann), { workspace: ws })).map((f) => f.code), ['out-of-image']);
    const missing = await full(file, annotations('nope.png', ann), { imageRoots: [path.join(ws, 'frames')], workspace: ws });
    assert.deepEqual(missing.map((f) => [f.code, f.text]), [['image-not-found', '"nope.png"']]);
    assert.equal(missing[0].message, 'Image "nope.png" not found. Looked in this file\'s folder, "../frames" and the whole workspace (by file name).');
  });

  it('two files with the same name in the workspace: ambiguous, unless the path tells them apart', async () => {
    const ws = tempDir();
    for (const d of ['a/cam1', 'b/cam2']) {
      fs.mkdirSync(path.join(ws, d), { recursive: true });
      fs.writeFileSync(path.join(ws, d, 'x.png'), pngHeader(10, 10));
    }
    const file = path.join(ws, 'labels.json');
    const ann = { bbox: [0, 0, 1, 1], label: 'x' };
    const ambiguous = await full(file, annotations('x.png', ann), { workspace: ws });
    assert.deepEqual(ambiguous.map((f) => f.code), ['image-not-found']);
    assert.match(ambiguous[0].message, /ambiguous: 2 files/);
    assert.deepEqual(await full(file, annotations('/bucket/cam2/x.png', ann), { workspace: ws }), []);
  });

  it('an image that is not readable is reported once', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'broken.png'), 'nope');
    const found = await full(path.join(dir, 'a.json'), annotations('broken.png', { bbox: [0, 0, 5, 5], label: 'x' }));
    assert.deepEqual(found.map((f) => f.code), ['image-unreadable']);
  });
});

describe('files named by sidecars and JSONL lines', () => {
  it('a sidecar whose data file is missing gets an information', async () => {
    const dir = tempDir();
    const files = noWorkspace();
    const text = '{"a": 1}';
    const missing = await validator.validate(text, 'sidecar', { filePath: path.join(dir, 'model.h5.metadata.json'), files, imageRoots: [] });
    assert.deepEqual(missing.problems.map((p) => [p.code, p.severity]), [['sidecar-data-missing', 'information']]);
    fs.writeFileSync(path.join(dir, 'model.h5'), 'x');
    const present = await validator.validate(text, 'sidecar', { filePath: path.join(dir, 'model.h5.metadata.json'), files, imageRoots: [] });
    assert.deepEqual(present.problems, []);
  });

  it('a JSONL file line whose file is not beside the JSONL', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'here.txt'), 'x');
    const text = '{"file": "sub/here.txt", "metadata": {}}\r\n{"file": "gone.txt", "metadata": {}}\r\n';
    const analysis = await validator.validate(text, 'metadata-jsonl', { filePath: path.join(dir, 'valohai.metadata.jsonl'), files: noWorkspace(), imageRoots: [] });
    assert.deepEqual(toFound(text, analysis.problems).map((f) => [f.code, f.at, f.text]), [['jsonl-file-missing', '2:10', '"gone.txt"']]);
  });
});
