// The CLI's synchronous file access answers as nodeFileAccess does, and never blocks on a FIFO.
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { nodeFileAccess } from '../../src/core/files';
import { readHeadSync, syncFileAccess } from '../../src/cli/syncFiles';
import { tempDir } from './helpers';

describe('syncFileAccess (the CLI)', () => {
  it('gives the same answers as nodeFileAccess for files, folders, missing paths and heads', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), '\uFEFF{"x": 1}');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'b.json'), '{}');
    const find = async () => [];
    const sync = syncFileAccess(find);
    const async_ = nodeFileAccess(find);
    for (const p of ['a.txt', 'sub', 'missing', 'sub/b.json', 'a.txt/not-a-dir']) {
      const abs = path.join(dir, p);
      assert.equal(await sync.isFile(abs), await async_.isFile(abs), `isFile ${p}`);
      assert.equal(await sync.isDirectory!(abs), await async_.isDirectory!(abs), `isDirectory ${p}`);
      assert.deepEqual(await sync.head!(abs, 4), await async_.head!(abs, 4), `head ${p}`);
      assert.deepEqual(await sync.list!(abs), await async_.list!(abs), `list ${p}`);
    }
    assert.deepEqual([...(await sync.head!(path.join(dir, 'a.txt'), 4))!], [0xef, 0xbb, 0xbf, 0x7b]);
  });

  it('does not wait on a FIFO', { skip: process.platform === 'win32' }, () => {
    const fifo = path.join(tempDir(), 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    assert.equal(readHeadSync(fifo, 4), undefined);
  });
});
