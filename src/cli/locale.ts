// The command line's language. The extension gets its translations from VS Code; the CLI has no
// VS Code, so it picks `l10n/bundle.l10n.<locale>.json` itself, by DATUM_STUDIO_LOCALE or else the
// usual locale variables (LC_ALL, LC_MESSAGES, LANG), and hands it to @vscode/l10n before it says
// anything. No bundle for the locale (or English, or C/POSIX): the messages stay in English.
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';

/** The locale asked for, as written (`de_DE.UTF-8`), or undefined. */
export function requestedLocale(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of ['DATUM_STUDIO_LOCALE', 'LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * The bundle names to try for a locale, most specific first, in VS Code's spelling (lower case,
 * `-`): `de_DE.UTF-8` -> `de-de`, `de`; `pt-BR` -> `pt-br`, `pt`. None for C, POSIX and English
 * (English is the text in the code).
 */
export function bundleLocales(locale: string): string[] {
  const tag = locale.replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(tag)) return [];
  const language = tag.split('-')[0];
  if (language === 'en') return [];
  return tag === language ? [tag] : [tag, language];
}

/** The CLI's l10n folder: beside dist/ (the bundled CLI runs from dist/cli.js), as shipped. */
export function defaultL10nDir(): string {
  return path.resolve(__dirname, '..', 'l10n');
}

/** The bundle file the CLI uses for this environment, or undefined for English. */
export function findBundle(env: NodeJS.ProcessEnv = process.env, dir = defaultL10nDir()): string | undefined {
  const locale = requestedLocale(env);
  if (!locale) return undefined;
  for (const tag of bundleLocales(locale)) {
    const file = path.join(dir, `bundle.l10n.${tag}.json`);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Configures @vscode/l10n with the bundle for this environment. A bundle that cannot be read or
 * parsed is not fatal: the CLI then speaks English, and `problem` says why (in English: the
 * translation is what failed).
 */
export function configureCliL10n(env: NodeJS.ProcessEnv = process.env, dir = defaultL10nDir()): { file?: string; problem?: string } {
  const file = findBundle(env, dir);
  if (!file) return {};
  try {
    l10n.config({ fsPath: file });
    return { file };
  } catch (error) {
    l10n.config({ contents: {} });
    return { problem: `${path.basename(file)} is not a readable translation bundle (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); messages are in English.` };
  }
}
