import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, codes } from './helpers';

describe('sidecar (<file>.metadata.json)', () => {
  it('accepts reserved keys in string and object forms, any other value, and null', () => {
    const text = JSON.stringify({
      'valohai.tags': ['a', 'b'],
      'valohai.alias': 'latest',
      'valohai.dataset-versions': ['dataset://d/v1', { uri: 'dataset://d/v2', from: 'dataset://d/v1', start_fresh: false, exclude: ['x'], targeting_aliases: ['stable'], packaging: true }],
      'valohai.model-versions': ['model://m/', { model_uri: 'model://m/', model_version_tags: ['t'], model_release_note: 'n' }],
      nested: { deep: [1, { x: null }] },
      gone: null,
      'valohai.tags-null-is-ok': undefined,
    });
    assert.deepEqual(codes(text, 'sidecar'), []);
    assert.deepEqual(codes('{"valohai.tags": null, "valohai.alias": null}', 'sidecar'), []);
  });

  it('valohai.tags as a string: one error on the value', () => {
    assert.deepEqual(check('{"valohai.tags": "prod"}', 'sidecar'), [
      { code: 'tags-not-list', severity: 'error', text: '"prod"', at: '1:18', message: '`valohai.tags` must be a list of strings, not a string.' },
    ]);
  });

  it('a tag that is not a string: error on that item only', () => {
    const found = check('{"valohai.tags": ["a", 3]}', 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['wrong-type', '3']]);
  });

  it('valohai.alias as a list', () => {
    const found = check('{"valohai.alias": ["a"]}', 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.text, f.message]), [['alias-not-string', '["a"]', '`valohai.alias` must be one string, not a list.']]);
  });

  it('dataset version URIs and objects: bad URI, unknown option with suggestion, missing uri', () => {
    const text = '{"valohai.dataset-versions": ["dataset://only-name", {"uri": "dataset://d/v", "form": "dataset://d/u"}, {"from": "dataset://d/u"}]}';
    const found = check(text, 'sidecar');
    assert.deepEqual(
      found.map((f) => [f.code, f.text]),
      [
        ['invalid-dataset-uri', '"dataset://only-name"'],
        ['unknown-key', '"form"'],
        ['missing-key', '{'],
      ],
    );
    assert.match(found[1].message, /Did you mean `from`\?/);
  });

  it('model versions: bad URI', () => {
    assert.deepEqual(codes('{"valohai.model-versions": ["models/x"]}', 'sidecar'), ['invalid-model-uri']);
    assert.deepEqual(codes('{"valohai.model-versions": [{"model_uri": "model://a/", "tags": []}]}', 'sidecar'), ['unknown-key']);
  });

  it('an unknown valohai.* key names the closest known key; valohai.last-used is read-only', () => {
    const found = check('{"valohai.tagz": [], "valohai.last-used": "x", "valohai.zzzzzzzzzzzzzzzzzz": 1}', 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [
      ['unknown-reserved-key', 'warning', '"valohai.tagz"'],
      ['read-only-key', 'warning', '"valohai.last-used"'],
      ['unknown-reserved-key', 'warning', '"valohai.zzzzzzzzzzzzzzzzzz"'],
    ]);
    assert.match(found[0].message, /Did you mean `valohai.tags`\?/);
    assert.doesNotMatch(found[2].message, /Did you mean/);
  });

  it('not an object', () => {
    assert.deepEqual(check('[1]', 'sidecar').map((f) => [f.code, f.message]), [['wrong-type', 'The document must be an object of properties, not a list.']]);
  });

  it('duplicate keys: warning on the second, pointing at the first', () => {
    const found = check('{\n  "a": 1,\n  "a": 2\n}', 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.at]), [['duplicate-key', '3:3']]);
  });
});

describe('bad input', () => {
  it('malformed JSON gives one plain-words error at the spot', () => {
    assert.deepEqual(check('{\n  "a": 1\n  "b": 2\n}', 'sidecar').map((f) => [f.code, f.at, f.message]), [['invalid-json', '3:3', "Expected ',' between items."]]);
    assert.deepEqual(check('{"a": 1,}', 'sidecar').map((f) => [f.text, f.message]), [[',', 'Trailing comma: JSON does not allow a comma before a closing bracket.']]);
    assert.deepEqual(check('{"a": [1, 2', 'sidecar').map((f) => f.message), ["Expected ']' to close the list: the text ends too early."]);
    assert.deepEqual(check('// c\n{}', 'sidecar').map((f) => f.message), ['// comments are not allowed in JSON: remove the comment (or keep the note in a property).']);
  });

  it('empty and whitespace-only files', () => {
    assert.deepEqual(codes('', 'sidecar'), ['empty-file']);
    assert.deepEqual(codes(' \n\t', 'annotations'), ['empty-file']);
  });

  it('binary content', () => {
    assert.deepEqual(codes('\u0089PNG\r\n\u001a\n\u0000\u0000\u0000', 'sidecar'), ['binary-content']);
    assert.deepEqual(codes('\u0000\u0000', 'auto'), []);
  });

  it('a BOM is a warning and ranges after it stay exact', () => {
    const found = check('\uFEFF{"valohai.tags": "x"}', 'sidecar');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['bom', '\uFEFF'], ['tags-not-list', '"x"']]);
  });

  it('deep nesting is checked up to 1000 levels, and refused beyond, before parsing', () => {
    const ok = '{"x": ' + '['.repeat(998) + ']'.repeat(998) + '}';
    assert.deepEqual(codes(ok, 'sidecar'), []);
    const deep = '{"x": ' + '['.repeat(50_000) + ']'.repeat(50_000) + '}';
    assert.deepEqual(check(deep, 'sidecar').map((f) => [f.code, f.at]), [['too-deep', '1:1006']]);
    const broken = '{"x": ' + '['.repeat(50_000) + '}';
    assert.deepEqual(codes(broken, 'sidecar'), ['too-deep']);
    // Brackets inside strings do not count.
    assert.deepEqual(codes(JSON.stringify({ x: '['.repeat(5000) }), 'sidecar'), []);
  });

  it('the same problems at the same line:column in CRLF and LF text', () => {
    const lf = '{\n  "valohai.tags": "x",\n  "valohai.aliass": 1,\n  "a": 1,\n  "a": 2\n}\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const strip = (f: { code: string; at: string; text: string }) => [f.code, f.at, f.text];
    assert.deepEqual(check(crlf, 'sidecar').map(strip), check(lf, 'sidecar').map(strip));
    assert.equal(check(crlf, 'sidecar').length, 3);
  });
});
