// Reading annotation files for `compare` and `stats`: size cap, BOM, JSON errors with their place,
// then the evaluation adapters. Errors are sentences for the user (exit 2 in the CLI).
import * as fs from 'fs';
import { readAnnotationSet } from '../evaluation/adapters';
import type { AnnotationSet } from '../evaluation/types';
import { MAX_BATCH_FILE_BYTES } from '../validation/analyze';

export class InputError extends Error {}

export function readJsonFile(file: string): unknown {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputError(`No such file: ${file}`);
  }
  if (stat.isDirectory()) throw new InputError(`${file} is a folder; name an annotation file.`);
  if (!stat.isFile()) throw new InputError(`${file} is not a regular file.`);
  if (stat.size > MAX_BATCH_FILE_BYTES) throw new InputError(`${file} is ${Math.round(stat.size / 1048576)} MB, more than the ${MAX_BATCH_FILE_BYTES / 1048576} MB this command reads.`);
  const buffer = fs.readFileSync(file);
  if (buffer.includes(0)) throw new InputError(`${file} is a binary file, not JSON.`);
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(detail);
    let where = '';
    if (at) {
      const offset = Number(at[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${offset - before.lastIndexOf('\n')}`;
    }
    throw new InputError(`${file} is not valid JSON${where} (${detail.replace(/^.*?: /, '').replace(/ in JSON at position \d+.*$/, '')}).`);
  }
}

export function readSet(file: string, context?: AnnotationSet): AnnotationSet {
  const set = readAnnotationSet(readJsonFile(file), context);
  if (typeof set === 'string') throw new InputError(`${file}: ${set}.`);
  return set;
}

export function describeSkipped(file: string, set: AnnotationSet): string[] {
  return [...set.skipped].map(([reason, n]) => `${file}: ${reason}: ${n}.`);
}
