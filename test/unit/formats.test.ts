import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatcher, mightBeRecognizedByContent, recognizeByContent, recognizeByGlob, recognizeByName, recognizePath } from '../../src/formats/formats';

describe('recognition', () => {
  it('by file name', () => {
    assert.equal(recognizeByName('/out/model.h5.metadata.json'), 'sidecar');
    assert.equal(recognizeByName('C:\\out\\Model.H5.METADATA.JSON'), 'sidecar');
    assert.equal(recognizeByName('/out/valohai.metadata.jsonl'), 'metadata-jsonl');
    assert.equal(recognizeByName('/out/.metadata.json'), undefined);
    assert.equal(recognizeByName('/out/metadata.json'), undefined);
  });

  it('by the user globs', () => {
    const globs = { annotations: ['labels/**/*.json'], 'file-metadata': ['*.files.json'] };
    assert.equal(recognizeByGlob('labels/a/b/x.json', globs), 'annotations');
    assert.equal(recognizeByGlob('labels/x.json', globs), 'annotations');
    assert.equal(recognizeByGlob('other/x.json', globs), undefined);
    assert.equal(recognizeByGlob('deep/dir/a.files.json', globs), 'file-metadata');
    assert.equal(recognizePath('/w/x.metadata.json', 'labels/x.metadata.json', globs)?.by, 'name');
  });

  it('globs support braces and ?', () => {
    assert.ok(globMatcher('**/*.{json,jsonl}').test('a/b.jsonl'));
    assert.ok(globMatcher('img?.json').test('img1.json'));
    assert.ok(!globMatcher('img?.json').test('img12.json'));
  });

  it('by content: our shapes, COCO as coco, not package.json', () => {
    assert.equal(recognizeByContent({ images: [{ image: 'a.jpg', annotations: [] }] }), 'annotations');
    assert.equal(recognizeByContent({ files: [{ file: 'a.jpg', metadata: {} }] }), 'file-metadata');
    assert.equal(recognizeByContent({ images: [{ id: 1, file_name: 'a.jpg', width: 1, height: 1 }], annotations: [] }), 'coco');
    assert.equal(recognizeByContent({ name: 'pkg', files: ['dist'] }), undefined);
    assert.equal(recognizeByContent({ images: [] }), undefined);
    assert.equal(recognizeByContent([1, 2]), undefined);
  });

  it('pre-checks text cheaply before parsing', () => {
    assert.ok(mightBeRecognizedByContent('{"info": {}, "images" : [ ]}'));
    assert.ok(!mightBeRecognizedByContent('{"name": "x", "version": "1.0.0"}'));
  });
});
