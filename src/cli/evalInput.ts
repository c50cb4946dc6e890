// Reading annotation files for `compare` and `stats`: size cap, BOM, JSON errors with their place,
// then the evaluation adapters. Errors are sentences for the user (exit 2 in the CLI).
import * as l10n from '@vscode/l10n';
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
    throw new InputError(l10n.t('No such file: {0}', file));
  }
  if (stat.isDirectory()) throw new InputError(l10n.t('{0} is a folder; name an annotation file.', file));
  if (!stat.isFile()) throw new InputError(l10n.t('{0} is not a regular file.', file));
  if (stat.size > MAX_BATCH_FILE_BYTES) throw new InputError(l10n.t('{0} is {1} MB, more than the {2} MB this command reads.', file, Math.round(stat.size / 1048576), MAX_BATCH_FILE_BYTES / 1048576));
  const buffer = fs.readFileSync(file);
  if (buffer.includes(0)) throw new InputError(l10n.t('{0} is a binary file, not JSON.', file));
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(detail);
    let where: number[] | undefined;
    if (at) {
      const offset = Number(at[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      where = [line, offset - before.lastIndexOf('\n')];
    }
    const why = detail.replace(/^.*?: /, '').replace(/ in JSON at position \d+.*$/, '');
    throw new InputError(where ? l10n.t('{0} is not valid JSON at line {1}, column {2} ({3}).', file, where[0], where[1], why) : l10n.t('{0} is not valid JSON ({1}).', file, why));
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
