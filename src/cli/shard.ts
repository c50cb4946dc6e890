// `--shard K/N`: a stable split of the file list for a CI matrix. A file's shard depends only on
// its path relative to the working directory (with forward slashes), never on the order or the
// number of files found, so N jobs on N machines check disjoint sets that together cover all.

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/** Parses `K/N` (1 <= K <= N); undefined when it is not that. */
export function parseShard(text: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

/** FNV-1a (32-bit) over the UTF-8 bytes of the path: the same on every machine and Node version. */
export function pathHash(relPath: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(relPath, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The 1-based shard a relative path (forward slashes) belongs to among `count`. */
export function shardOf(relPath: string, count: number): number {
  return (pathHash(relPath) % count) + 1;
}

export function inShard(relPath: string, shard: Shard | undefined): boolean {
  return !shard || shard.count === 1 || shardOf(relPath, shard.count) === shard.index;
}
