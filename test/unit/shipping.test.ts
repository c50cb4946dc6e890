// What the package and the fresh-machine set-up promise, checked without building a .vsix (the
// host tier's `installed` run does that): every %key% of package.json has its text in
// package.nls.json and no text is orphaned; the restricted settings exist; what the walkthrough and
// the icon name is allow-listed in .vscodeignore; and the system-package plan of
// scripts/system-deps.mjs for each kind of machine, with the facts pretended, changing nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers';

const pkgText = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
const pkg = JSON.parse(pkgText);
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'));

/** Minimal .vscodeignore semantics as vsce has them: a file ships if no pattern ignores it or a `!` pattern allows it. */
function ships(file: string): boolean {
  const lines = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const toRegex = (glob: string): RegExp => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
  const allowed = lines.filter((l) => l.startsWith('!')).some((l) => toRegex(l.slice(1)).test(file));
  const ignored = lines.filter((l) => !l.startsWith('!')).some((l) => toRegex(l).test(file));
  return allowed || !ignored;
}

function plan(env: Record<string, string>): { action: string; commands?: string[][]; message?: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/system-deps.mjs'), '--plan'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('package.json and package.nls.json', () => {
  it('every %key% has its text, and every text is used', () => {
    const used = new Set([...pkgText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
    assert.ok(used.size > 40);
    assert.deepEqual([...used].filter((k) => !(k in nls)), []);
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
  });

  it('contributed titles and descriptions are all placeholders', () => {
    const c = pkg.contributes;
    const texts: string[] = [
      ...c.commands.map((x: { title: string }) => x.title),
      ...Object.values(c.configuration.properties).flatMap((p) => [(p as { description?: string }).description, (p as { markdownDescription?: string }).markdownDescription].filter((t): t is string => !!t)),
      ...c.views.datumStudio.map((v: { name: string }) => v.name),
      ...c.viewsWelcome.map((w: { contents: string }) => w.contents),
      ...c.walkthroughs.flatMap((w: { title: string; description: string; steps: { title: string; description: string }[] }) => [w.title, w.description, ...w.steps.flatMap((s) => [s.title, s.description])]),
    ];
    assert.deepEqual(texts.filter((t) => !/^%[^%]+%$/.test(t)), []);
  });

  it('restricts only settings that exist', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.ok(restricted.includes('datumStudio.annotations.imageRoots'));
    assert.deepEqual(restricted.filter((k) => !(k in pkg.contributes.configuration.properties)), []);
  });

  it('ships the icon, the walkthrough media and sample, and leaves the screenshots and source maps out', () => {
    const walkthroughMedia: string[] = pkg.contributes.walkthroughs.flatMap((w: { steps: { media: Record<string, string> }[] }) => w.steps.map((s) => s.media.svg ?? s.media.markdown ?? s.media.image));
    for (const file of [...walkthroughMedia, pkg.icon, 'samples/annotations/predictions-broken.json', 'samples/images/street.jpg', 'package.nls.json', 'dist/extension.js', 'dist/webview.js', 'dist/fullPassWorker.js', 'schemas/annotations.schema.json', 'LICENSE', 'CHANGELOG.md']) {
      assert.ok(ships(file), `${file} should ship`);
    }
    for (const walkthroughFile of walkthroughMedia) assert.ok(fs.existsSync(path.join(repoRoot, walkthroughFile)), walkthroughFile);
    for (const file of ['media/diagnostics-dark.png', 'dist/extension.js.map', 'dist/emulator.js', 'src/extension.ts', 'samples/annotations/street.json', 'test/host/index.ts']) {
      assert.ok(!ships(file), `${file} should not ship`);
    }
  });
});

describe('system packages for the tests (scripts/system-deps.mjs --plan)', () => {
  it('does nothing when chromium is there', { skip: !fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium') && 'no chromium on this machine' }, () => {
    assert.equal(plan({ DATUM_PRETEND_MISSING: '' }).action, 'none');
  });

  it('as root, installs it with apt-get, non-interactively', () => {
    const p = plan({ DATUM_PRETEND_MISSING: 'chromium', DATUM_PRETEND_UID: '0', DATUM_PRETEND_APT: '1' });
    assert.equal(p.action, 'install');
    assert.deepEqual(p.commands?.map((c) => c.filter((a) => !a.startsWith('DPkg') && a !== '-o')), [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'],
    ]);
  });

  it('not root but with password-less sudo, uses sudo -n', () => {
    const p = plan({ DATUM_PRETEND_MISSING: 'chromium', DATUM_PRETEND_UID: '1000', DATUM_PRETEND_APT: '1', DATUM_PRETEND_SUDO: '1' });
    assert.equal(p.action, 'install');
    assert.ok(p.commands?.every((c) => c[0] === 'sudo' && c[1] === '-n'));
  });

  it('otherwise stops with the one command to run', () => {
    const p = plan({ DATUM_PRETEND_MISSING: 'chromium', DATUM_PRETEND_UID: '1000', DATUM_PRETEND_APT: '1', DATUM_PRETEND_SUDO: '0' });
    assert.equal(p.action, 'stop');
    assert.match(p.message ?? '', /\n {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium$/);
    const noApt = plan({ DATUM_PRETEND_MISSING: 'chromium', DATUM_PRETEND_UID: '0', DATUM_PRETEND_APT: '0' });
    assert.equal(noApt.action, 'stop');
    assert.match(noApt.message ?? '', /CHROMIUM_PATH/);
  });
});
