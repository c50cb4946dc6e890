// `datum-studio validate [--format text|json|sarif|github] [--image-root DIR]... [--max-warnings N]
//   [--jobs N] [--shard K/N] <file|folder>...`
// The same core as the editor; exit 0 without errors, 1 with any error (or more warnings than
// --max-warnings), 2 on bad usage.
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { pushAll } from '../core/arrays';
import { DirectoryNameIndex } from '../core/files';
import { findTooDeep } from '../core/jsonScan';
import { escapeControl, LineIndex, looksBinary } from '../core/text';
import { FORMAT_IDS, globMatcher, recognizePath, type FormatGlobs } from '../formats/formats';
import { MAX_BATCH_FILE_BYTES, Validator } from '../validation/analyze';
import { MAX_COCO_FILE_BYTES, readAsLargeCoco } from '../validation/largeCoco';
import { PROBLEM_CODES, type Problem } from '../validation/problems';
import { applySeverityOverrides, parseSeverityOverrides, type SeverityOverrides } from '../validation/severity';
import { runCompare } from './compare';
import { runConvert } from './convert';
import { confirmLabelFile, isYoloLabelPath, validateYoloLabels, type ClassCache } from '../validation/yoloFiles';
import { looksLikeDataYaml } from '../validation/yoloConfig';
import { validateDataYaml, type SplitPairing } from '../validation/yoloConfigFiles';
import { gatherFiles, pathExists, readTextFile, type Candidate } from './files';
import { isJobWorker, runHere, runJobs, serveJobs, type ChunkResult } from './jobs';
import { configureCliL10n } from './locale';
import { countBySeverity, formatReport, OUTPUT_FORMATS, type CliFinding, type OutputFormat } from './report';
import { inShard, parseShard, type Shard } from './shard';
import { runStats } from './stats';
import { syncFileAccess } from './syncFiles';
import { isObject } from '../core/json';
import { groundTruthRules, type GroundTruthRule } from '../validation/cocoFiles';

export type { CliFinding } from './report';

/** The help text, in the configured language (option names and formats stay as typed). */
function usage(): string {
  return [
    l10n.t('Usage: {0}', 'datum-studio validate [options] <file|folder>...'),
    '',
    l10n.t('Checks Valohai sidecars (*.metadata.json), valohai.metadata.jsonl, annotation JSON and per-file\nmetadata JSON. Folders are searched for recognized files. An image an annotation names is looked\nfor beside the annotation file, then in each --image-root, then by its file name in the folders\ngiven (or the current folder). Settings datumStudio.files.*, datumStudio.annotations.imageRoots\nand datumStudio.diagnostics.severity are read from .vscode/settings.json in the current folder.'),
    '',
    l10n.t('Only regular files are read (symlinks to them are followed); anything else is skipped with a note.\nFiles over {0} MB are reported (file-too-large), not read; COCO files are read up\nto {1} MB.', MAX_BATCH_FILE_BYTES / 1048576, Math.floor(MAX_COCO_FILE_BYTES / 1048576)),
    '',
    l10n.t('Options:'),
    '  --format text|json|sarif|github  ' + l10n.t('output format (default text)'),
    '  --image-root DIR                 ' + l10n.t('another folder to look for images in (repeatable)'),
    '  --max-warnings N                 ' + l10n.t('exit 1 when there are more than N warnings'),
    '  --jobs N|auto                    ' + l10n.t('check files in N worker threads (same output as 1)'),
    '  --shard K/N                      ' + l10n.t('check only the K-th of N stable parts of the file list'),
    '',
    l10n.t('Exit status: 0 no errors, 1 errors found (including files that cannot be read, or more warnings\nthan --max-warnings), 2 bad usage or the command could not run.'),
    '',
    l10n.t('Also: {0}, {1}, {2}.', 'datum-studio compare --help', 'datum-studio stats --help', 'datum-studio convert --help'),
  ].join('\n');
}

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
  if (command === undefined) throw new UsageError(l10n.t('Name a command.'));
  if (command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'validate') throw new UsageError(l10n.t('Unknown command "{0}".', command));
  const options: Options = { format: 'text', imageRoots: [], paths: [], jobs: 1 };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(l10n.t('{0} needs a value.', flag));
      return v;
    };
    if (flag === '--format') {
      const f = value();
      if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) throw new UsageError(l10n.t('--format must be {0}, not "{1}".', OUTPUT_FORMATS.join(', '), f));
      options.format = f as OutputFormat;
    } else if (flag === '--image-root') options.imageRoots.push(path.resolve(value()));
    else if (flag === '--max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(l10n.t('--max-warnings needs a whole number >= 0, not "{0}".', v));
      options.maxWarnings = Number(v);
    } else if (flag === '--jobs' || flag === '-j') {
      const v = value();
      if (v === 'auto') options.jobs = Math.max(1, os.availableParallelism());
      else if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 256) options.jobs = Number(v);
      else throw new UsageError(l10n.t('--jobs needs a number from 1 to 256 or "auto", not "{0}".', v));
    } else if (flag === '--shard') {
      const v = value();
      const shard = parseShard(v);
      if (!shard) throw new UsageError(l10n.t('--shard needs K/N with 1 <= K <= N (e.g. 2/4), not "{0}".', v));
      options.shard = shard;
    } else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else if (flag.startsWith('-')) throw new UsageError(l10n.t('Unknown option "{0}".', flag));
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError(l10n.t('Name at least one file or folder.'));
  for (const p of options.paths) {
    if (!pathExists(p)) throw new UsageError(l10n.t('No such file or folder: {0}', escapeControl(p)));
  }
  return options;
}

interface WorkspaceSettings {
  globs: FormatGlobs;
  /** `datumStudio.files.yolo`: YOLO label files beyond `labels/` folders */
  yoloGlobs: string[];
  imageRoots: string[];
  /** `datumStudio.coco.groundTruth` */
  cocoGroundTruth: GroundTruthRule[];
  severity: SeverityOverrides;
  /** settings that were ignored, and why */
  notes: string[];
}

/** .vscode/settings.json is read like any other file from the repository: bounded, regular files only. */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

function readWorkspaceSettings(cwd: string): WorkspaceSettings {
  const settings: WorkspaceSettings = { globs: {}, yoloGlobs: [], imageRoots: [], cocoGroundTruth: [], severity: new Map(), notes: [] };
  const file = path.join(cwd, '.vscode', 'settings.json');
  if (!pathExists(file)) return settings;
  const read = readTextFile(file, MAX_SETTINGS_BYTES);
  const shown = path.join('.vscode', 'settings.json');
  if (read.kind !== 'text') {
    const why = read.kind === 'too-large' ? l10n.t('it is larger than {0} MB', MAX_SETTINGS_BYTES / 1048576) : read.kind === 'skipped' ? read.reason : read.message;
    settings.notes.push(l10n.t('{0}: not read ({1}); using default settings.', shown, why));
    return settings;
  }
  if (findTooDeep(read.text) !== -1) {
    settings.notes.push(l10n.t('{0}: not read (it nests too deeply); using default settings.', shown));
    return settings;
  }
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = jsonc.parse(read.text);
    raw = isObject(parsed) ? parsed : {};
  } catch {
    return settings;
  }
  const keys: Record<string, (typeof FORMAT_IDS)[number]> = {
    'datumStudio.files.sidecar': 'sidecar',
    'datumStudio.files.metadataJsonl': 'metadata-jsonl',
    'datumStudio.files.annotations': 'annotations',
    'datumStudio.files.fileMetadata': 'file-metadata',
    'datumStudio.files.coco': 'coco',
  };
  for (const [key, format] of Object.entries(keys)) {
    const value = raw[key];
    if (!Array.isArray(value)) continue;
    const globs: string[] = [];
    for (const glob of value) {
      if (typeof glob !== 'string') continue;
      const error = globMatcher(glob).error;
      if (error) settings.notes.push(l10n.t('{0}: {1} pattern "{2}" ignored: {3}.', shown, key, escapeControl(glob.length > 60 ? glob.slice(0, 57) + '…' : glob), error));
      else globs.push(glob);
    }
    settings.globs[format] = globs;
  }
  const yolo = raw['datumStudio.files.yolo'];
  if (Array.isArray(yolo)) settings.yoloGlobs = yolo.filter((g): g is string => typeof g === 'string' && !globMatcher(g).error);
  const roots = raw['datumStudio.annotations.imageRoots'];
  if (Array.isArray(roots)) settings.imageRoots = roots.filter((v): v is string => typeof v === 'string').map((r) => path.resolve(cwd, r));
  settings.cocoGroundTruth = groundTruthRules(raw['datumStudio.coco.groundTruth'], cwd);
  const severity = parseSeverityOverrides(raw['datumStudio.diagnostics.severity'], Object.keys(PROBLEM_CODES));
  settings.severity = severity.overrides;
  for (const w of severity.warnings) settings.notes.push(`.vscode/settings.json: ${w}`);
  return settings;
}

function toFindings(file: string, text: string, problems: Problem[], cwd = process.cwd()): CliFinding[] {
  const index = new LineIndex(text);
  return problems.map((p) => {
    const start = index.positionAt(p.start);
    const end = index.positionAt(Math.min(p.end, text.length));
    const files = p.relatedFiles?.map((f) => relativeSlashes(f.path, cwd));
    return {
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: p.severity,
      code: p.code,
      message: p.message,
      ...(files ? { files } : {}),
    };
  });
}

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

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function tooLargeMessage(size: number): string {
  return l10n.t('The file is {0} MB, more than the {1} MB this command checks.', Math.round(size / 1048576), MAX_BATCH_FILE_BYTES / 1048576);
}

/** A finding on a whole file (line 1), for files that were not read. */
function wholeFile(file: string, code: CliFinding['code'], message: string): CliFinding {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code, message };
}

function relativeSlashes(file: string, cwd: string): string {
  const abs = path.resolve(file);
  return (path.relative(cwd, abs) || path.basename(abs)).split(path.sep).join('/');
}

export async function validatePaths(paths: string[], imageRoots: string[], cwd = process.cwd(), options: ValidateOptions = {}): Promise<{ findings: CliFinding[]; checked: number; notes: string[] }> {
  const settings = readWorkspaceSettings(cwd);
  const gathered = gatherFiles(paths);
  const inThisShard = (file: string): boolean => inShard(relativeSlashes(file, cwd), options.shard);
  const candidates = gathered.candidates.filter((c) => inThisShard(c.file));
  // Files and folders that could not be read are findings, first, before what was checked.
  const findings: CliFinding[] = [];
  for (const u of gathered.unreadable) if (inThisShard(u.path)) findings.push(wholeFile(relativeSlashes(u.path, cwd), 'file-unreadable', u.message));
  const spec: CheckSpec = { paths, imageRoots, cwd };
  const jobs = options.jobs ?? 1;
  const result = jobs > 1 && candidates.length > 1 ? await runJobs<Candidate, CliFinding, CheckSpec>(__filename, spec, candidates, jobs) : await runHere(candidates, checker(spec));
  pushAll(findings, result.findings);
  const notes = [...settings.notes, ...gathered.skipped];
  pushAll(notes, result.notes);
  return { findings: applySeverityOverrides(findings, settings.severity), checked: result.checked, notes };
}

/** Checks candidate files one after another; the same in this thread and in a worker. */
function checker({ paths, imageRoots, cwd }: CheckSpec): (candidates: Candidate[]) => Promise<ChunkResult<CliFinding>> {
  const settings = readWorkspaceSettings(cwd);
  const validator = new Validator();
  // Images are looked up by name in the folders named on the command line (else the current one).
  const folders = paths.filter(isDirectory).map((p) => path.resolve(p));
  const index = new DirectoryNameIndex(folders.length > 0 ? folders : [cwd]);
  const files = syncFileAccess((name) => index.find(name));
  const roots = [...imageRoots, ...settings.imageRoots];
  const yoloClasses: ClassCache = new Map();
  return async (candidates) => {
    const findings: CliFinding[] = [];
    const notes: string[] = [];
    let checked = 0;
    for (const { file, explicit } of candidates) {
      const abs = path.resolve(file);
      const rel = path.relative(cwd, abs) || path.basename(abs);
      const relSlashes = rel.split(path.sep).join('/');
      const recognized = recognizePath(abs, relSlashes, settings.globs);
      if (!recognized && /\.ya?ml$/i.test(abs)) {
        // YAML files: only YOLO dataset configs (data.yaml), recognized by their content.
        const read = readTextFile(abs, MAX_BATCH_FILE_BYTES);
        if (read.kind !== 'text' || !looksLikeDataYaml(read.text)) {
          if (explicit) notes.push(l10n.t('{0}: not a format Datum Studio checks (skipped).', rel));
          continue;
        }
        checked++;
        const { problems, pairing } = await validateDataYaml(read.text, abs, { roots: [cwd, ...folders] });
        pushAll(findings, toFindings(relSlashes, read.text, problems, cwd));
        if (pairing.length > 0) notes.push(pairingSummary(rel, pairing));
        continue;
      }
      if (!recognized && /\.txt$/i.test(abs)) {
        // YOLO label files: only those recognized by folder (confirmed on disk) or glob, never every .txt.
        const by = isYoloLabelPath(relSlashes, settings.yoloGlobs);
        if (!by || (by === 'name' && !(await confirmLabelFile(abs)))) {
          if (explicit) notes.push(l10n.t('{0}: not a format Datum Studio checks (skipped).', rel));
          continue;
        }
        const read = readTextFile(abs, MAX_BATCH_FILE_BYTES);
        if (read.kind !== 'text') {
          if (read.kind === 'skipped') notes.push(l10n.t('{0}: skipped, {1}.', rel, read.reason));
          else findings.push(read.kind === 'unreadable' ? wholeFile(relSlashes, 'file-unreadable', read.message) : wholeFile(relSlashes, 'file-too-large', tooLargeMessage(read.size)));
          continue;
        }
        checked++;
        pushAll(findings, toFindings(relSlashes, read.text, await validateYoloLabels(read.text, abs, folders.length > 0 ? folders : [cwd], yoloClasses)));
        continue;
      }
      if (!recognized && !/\.json$/i.test(abs)) {
        if (explicit) notes.push(l10n.t('{0}: not a format Datum Studio checks (skipped).', rel));
        continue;
      }
      let read = readTextFile(abs, MAX_BATCH_FILE_BYTES);
      // COCO files run to 450 MB (train2017): read those up to V8's string limit (validation/largeCoco.ts).
      const largeCoco = read.kind === 'too-large' && readAsLargeCoco(abs, read.size, recognized?.format);
      if (largeCoco) read = readTextFile(abs, MAX_COCO_FILE_BYTES);
      if (read.kind === 'skipped') {
        notes.push(l10n.t('{0}: skipped, {1}.', rel, read.reason));
        continue;
      }
      if (read.kind === 'unreadable') {
        findings.push(wholeFile(relSlashes, 'file-unreadable', read.message));
        continue;
      }
      if (read.kind === 'too-large') {
        findings.push(wholeFile(relSlashes, 'file-too-large', tooLargeMessage(read.size)));
        continue;
      }
      const { text } = read;
      const analysis = await validator.validate(text, largeCoco ? 'coco' : recognized?.format ?? 'auto', { filePath: abs, files, imageRoots: roots, workspaceRoots: folders.length > 0 ? folders : [cwd], cocoGroundTruth: settings.cocoGroundTruth }, { named: explicit });
      if (!analysis.format && analysis.problems.length === 0) {
        if (explicit) notes.push(l10n.t('{0}: not a format Datum Studio checks (skipped).', rel));
        continue;
      }
      checked++;
      const problems = analysis.problems;
      if (read.invalidUtf8 && !looksBinary(text)) {
        const { byte, value, offset } = read.invalidUtf8;
        const hex = value.toString(16).toUpperCase().padStart(2, '0');
        const at = problems.findIndex((p) => p.start > offset);
        problems.splice(at === -1 ? problems.length : at, 0, { start: offset, end: offset + 1, severity: 'warning', code: 'invalid-utf8', message: l10n.t('The file is not valid UTF-8: byte {0} (0x{1}) is not part of a character; it and any later bad bytes read as U+FFFD (�). Save the file as UTF-8.', byte.toLocaleString('en-US'), hex) });
      }
      pushAll(findings, toFindings(relSlashes, text, problems));
    }
    return { findings, checked, notes };
  };
}

/** One line per dataset config: each split's images and labels, and how many are unpaired. */
export function pairingSummary(rel: string, pairing: readonly SplitPairing[]): string {
  const parts = pairing.map((p) => {
    const images = p.images === 1 ? l10n.t('1 image') : l10n.t('{0} images', p.images);
    const labels = p.labels === 1 ? l10n.t('1 label file') : l10n.t('{0} label files', p.labels);
    const orphans = p.labelsWithoutImages.length === 1 ? l10n.t('1 label without an image') : l10n.t('{0} labels without an image', p.labelsWithoutImages.length);
    return l10n.t('{0} {1}, {2} ({3} without a label, {4})', p.key, images, labels, p.imagesWithoutLabels.length, orphans);
  });
  return l10n.t('{0}: YOLO pairing: {1}.', rel, parts.join('; '));
}

if (isJobWorker()) {
  // A worker thread has its own copy of the modules: it picks the same bundle as the main thread.
  configureCliL10n();
  serveJobs(checker);
}

export async function main(argv: string[]): Promise<number> {
  const language = configureCliL10n();
  if (language.problem) process.stderr.write(`datum-studio: ${language.problem}\n`);
  if (argv[0] === 'compare') return runCompare(argv.slice(1));
  if (argv[0] === 'stats') return runStats(argv.slice(1));
  if (argv[0] === 'convert') return runConvert(argv.slice(1));
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (!error.message) {
      process.stdout.write(usage() + '\n');
      return 0;
    }
    process.stderr.write(`datum-studio: ${error.message}\n\n${usage()}\n`);
    return 2;
  }
  const cwd = process.cwd();
  const { findings, checked, notes } = await validatePaths(options.paths, options.imageRoots, cwd, { jobs: options.jobs, shard: options.shard });
  for (const note of notes) process.stderr.write(escapeControl(note) + '\n');
  process.stdout.write(formatReport(options.format, { findings, checked, notes, cwd }));
  const counts = countBySeverity(findings);
  if (counts.error > 0) return 1;
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    process.stderr.write(`datum-studio: ${l10n.t('{0} warnings, more than --max-warnings {1}.', counts.warning, options.maxWarnings)}\n`);
    return 1;
  }
  return 0;
}
