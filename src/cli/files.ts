// Which files the command line checks, and reading them without trusting the file system: only
// regular files are read (a FIFO would block forever, /dev/zero would fill memory), a file or folder
// that cannot be read becomes a finding instead of a stack trace, symlinked files in folders are
// followed (symlinked folders are not: they can loop), and whatever is passed over is said.
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as path from 'path';
import { decodeUtf8 } from '../core/files';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test']);

export interface Candidate {
  file: string;
  /** named on the command line (not found in a folder) */
  explicit: boolean;
}

export interface Unreadable {
  path: string;
  message: string;
}

export interface Gathered {
  candidates: Candidate[];
  /** what was passed over, and why (one line each) */
  skipped: string[];
  unreadable: Unreadable[];
}

/** What kind of thing a non-regular, non-folder entry is, in words. */
export function describeKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return l10n.t('a named pipe (FIFO)');
  if (stat.isCharacterDevice()) return l10n.t('a character device');
  if (stat.isBlockDevice()) return l10n.t('a block device');
  if (stat.isSocket()) return l10n.t('a socket');
  if (stat.isSymbolicLink()) return l10n.t('a symbolic link');
  if (stat.isDirectory()) return l10n.t('a folder');
  return l10n.t('not a regular file');
}

/** A read failure in plain words (no stack). */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return l10n.t('permission denied');
    case 'ENOENT':
      return l10n.t('it does not exist (or is a broken symbolic link)');
    case 'ELOOP':
      return l10n.t('too many levels of symbolic links');
    case 'EISDIR':
      return l10n.t('it is a folder');
    case 'EIO':
      return l10n.t('an input/output error');
    case 'EMFILE':
    case 'ENFILE':
      return l10n.t('too many open files');
    default:
      return e?.code ? `${e.code}${e.message ? ` (${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')})` : ''}` : String(error);
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** True when `p` names something (even something unreadable); false only when nothing is there. */
export function pathExists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return !(code === 'ENOENT' || code === 'ENOTDIR');
  }
}

/**
 * Candidate files: every regular file named explicitly, and in folders (recursively, in name
 * order) the regular files, or symlinks to regular files, named `*.json` / `*.jsonl`, and `*.txt`
 * (which the checker takes only when they are YOLO label files) and `*.yaml` / `*.yml` (only YOLO
 * dataset configs).
 */
export function gatherFiles(paths: readonly string[]): Gathered {
  const out: Gathered = { candidates: [], skipped: [], unreadable: [] };
  const stack: string[] = [];
  // A file named and also inside a folder named is checked once.
  const seen = new Set<string>();
  const add = (file: string, explicit: boolean): void => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    out.candidates.push({ file, explicit });
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      out.unreadable.push({ path: p, message: l10n.t('Cannot read "{0}": {1}.', p, describeError(error)) });
      continue;
    }
    if (stat.isDirectory()) stack.push(p);
    else if (stat.isFile()) add(p, true);
    else out.skipped.push(l10n.t('{0}: skipped, {1} is not a regular file.', p, describeKind(stat)));
  }
  // Depth first, in name order, as the paths were given.
  stack.reverse();
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      out.unreadable.push({ path: dir, message: l10n.t('Cannot read the folder "{0}": {1}.', dir, describeError(error)) });
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) subdirs.push(full);
        continue;
      }
      if (!/\.(?:jsonl?|txt|ya?ml)$/i.test(entry.name)) {
        if (entry.isSymbolicLink() && !SKIP_DIRS.has(entry.name) && isFolder(full)) out.skipped.push(l10n.t('{0}: skipped, a symbolic link to a folder (links to folders are not followed: they can loop).', full));
        continue;
      }
      if (entry.isFile()) {
        add(full, false);
      } else if (entry.isSymbolicLink()) {
        let target: fs.Stats;
        try {
          target = fs.statSync(full);
        } catch (error) {
          out.skipped.push(l10n.t('{0}: skipped, a symbolic link that cannot be followed: {1}.', full, describeError(error)));
          continue;
        }
        if (target.isFile()) add(full, false);
        else out.skipped.push(l10n.t('{0}: skipped, a symbolic link to {1}, not to a regular file.', full, describeKind(target)));
      } else {
        let kind = l10n.t('not a regular file');
        try {
          kind = describeKind(fs.lstatSync(full));
        } catch {
          // keep the generic words
        }
        out.skipped.push(l10n.t('{0}: skipped, {1} is not a regular file.', full, kind));
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return out;
}

export type ReadResult =
  | { kind: 'text'; text: string; size: number; invalidUtf8?: { byte: number; value: number; offset: number } }
  | { kind: 'too-large'; size: number }
  | { kind: 'skipped'; reason: string }
  | { kind: 'unreadable'; message: string };

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a file as UTF-8 text, up to `maxBytes`. Checks what it opened (not what the name pointed
 * to a moment before): only a regular file is read.
 */
export function readTextFile(file: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return { kind: 'unreadable', message: l10n.t('Cannot read the file: {0}.', describeError(error)) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'skipped', reason: l10n.t('{0} is not a regular file', describeKind(stat)) };
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size };
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const bytes = buffer.subarray(0, read);
    const { text, invalidAt } = decodeUtf8(bytes);
    return { kind: 'text', text, size: read, ...(invalidAt ? { invalidUtf8: invalidAt } : {}) };
  } catch (error) {
    return { kind: 'unreadable', message: l10n.t('Cannot read the file: {0}.', describeError(error)) };
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // nothing to do
    }
  }
}
