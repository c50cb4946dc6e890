// COCO run-length masks for drawing: the compressed `counts` string (pycocotools' rleFrString /
// rleToString: each count as 5-bit groups in characters from '0', 0x20 = more follows, counts past
// the second written as the difference to the count two before), the runs themselves, and the mask
// they describe. A mask is `size: [height, width]`, its pixels in column-major order (down the first
// column, then the next), the runs alternating background, foreground, background, ... from a
// background run (0 when the mask starts with foreground). Pure and without
// l10n (the page bundles it); rle.ts words the failures for the checks and hovers.
import type { Box } from './geometry';

/** A decoded RLE: its size and its runs (uncompressed counts). */
export interface Rle {
  height: number;
  width: number;
  counts: number[];
}

/** Why an RLE cannot be drawn, or undefined when it can. */
export type RleProblem = 'size' | 'counts' | 'length';

/** Why a compressed `counts` string cannot be read, and where (0-based character offsets). */
export type CountsFailure =
  | { kind: 'cut'; at: number } // the string ends inside the count that starts at `at`
  | { kind: 'character'; at: number } // a character outside the alphabet ('0' to 'o')
  | { kind: 'long'; at: number } // a count runs on past any mask's size
  | { kind: 'negative'; run: number; value: number }; // run `run` (0-based) comes out negative

/** The runs of a compressed `counts` string (pycocotools' rleFrString), or why it is not one. */
export function readCountsString(s: string): { counts: number[] } | { failure: CountsFailure } {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    const start = p;
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) return { failure: { kind: 'cut', at: start } };
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) return { failure: { kind: 'character', at: p } };
      // Numbers, not 32-bit shifts: a count can pass 2^31 only in a corrupt string, never silently wrap.
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && (c & 0x10) !== 0) x -= 2 ** (5 * k);
      if (k > 12) return { failure: { kind: 'long', at: p - 1 } };
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    if (x < 0) return { failure: { kind: 'negative', run: counts.length, value: x } };
    counts.push(x);
  }
  return { counts };
}

/** The runs of a compressed `counts` string, or undefined when it is not pycocotools' encoding. */
export function decodeCountsString(s: string): number[] | undefined {
  const read = readCountsString(s);
  return 'counts' in read ? read.counts : undefined;
}

/** The compressed `counts` string of runs (pycocotools' rleToString): for tests and samples. */
export function encodeCountsString(counts: readonly number[]): string {
  let out = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      // Arithmetic shift of a signed value, as the C code does on a long.
      let c = ((x % 32) + 32) % 32;
      x = Math.floor(x / 32);
      more = (c & 0x10) !== 0 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/**
 * A `segmentation` value `{size: [height, width], counts}` as runs, or why not: `size` is not two
 * positive integers, `counts` neither a list of non-negative integers nor a valid string, or the runs
 * add up to more pixels than the mask has (fewer is allowed: the rest is background).
 */
export function readRle(value: unknown): { rle: Rle } | { problem: RleProblem } {
  if (!value || typeof value !== 'object') return { problem: 'counts' };
  const v = value as { size?: unknown; counts?: unknown };
  const size = v.size;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0)) return { problem: 'size' };
  const [height, width] = size as [number, number];
  let counts: number[] | undefined;
  if (typeof v.counts === 'string') counts = decodeCountsString(v.counts);
  else if (Array.isArray(v.counts) && v.counts.every((n) => Number.isInteger(n) && n >= 0)) counts = v.counts as number[];
  if (!counts) return { problem: 'counts' };
  let total = 0;
  for (const c of counts) total += c;
  if (total > height * width) return { problem: 'length' };
  return { rle: { height, width, counts } };
}

/** The foreground pixel count. */
export function rleArea(rle: Rle): number {
  let sum = 0;
  for (let i = 1; i < rle.counts.length; i += 2) sum += rle.counts[i];
  return sum;
}

/**
 * The tight box around the foreground pixels (x, y, w, h in pixels: a pixel column x covers x..x+1),
 * or undefined for an empty mask. pycocotools' toBbox gives the same numbers.
 */
export function rleBounds(rle: Rle): Box | undefined {
  const { height: h, counts } = rle;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let at = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (i % 2 === 1 && n > 0) {
      const first = at;
      const last = at + n - 1;
      const c0 = Math.floor(first / h);
      const c1 = Math.floor(last / h);
      x0 = Math.min(x0, c0);
      x1 = Math.max(x1, c1);
      // A run within one column spans its rows; one that runs on into the next column covers the
      // bottom of one and the top of the other: every row.
      if (c0 === c1) {
        y0 = Math.min(y0, first % h);
        y1 = Math.max(y1, last % h);
      } else {
        y0 = 0;
        y1 = h - 1;
      }
    }
    at += n;
  }
  return x0 === Infinity ? undefined : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/**
 * The mask cropped to `box` (whole pixels, inside the mask), row-major: out[y * box.w + x] is 1 for
 * foreground pixel (box.x + x, box.y + y). For drawing a mask at the size of its box.
 */
export function rleCrop(rle: Rle, box: Box): Uint8Array {
  const { height: h, counts } = rle;
  const out = new Uint8Array(box.w * box.h);
  let at = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (i % 2 === 1) {
      for (let p = at; p < at + n; p++) {
        const x = Math.floor(p / h) - box.x;
        const y = (p % h) - box.y;
        if (x >= 0 && x < box.w && y >= 0 && y < box.h) out[y * box.w + x] = 1;
      }
    }
    at += n;
  }
  return out;
}

/** The whole mask, row-major (out[y * width + x]): for tests. */
export function rleToMask(rle: Rle): Uint8Array {
  return rleCrop(rle, { x: 0, y: 0, w: rle.width, h: rle.height });
}

/** The runs of a row-major mask (the inverse of rleToMask): for tests and samples. */
export function maskToRle(mask: ArrayLike<number>, height: number, width: number): Rle {
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = mask[y * width + x] ? 1 : 0;
      if (v !== value) {
        counts.push(run);
        run = 0;
        value = v;
      }
      run++;
    }
  }
  counts.push(run);
  return { height, width, counts };
}
