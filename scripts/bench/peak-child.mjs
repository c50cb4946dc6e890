// One peak-memory measurement, in a fresh process: node --expose-gc peak-child.mjs <contender> <file> <bundle> <root>
// Every child loads the same modules and warms up the same way before its baseline, so the
// contenders differ only in the work they do on the file. Prints one JSON line.
import * as fs from 'fs';
import { loadContenders } from './contenders.mjs';

const [contender, file, bundle, root] = process.argv.slice(2);
const c = loadContenders(root, bundle);
await c.warmUp();
const text = fs.readFileSync(file, 'utf8');
globalThis.gc?.();
const baselineRssKB = Math.round(process.memoryUsage().rss / 1024);
const maxRssBeforeKB = process.resourceUsage().maxRSS;

let kept;
let problems;
switch (contender) {
  case 'json-parse':
    kept = c.jsonParse(text);
    break;
  case 'ours':
    kept = c.ours(text);
    problems = kept.problems.length;
    break;
  case 'ours+dups': {
    kept = c.ours(text);
    const dups = c.dups(kept);
    problems = kept.problems.length + dups.length;
    break;
  }
  case 'ls':
    kept = await c.languageService(text);
    problems = kept.length;
    break;
  default:
    throw new Error(`unknown contender ${contender}`);
}
const peakKB = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify({ contender, baselineRssKB, maxRssBeforeKB, peakKB, problems, kept: kept !== undefined }) + '\n');
