// COCO files are large: the instances of COCO train2017 are ~450 MB on one line. Batch checks (the
// CLI) take other files up to MAX_BATCH_FILE_BYTES; a file over that which is COCO, by the user's
// glob or by its first and last bytes, is read up to V8's string limit and checked as usual: the
// Validator already parses with JSON.parse and finds ranges only for the problems it reports (see
// README, Performance, for the time and memory this costs at train2017 scale).
import * as fs from 'fs';
import { constants } from 'buffer';

/** The largest file read as one string: V8's string limit (~512 MB on 64-bit), at most 1 GiB. */
export const MAX_COCO_FILE_BYTES = Math.min(constants.MAX_STRING_LENGTH, 1024 * 1024 * 1024);

const SNIFF_BYTES = 1 << 20;

/**
 * COCO by its first and last bytes: a top-level `images` or `annotations` list whose entries have
 * COCO keys (`file_name`, `image_id`), or `categories` at either end; a results list of
 * `{image_id, category_id, …}`. MetaLake files (`images` of `{image, annotations}`) are not this.
 */
export function looksLikeCocoText(head: string, tail: string): boolean {
  const h = head.replace(/^\uFEFF/, '');
  if (/^\s*\[\s*\{[^{}]*"image_id"\s*:/.test(h) && /"category_id"\s*:/.test(h)) return true;
  if (!/^\s*\{/.test(h)) return false;
  if (/"categories"\s*:\s*\[/.test(h) || /"categories"\s*:\s*\[/.test(tail)) return /"(images|annotations)"\s*:\s*\[/.test(h) || /"(images|annotations)"\s*:\s*\[/.test(tail);
  return /"images"\s*:\s*\[\s*\{[^{}]*"file_name"\s*:/.test(h) || /"annotations"\s*:\s*\[\s*\{[^{}]*"image_id"\s*:/.test(h);
}

/** The first and last MB of a file, for looksLikeCocoText; undefined when it cannot be read. */
export function readHeadAndTail(file: string): { head: string; tail: string } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    fs.readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    fs.readSync(fd, tail, 0, tail.length, Math.max(0, size - tail.length));
    return { head: head.toString('utf8'), tail: tail.toString('utf8') };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Whether a file over the batch limit is still read: COCO (by glob or content) within MAX_COCO_FILE_BYTES. */
export function readAsLargeCoco(file: string, size: number, recognizedAs: string | undefined): boolean {
  if (size > MAX_COCO_FILE_BYTES) return false;
  if (recognizedAs !== undefined && recognizedAs !== 'coco') return false;
  if (recognizedAs === 'coco') return true;
  const sample = readHeadAndTail(file);
  return sample !== undefined && looksLikeCocoText(sample.head, sample.tail);
}
