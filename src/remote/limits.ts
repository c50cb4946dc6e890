// The client's safety limits (README "Remote: safety limits"). Not Valohai behaviour but ours: how
// much of a reply is read and how long a silent server is waited for.
import * as l10n from '@vscode/l10n';

/** The most a JSON reply may be: a page of 1000 datums with large properties stays well below. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** The most a download (a datum's bytes, kept in memory) may be. */
export const MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;
/** How long to wait for the headers, and then for each next piece of the body. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Redirects followed per request. */
export const MAX_REDIRECTS = 5;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return l10n.t('{0} GB', +(n / 1024 / 1024 / 1024).toFixed(1));
  if (n >= 1024 * 1024) return l10n.t('{0} MB', +(n / 1024 / 1024).toFixed(1));
  if (n >= 1024) return l10n.t('{0} KB', +(n / 1024).toFixed(1));
  return l10n.t('{0} bytes', n);
}
