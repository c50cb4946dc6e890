// The page's own words (buttons, legend, slider, banners, captions, aria-labels; their English is
// ENGLISH in protocol.ts). The host says each of them through vscode.l10n.t
// (src/preview/host/pageStrings.ts) and puts them in the page's `data-strings` before the script
// runs; a text the host did not send stays English. `{0}`, `{1}` are filled in here, so a
// translation can put them in any order.
import { ENGLISH, type PageStrings } from './protocol';

let strings: PageStrings = { ...ENGLISH };

/** Takes the host's texts (only strings, only known keys); the rest stay English. */
export function setStrings(from: unknown): void {
  const next: PageStrings = { ...ENGLISH };
  if (from && typeof from === 'object') {
    for (const key of Object.keys(ENGLISH) as (keyof PageStrings)[]) {
      const value = (from as Record<string, unknown>)[key];
      if (typeof value === 'string' && value !== '') next[key] = value;
    }
  }
  strings = next;
}

/** The page's text `key`, with `{0}`, `{1}` … filled in. */
export function t(key: keyof PageStrings, ...args: (string | number)[]): string {
  return strings[key].replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

// The host's texts are in the page before this script runs (src/preview/host/html.ts). (Read
// without the DOM types, so the unit tests can load this module under Node, where there is none.)
const page = (globalThis as { document?: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null } }).document;
const raw = page?.getElementById('root')?.dataset.strings;
if (raw) {
  try {
    setStrings(JSON.parse(raw));
  } catch {
    // malformed: English
  }
}
