// The hostile-input suite: generates files nobody vetted (random bytes, truncations, deep nesting,
// huge arrays and strings, odd encodings and line endings, special files) and runs the real CLI on
// each in its own process with a time and memory limit. A run passes when it exits 0, 1 or 2 on its
// own, prints no stack trace and no "internal error". `npm test` runs the small set (unit tier),
// `npm run fuzz` the full one and prints `N files, 0 crashes, 0 hangs, peak RSS X MB`.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
// DATUM_FUZZ_BIN runs the suite against another build (e.g. an older commit's, to see it fail).
const BIN = process.env.DATUM_FUZZ_BIN ?? path.join(repoRoot, 'bin', 'datum-studio.js');
const RSS_PRELOAD = path.join(repoRoot, 'scripts', 'fuzz', 'rss.cjs');

export interface HostileCase {
  name: string;
  /** arguments after `validate` */
  args: string[];
  cwd: string;
  /** run as an unprivileged user (permission tests when we are root) */
  unprivileged?: boolean;
  /** exit code the case must give, when it is known (else 0, 1 or 2) */
  expectCode?: 0 | 1;
  /** text stdout must hold */
  expectOut?: RegExp;
  /** text stderr must hold */
  expectErr?: RegExp;
}

export interface Limits {
  timeoutMs: number;
  /** V8 heap limit for the child */
  heapMB: number;
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** peak resident set size of the child, in KB (0 when it died before saying) */
  peakKB: number;
}

export type Verdict = { ok: true } | { ok: false; kind: 'crash' | 'hang' | 'wrong'; why: string };

/** Small, seeded PRNG (mulberry32): the same seed gives the same files on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ANNOTATIONS = JSON.stringify(
  {
    images: [
      { image: 'a.png', annotations: [{ type: 'rectangle', label: 'car', bbox: [1, 2, 3, 4], confidence: 0.5 }, { label: 'road', polygon: [[0, 0], [5, 0], [5, 5]] }] },
      { image: 'b.png', annotations: [{ label: 'lane', line: [[0, 0], [3, 3]] }] },
    ],
  },
  null,
  2,
);
const FILE_METADATA = JSON.stringify({ files: [{ file: 'a.png', metadata: { 'valohai.tags': ['x'], n: 1 } }, { file: 'b.png', metadata: {} }] }, null, 2);
const SIDECAR = JSON.stringify({ 'valohai.tags': ['a', 'b'], 'valohai.alias': 'latest', 'valohai.dataset-versions': ['dataset://d/v1'], epochs: 3 }, null, 2);
const JSONL = ['{"file": "model.h5", "metadata": {"valohai.tags": ["x"]}}', '{"dataset": "dataset://d", "metadata": {"k": 1}}', '{"dataset-version": "dataset://d/v", "metadata": {}}'].join('\n') + '\n';

/** The shapes a file can pretend to be: a name it is recognized by, and valid text of it. */
const SHAPES = [
  { name: 'labels.json', text: ANNOTATIONS },
  { name: 'files.json', text: FILE_METADATA },
  { name: 'model.h5.metadata.json', text: SIDECAR },
  { name: 'valohai.metadata.jsonl', text: JSONL },
] as const;

class Writer {
  readonly cases: HostileCase[] = [];
  private n = 0;
  constructor(readonly root: string) {}

  /** A fresh folder per file, so names (valohai.metadata.jsonl) never clash. */
  file(label: string, name: string, content: string | Buffer, options: Partial<HostileCase> & { folderMode?: boolean } = {}): string {
    const dir = path.join(this.root, String(this.n++).padStart(4, '0'));
    fs.mkdirSync(dir);
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    this.cases.push({ name: `${label} (${name})`, args: [options.folderMode ? '.' : name], cwd: dir, ...options });
    return file;
  }

  folder(label: string, build: (dir: string) => void, options: Partial<HostileCase> = {}): string {
    const dir = path.join(this.root, String(this.n++).padStart(4, '0'));
    fs.mkdirSync(dir);
    build(dir);
    this.cases.push({ name: label, args: ['.'], cwd: dir, ...options });
    return dir;
  }
}

function randomBytes(rand: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

function utf32le(text: string): Buffer {
  const b = Buffer.alloc(text.length * 4);
  for (let i = 0; i < text.length; i++) b.writeUInt32LE(text.charCodeAt(i), i * 4);
  return b;
}

/**
 * Writes the hostile files under `root` and returns the cases. `full` adds the large and the many
 * (hundreds of files, some of 50-200 MB); without it the set is small enough for every `npm test`.
 */
export function generateHostileFiles(root: string, full: boolean, seed = 10): HostileCase[] {
  const w = new Writer(root);
  const rand = prng(seed);
  const big = full ? 1 : 0.2;

  // --- The repros, each with the result it must give.
  w.file('130,000 problems', 'labels.json', JSON.stringify({ images: [{ image: 'x.png', annotations: Array(130000).fill({ label: 'a', bbox: [5, 5, -1, 2] }) }] }), {
    expectCode: 1,
    expectOut: /too-many-problems: …and 120,001 more problems/,
  });
  const broken = {
    truncated: '{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [1, 2',
    NaN: '{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [NaN, 1, 2, 3]}]}]}',
    hex: '{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [0x1F, 1, 2, 3]}]}]}',
    'leading zero': '{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [01, 1, 2, 3]}]}]}',
    'NUL byte': '{"images": [{"image": "a.png", "annotations": [{"label": "a\u0000", "bbox": [1, 1, 2, 3]}]}]}',
  };
  for (const [label, text] of Object.entries(broken)) {
    // Named on the command line, and found in a folder by content: invalid-json either way.
    w.file(`annotations, ${label}`, 'labels.json', text, { expectCode: 1, expectOut: /invalid-json/ });
    w.file(`annotations in a folder, ${label}`, 'labels.json', text, { expectCode: 1, expectOut: /invalid-json/, folderMode: true });
  }
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ANNOTATIONS, 'utf16le')]);
  w.file('annotations, UTF-16 LE with BOM', 'labels.json', utf16, { expectCode: 1, expectOut: /wrong-encoding/ });
  w.file('annotations in a folder, UTF-16 LE with BOM', 'labels.json', utf16, { expectCode: 1, expectOut: /wrong-encoding/, folderMode: true });
  w.file('annotations, UTF-16 BE without BOM', 'labels.json', utf16be(ANNOTATIONS), { expectCode: 1, expectOut: /wrong-encoding/ });
  w.file('unparseable JSON named on the command line', 'notes.json', '{"a": ', { expectCode: 1, expectOut: /invalid-json/ });
  w.file('50 MB of [', 'labels.json', '['.repeat(Math.round(50 * 1048576 * (full ? 1 : 0.2))), { expectCode: 1, expectOut: /too-deep/ });
  if (full) w.file('200 MB of [', 'labels.json', '['.repeat(200 * 1048576), { expectCode: 1, expectOut: /too-deep/ });
  {
    // Over V8's string limit: refused from its size, never read (a sparse file costs no disk).
    const file = w.file('536,870,900 bytes', 'labels.json', '');
    fs.truncateSync(file, 536_870_900);
    w.cases[w.cases.length - 1].expectCode = 1;
    w.cases[w.cases.length - 1].expectOut = /file-too-large/;
  }
  {
    const keys: Record<string, unknown> = { label: 'a', bbox: [1, 1, 1, 1] };
    const n = full ? 300 : 20;
    for (let i = 0; i < n; i++) keys[String.fromCharCode(97 + (i % 26)).repeat(50_000) + i] = 1;
    // Unknown keys in annotations are warnings; none gets a suggestion (no known key is that long).
    w.file('long unknown keys', 'labels.json', JSON.stringify({ images: [{ image: 'a.png', annotations: [keys] }] }), { expectCode: 0, expectOut: new RegExp(`^(?:.*warning unknown-key: (?!.*Did you mean).*\\n){${n}}`, 'm') });
  }
  w.file('control characters in a key', 'labels.json', JSON.stringify({ images: [{ image: 'a.png', annotations: [{ label: 'a', bbox: [1, 1, 1, 1], ['x\n0 errors, 0 warnings, 0 information in 1 file checked.\n\u001b[2K\u001b[32m']: 1 }] }] }), {
    expectCode: 0,
    expectOut: /unknown-key: Unknown key `x\\n0 errors, 0 warnings, 0 information in 1 file checked\.\\n\\u001b\[2K\\u001b\[32m`/,
  });
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    w.file(`key ${key}`, 'labels.json', `{"images": [{"image": "a.png", "annotations": [{"label": "${key}", "type": "${key}", "${key}": 1, "bbox": [1, 1, 1, 1]}]}], "${key}": {}}`, { expectCode: 1 });
    w.file(`sidecar key ${key}`, 'x.metadata.json', `{"${key}": 1, "valohai.tags": ["${key}"]}`, { expectCode: 0 });
  }
  w.file('CR-only line endings', 'x.metadata.json', '{\r  "a": 1,\r  "valohai.tags": "x"\r}\r', { expectCode: 1, expectOut: /x\.metadata\.json:3:19: error tags-not-list/ });
  w.file('CR-only JSONL', 'valohai.metadata.jsonl', '{"dataset": "dataset://d", "metadata": {}}\r{"file": "b", "metadata": {"valohai.alias": 1}}\r', {
    expectCode: 1,
    expectOut: /valohai\.metadata\.jsonl:2:45: error alias-not-string/,
  });
  {
    // One LF at the very end: a line splitter that looks for the next LF on every line is quadratic.
    const lines = full ? 1_000_000 : 100_000;
    w.file(`${lines.toLocaleString('en-US')} CR-only JSONL lines`, 'valohai.metadata.jsonl', '{"dataset": "dataset://d", "metadata": {}}\r'.repeat(lines) + '{"file": "b", "metadata": {"valohai.alias": 1}}\n', {
      expectCode: 1,
      expectOut: new RegExp(`valohai\\.metadata\\.jsonl:${lines + 1}:\\d+: error alias-not-string`),
    });
  }
  w.file('invalid UTF-8', 'x.metadata.json', Buffer.concat([Buffer.from('{"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]), { expectCode: 0, expectOut: /warning invalid-utf8: .*byte 10 \(0xE9\)/ });
  w.file('1e400', 'labels.json', '{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [1e400, 1, 2, 3], "confidence": -1e400}]}]}', { expectCode: 1, expectOut: /not Infinity/ });
  {
    const lines = full ? 1_000_000 : 20_000;
    let text = '';
    for (let i = 0; i < lines; i++) text += `{"file": "f${i}.bin", "metadata": {}}\n`;
    w.file(`${lines.toLocaleString('en-US')} JSONL file lines`, 'valohai.metadata.jsonl', text, { expectCode: 0, expectOut: /jsonl-file-missing/ });
  }

  // --- Special files.
  const annotationsText = ANNOTATIONS;
  w.folder('a FIFO named on the command line', (dir) => {
    spawnSync('mkfifo', [path.join(dir, 'pipe.json')]);
  });
  Object.assign(w.cases[w.cases.length - 1], { args: ['pipe.json'], expectCode: 0, expectErr: /pipe\.json: skipped, a named pipe \(FIFO\) is not a regular file/ });
  w.folder(
    'a FIFO in a folder',
    (dir) => {
      spawnSync('mkfifo', [path.join(dir, 'labels.json')]);
    },
    { expectCode: 0, expectErr: /labels\.json: skipped, a named pipe \(FIFO\)/ },
  );
  w.folder('a symlink to /dev/zero named on the command line', (dir) => fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json')));
  Object.assign(w.cases[w.cases.length - 1], { args: ['zero.json'], expectCode: 0, expectErr: /zero\.json: skipped, a character device is not a regular file/ });
  w.folder('a symlink to /dev/zero in a folder', (dir) => fs.symlinkSync('/dev/zero', path.join(dir, 'labels.json')), { expectCode: 0, expectErr: /labels\.json: skipped, a symbolic link to a character device/ });
  w.folder('a dangling symlink in a folder', (dir) => fs.symlinkSync(path.join(dir, 'gone.json'), path.join(dir, 'labels.json')));
  w.folder('a symlink loop in a folder', (dir) => {
    fs.symlinkSync(path.join(dir, 'b.json'), path.join(dir, 'a.json'));
    fs.symlinkSync(path.join(dir, 'a.json'), path.join(dir, 'b.json'));
  });
  w.folder(
    'a folder symlinked into itself',
    (dir) => {
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.symlinkSync(dir, path.join(dir, 'sub', 'loop'));
      fs.writeFileSync(path.join(dir, 'sub', 'x.metadata.json'), '{}');
    },
    { expectCode: 0, expectOut: /in 1 file checked/, expectErr: /sub\/loop: skipped, a symbolic link to a folder/ },
  );
  w.folder(
    'symlinked broken annotations in a folder are checked',
    (dir) => {
      fs.mkdirSync(path.join(dir, 'real'));
      fs.writeFileSync(path.join(dir, 'real', 'labels.txt'), '{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [1, 1, -1, 1]}]}]}');
      fs.mkdirSync(path.join(dir, 'checked'));
      fs.symlinkSync(path.join(dir, 'real', 'labels.txt'), path.join(dir, 'checked', 'labels.json'));
    },
    { expectCode: 1, expectOut: /checked\/labels\.json:1:\d+: error bbox-negative-size/ },
  );
  w.folder('a folder named like a JSON file', (dir) => fs.mkdirSync(path.join(dir, 'labels.json')));
  w.folder(
    'chmod 000 file named on the command line',
    (dir) => {
      fs.writeFileSync(path.join(dir, 'labels.json'), annotationsText);
      fs.chmodSync(path.join(dir, 'labels.json'), 0o000);
    },
    { unprivileged: true, expectCode: 1, expectOut: /labels\.json:1:1: error file-unreadable: .*permission denied/ },
  );
  w.cases[w.cases.length - 1].args = ['labels.json'];
  w.folder(
    'chmod 000 file and folder in a folder',
    (dir) => {
      fs.writeFileSync(path.join(dir, 'labels.json'), annotationsText);
      fs.chmodSync(path.join(dir, 'labels.json'), 0o000);
      fs.mkdirSync(path.join(dir, 'locked'));
      fs.writeFileSync(path.join(dir, 'locked', 'x.metadata.json'), '{}');
      fs.chmodSync(path.join(dir, 'locked'), 0o000);
    },
    { unprivileged: true, expectCode: 1, expectOut: /locked:1:1: error file-unreadable: .*permission denied/ },
  );
  w.folder(
    'chmod 000 file inside a chmod 000 folder, named on the command line',
    (dir) => {
      fs.mkdirSync(path.join(dir, 'locked'));
      fs.writeFileSync(path.join(dir, 'locked', 'x.metadata.json'), '{}');
      fs.chmodSync(path.join(dir, 'locked'), 0o000);
    },
    { unprivileged: true, expectCode: 1, expectOut: /file-unreadable/ },
  );
  w.cases[w.cases.length - 1].args = ['locked/x.metadata.json'];
  w.folder(
    'twelve **/ in a glob from .vscode/settings.json, against a path 50 folders deep',
    (dir) => {
      fs.mkdirSync(path.join(dir, '.vscode'));
      const pattern = Array(12).fill('**/a').join('/') + '/b.json';
      fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'datumStudio.files.annotations': [pattern, 'x'.repeat(5000)] }));
      const deep = path.join(dir, ...Array(50).fill('a'));
      fs.mkdirSync(deep, { recursive: true });
      fs.writeFileSync(path.join(deep, 'c.json'), '{}');
      fs.writeFileSync(path.join(deep, 'b.json'), '{}');
    },
    // b.json matches the glob (so it is checked, and `{}` lacks `images`); c.json does not.
    { expectCode: 1, expectOut: /^(a\/){50}b\.json:1:1: error missing-key.*\n.*in 1 file checked/m },
  );
  w.folder('a hostile .vscode/settings.json', (dir) => {
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{"datumStudio.files.annotations": ' + '['.repeat(100_000));
    fs.writeFileSync(path.join(dir, 'x.metadata.json'), '{}');
  });
  w.folder('.vscode/settings.json is a FIFO', (dir) => {
    fs.mkdirSync(path.join(dir, '.vscode'));
    spawnSync('mkfifo', [path.join(dir, '.vscode', 'settings.json')]);
    fs.writeFileSync(path.join(dir, 'x.metadata.json'), '{}');
  });

  // --- Each shape, broken in the generic ways (the small set takes every other variant per shape).
  SHAPES.forEach((shape, shapeIndex) => {
    const text = shape.text;
    let variant = 0;
    const file = (label: string, name: string, content: string | Buffer): void => {
      if (full || (variant++ + shapeIndex) % 2 === 0) w.file(label, name, content);
    };
    file(`${shape.name}: empty`, shape.name, '');
    file(`${shape.name}: whitespace`, shape.name, ' \n\t\r\n ');
    file(`${shape.name}: BOM only`, shape.name, '\uFEFF');
    file(`${shape.name}: UTF-8 BOM`, shape.name, '\uFEFF' + text);
    file(`${shape.name}: UTF-16 LE`, shape.name, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    file(`${shape.name}: UTF-16 BE`, shape.name, Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]));
    file(`${shape.name}: UTF-32 LE`, shape.name, Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le(text)]));
    file(`${shape.name}: Latin-1`, shape.name, Buffer.from(text.replace('"a.png"', '"caf\u00e9.png"').replace('"x"', '"\u00e9"'), 'latin1'));
    file(`${shape.name}: CRLF`, shape.name, text.replace(/\n/g, '\r\n'));
    file(`${shape.name}: CR only`, shape.name, text.replace(/\n/g, '\r'));
    file(`${shape.name}: mixed line endings`, shape.name, text.split('\n').map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join(''));
    file(`${shape.name}: U+2028 separators`, shape.name, text.replace(/\n/g, '\u2028'));
    file(`${shape.name}: NUL appended`, shape.name, text + '\u0000');
    file(`${shape.name}: overlong UTF-8`, shape.name, Buffer.concat([Buffer.from(text.slice(0, 20)), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from(text.slice(20))]));
    file(`${shape.name}: lone surrogate escapes`, shape.name, text.replace('"a.png"', '"\\ud800\\udfff\\udc00.png"'));
    file(`${shape.name}: control characters`, shape.name, text.replace('"a.png"', '"\u001b[31ma\u0007\u0008.png"'));
    const truncations = full ? 40 : 2;
    for (let k = 0; k < truncations; k++) {
      const cut = 1 + Math.floor(rand() * (text.length - 1));
      file(`${shape.name}: truncated at ${cut}`, shape.name, text.slice(0, cut));
    }
    const mutations = full ? 40 : 1;
    for (let k = 0; k < mutations; k++) {
      const bytes = Buffer.from(text);
      for (let m = 0; m < 1 + Math.floor(rand() * 8); m++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      file(`${shape.name}: ${k}th random bytes changed`, shape.name, bytes);
    }
    for (const ch of ['[', '{"a":', '[{"images":']) {
      const n = Math.round(200_000 * big);
      file(`${shape.name}: ${n} × ${ch}`, shape.name, ch.repeat(n));
      file(`${shape.name}: ${Math.min(n, 5000)} × ${ch} closed`, shape.name, wrapDeep(ch, Math.min(n, 5000)));
    }
  });

  // --- Huge and many, in valid JSON.
  const n = Math.round(1_000_000 * big);
  w.file(`huge array of ${n} numbers`, 'labels.json', `{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [1, 1, 1, 1], "metadata": {"v": [${Array(n).fill('1.5e3').join(',')}]}}]}]}`);
  w.file(`huge bbox of ${n} numbers`, 'labels.json', `{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [${Array(n).fill('1').join(',')}]}]}]}`, { expectCode: 1 });
  w.file(`polygon of ${n} points`, 'labels.json', `{"images": [{"image": "a.png", "annotations": [{"label": "a", "polygon": [${Array(n).fill('[-1,2]').join(',')}]}]}]}`);
  w.file(`${Math.round(n / 10)} images`, 'labels.json', JSON.stringify({ images: Array.from({ length: Math.round(n / 10) }, (_, i) => ({ image: `i${i % 50}.png`, annotations: [] })) }));
  w.file(`huge string (${Math.round(50 * big)} MB)`, 'x.metadata.json', JSON.stringify({ 'valohai.alias': 'x'.repeat(Math.round(50 * big * 1048576)) }));
  w.file(`huge key (${Math.round(10 * big)} MB)`, 'x.metadata.json', JSON.stringify({ ['valohai.' + 'k'.repeat(Math.round(10 * big * 1048576))]: 1 }));
  w.file(`huge escaped string`, 'x.metadata.json', '{"a": "' + '\\u0041\\"\\\\'.repeat(Math.round(500_000 * big)) + '"}');
  w.file(`many keys`, 'x.metadata.json', JSON.stringify(Object.fromEntries(Array.from({ length: Math.round(200_000 * big) }, (_, i) => [`k${i}`, i]))));
  w.file(`many duplicate keys`, 'x.metadata.json', '{' + Array.from({ length: Math.round(100_000 * big) }, (_, i) => `"k${i % 7}": ${i}`).join(',') + '}');
  w.file(`many valohai. keys`, 'x.metadata.json', JSON.stringify(Object.fromEntries(Array.from({ length: Math.round(50_000 * big) }, (_, i) => [`valohai.tag${i}`, i]))));
  w.file(`one long line`, 'valohai.metadata.jsonl', `{"file": "a", "metadata": {"v": "${'y'.repeat(Math.round(20 * big * 1048576))}"}}`);
  w.file(`many broken JSONL lines`, 'valohai.metadata.jsonl', Array.from({ length: Math.round(200_000 * big) }, (_, i) => (i % 2 ? '{"file": ' : `{"dataset": "dataset://d", "metadata": {"valohai.alias": ${i}}}`)).join('\n'), { expectCode: 1 });
  w.file(`deep JSONL line`, 'valohai.metadata.jsonl', '{"file": "a", "metadata": {"v": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}}\n{"file": "b"}', { expectCode: 1, expectOut: /too-deep/ });
  w.file(`numbers at the edges`, 'labels.json', '{"images": [{"image": "a.png", "annotations": [{"label": "a", "bbox": [-0, 1e-400, 9007199254740993, 1.7976931348623157e308], "confidence": 0.99999999999999999999}]}]}');

  // --- Random bytes, some with a JSON start.
  const randoms = full ? 120 : 4;
  for (let k = 0; k < randoms; k++) {
    const size = Math.floor(rand() ** 3 * (full ? 2_000_000 : 20_000)) + 1;
    const shape = SHAPES[k % SHAPES.length];
    const bytes = randomBytes(rand, size);
    const prefix = k % 3 === 0 ? Buffer.from('{"images": [') : k % 3 === 1 ? Buffer.from('{"files": [') : Buffer.alloc(0);
    w.file(`${size} random bytes`, shape.name, Buffer.concat([prefix, bytes]));
  }
  // Random JSON-ish token soup: valid-looking, deeply wrong.
  const soups = full ? 60 : 2;
  const tokens = ['{', '}', '[', ']', ',', ':', '"images"', '"files"', '"bbox"', '"label"', '"\\u0000"', '1e400', '-', '0', 'null', 'true', '"__proto__"', '"constructor"', ' ', '\n', '\r', '"'];
  for (let k = 0; k < soups; k++) {
    let text = '{"images": [';
    const len = Math.floor(rand() * (full ? 20_000 : 2_000));
    for (let t = 0; t < len; t++) text += tokens[Math.floor(rand() * tokens.length)];
    w.file(`token soup ${k}`, SHAPES[k % SHAPES.length].name, text);
  }
  return w.cases;
}

function wrapDeep(open: string, n: number): string {
  if (open === '[') return '['.repeat(n) + ']'.repeat(n);
  if (open === '{"a":') return '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  return '[{"images":'.repeat(n) + '[]' + '}]'.repeat(n);
}

let unprivileged: { uid: number; gid: number } | { skip: string } | undefined;

/**
 * Who to run permission cases as. chmod 000 stops nobody when we are root, so as root the child
 * runs as user "nobody" (uid 65534), which must be able to read the repository.
 */
export function unprivilegedUser(): { uid: number; gid: number } | { skip: string } {
  if (unprivileged) return unprivileged;
  if (typeof process.getuid !== 'function') return (unprivileged = { skip: 'no POSIX user ids on this platform, so chmod 000 cannot be tested' });
  if (process.getuid() !== 0) return (unprivileged = { uid: process.getuid(), gid: process.getgid!() });
  const nobody = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, ['--require', RSS_PRELOAD, '-e', `require(${JSON.stringify(path.join(repoRoot, 'dist', 'cli.js'))})`], { ...nobody, encoding: 'utf8' });
  unprivileged = probe.status === 0 ? nobody : { skip: `running as root, and user "nobody" cannot load the CLI from ${repoRoot}: ${probe.error?.message ?? probe.stderr.split('\n')[0]}` };
  return unprivileged;
}

/** Makes the generated tree readable for the unprivileged user (mkdtemp creates it 0700). */
export function openUp(root: string): void {
  fs.chmodSync(root, 0o755);
}

export function runCase(c: HostileCase, limits: Limits): Promise<RunResult> {
  const rssFile = path.join(os.tmpdir(), `datum-fuzz-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const user = c.unprivileged ? unprivilegedUser() : undefined;
  if (user && 'skip' in user) throw new Error(`cannot run "${c.name}" unprivileged: ${user.skip}`);
  const child = spawn(process.execPath, [`--max-old-space-size=${limits.heapMB}`, '--require', RSS_PRELOAD, BIN, 'validate', ...c.args], {
    cwd: c.cwd,
    env: { ...process.env, DATUM_FUZZ_RSS_FILE: rssFile, DATUM_STUDIO_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ?? {}),
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  // Keep the first 64 MB of each stream: enough to judge, bounded whatever the CLI prints.
  const keep = (list: Buffer[]) => (chunk: Buffer) => {
    if (list.reduce((n, b) => n + b.length, 0) < 64 * 1048576) list.push(chunk);
  };
  child.stdout.on('data', keep(out));
  child.stderr.on('data', keep(err));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, limits.timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let peakKB = 0;
      try {
        peakKB = Number(fs.readFileSync(rssFile, 'utf8')) || 0;
        fs.rmSync(rssFile);
      } catch {
        // the child died before writing it
      }
      resolve({ status, signal, timedOut, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), peakKB });
    });
  });
}

/** Runs the cases `jobs` at a time; calls `done` for each as it finishes. */
export async function runAll(cases: readonly HostileCase[], limits: Limits, jobs: number, done: (c: HostileCase, r: RunResult, v: Verdict) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++];
      const r = await runCase(c, limits);
      done(c, r, judge(c, r));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
}

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

export function judge(c: HostileCase, r: RunResult): Verdict {
  if (r.timedOut) return { ok: false, kind: 'hang', why: 'did not finish in time' };
  if (r.status === null) return { ok: false, kind: 'crash', why: `killed by ${r.signal}` };
  if (![0, 1, 2].includes(r.status)) return { ok: false, kind: 'crash', why: `exit code ${r.status}: ${r.stderr.slice(0, 300)}` };
  if (STACK_LINE.test(r.stderr) || STACK_LINE.test(r.stdout)) return { ok: false, kind: 'crash', why: `stack trace: ${r.stderr.slice(0, 300)}` };
  if (/internal error/.test(r.stderr)) return { ok: false, kind: 'crash', why: r.stderr.slice(0, 300) };
  if (c.expectCode !== undefined && r.status !== c.expectCode) return { ok: false, kind: 'wrong', why: `exit code ${r.status}, expected ${c.expectCode}; stdout: ${r.stdout.slice(0, 300)}; stderr: ${r.stderr.slice(0, 300)}` };
  if (c.expectOut && !c.expectOut.test(r.stdout)) return { ok: false, kind: 'wrong', why: `stdout does not match ${c.expectOut}: ${r.stdout.slice(0, 500)}` };
  if (c.expectErr && !c.expectErr.test(r.stderr)) return { ok: false, kind: 'wrong', why: `stderr does not match ${c.expectErr}: ${r.stderr.slice(0, 500)}` };
  // Text output is one finding per line and one summary line: no file content can add lines.
  if (r.status !== 2) {
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    const summaries = lines.filter((l) => /^\d+ errors?, \d+ warnings?, \d+ information in \d+ files? checked\.$/.test(l));
    if (summaries.length !== 1 || lines[lines.length - 1] !== summaries[0]) return { ok: false, kind: 'wrong', why: `not exactly one summary line, at the end: ${r.stdout.slice(-500)}` };
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stdout)) return { ok: false, kind: 'wrong', why: 'raw control characters in the text output' };
  }
  return { ok: true };
}
