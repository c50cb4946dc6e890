// File access the checks need (existence, image headers, finding a file by name), behind an
// interface so the core stays testable. The Node implementation serves both the CLI and the
// extension host (whose documents live on the local disk); a workspace index is injected.
import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { imageSize } from 'image-size';

export interface ImageInfo {
  width: number;
  height: number;
  type: string;
}

export interface FileAccess {
  isFile(absPath: string): Promise<boolean>;
  /** Size from the image's header; undefined when the file is not a readable image. */
  imageInfo(absPath: string): Promise<ImageInfo | undefined>;
  /** Absolute paths of files with this base name in the workspace (may be empty). */
  findByName(baseName: string): Promise<string[]>;
  /** Whether the path is a folder (optional: checks that need it are skipped without it). */
  isDirectory?(absPath: string): Promise<boolean>;
  /** Names in a folder, [] when it cannot be read (optional, like isDirectory). */
  list?(absDir: string): Promise<string[]>;
  /** The file's first bytes, undefined when it cannot be read (optional, like isDirectory). */
  head?(absPath: string, bytes: number): Promise<Uint8Array | undefined>;
  /**
   * Names of the regular files (and symlinks to them) in a folder, read now; undefined when the
   * folder cannot be read. Lets a check of many files in few folders read each folder once
   * instead of asking about every file. Optional: without it, checks call isFile.
   */
  filesIn?(absDir: string): Promise<ReadonlySet<string> | undefined>;
  /**
   * A file's text (UTF-8) with a stamp that changes when the file does (its mtime and size), or
   * undefined when it cannot be read or is larger than maxBytes. Optional, like isDirectory.
   */
  readText?(absPath: string, maxBytes: number): Promise<{ text: string; stamp: string } | undefined>;
  /** The stamp readText would give, without reading the file (optional). */
  stamp?(absPath: string): Promise<string | undefined>;
}

/** Whether file names differ by case alone on this platform's usual file systems. */
export const CASE_SENSITIVE_FILES = process.platform !== 'darwin' && process.platform !== 'win32';

export async function regularFilesIn(absDir: string): Promise<Set<string> | undefined> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(absDir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry.isFile()) names.add(entry.name);
    else if (entry.isSymbolicLink()) {
      try {
        if ((await fs.promises.stat(path.join(absDir, entry.name))).isFile()) names.add(entry.name);
      } catch {
        // a broken link is no file
      }
    }
  }
  return names;
}

const HEADER_BYTES = 64 * 1024;
const MAX_HEADER_BYTES = 1024 * 1024;

/** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Bytes to text as UTF-8 (a leading BOM is kept, as the checks report it). Invalid sequences become
 * U+FFFD as usual, and `invalidAt` says where the first one was: its byte offset, and the offset of
 * its U+FFFD in the text.
 */
export function decodeUtf8(bytes: Buffer): { text: string; invalidAt?: { byte: number; value: number; offset: number } } {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text };
  const byte = firstInvalidUtf8(bytes);
  if (byte === -1) return { text };
  return { text, invalidAt: { byte, value: bytes[byte], offset: bytes.subarray(0, byte).toString('utf8').length } };
}

// O_NONBLOCK: opening a FIFO (named like an image) would otherwise wait for a writer forever.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

async function readStart(absPath: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(absPath, OPEN_FLAGS);
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function readImageInfo(absPath: string): Promise<ImageInfo | undefined> {
  // Most headers sit in the first KBs; JPEGs with large EXIF blocks need more.
  for (const bytes of [HEADER_BYTES, MAX_HEADER_BYTES]) {
    let buffer: Buffer;
    try {
      buffer = await readStart(absPath, bytes);
    } catch {
      return undefined;
    }
    try {
      const result = imageSize(buffer);
      if (result.width && result.height) {
        // EXIF orientations 5-8 rotate by 90°: the displayed image is height×width.
        const rotated = result.orientation !== undefined && result.orientation >= 5;
        return { width: rotated ? result.height : result.width, height: rotated ? result.width : result.height, type: result.type ?? 'unknown' };
      }
    } catch {
      if (buffer.length < bytes) return undefined;
    }
  }
  return undefined;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', 'dist', 'out']);

async function isRegularFile(absPath: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(absPath)).isFile();
  } catch {
    return false;
  }
}

export interface NameIndex {
  byName: Map<string, string[]>;
  /** false when there were more files than the index holds: a name not in it may still exist */
  complete: boolean;
}

/** Files (`file:` ones; VS Code's URIs fit) by base name, at most `max` of them. */
export function indexByName(files: readonly { scheme: string; fsPath: string }[], max: number): NameIndex {
  const byName = new Map<string, string[]>();
  let count = 0;
  for (const file of files) {
    if (file.scheme !== 'file') continue;
    if (++count > max) return { byName, complete: false };
    addByName(byName, file.fsPath);
  }
  return { byName, complete: true };
}

function addByName(byName: Map<string, string[]>, full: string): void {
  const name = path.basename(full);
  const list = byName.get(name);
  if (list) list.push(full);
  else byName.set(name, [full]);
}

/** Lazily built index of file names under some folders; the CLI's stand-in for the workspace. */
export class DirectoryNameIndex {
  private index?: Promise<Map<string, string[]>>;
  private readonly roots: string[];

  constructor(roots: string | string[], private readonly maxFiles = 200_000) {
    this.roots = typeof roots === 'string' ? [roots] : roots;
  }

  find(baseName: string): Promise<string[]> {
    this.index ??= this.build();
    return this.index.then((map) => map.get(baseName) ?? []);
  }

  private async build(): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    const queue = [...this.roots];
    let count = 0;
    while (queue.length > 0 && count < this.maxFiles) {
      const dir = queue.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) queue.push(full);
        } else if (entry.isFile() || (entry.isSymbolicLink() && (await isRegularFile(full)))) {
          // Symlinks to files count (images are often linked in); symlinked folders are not entered.
          count++;
          addByName(map, full);
        }
      }
    }
    return map;
  }
}

export function nodeFileAccess(findByName: (name: string) => Promise<string[]>): FileAccess & { forget(): void } {
  const infoCache = new Map<string, Promise<ImageInfo | undefined>>();
  return {
    async isFile(absPath) {
      try {
        return (await fs.promises.stat(absPath)).isFile();
      } catch {
        return false;
      }
    },
    imageInfo(absPath) {
      // Revalidating as the user types would otherwise re-read every header; the editor calls
      // forget() when an image changes on disk.
      let info = infoCache.get(absPath);
      if (!info) {
        info = readImageInfo(absPath);
        infoCache.set(absPath, info);
      }
      return info;
    },
    findByName,
    async isDirectory(absPath) {
      try {
        return (await fs.promises.stat(absPath)).isDirectory();
      } catch {
        return false;
      }
    },
    async head(absPath, bytes) {
      try {
        return await readStart(absPath, bytes);
      } catch {
        return undefined;
      }
    },
    async list(absDir) {
      try {
        return await fs.promises.readdir(absDir);
      } catch {
        return [];
      }
    },
    filesIn: regularFilesIn,
    async stamp(absPath) {
      try {
        const st = await fs.promises.stat(absPath);
        return st.isFile() ? `${st.mtimeMs}:${st.size}` : undefined;
      } catch {
        return undefined;
      }
    },
    async readText(absPath, maxBytes) {
      try {
        const st = await fs.promises.stat(absPath);
        if (!st.isFile() || st.size > maxBytes) return undefined;
        return { text: (await fs.promises.readFile(absPath)).toString('utf8'), stamp: `${st.mtimeMs}:${st.size}` };
      } catch {
        return undefined;
      }
    },
    forget() {
      infoCache.clear();
    },
  };
}
