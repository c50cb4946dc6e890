// indexByName (src/core/files.ts): the editor's one listing of the workspace, by base name, that
// answers every image look-up by name (src/workspace/workspaceFiles.ts).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { indexByName } from '../../src/core/files';

const file = (p: string) => ({ scheme: 'file', fsPath: path.join('/ws', p) });

describe('the workspace name index', () => {
  it('lists every file of a name, in the order found; only file: ones', () => {
    const index = indexByName([file('frames/parking.png'), file('a/b/street.jpg'), { scheme: 'vscode-vfs', fsPath: '/remote/parking.png' }, file('other/parking.png')], 10);
    assert.equal(index.complete, true);
    assert.deepEqual(index.byName.get('parking.png'), [path.join('/ws', 'frames/parking.png'), path.join('/ws', 'other/parking.png')]);
    assert.deepEqual(index.byName.get('street.jpg'), [path.join('/ws', 'a/b/street.jpg')]);
    assert.equal(index.byName.get('ghost.png'), undefined);
    // Names are exact: case and extension included.
    assert.equal(index.byName.get('Parking.png'), undefined);
    assert.equal(index.byName.get('parking'), undefined);
  });

  it('says when the workspace had more files than it holds (then a missing name may still exist)', () => {
    const files = Array.from({ length: 6 }, (_, i) => file(`f/${i}.png`));
    const full = indexByName(files, 6);
    assert.equal(full.complete, true);
    assert.equal(full.byName.size, 6);
    const capped = indexByName(files, 5);
    assert.equal(capped.complete, false);
    assert.equal(capped.byName.size, 5);
    assert.equal(capped.byName.get('5.png'), undefined);
  });
});
