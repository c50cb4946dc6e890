// The full-pass worker thread (src/validation/fullPassClient.ts, fullPassWorker.ts) under plain
// Node: its results equal the in-thread passes, a superseded or cancelled pass resolves with
// undefined (so the editor can never publish it) and its thread is stopped, not reused.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FullPassClient } from '../../src/validation/fullPassClient';
import { validator } from './helpers';

function annotationFile(entries: number, negativeAt = -1): string {
  const images = Array.from({ length: entries }, (_, i) => ({ image: `img_${i}.jpg`, annotations: [{ type: 'rectangle', bbox: [1, 2, i === negativeAt ? -3 : 3, 4], label: 'car' }] }));
  return JSON.stringify({ images }, null, 2);
}

describe('full-pass worker thread', () => {
  const client = new FullPassClient();
  after(() => client.dispose());

  it('gives the problems, duplicate keys and unit ranges of the in-thread passes', async () => {
    const text = annotationFile(50, 7).replace('"label": "car"', '"label": "car", "label": "bus"');
    const expected = validator.analyze(text, 'auto');
    const result = await client.run('a', text, 'auto');
    assert.ok(result);
    assert.equal(result.format, 'annotations');
    assert.deepEqual(result.problems, expected.problems);
    assert.ok(result.problems.some((p) => p.code === 'bbox-negative-size'));
    assert.deepEqual(result.duplicates, validator.duplicateKeys(expected));
    assert.equal(result.duplicates.length, 1);
    assert.deepEqual(result.units, expected.units.map((u) => ({ start: u.start, end: u.end })));
    assert.equal(client.running('a'), false);
  });

  it('resolves a superseded pass with undefined and stops its thread; the newer pass gets its own result', async () => {
    const big = annotationFile(40_000, 5);
    const small = annotationFile(3);
    const startedBefore = client.started;
    const first = client.run('doc', big, 'auto');
    const second = client.run('doc', small, 'auto');
    assert.equal(await first, undefined);
    const result = await second;
    assert.ok(result);
    assert.deepEqual(result.problems, validator.analyze(small, 'auto').problems);
    // The first pass's thread was terminated: the second one had to start (or reuse an idle) thread.
    assert.ok(client.started >= startedBefore + 1);
  });

  it('cancel() resolves the pass in flight with undefined; other documents are not affected', async () => {
    const big = annotationFile(40_000, 5);
    const other = annotationFile(20, 2);
    const cancelled = client.run('x', big, 'auto');
    const kept = client.run('y', other, 'auto');
    assert.equal(client.running('x'), true);
    client.cancel('x');
    assert.equal(client.running('x'), false);
    assert.equal(await cancelled, undefined);
    const result = await kept;
    assert.ok(result?.problems.some((p) => p.code === 'bbox-negative-size'));
  });

  it('says the messages in the translation it is handed', async () => {
    const bundle = { 'bbox {0} must not be negative ({1}).': 'BBOX {0} IST NEGATIV ({1})' };
    const translated = new FullPassClient({ bundle: () => bundle });
    try {
      const result = await translated.run('t', annotationFile(3, 1), 'auto');
      const p = result?.problems.find((x) => x.code === 'bbox-negative-size');
      assert.ok(p);
      assert.match(p.message, /^BBOX width IST NEGATIV \(-3\)$/);
    } finally {
      translated.dispose();
    }
  });

  it('resolves with undefined after dispose, and reports a worker that cannot start', async () => {
    const gone = new FullPassClient();
    gone.dispose();
    assert.equal(await gone.run('k', '{}', 'auto'), undefined);
    const broken = new FullPassClient({ script: '/nonexistent/fullPassWorker.js' });
    try {
      await assert.rejects(broken.run('k', '{}', 'auto'));
    } finally {
      broken.dispose();
    }
  });
});
