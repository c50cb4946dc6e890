// `datum-studio validate [--format text|json] [--image-root DIR]... <file|folder>...`
// The same core as the editor; exit 0 without errors, 1 with any error, 2 on bad usage.
import * as fs from 'fs';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { DirectoryNameIndex, nodeFileAccess } from '../core/files';
import { LineIndex } from '../core/text';
import { FORMAT_IDS, recognizePath, type FormatGlobs } from '../formats/formats';
import { MAX_BATCH_FILE_BYTES, Validator } from '../validation/analyze';
import type { Problem } from '../validation/problems';
import { runCompare } from './compare';
import { runStats } from './stats';

const USAGE = `Usage: datum-studio validate [--format text|json] [--image-root DIR]... <file|folder>...

Checks Valohai sidecars (*.metadata.json), valohai.metadata.jsonl, annotation JSON and per-file
metadata JSON. Folders are searched for recognized files. An image an annotation names is looked
for beside the annotation file, then in each --image-root, then by its file name in the folders
given (or the current folder). Settings datumStudio.files.* and datumStudio.annotations.imageRoots
are read from .vscode/settings.json in the current folder.

Exit status: 0 no errors, 1 errors found, 2 bad usage.

Also: datum-studio compare --help, datum-studio stats --help.`;

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test']);

export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Problem['severity'];
  code: string;
  message: string;
}

interface Options {
  format: 'text' | 'json';
  imageRoots: string[];
  paths: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('Name a command.');
  if (command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'validate') throw new UsageError(`Unknown command "${command}".`);
  const options: Options = { format: 'text', imageRoots: [], paths: [] };
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
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not "${f}".`);
      options.format = f;
    } else if (flag === '--image-root') options.imageRoots.push(path.resolve(value()));
    else if (flag === '--help' || flag === '-h') throw new UsageError('');
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
}

function readWorkspaceSettings(cwd: string): WorkspaceSettings {
  const settings: WorkspaceSettings = { globs: {}, imageRoots: [] };
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

export async function validatePaths(paths: string[], imageRoots: string[], cwd = process.cwd()): Promise<{ findings: CliFinding[]; checked: number; notes: string[] }> {
  const settings = readWorkspaceSettings(cwd);
  const validator = new Validator();
  // Images are looked up by name in the folders named on the command line (else the current one).
  const folders = paths.filter((p) => fs.statSync(p).isDirectory()).map((p) => path.resolve(p));
  const index = new DirectoryNameIndex(folders.length > 0 ? folders : [cwd]);
  const files = nodeFileAccess((name) => index.find(name));
  const roots = [...imageRoots, ...settings.imageRoots];
  const findings: CliFinding[] = [];
  const notes: string[] = [];
  let checked = 0;
  for (const { file, explicit } of collectFiles(paths)) {
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
}

function formatText(findings: CliFinding[], checked: number): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${f.message}`);
  const count = (s: string): number => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information in ${plural(checked, 'file')} checked.`);
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'compare') return runCompare(argv.slice(1));
  if (argv[0] === 'stats') return runStats(argv.slice(1));
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
  const { findings, checked, notes } = await validatePaths(options.paths, options.imageRoots);
  for (const note of notes) process.stderr.write(note + '\n');
  if (options.format === 'json') process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  else process.stdout.write(formatText(findings, checked));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
