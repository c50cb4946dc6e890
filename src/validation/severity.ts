// Per-code severity overrides (setting `datumStudio.diagnostics.severity`), shared by the editor's
// diagnostics, Validate Workspace and the CLI, so one settings.json means the same everywhere.
import * as l10n from '@vscode/l10n';
import type { Severity } from './problems';

export type SeverityLevel = Severity | 'off';

export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

/** code -> level; a Map, so codes such as `constructor` are just keys. */
export type SeverityOverrides = ReadonlyMap<string, SeverityLevel>;

export interface ParsedOverrides {
  overrides: SeverityOverrides;
  /** what was ignored and why, for a log line or a CLI note */
  warnings: string[];
}

/**
 * Reads the setting's value as VS Code or settings.json hands it over. Entries with a level we do
 * not know are ignored (with a warning); codes we do not know are kept (a newer CLI may know them)
 * but named in a warning, since a typo would otherwise silently do nothing.
 */
export function parseSeverityOverrides(value: unknown, knownCodes: readonly string[]): ParsedOverrides {
  const overrides = new Map<string, SeverityLevel>();
  const warnings: string[] = [];
  if (value === undefined || value === null) return { overrides, warnings };
  if (typeof value !== 'object' || Array.isArray(value)) {
    warnings.push(l10n.t('datumStudio.diagnostics.severity must be an object of code: level; ignored.'));
    return { overrides, warnings };
  }
  const known = new Set(knownCodes);
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    const normalized = typeof level === 'string' ? normalizeLevel(level) : undefined;
    if (!normalized) {
      warnings.push(l10n.t('datumStudio.diagnostics.severity: "{0}" has level {1}; use one of {2}. Ignored.', code, JSON.stringify(level), SEVERITY_LEVELS.join(', ')));
      continue;
    }
    if (!known.has(code)) warnings.push(l10n.t('datumStudio.diagnostics.severity: "{0}" is not a Datum Studio diagnostic code.', code));
    overrides.set(code, normalized);
  }
  return { overrides, warnings };
}

function normalizeLevel(level: string): SeverityLevel | undefined {
  const lower = level.trim().toLowerCase();
  if (lower === 'info') return 'information';
  if (lower === 'none') return 'off';
  return (SEVERITY_LEVELS as readonly string[]).includes(lower) ? (lower as SeverityLevel) : undefined;
}

/**
 * The items with their overridden severity; those turned `off` are left out. Items without an
 * override are returned as they are (the same objects), others as changed copies.
 */
export function applySeverityOverrides<T extends { code: string; severity: Severity }>(items: readonly T[], overrides: SeverityOverrides): T[] {
  if (overrides.size === 0) return items.slice();
  const out: T[] = [];
  for (const item of items) {
    const level = overrides.get(item.code);
    if (level === undefined) out.push(item);
    else if (level !== 'off') out.push(level === item.severity ? item : { ...item, severity: level });
  }
  return out;
}
