// The API token's two safety rules, in one place: what a token may look like (checked at sign-in
// and again before anything is sent), and how it is kept out of every message and log line.
// Pure: no `vscode`, so the client and the tests use the very same rules.
import * as l10n from '@vscode/l10n';

/** Printable ASCII without the space: what an HTTP header value can carry unchanged. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
/** Long enough that replacing it cannot mangle ordinary words in a message. */
const MIN_REDACT_LENGTH = 6;
export const REDACTED = '<token hidden>';

export type TokenCheck = { ok: true; token: string } | { ok: false; problem: string };

/**
 * Trims the token and checks it; the problem never repeats the token (a pasted token with a stray
 * newline must not end up in a notification).
 */
export function checkToken(raw: string | undefined): TokenCheck {
  const token = (raw ?? '').trim();
  if (!token) return { ok: false, problem: l10n.t('The token is empty.') };
  if (!TOKEN_CHARS.test(token)) {
    const bad = [...token].find((c) => !TOKEN_CHARS.test(c)) ?? '';
    const code = bad.codePointAt(0) ?? 0;
    const problem =
      code < 0x20 || code === 0x7f
        ? l10n.t("The token contains a control character (a line break or similar); an API token has only printable ASCII characters. Copy it again from the host's token page.")
        : code === 0x20
          ? l10n.t("The token contains a space; an API token has only printable ASCII characters. Copy it again from the host's token page.")
          : l10n.t("The token contains a character outside printable ASCII; an API token has only printable ASCII characters. Copy it again from the host's token page.");
    return { ok: false, problem };
  }
  return { ok: true, token };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of the token (also as a message would show it: whitespace collapsed,
 * JSON-escaped, split at control characters) and any `Authorization` header value in `text`.
 */
export function redact(text: string, token: string | undefined): string {
  let out = text;
  if (token) {
    const forms = new Set<string>([token, token.trim(), token.replace(/\s+/g, ' ').trim(), JSON.stringify(token).slice(1, -1)]);
    for (const part of token.split(/[\x00-\x20\x7f]+/)) forms.add(part);
    const sorted = [...forms].filter((f) => f.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length);
    if (sorted.length) out = out.replace(new RegExp(sorted.map(escapeRegExp).join('|'), 'g'), REDACTED);
  }
  // A header echoed back by a proxy or server: hide the credential it carries (after a scheme word,
  // any value; without one, only what looks like a credential, so "Authorization: required" stays).
  return out
    .replace(/(authorization["']?\s*[:=]\s*["']?)((?:token|bearer|basic)\s+)[^\s"',;}]+/gi, `$1$2${REDACTED}`)
    .replace(/(authorization["']?\s*[:=]\s*["']?)(?!<token hidden>)[A-Za-z0-9._~+/=-]{12,}/gi, `$1${REDACTED}`);
}

/** `redact` over every string of a parsed JSON value (an error body kept for callers). */
export function redactValue<T>(value: T, token: string | undefined): T {
  if (typeof value === 'string') return redact(value, token) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, token)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [redact(k, token), redactValue(v, token)])) as T;
  }
  return value;
}
