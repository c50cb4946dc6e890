import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as jsonc from 'jsonc-parser';
import { findDuplicateKeys, locatePaths, type JsonPath } from '../../src/core/jsonScan';

function allPaths(value: unknown, prefix: (string | number)[] = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

describe('locatePaths', () => {
  it('finds values and keys, including escaped keys and strings holding brackets', () => {
    const text = '{"a": [1, {"b\\"q": "x]}\\\\"}], "c": {"d": null}, "e": -1.5e3}';
    const paths: JsonPath[] = [['a', 1, 'b"q'], ['c', 'd'], ['e'], ['a']];
    const found = locatePaths(text, paths);
    const slice = (p: JsonPath) => text.slice(found.get(p)!.start, found.get(p)!.end);
    assert.equal(slice(paths[0]), '"x]}\\\\"');
    assert.equal(text.slice(found.get(paths[0])!.keyStart, found.get(paths[0])!.keyEnd), '"b\\"q"');
    assert.equal(slice(paths[1]), 'null');
    assert.equal(slice(paths[2]), '-1.5e3');
    assert.equal(slice(paths[3]), '[1, {"b\\"q": "x]}\\\\"}]');
  });

  it('leaves out paths that do not exist', () => {
    const found = locatePaths('{"a": [1]}', [['a', 5], ['b']]);
    assert.equal(found.size, 0);
  });

  it('starts at an offset (for JSONL lines) and stops at the value end', () => {
    const text = '{"x": 1}\n{"x": 2}';
    const p: JsonPath = ['x'];
    const found = locatePaths(text, [p], 9);
    assert.equal(text.slice(found.get(p)!.start, found.get(p)!.end), '2');
  });

  it('agrees with jsonc-parser on random documents (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 2 }), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const paths = allPaths(value);
        const found = locatePaths(text, paths);
        const tree = jsonc.parseTree(text)!;
        for (const path of paths) {
          const node = jsonc.findNodeAtLocation(tree, path as (string | number)[]);
          const range = found.get(path);
          assert.ok(node && range, `path ${JSON.stringify(path)} in ${text}`);
          assert.equal(range.start, node.offset);
          assert.equal(range.end, node.offset + node.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('walks 100k levels of nesting without overflowing the stack', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + '1' + ']'.repeat(depth);
    const path = new Array<number>(depth).fill(0);
    const found = locatePaths(text, [path]);
    assert.equal(found.get(path)!.start, depth);
  });
});

describe('findDuplicateKeys', () => {
  it('reports the second occurrence with the first one', () => {
    const text = '{"a": 1, "b": {"a": 2, "a": 3}, "a": 4}';
    const dups = findDuplicateKeys(text, JSON.parse(text));
    assert.deepEqual(
      dups.map((d) => [d.key, text.slice(d.keyStart, d.keyEnd), d.firstStart]),
      [
        ['a', '"a"', 15],
        ['a', '"a"', 1],
      ],
    );
  });

  it('treats escaped and plain spellings of a key as the same key', () => {
    const text = '{"a": 1, "\\u0061": 2}';
    assert.equal(findDuplicateKeys(text).length, 1);
  });

  it('finds none in valid documents without duplicates (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value, null, 1);
        assert.deepEqual(findDuplicateKeys(text, JSON.parse(text)), []);
        assert.deepEqual(findDuplicateKeys(text), []);
      }),
      { numRuns: 200 },
    );
  });
});
