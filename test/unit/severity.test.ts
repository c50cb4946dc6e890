// The pure pieces behind severity overrides and --shard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inShard, parseShard, pathHash, shardOf } from '../../src/cli/shard';
import { applySeverityOverrides, parseSeverityOverrides } from '../../src/validation/severity';

const codes = ['image-not-found', 'unknown-key', 'bom', 'constructor-like'];

describe('severity overrides', () => {
  it('parses levels (info and none as aliases), keeps unknown codes with a warning, drops bad levels', () => {
    const { overrides, warnings } = parseSeverityOverrides(
      { 'image-not-found': 'off', 'unknown-key': 'Error', bom: 'info', 'constructor-like': 'none', typo: 'hint', x: 3, y: 'loud' },
      codes,
    );
    assert.deepEqual([...overrides], [
      ['image-not-found', 'off'],
      ['unknown-key', 'error'],
      ['bom', 'information'],
      ['constructor-like', 'off'],
      ['typo', 'hint'],
    ]);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], /"typo" is not a Datum Studio diagnostic code/);
    assert.match(warnings[1], /"x" has level 3/);
    assert.match(warnings[2], /"y" has level "loud"/);
  });

  it('ignores a value that is not an object, and says so', () => {
    for (const value of ['error', ['a'], 5]) {
      const parsed = parseSeverityOverrides(value, codes);
      assert.equal(parsed.overrides.size, 0);
      assert.match(parsed.warnings[0], /must be an object/);
    }
    assert.deepEqual(parseSeverityOverrides(undefined, codes).warnings, []);
  });

  it('changes severities, drops codes turned off, and leaves the rest as they are', () => {
    const items = [
      { code: 'image-not-found', severity: 'warning' as const, n: 1 },
      { code: 'unknown-key', severity: 'warning' as const, n: 2 },
      { code: 'bom', severity: 'warning' as const, n: 3 },
      { code: 'unknown-key', severity: 'error' as const, n: 4 },
    ];
    const { overrides } = parseSeverityOverrides({ 'image-not-found': 'off', 'unknown-key': 'error' }, codes);
    const out = applySeverityOverrides(items, overrides);
    assert.deepEqual(out, [
      { code: 'unknown-key', severity: 'error', n: 2 },
      { code: 'bom', severity: 'warning', n: 3 },
      { code: 'unknown-key', severity: 'error', n: 4 },
    ]);
    assert.equal(out[1], items[2], 'untouched items are the same objects');
    assert.equal(items[1].severity, 'warning', 'the input is not changed');
    // Keys like __proto__ are plain codes.
    const proto = parseSeverityOverrides(JSON.parse('{"__proto__": "off"}'), codes);
    assert.deepEqual(applySeverityOverrides([{ code: '__proto__', severity: 'error' }, { code: 'bom', severity: 'error' }], proto.overrides), [{ code: 'bom', severity: 'error' }]);
  });
});

describe('--shard', () => {
  it('parses K/N', () => {
    assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '-1/2', '1/2/3', '1.5/2']) assert.equal(parseShard(bad), undefined, bad);
  });

  it('hashes paths with FNV-1a over UTF-8, the same everywhere', () => {
    // Reference values of 32-bit FNV-1a.
    assert.equal(pathHash(''), 0x811c9dc5);
    assert.equal(pathHash('a'), 0xe40c292c);
    assert.equal(pathHash('foobar'), 0xbf9cf968);
    assert.equal(pathHash('ä'), 0x199de0e2, 'the UTF-8 bytes, not UTF-16 units or Latin-1');
  });

  it('puts each path in exactly one of N shards, roughly evenly', () => {
    const paths = Array.from({ length: 3000 }, (_, i) => `data/batch-${i % 37}/img_${i}.jpg.metadata.json`);
    for (const n of [1, 2, 3, 8]) {
      const sizes = new Array(n).fill(0);
      for (const p of paths) {
        const owners = Array.from({ length: n }, (_, k) => k + 1).filter((k) => inShard(p, { index: k, count: n }));
        assert.deepEqual(owners, [shardOf(p, n)], p);
        sizes[owners[0] - 1]++;
      }
      for (const size of sizes) assert.ok(size > (paths.length / n) * 0.8 && size < (paths.length / n) * 1.2, `${n}: ${sizes}`);
    }
  });
});
