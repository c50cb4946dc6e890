// Which datum a local file describes, in the editor: its names on the platform, its sha256 for
// telling same-named datums apart, and the question when neither settles it.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { datumName, localDatumNames, propertiesOf, type DatumMatch, type PushItem } from '../remote/push';
import { datumTargetOf } from '../remote/targets';
import type { Datum } from '../remote/types';
import type { Prompts } from '../toolshed/prompts';

export function localSha256(file: string): () => Promise<string | undefined> {
  return async () => {
    try {
      return createHash('sha256').update(await fs.promises.readFile(file)).digest('hex');
    } catch {
      return undefined;
    }
  };
}

/** The names a local file may have on the platform (its path relative to the outputs root). */
export function namesOf(uri: vscode.Uri, file: string): string[] {
  if (uri.scheme !== 'file') return [datumName(path.posix.basename(file))];
  return localDatumNames(file, vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
}

/** The target of a push to a datum, with the properties it shows now. */
export function datumTarget(datum: Datum): Pick<PushItem, 'target' | 'current'> {
  return { target: datumTargetOf(datum), current: propertiesOf(datum) };
}

/** Several datums with the name and the sha256 did not settle it: the user chooses (Escape: none). */
export function askWhich(prompts: Prompts, label: string, match: DatumMatch): Promise<Datum | undefined> {
  return prompts.pick(
    vscode.l10n.t('Which datum does {0} describe?', label),
    match.problem ?? vscode.l10n.t('Several datums have this name'),
    match.candidates.map((d) => ({
      label: d.name,
      description: d.output_execution ? vscode.l10n.t('execution #{0}', d.output_execution.counter ?? '?') : vscode.l10n.t('not from an execution'),
      detail: vscode.l10n.t('{0} · sha256 {1} · {2} bytes · {3}', d.id, d.sha256 ?? vscode.l10n.t('unknown'), d.size ?? '?', d.ctime ?? ''),
      value: d,
    })),
  );
}

/** Asks for every match the names and sha256 left open; a line left unchosen keeps its problem. */
export async function settle(prompts: Prompts, items: readonly PushItem[], matches: readonly DatumMatch[]): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    const match = matches[i];
    let datum = match.datum;
    if (!datum && match.candidates.length > 1) datum = await askWhich(prompts, `${items[i].line ? vscode.l10n.t('line {0}: ', items[i].line!) : ''}${items[i].label}`, match);
    if (datum) Object.assign(items[i], datumTarget(datum));
    else items[i].problem = match.problem ?? vscode.l10n.t('no datum chosen');
  }
}
