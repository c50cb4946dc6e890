// The messages between the extension host and the full-pass worker (fullPassWorker.ts). Plain data:
// they are copied between threads (structured clone). No vscode here.
import type { FormatId } from '../formats/formats';
import type { Problem } from './problems';

export interface FullPassRequest {
  id: number;
  text: string;
  requested: FormatId | 'auto';
  /** the translations to say the messages in, when they changed since the last request */
  bundle?: { [key: string]: string };
}

export interface FullPassResult {
  format: FormatId | undefined;
  /** phase 1 (Validator.analyze) */
  problems: Problem[];
  /** phase 3 (Validator.duplicateKeys), empty when the format is undefined */
  duplicates: Problem[];
  /** where the parsed units lie; their values stay in the worker (copying 40 MB of objects back would cost more than parsing) */
  units: { start: number; end: number }[];
  /** what the first unit's value is recognized as by content (a content-recognized file may stop being one) */
  recognized: FormatId | undefined;
}

export type FullPassResponse = ({ id: number } & FullPassResult) | { id: number; error: string };

/** What the worker is started with. */
export interface FullPassSetup {
  schemaDir?: string;
  bundle?: { [key: string]: string };
}
