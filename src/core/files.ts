// File access the checks need (existence, image headers, finding a file by name), behind an
// interface so the core stays testable. The Node implementation serves both the CLI and the
// extension host (whose documents live on the local disk); a workspace index is injected.
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
}

const HEADER_BYTES = 64 * 1024;
const MAX_HEADER_BYTES = 1024 * 1024;

async function readStart(absPath: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(absPath, 'r');
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
        } else if (entry.isFile()) {
          count++;
          const list = map.get(entry.name);
          if (list) list.push(full);
          else map.set(entry.name, [full]);
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
    forget() {
      infoCache.clear();
    },
  };
}
