import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, LineIndex, looksBinary } from '../../src/core/text';

describe('LineIndex', () => {
  it('maps offsets to lines and columns in LF text', () => {
    const index = new LineIndex('ab\ncd\n\nef');
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(8), { line: 3, character: 1 });
    assert.equal(index.lineCount, 4);
  });

  it('counts CRLF as one line break, with the same columns as LF', () => {
    const lf = new LineIndex('ab\ncd');
    const crlf = new LineIndex('ab\r\ncd');
    assert.deepEqual(crlf.positionAt(5), { line: 1, character: 1 });
    assert.deepEqual(lf.positionAt(4), crlf.positionAt(5));
  });
});

describe('looksBinary', () => {
  it('flags NUL bytes and control-heavy text, not JSON', () => {
    assert.equal(looksBinary('{"a": 1}\n'), false);
    assert.equal(looksBinary('\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR'), true);
    assert.equal(looksBinary('\u0001\u0002\u0003\u0004abc'), true);
    assert.equal(looksBinary(''), false);
  });
});

describe('closest', () => {
  it('suggests the nearest known key, and nothing for unrelated words', () => {
    assert.equal(closest('valohai.tagz', ['valohai.tags', 'valohai.alias']), 'valohai.tags');
    assert.equal(closest('lable', ['label', 'type']), 'label');
    assert.equal(closest('completely-different', ['label', 'type']), undefined);
  });
});
