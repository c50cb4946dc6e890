// Push a `<file>.metadata.json` sidecar to its datum: the one remembered for this file, else the
// datum with the data file's name (and sha256), asking when several remain.
import * as path from 'path';
import * as vscode from 'vscode';
import { MementoKeys } from '../constants';
import { DatumResolver } from '../remote/push';
import type { Datum } from '../remote/types';
import { askWhich, datumTarget, localSha256, namesOf } from './datums';
import { argUri, objectOf, pushArgs, runPush, validationGate, type PushArgs, type PushDeps, type PushOutcome } from './runPush';

export async function pushSidecar(deps: PushDeps, raw?: PushArgs & { datumId?: string }): Promise<PushOutcome | undefined> {
  const args = pushArgs(raw);
  const uri = argUri(raw);
  if (!uri) throw new Error(vscode.l10n.t('Open a <file>.metadata.json sidecar to push.'));
  const name = path.basename(uri.path);
  if (!name.endsWith('.metadata.json')) throw new Error(vscode.l10n.t('{0} is not a <file>.metadata.json sidecar.', name));
  const analysis = await validationGate(deps, uri, 'sidecar', name, args.force);
  if (!analysis) return { results: [], stopped: 'validation errors' };
  const properties = objectOf(analysis, name);
  const dataFile = uri.path.slice(0, -'.metadata.json'.length);
  const project = deps.session.requireProject().id;
  const mapping = (): Record<string, string> => deps.state.get<Record<string, string>>(MementoKeys.sidecarDatums) ?? {};
  return runPush(deps, vscode.l10n.t('Push {0}', name), args, async (api, signal) => {
    let datum: Datum | undefined;
    const remembered = (raw as { datumId?: string } | undefined)?.datumId ?? mapping()[uri.toString()];
    if (remembered) datum = await api.datum(remembered, signal).catch(() => undefined);
    if (!datum) {
      const local = uri.scheme === 'file' ? uri.fsPath.slice(0, -'.metadata.json'.length) : dataFile;
      const match = await new DatumResolver(api, project, signal).resolve({ names: namesOf(uri, local), localSha256: uri.scheme === 'file' ? localSha256(local) : undefined });
      datum = match.datum;
      if (!datum && match.candidates.length) datum = await askWhich(deps.prompts, name, match);
      if (!datum) return [{ label: name, properties, problem: match.problem ?? vscode.l10n.t('no datum chosen') }];
    }
    await deps.state.update(MementoKeys.sidecarDatums, { ...mapping(), [uri.toString()]: datum.id });
    return [{ label: name, properties, ...datumTarget(datum) }];
  });
}
