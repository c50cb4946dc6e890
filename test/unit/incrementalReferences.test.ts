// Phase 2 incrementally (src/validation/incrementalReferences.ts): after each edit inside one image
// entry, chained from the previous pass's record, the result must deep-equal the full phase 2
// (Validator.checkReferences) on the same analysis: images found, missing, unreadable, of the wrong
// type, out of bounds, in storage (notes summarized past the limit), in pixel and normalized files.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeIncrementally, prepareIncremental } from '../../src/validation/incremental';
import { referencesIncrementally, type ReferenceRecord } from '../../src/validation/incrementalReferences';
import type { ReferenceOptions } from '../../src/validation/references';
import { jpegHeader, noWorkspace, pngHeader, tempDir, validator } from './helpers';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a.jpg', 'b.jpg', 'c.png', 'dir/e.jpeg', 'broken.gif', '/bucket/x/y.jpg', 's3://b/k.jpg', 'missing.png'];

function folder(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.jpg'), jpegHeader(100, 80));
  fs.writeFileSync(path.join(dir, 'c.png'), jpegHeader(50, 50)); // JPEG bytes in a .png
  fs.mkdirSync(path.join(dir, 'dir'));
  fs.writeFileSync(path.join(dir, 'dir', 'e.jpeg'), pngHeader(640, 480));
  fs.writeFileSync(path.join(dir, 'broken.gif'), 'not an image');
  return dir;
}

function generate(next: () => number, entries: number, normalized: boolean): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const coord = (): number => (normalized ? Math.round(next() * 120) / 100 : Math.round(next() * 900) - 50);
  const images = Array.from({ length: entries }, (_, i) => ({
    image: i < NAMES.length ? NAMES[i] : `${pick(['/bucket/p/', 'store/', ''])}${pick(NAMES)}`.replace('//', '/'),
    annotations: Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({ type: 'rectangle', bbox: [coord(), coord(), Math.abs(coord()), Math.abs(coord())], label: 'car' })),
  }));
  return JSON.stringify({ images }, null, 2);
}

/** An edit inside one entry: a coordinate changed, or the entry's image renamed to another known one. */
function edit(next: () => number, text: string, normalized: boolean): string {
  if (next() < 0.3) {
    const names = [...text.matchAll(/"image": "([^"]*)"/g)];
    const m = names[Math.floor(next() * names.length)];
    const to = NAMES[Math.floor(next() * NAMES.length)];
    const at = m.index! + m[0].indexOf('"', 8) + 1;
    return text.slice(0, at) + to + text.slice(at + m[1].length);
  }
  const numbers = [...text.matchAll(/-?\d+(?:\.\d+)?/g)];
  const m = numbers[Math.floor(next() * numbers.length)];
  const value = normalized ? String(Math.round(next() * 130) / 100) : String(Math.round(next() * 1200) - 100);
  return text.slice(0, m.index!) + value + text.slice(m.index! + m[0].length);
}

describe('incremental phase 2 (image checks)', () => {
  for (const [seed, normalized, entries] of [[1, false, 12], [2, true, 12], [3, false, 40]] as const) {
    it(`equals the full phase 2 after every edit (seed ${seed}, ${normalized ? 'normalized' : 'pixel'}, ${entries} entries)`, async () => {
      const dir = folder();
      const options: ReferenceOptions = { filePath: path.join(dir, 'ann.json'), files: noWorkspace(), imageRoots: [], workspaceRoots: [dir] };
      const next = random(seed);
      let text = generate(next, entries, normalized);
      let analysis = validator.analyze(text, 'auto');
      let record: ReferenceRecord | undefined;
      let incremental = 0;
      for (let step = 0; step < 40; step++) {
        prepareIncremental(analysis, 'auto');
        const got = await referencesIncrementally(validator, analysis, options, record);
        const expected = await validator.checkReferences(analysis, options);
        assert.deepEqual(got.problems, expected, `step ${step}`);
        if (got.outcome === 'incremental') incremental++;
        record = got.record;
        text = edit(next, text, normalized);
        analysis = analyzeIncrementally(validator, analysis, text, 'auto').analysis;
      }
      assert.ok(incremental > 10, `only ${incremental} of 40 passes were incremental`);
    });
  }

  it('falls back to the full phase for a record of another analysis or other options', async () => {
    const dir = folder();
    const options: ReferenceOptions = { filePath: path.join(dir, 'ann.json'), files: noWorkspace(), imageRoots: [] };
    const text = generate(random(9), 10, false);
    const first = validator.analyze(text, 'auto');
    prepareIncremental(first, 'auto');
    const { record } = await referencesIncrementally(validator, first, options);
    const edited = text.replace('"image": "a.jpg"', '"image": "zzz.jpg"');
    const second = analyzeIncrementally(validator, first, edited, 'auto').analysis;
    assert.equal((await referencesIncrementally(validator, second, options, record)).outcome, 'incremental');
    assert.equal((await referencesIncrementally(validator, second, { ...options, imageRoots: [dir] }, record)).outcome, 'full');
    const unrelated = validator.analyze(text, 'auto');
    assert.equal((await referencesIncrementally(validator, second, options, { ...record!, serial: -1 })).outcome, 'full');
    assert.equal((await referencesIncrementally(validator, unrelated, options, record)).outcome, 'full');
  });
});
