// Push annotation JSON: each image's annotations as one property (default `annotations`) of the
// datum with the image's name (and sha256).
import * as path from 'path';
import * as vscode from 'vscode';
import { imageEntries } from '../annotations/metalake';
import { CONFIG_SECTION, SettingKeys } from '../constants';
import { isObject } from '../core/json';
import { DatumResolver, type DatumQuery, type PushItem } from '../remote/push';
import { localSha256, namesOf, settle } from './datums';
import { argUri, objectOf, pushArgs, runPush, validationGate, type PushArgs, type PushDeps, type PushOutcome } from './runPush';

export async function pushAnnotations(deps: PushDeps, raw?: PushArgs & { key?: string }): Promise<PushOutcome | undefined> {
  const args = pushArgs(raw);
  const uri = argUri(raw);
  if (!uri) throw new Error(vscode.l10n.t('Open an annotation JSON file to push.'));
  const name = path.basename(uri.path);
  const analysis = await validationGate(deps, uri, 'annotations', name, args.force);
  if (!analysis) return { results: [], stopped: 'validation errors' };
  const key = (raw as { key?: string } | undefined)?.key ?? vscode.workspace.getConfiguration(CONFIG_SECTION, uri).get<string>(SettingKeys.pushAnnotationsKey) ?? 'annotations';
  const parsed = objectOf(analysis, name);
  const project = deps.session.requireProject().id;
  const dir = uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
  return runPush(deps, vscode.l10n.t('Push annotations of {0}', name), args, async (api, signal) => {
    // The model's readers pass over entries that are no object (a forced push of a broken file).
    const images = imageEntries(parsed).filter((entry): entry is { image: string; annotations?: unknown } => isObject(entry) && typeof entry.image === 'string');
    const items: PushItem[] = images.map((entry) => ({ label: entry.image, properties: { [key]: entry.annotations ?? [] } }));
    const queries = images.map((entry): DatumQuery => {
      if (!dir || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry.image)) return { names: [path.posix.basename(entry.image.replace(/\\/g, '/'))] };
      const file = path.resolve(dir, entry.image);
      return { names: namesOf(vscode.Uri.file(file), file), localSha256: localSha256(file) };
    });
    await settle(deps.prompts, items, await new DatumResolver(api, project, signal).resolveAll(queries));
    return items;
  });
}
