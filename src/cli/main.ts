// `datum-studio validate [--format text|json] [--image-root DIR]... <file|folder>...`
// The same core as the editor; exit 0 without errors, 1 with any error, 2 on bad usage.
import * as fs from 'fs';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { pushAll } from '../core/arrays';
import { DirectoryNameIndex, nodeFileAccess } from '../core/files';
import { findTooDeep } from '../core/jsonScan';
import { escapeControl, LineIndex, looksBinary } from '../core/text';
import { FORMAT_IDS, globMatcher, recognizePath, type FormatGlobs } from '../formats/formats';
import { MAX_BATCH_FILE_BYTES, Validator } from '../validation/analyze';
import type { Problem } from '../validation/problems';
import { gatherFiles, pathExists, readTextFile } from './files';

const USAGE = `Usage: datum-studio validate [--format text|json] [--image-root DIR]... <file|folder>...

Checks Valohai sidecars (*.metadata.json), valohai.metadata.jsonl, annotation JSON and per-file
metadata JSON. Folders are searched for recognized files. An image an annotation names is looked
for beside the annotation file, then in each --image-root, then by its file name in the folders
given (or the current folder). Settings datumStudio.files.* and datumStudio.annotations.imageRoots
are read from .vscode/settings.json in the current folder.

Only regular files are read (symlinks to them are followed); anything else is skipped with a note.
Files over ${MAX_BATCH_FILE_BYTES / 1048576} MB are reported (file-too-large), not read.

Exit status: 0 no errors, 1 errors found (including files that cannot be read), 2 bad usage or
the command could not run.`;

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
    if (!pathExists(p)) throw new UsageError(`No such file or folder: ${escapeControl(p)}`);
  }
  return options;
}

interface WorkspaceSettings {
  globs: FormatGlobs;
  imageRoots: string[];
  /** settings that were ignored, and why */
  notes: string[];
}

/** .vscode/settings.json is read like any other file from the repository: bounded, regular files only. */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

function readWorkspaceSettings(cwd: string): WorkspaceSettings {
  const settings: WorkspaceSettings = { globs: {}, imageRoots: [], notes: [] };
  const file = path.join(cwd, '.vscode', 'settings.json');
  if (!pathExists(file)) return settings;
  const read = readTextFile(file, MAX_SETTINGS_BYTES);
  const shown = path.join('.vscode', 'settings.json');
  if (read.kind !== 'text') {
    const why = read.kind === 'too-large' ? `it is larger than ${MAX_SETTINGS_BYTES / 1048576} MB` : read.kind === 'skipped' ? read.reason : read.message;
    settings.notes.push(`${shown}: not read (${why}); using default settings.`);
    return settings;
  }
  if (findTooDeep(read.text) !== -1) {
    settings.notes.push(`${shown}: not read (it nests too deeply); using default settings.`);
    return settings;
  }
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = jsonc.parse(read.text);
    raw = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
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
    if (!Array.isArray(value)) continue;
    const globs: string[] = [];
    for (const glob of value) {
      if (typeof glob !== 'string') continue;
      const error = globMatcher(glob).error;
      if (error) settings.notes.push(`${shown}: ${key} pattern "${escapeControl(glob.length > 60 ? glob.slice(0, 57) + '…' : glob)}" ignored: ${error}.`);
      else globs.push(glob);
    }
    settings.globs[format] = globs;
  }
  const roots = raw['datumStudio.annotations.imageRoots'];
  if (Array.isArray(roots)) settings.imageRoots = roots.filter((v): v is string => typeof v === 'string').map((r) => path.resolve(cwd, r));
  return settings;
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

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function validatePaths(paths: string[], imageRoots: string[], cwd = process.cwd()): Promise<{ findings: CliFinding[]; checked: number; notes: string[] }> {
  const settings = readWorkspaceSettings(cwd);
  const validator = new Validator();
  // Images are looked up by name in the folders named on the command line (else the current one).
  const folders = paths.filter(isDirectory).map((p) => path.resolve(p));
  const index = new DirectoryNameIndex(folders.length > 0 ? folders : [cwd]);
  const files = nodeFileAccess((name) => index.find(name));
  const roots = [...imageRoots, ...settings.imageRoots];
  const findings: CliFinding[] = [];
  const notes: string[] = [...settings.notes];
  const relative = (p: string): string => (path.relative(cwd, path.resolve(p)) || path.basename(path.resolve(p))).split(path.sep).join('/');
  const whole = (file: string, code: CliFinding['code'], message: string): CliFinding => ({ file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code, message });
  const gathered = gatherFiles(paths);
  pushAll(notes, gathered.skipped);
  for (const u of gathered.unreadable) findings.push(whole(relative(u.path), 'file-unreadable', u.message));
  let checked = 0;
  for (const { file, explicit } of gathered.candidates) {
    const abs = path.resolve(file);
    const rel = path.relative(cwd, abs) || path.basename(abs);
    const relSlashes = rel.split(path.sep).join('/');
    const recognized = recognizePath(abs, relSlashes, settings.globs);
    if (!recognized && !/\.json$/i.test(abs)) {
      if (explicit) notes.push(`${rel}: not a format Datum Studio checks (skipped).`);
      continue;
    }
    const read = readTextFile(abs, MAX_BATCH_FILE_BYTES);
    if (read.kind === 'skipped') {
      notes.push(`${rel}: skipped, ${read.reason}.`);
      continue;
    }
    if (read.kind === 'unreadable') {
      findings.push(whole(relSlashes, 'file-unreadable', read.message));
      continue;
    }
    if (read.kind === 'too-large') {
      findings.push(whole(relSlashes, 'file-too-large', `The file is ${Math.round(read.size / 1048576)} MB, more than the ${MAX_BATCH_FILE_BYTES / 1048576} MB this command checks.`));
      continue;
    }
    const { text } = read;
    const analysis = await validator.validate(text, recognized?.format ?? 'auto', { filePath: abs, files, imageRoots: roots, workspaceRoots: folders.length > 0 ? folders : [cwd] }, { named: explicit });
    if (!analysis.format && analysis.problems.length === 0) {
      if (explicit) notes.push(`${rel}: not a format Datum Studio checks (skipped).`);
      continue;
    }
    checked++;
    const problems = analysis.problems;
    if (read.invalidUtf8 && !looksBinary(text)) {
      const { byte, value, offset } = read.invalidUtf8;
      const hex = value.toString(16).toUpperCase().padStart(2, '0');
      const at = problems.findIndex((p) => p.start > offset);
      problems.splice(at === -1 ? problems.length : at, 0, { start: offset, end: offset + 1, severity: 'warning', code: 'invalid-utf8', message: `The file is not valid UTF-8: byte ${byte.toLocaleString('en-US')} (0x${hex}) is not part of a character; it and any later bad bytes read as U+FFFD (�). Save the file as UTF-8.` });
    }
    pushAll(findings, toFindings(relSlashes, text, problems));
  }
  return { findings, checked, notes };
}

function formatText(findings: CliFinding[], checked: number): string {
  // File names and messages quote file content: escaped, so no key can start a line of its own.
  const lines = findings.map((f) => `${escapeControl(f.file)}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${escapeControl(f.message)}`);
  const count = (s: string): number => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information in ${plural(checked, 'file')} checked.`);
  return lines.join('\n') + '\n';
}

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
  const { findings, checked, notes } = await validatePaths(options.paths, options.imageRoots);
  for (const note of notes) process.stderr.write(escapeControl(note) + '\n');
  if (options.format === 'json') process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  else process.stdout.write(formatText(findings, checked));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
