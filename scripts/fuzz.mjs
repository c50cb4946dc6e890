// `npm run fuzz`: the full hostile-input suite (test/fuzz/hostile.ts). Generates some hundreds of
// hostile files (a few of 50-200 MB; about 1 GB of disk in the temp folder, removed at the end) and
// runs the CLI on each, two at a time, each with a time and heap limit. Prints one line per failure
// and then `N files, C crashes, H hangs, peak RSS X MB`; exits 1 unless every run passed.
// Options: --seed N (default 10), --jobs N (default 2), --keep (leave the files for a look).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const require = createRequire(import.meta.url);
const { generateHostileFiles, runAll, unprivilegedUser, openUp } = require(path.join(REPO_ROOT, 'out/test/fuzz/hostile.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const seed = option('--seed', 10);
const jobs = option('--jobs', 2);
const keep = args.includes('--keep');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-fuzz-'));
openUp(root);
const started = Date.now();
let cases = generateHostileFiles(root, true, seed);
const user = unprivilegedUser();
if ('skip' in user) {
  const skipped = cases.filter((c) => c.unprivileged);
  console.log(`skipped ${skipped.length} permission cases: ${user.skip}`);
  cases = cases.filter((c) => !c.unprivileged);
}
console.log(`generated ${cases.length} hostile files in ${root} (${((Date.now() - started) / 1000).toFixed(1)} s), seed ${seed}`);

let crashes = 0;
let hangs = 0;
let wrong = 0;
let peakKB = 0;
let peakName = '';
let done = 0;
await runAll(cases, { timeoutMs: 180_000, heapMB: 4096 }, jobs, (c, r, v) => {
  done++;
  if (r.peakKB > peakKB) {
    peakKB = r.peakKB;
    peakName = c.name;
  }
  if (!v.ok) {
    if (v.kind === 'crash') crashes++;
    else if (v.kind === 'hang') hangs++;
    else wrong++;
    console.log(`FAIL ${v.kind}: ${c.name} [${c.cwd}]: ${v.why}`);
  }
  if (done % 50 === 0) process.stderr.write(`  ${done}/${cases.length}\n`);
});
if (!keep) fs.rmSync(root, { recursive: true, force: true });
if (wrong) console.log(`${wrong} runs gave a wrong result`);
console.log(`${cases.length} files, ${crashes} crashes, ${hangs} hangs, peak RSS ${Math.round(peakKB / 1024)} MB (${peakName}), ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = crashes || hangs || wrong ? 1 : 0;
