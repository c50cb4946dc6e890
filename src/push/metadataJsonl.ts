// Push a valohai.metadata.jsonl: each line's metadata to the datum (`file`), dataset or dataset
// version it names. A line that does not parse is reported as not pushed, with the parser's words.
import * as path from 'path';
import * as vscode from 'vscode';
import { DatasetResolver, DatumResolver, type DatumQuery, type PushItem } from '../remote/push';
import { metadataLineTarget } from '../remote/targets';
import type { Properties } from '../remote/types';
import { messageOf } from '../toolshed/errors';
import { localSha256, settle } from './datums';
import { argUri, parseObject, pushArgs, runPush, validationGate, type PushArgs, type PushDeps, type PushOutcome } from './runPush';

export async function pushJsonl(deps: PushDeps, raw?: PushArgs): Promise<PushOutcome | undefined> {
  const args = pushArgs(raw);
  const uri = argUri(raw);
  if (!uri) throw new Error(vscode.l10n.t('Open a valohai.metadata.jsonl file to push.'));
  const name = path.basename(uri.path);
  const analysis = await validationGate(deps, uri, 'metadata-jsonl', name, args.force);
  if (!analysis) return { results: [], stopped: 'validation errors' };
  const text = analysis.text;
  const project = deps.session.requireProject().id;
  const dir = uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
  return runPush(deps, vscode.l10n.t('Push {0}', name), args, async (api, signal) => {
    const items: PushItem[] = [];
    const files: { item: PushItem; query: DatumQuery }[] = [];
    const datasets = new DatasetResolver(api, project, signal);
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) continue;
      let entry: Record<string, unknown>;
      try {
        entry = parseObject(lines[i], vscode.l10n.t('Line {0}', i + 1));
      } catch (error) {
        items.push({ line: i + 1, label: lines[i].slice(0, 40), properties: {}, problem: messageOf(error) });
        continue;
      }
      const metadata = (entry.metadata && typeof entry.metadata === 'object' ? entry.metadata : {}) as Properties;
      const item: PushItem = { line: i + 1, label: String(entry.file ?? entry.dataset ?? entry['dataset-version'] ?? '?'), properties: metadata };
      if (typeof entry.file === 'string') {
        // `file` is the path relative to the outputs root, which is the datum's name.
        files.push({ item, query: { names: [entry.file], localSha256: dir ? localSha256(path.join(dir, entry.file)) : undefined } });
      } else {
        const target = await metadataLineTarget(entry, datasets);
        if (typeof target === 'string') item.problem = target;
        else item.target = target;
      }
      items.push(item);
    }
    const matches = await new DatumResolver(api, project, signal).resolveAll(files.map((f) => f.query));
    await settle(deps.prompts, files.map((f) => f.item), matches);
    return items;
  });
}
