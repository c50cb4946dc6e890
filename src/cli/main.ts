// `datum-studio validate [--format text|json|sarif|github] [--image-root DIR]... [--max-warnings N]
//   [--jobs N] [--shard K/N] <file|folder>...`
// The same core as the editor; exit 0 without errors, 1 with any error (or more warnings than
// --max-warnings), 2 on bad usage.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { DirectoryNameIndex } from '../core/files';
import { LineIndex } from '../core/text';
import { FORMAT_IDS, recognizePath, type FormatGlobs } from '../formats/formats';
import { MAX_BATCH_FILE_BYTES, Validator } from '../validation/analyze';
import { PROBLEM_CODES, type Problem } from '../validation/problems';
import { applySeverityOverrides, parseSeverityOverrides, type SeverityOverrides } from '../validation/severity';
import { isJobWorker, runHere, runJobs, serveJobs, type ChunkResult } from './jobs';
import { countBySeverity, formatReport, OUTPUT_FORMATS, type CliFinding, type OutputFormat } from './report';
import { inShard, parseShard, type Shard } from './shard';
import { syncFileAccess } from './syncFiles';

export type { CliFinding } from './report';

const USAGE = `Usage: datum-studio validate [options] <file|folder>...

Checks Valohai sidecars (*.metadata.json), valohai.metadata.jsonl, annotation JSON and per-file
metadata JSON. Folders are searched for recognized files. An image an annotation names is looked
for beside the annotation file, then in each --image-root, then by its file name in the folders
given (or the current folder). Settings datumStudio.files.*, datumStudio.annotations.imageRoots
and datumStudio.diagnostics.severity are read from .vscode/settings.json in the current folder.

Options:
  --format text|json|sarif|github  output format (default text)
  --image-root DIR                 another folder to look for images in (repeatable)
  --max-warnings N                 exit 1 when there are more than N warnings
  --jobs N|auto                    check files in N worker threads (same output as 1)
  --shard K/N                      check only the K-th of N stable parts of the file list

Exit status: 0 no errors, 1 errors found (or too many warnings), 2 bad usage.`;

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test']);

interface Options {
  format: OutputFormat;
  imageRoots: string[];
  paths: string[];
  maxWarnings?: number;
  jobs: number;
  shard?: Shard;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('Name a command.');
  if (command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'validate') throw new UsageError(`Unknown command "${command}".`);
  const options: Options = { format: 'text', imageRoots: [], paths: [], jobs: 1 };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--format') {
      const f = value();
      if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be ${OUTPUT_FORMATS.join(', ')}, not "${f}".`);
      options.format = f as OutputFormat;
    } else if (flag === '--image-root') options.imageRoots.push(path.resolve(value()));
    else if (flag === '--max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number >= 0, not "${v}".`);
      options.maxWarnings = Number(v);
    } else if (flag === '--jobs' || flag === '-j') {
      const v = value();
      if (v === 'auto') options.jobs = Math.max(1, os.availableParallelism());
      else if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 256) options.jobs = Number(v);
      else throw new UsageError(`--jobs needs a number from 1 to 256 or "auto", not "${v}".`);
    } else if (flag === '--shard') {
      const v = value();
      const shard = parseShard(v);
      if (!shard) throw new UsageError(`--shard needs K/N with 1 <= K <= N (e.g. 2/4), not "${v}".`);
      options.shard = shard;
    } else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else if (flag.startsWith('-')) throw new UsageError(`Unknown option "${flag}".`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError('Name at least one file or folder.');
  for (const p of options.paths) {
    if (!fs.existsSync(p)) throw new UsageError(`No such file or folder: ${p}`);
  }
  return options;
}

interface WorkspaceSettings {
  globs: FormatGlobs;
  imageRoots: string[];
  severity: SeverityOverrides;
  /** settings that were ignored, and why */
  notes: string[];
}

function readWorkspaceSettings(cwd: string): WorkspaceSettings {
  const settings: WorkspaceSettings = { globs: {}, imageRoots: [], severity: new Map(), notes: [] };
  let raw: Record<string, unknown>;
  try {
    raw = jsonc.parse(fs.readFileSync(path.join(cwd, '.vscode', 'settings.json'), 'utf8')) ?? {};
  } catch {
    return settings;
  }
  const keys: Record<string, (typeof FORMAT_IDS)[number]> = {
    'datumStudio.files.sidecar': 'sidecar',
    'datumStudio.files.metadataJsonl': 'metadata-jsonl',
    'datumStudio.files.annotations': 'annotations',
    'datumStudio.files.fileMetadata': 'file-metadata',
  };
  for (const [key, format] of Object.entries(keys)) {
    const value = raw[key];
    if (Array.isArray(value)) settings.globs[format] = value.filter((v): v is string => typeof v === 'string');
  }
  const roots = raw['datumStudio.annotations.imageRoots'];
  if (Array.isArray(roots)) settings.imageRoots = roots.filter((v): v is string => typeof v === 'string').map((r) => path.resolve(cwd, r));
  const severity = parseSeverityOverrides(raw['datumStudio.diagnostics.severity'], Object.keys(PROBLEM_CODES));
  settings.severity = severity.overrides;
  for (const w of severity.warnings) settings.notes.push(`.vscode/settings.json: ${w}`);
  return settings;
}

/** Candidate files: everything named explicitly, and in folders the names a format could have. */
function collectFiles(paths: string[]): { file: string; explicit: boolean }[] {
  const out: { file: string; explicit: boolean }[] = [];
  const stack: string[] = [];
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) stack.push(p);
    else out.push({ file: p, explicit: true });
  }
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) subdirs.push(full);
      } else if (entry.isFile() && /\.jsonl?$/i.test(entry.name)) out.push({ file: full, explicit: false });
    }
    stack.push(...subdirs.reverse());
  }
  return out;
}

function toFindings(file: string, text: string, problems: Problem[]): CliFinding[] {
  const index = new LineIndex(text);
  return problems.map((p) => {
    const start = index.positionAt(p.start);
    const end = index.positionAt(Math.min(p.end, text.length));
    return {
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: p.severity,
      code: p.code,
      message: p.message,
    };
  });
}

type Candidate = ReturnType<typeof collectFiles>[number];

/** What a worker thread needs to build the same checker (plain data). */
interface CheckSpec {
  paths: string[];
  imageRoots: string[];
  cwd: string;
}

export interface ValidateOptions {
  /** worker threads (default 1: this thread) */
  jobs?: number;
  shard?: Shard;
}

function relativeSlashes(file: string, cwd: string): string {
  const abs = path.resolve(file);
  return (path.relative(cwd, abs) || path.basename(abs)).split(path.sep).join('/');
}

export async function validatePaths(paths: string[], imageRoots: string[], cwd = process.cwd(), options: ValidateOptions = {}): Promise<{ findings: CliFinding[]; checked: number; notes: string[] }> {
  const settings = readWorkspaceSettings(cwd);
  const candidates = collectFiles(paths).filter((c) => inShard(relativeSlashes(c.file, cwd), options.shard));
  const spec: CheckSpec = { paths, imageRoots, cwd };
  const jobs = options.jobs ?? 1;
  const result = jobs > 1 && candidates.length > 1 ? await runJobs<Candidate, CliFinding, CheckSpec>(__filename, spec, candidates, jobs) : await runHere(candidates, checker(spec));
  return { findings: applySeverityOverrides(result.findings, settings.severity), checked: result.checked, notes: [...settings.notes, ...result.notes] };
}

/** Checks candidate files one after another; the same in this thread and in a worker. */
function checker({ paths, imageRoots, cwd }: CheckSpec): (candidates: Candidate[]) => Promise<ChunkResult<CliFinding>> {
  const settings = readWorkspaceSettings(cwd);
  const validator = new Validator();
  // Images are looked up by name in the folders named on the command line (else the current one).
  const folders = paths.filter((p) => fs.statSync(p).isDirectory()).map((p) => path.resolve(p));
  const index = new DirectoryNameIndex(folders.length > 0 ? folders : [cwd]);
  const files = syncFileAccess((name) => index.find(name));
  const roots = [...imageRoots, ...settings.imageRoots];
  return async (candidates) => {
    const findings: CliFinding[] = [];
    const notes: string[] = [];
    let checked = 0;
    for (const { file, explicit } of candidates) {
      const abs = path.resolve(file);
      const rel = path.relative(cwd, abs) || path.basename(abs);
      const relSlashes = rel.split(path.sep).join('/');
      const recognized = recognizePath(abs, relSlashes, settings.globs);
      if (!recognized && !/\.json$/i.test(abs)) {
        if (explicit) notes.push(`${rel}: not a format Datum Studio checks (skipped).`);
        continue;
      }
      const size = fs.statSync(abs).size;
      if (size > MAX_BATCH_FILE_BYTES) {
        findings.push({ file: rel, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'file-too-large', message: `The file is ${Math.round(size / 1048576)} MB, more than the ${MAX_BATCH_FILE_BYTES / 1048576} MB this command checks.` });
        continue;
      }
      const text = fs.readFileSync(abs, 'utf8');
      const analysis = await validator.validate(text, recognized?.format ?? 'auto', { filePath: abs, files, imageRoots: roots, workspaceRoots: folders.length > 0 ? folders : [cwd] });
      if (!analysis.format) {
        if (explicit) notes.push(`${rel}: not a format Datum Studio checks (skipped).`);
        continue;
      }
      checked++;
      findings.push(...toFindings(relSlashes, text, analysis.problems));
    }
    return { findings, checked, notes };
  };
}

if (isJobWorker()) serveJobs(checker);

export async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (!error.message) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    process.stderr.write(`datum-studio: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const cwd = process.cwd();
  const { findings, checked, notes } = await validatePaths(options.paths, options.imageRoots, cwd, { jobs: options.jobs, shard: options.shard });
  for (const note of notes) process.stderr.write(note + '\n');
  process.stdout.write(formatReport(options.format, { findings, checked, notes, cwd }));
  const counts = countBySeverity(findings);
  if (counts.error > 0) return 1;
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    process.stderr.write(`datum-studio: ${counts.warning} warnings, more than --max-warnings ${options.maxWarnings}.\n`);
    return 1;
  }
  return 0;
}
