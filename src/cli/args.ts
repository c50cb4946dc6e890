// The subcommands' argument walk: `--flag value`, `--flag=value`, and anything else as it stands.
import * as l10n from '@vscode/l10n';

/** Bad usage: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/**
 * Calls `visit` for each argument with its flag (the part before `=` of `--flag=value`, else the
 * argument itself) and `value()`, which takes the flag's value (after `=`, or the next argument) and
 * throws a UsageError when there is none. A visit returning 'stop' ends the walk.
 */
export function walkArgs(argv: readonly string[], visit: (flag: string, value: () => string, arg: string) => void | 'stop'): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(l10n.t('{0} needs a value.', flag));
      return v;
    };
    if (visit(flag, value, arg) === 'stop') return;
  }
}
