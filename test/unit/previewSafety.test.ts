// The preview webview's safety rules (issue 11, point 13): which files the page may load, and which
// messages from the page the host acts on.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { MAX_REMEMBERED_COLORS, checkWebviewMessage, withColor } from '../../src/preview/host/messages';
import { isAllowed, isInside } from '../../src/preview/host/resourceRoots';
import { tempDir } from './helpers';

describe('preview resource roots', () => {
  const base = tempDir();
  const workspace = path.join(base, 'workspace');
  const images = path.join(base, 'shared-images');
  const elsewhere = path.join(base, 'elsewhere');
  for (const dir of [path.join(workspace, 'data'), images, elsewhere]) fs.mkdirSync(dir, { recursive: true });
  for (const file of [path.join(workspace, 'data', 'a.png'), path.join(images, 'b.png'), path.join(elsewhere, 'c.png')]) fs.writeFileSync(file, 'x');
  const roots = [workspace, images];

  it('allows the workspace and the image roots, not the folder of whatever an annotation names', () => {
    assert.equal(isAllowed(roots, path.join(workspace, 'data', 'a.png')), true);
    assert.equal(isAllowed(roots, path.join(images, 'b.png')), true);
    assert.equal(isAllowed(roots, path.join(elsewhere, 'c.png')), false, 'an absolute path elsewhere');
    assert.equal(isAllowed(roots, path.join(workspace, 'data', '..', '..', 'elsewhere', 'c.png')), false, '../ out of the workspace');
    assert.equal(isAllowed(roots, '/etc/passwd'), false);
    assert.equal(isInside(workspace, `${workspace}-other/x.png`), false, 'a sibling folder sharing the prefix');
    assert.equal(isInside(workspace, path.join(workspace, '..data', 'x.png')), true, 'a name that starts with two dots is inside');
  });

  it('follows symbolic links: a link inside the workspace to a file outside is not inside', () => {
    const link = path.join(workspace, 'data', 'link.png');
    fs.symlinkSync(path.join(elsewhere, 'c.png'), link);
    assert.equal(isAllowed(roots, link), false);
  });
});

describe('preview webview messages', () => {
  const limits = { images: 3, shapes: (i: number) => [2, 0, 5][i] };
  const ok = (m: unknown) => checkWebviewMessage(m, limits);

  it('accepts the messages the page sends, with values in range', () => {
    assert.deepEqual(ok({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(ok({ type: 'selectImage', index: 2, extra: 'dropped' }), { ok: true, message: { type: 'selectImage', index: 2 } });
    assert.deepEqual(ok({ type: 'selectAnnotation', image: 2, annotation: 4 }), { ok: true, message: { type: 'selectAnnotation', image: 2, annotation: 4 } });
    assert.deepEqual(ok({ type: 'setColor', label: 'car', color: '#A0b1C2' }), { ok: true, message: { type: 'setColor', label: 'car', color: '#A0b1C2' } });
  });

  it('refuses indices out of range or not integers, bad colours, huge labels and unknown types', () => {
    const refused: unknown[] = [
      null, 'ready', [], {}, { type: 'evil' },
      { type: 'selectImage', index: 3 }, { type: 'selectImage', index: -1 }, { type: 'selectImage', index: 1.5 }, { type: 'selectImage', index: '1' }, { type: 'chooseImage', index: Number.NaN },
      { type: 'selectAnnotation', image: 1, annotation: 0 }, { type: 'selectAnnotation', image: 0, annotation: 2 }, { type: 'selectAnnotation', image: 9, annotation: 0 },
      { type: 'setColor', label: 'car', color: 'red' }, { type: 'setColor', label: 'car', color: '#fff' }, { type: 'setColor', label: 'car', color: 'url(javascript:x)' },
      { type: 'setColor', label: 'x'.repeat(201), color: '#000000' }, { type: 'setColor', label: 7, color: '#000000' },
    ];
    for (const m of refused) assert.equal(ok(m).ok, false, JSON.stringify(m));
  });

  it('remembers a bounded number of label colours, newest kept', () => {
    let colors: Record<string, string> = {};
    for (let i = 0; i < MAX_REMEMBERED_COLORS + 10; i++) colors = withColor(colors, `label-${i}`, '#112233');
    assert.equal(Object.keys(colors).length, MAX_REMEMBERED_COLORS);
    assert.equal(colors['label-0'], undefined);
    assert.equal(colors[`label-${MAX_REMEMBERED_COLORS + 9}`], '#112233');
    assert.deepEqual(withColor({ car: 'not a colour', bus: '#000000' }, 'car', '#ffffff'), { bus: '#000000', car: '#ffffff' });
  });
});
