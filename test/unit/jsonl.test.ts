import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, codes } from './helpers';

describe('valohai.metadata.jsonl', () => {
  it('accepts the three line kinds, an empty file and a final line break', () => {
    const text = [
      '{"file": "model.h5", "metadata": {"valohai.tags": ["a"], "x": 1}}',
      '{"dataset": "dataset://my-data", "metadata": {"domain": "retail"}}',
      '{"dataset-version": "dataset://my-data/v.1_2", "metadata": {"count": 3}}',
      '',
    ].join('\n');
    assert.deepEqual(codes(text, 'metadata-jsonl'), []);
    assert.deepEqual(codes(text.replace(/\n/g, '\r\n'), 'metadata-jsonl'), []);
    assert.deepEqual(codes('', 'metadata-jsonl'), []);
  });

  it('checks every line on its own, with ranges on the right line', () => {
    const text = [
      '{"file": "a.txt", "metadata": {"valohai.tags": "x"}}',
      '{"dataset": "dataset://d/v", "metadata": {}}',
      '{"dataset-version": "dataset://d", "metadata": {}}',
      '{not json}',
      '{"metadata": {}}',
      '{"file": "a", "dataset": "dataset://d", "metadata": {}}',
      '{"file": "/abs/path", "metadata": {}}',
      '{"file": "../up", "metadata": {}}',
      '{"file": "a"}',
      '{"fil": "a", "metadata": {}}',
    ].join('\n');
    assert.deepEqual(
      check(text, 'metadata-jsonl').map((f) => [f.code, f.at, f.text]),
      [
        ['tags-not-list', '1:48', '"x"'],
        ['invalid-dataset-uri', '2:13', '"dataset://d/v"'],
        ['invalid-dataset-uri', '3:21', '"dataset://d"'],
        ['invalid-json', '4:2', 'not'],
        ['jsonl-missing-target', '5:1', '{'],
        ['jsonl-multiple-targets', '6:15', '"dataset"'],
        ['invalid-file-path', '7:10', '"/abs/path"'],
        ['invalid-file-path', '8:10', '"../up"'],
        ['missing-key', '9:1', '{'],
        ['unknown-key', '10:2', '"fil"'],
      ],
    );
  });

  it('dataset metadata is free-form but reserved keys are still checked', () => {
    const found = check('{"dataset": "dataset://d", "metadata": {"valohai.tags": 3, "valohai.last-used": 1}}', 'metadata-jsonl');
    assert.deepEqual(found.map((f) => f.code), ['read-only-key']);
  });

  it('CRLF lines: same line:column as LF, and the \\r is not part of the line', () => {
    const lf = '{"file": "a", "metadata": {"valohai.alias": []}}\n{"x": 1,}\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const strip = (f: { code: string; at: string; text: string }) => [f.code, f.at, f.text];
    assert.deepEqual(check(crlf, 'metadata-jsonl').map(strip), check(lf, 'metadata-jsonl').map(strip));
    assert.deepEqual(check(crlf, 'metadata-jsonl').map((f) => f.code), ['alias-not-string', 'invalid-json']);
  });

  it('a 1 MB line is checked', () => {
    const big = JSON.stringify({ file: 'big.bin', metadata: { blob: 'x'.repeat(1024 * 1024), 'valohai.tags': 'oops' } });
    const found = check(`${big}\n{"dataset": "dataset://d", "metadata": {}}`, 'metadata-jsonl');
    assert.deepEqual(found.map((f) => [f.code, f.at]), [['tags-not-list', `1:${big.indexOf('"oops"') + 1}`]]);
  });

  it('duplicate keys within one line', () => {
    assert.deepEqual(codes('{"file": "a", "metadata": {"k": 1, "k": 2}}\n{"file": "b", "metadata": {"k": 1}}', 'metadata-jsonl'), ['duplicate-key']);
  });
});
