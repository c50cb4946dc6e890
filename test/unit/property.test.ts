// Random and mutated input must never crash or hang the validator, and every range must lie
// inside the text.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FORMAT_IDS } from '../../src/formats/formats';
import { repoRoot, validator } from './helpers';

function assertSane(text: string, format: (typeof FORMAT_IDS)[number] | 'auto'): void {
  const analysis = validator.analyze(text, format);
  const all = [...analysis.problems, ...validator.duplicateKeys(analysis)];
  for (const p of all) {
    assert.ok(p.start >= 0 && p.start <= p.end && p.end <= Math.max(text.length, 1), `range ${p.start}-${p.end} outside text of ${text.length} (${p.code})`);
    assert.ok(p.message.length > 0);
    assert.doesNotMatch(p.message, /must match "then" schema|must match exactly one schema/);
  }
}

const sampleTexts = ['annotations/street.json', 'annotations/predictions-broken.json', 'outputs/model.h5.metadata.json', 'outputs/valohai.metadata.jsonl', 'file-metadata/files.json'].map((f) =>
  fs.readFileSync(path.join(repoRoot, 'samples', f), 'utf8'),
);

const formats = fc.constantFrom(...FORMAT_IDS, 'auto' as const);

describe('property: no crash, no hang, ranges inside the text', () => {
  it('random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), formats, fc.boolean(), (value, format, crlf) => {
      let text = JSON.stringify(value, null, 2) ?? 'null';
      if (crlf) text = text.replace(/\n/g, '\r\n');
      assertSane(text, format);
    }), { numRuns: 400 });
  });

  it('random values shaped like our formats', () => {
    const num = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(-1), fc.constant(0));
    const point = fc.array(num, { maxLength: 3 });
    const annotation = fc.record(
      {
        type: fc.constantFrom('rectangle', 'polygon', 'line', 'circle', 3),
        bbox: fc.oneof(fc.array(num, { maxLength: 5 }), fc.string()),
        polygon: fc.array(point, { maxLength: 5 }),
        line: fc.array(point, { maxLength: 4 }),
        label: fc.oneof(fc.string(), fc.integer()),
        lable: fc.string(),
        confidence: fc.oneof(num, fc.string()),
        attributes: fc.dictionary(fc.string(), fc.array(fc.record({ value: fc.jsonValue(), confidence: num }, { requiredKeys: [] }))),
      },
      { requiredKeys: [] },
    );
    const doc = fc.record({ images: fc.array(fc.record({ image: fc.oneof(fc.string(), fc.constant('a.jpg')), annotations: fc.array(annotation, { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 4 }) });
    fc.assert(fc.property(doc, formats, (value, format) => assertSane(JSON.stringify(value, null, 1), format)), { numRuns: 400 });
  });

  it('sample files with random edits (deletions, insertions, truncation)', () => {
    const edit = fc.record({ sample: fc.integer({ min: 0, max: sampleTexts.length - 1 }), at: fc.nat(), del: fc.nat({ max: 20 }), insert: fc.string({ maxLength: 6 }), format: formats });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = sampleTexts[edits[0].sample];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        }
        assertSane(text, edits[0].format);
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary strings, including control characters and lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), formats, (text, format) => assertSane(text, format)), { numRuns: 400 });
  });
});
