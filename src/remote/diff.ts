// What a push changes on the server, computed before anything is sent, so the user confirms exactly
// this. The API sets each key sent, removes each key sent as `null`, and leaves other keys alone.
import * as l10n from '@vscode/l10n';
import type { Properties } from './types';

export type Change =
  | { kind: 'added'; key: string; value: unknown }
  | { kind: 'changed'; key: string; before: unknown; value: unknown }
  | { kind: 'removed'; key: string; before: unknown }
  // the server's current value is unknown (its properties could not be read): sent as they are
  | { kind: 'set'; key: string; value: unknown }
  | { kind: 'unset'; key: string };

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted keys, so key order alone is never a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * `after` compared with `before`. With `removals` (an edited document: a key deleted from the text
 * is to be removed) keys missing from `after` are removals; without it (a sidecar: the API keeps
 * keys not sent) they are left alone. A `null` in `after` always means "remove".
 */
export function diffProperties(before: Properties, after: Properties, removals: boolean): Change[] {
  const changes: Change[] = [];
  // Keys come from files and the server: `constructor` or `__proto__` are keys like any other, so
  // only own properties count (`key in` would find Object.prototype's).
  for (const [key, value] of Object.entries(after)) {
    if (value === null) {
      if (Object.hasOwn(before, key)) changes.push({ kind: 'removed', key, before: before[key] });
    } else if (!Object.hasOwn(before, key)) changes.push({ kind: 'added', key, value });
    else if (!sameValue(before[key], value)) changes.push({ kind: 'changed', key, before: before[key], value });
  }
  if (removals) {
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) changes.push({ kind: 'removed', key, before: before[key] });
    }
  }
  return changes;
}

/**
 * What a file sends when the server's current properties are unknown: every key it names, a `null`
 * as a removal. Nothing can be "already up to date".
 */
export function unknownBaseChanges(after: Properties): Change[] {
  return Object.entries(after).map(([key, value]): Change => (value === null ? { kind: 'unset', key } : { kind: 'set', key, value }));
}

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype). */
function setOwn(target: Properties, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The request body for the changes: set keys with their value, removed keys as `null`. */
export function patchFor(changes: readonly Change[]): Properties {
  return Object.fromEntries(changes.map((c) => [c.key, c.kind === 'removed' || c.kind === 'unset' ? null : c.value]));
}

/** Applies a patch the way the server does (null removes). The emulator uses this too. */
export function applyPatch(current: Properties, patch: Properties): Properties {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else setOwn(next, key, value);
  }
  return next;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** One line per change, for confirmations and reports. */
export function describeChanges(changes: readonly Change[]): string[] {
  return changes.map((c) =>
    c.kind === 'added'
      ? `+ ${c.key}: ${short(c.value)}`
      : c.kind === 'changed'
        ? `~ ${c.key}: ${short(c.before)} → ${short(c.value)}`
        : c.kind === 'removed'
          ? l10n.t('− {0} (was {1})', c.key, short(c.before))
          : c.kind === 'set'
            ? l10n.t('= {0}: {1} (current value unknown)', c.key, short(c.value))
            : l10n.t('− {0} (removed if present; current value unknown)', c.key),
  );
}

export function summarize(changes: readonly Change[]): string {
  const count = (kind: Change['kind']): number => changes.filter((c) => c.kind === kind).length;
  const unknown = count('set') + count('unset');
  return unknown
    ? l10n.t('{0} added, {1} changed, {2} removed, {3} sent with the current value unknown', count('added'), count('changed'), count('removed'), unknown)
    : l10n.t('{0} added, {1} changed, {2} removed', count('added'), count('changed'), count('removed'));
}
