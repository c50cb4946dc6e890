// Push commands: a `<file>.metadata.json` sidecar, a `valohai.metadata.jsonl`, annotation JSON (each
// image's annotations as a property of its datum), and "Apply properties to selected datums".
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CONFIG_SECTION, RemoteCommands } from '../constants';
import { registerCommand } from '../editor/registerCommand';
import { recognizeByContent, recognizeByName } from '../formats/formats';
import { DatasetResolver, DatumResolver, datumName, localDatumNames, propertiesOf, type DatumMatch, type DatumQuery, type PushItem } from '../remote/push';
import type { Datum, Properties } from '../remote/types';
import type { Prompts } from '../remoteUi/prompts';
import type { Node } from '../sidebar/nodes';
import { argUri, documentText, pushArgs, runPush, validationGate, type PushArgs, type PushDeps, type PushOutcome } from './runPush';

const MAPPING_KEY = 'datumStudio.remote.sidecarDatums';

function localSha256(file: string): () => Promise<string | undefined> {
  return async () => {
    try {
      return createHash('sha256').update(await fs.promises.readFile(file)).digest('hex');
    } catch {
      return undefined;
    }
  };
}

/** The names a local file may have on the platform (its path relative to the outputs root). */
function namesOf(uri: vscode.Uri, file: string): string[] {
  if (uri.scheme !== 'file') return [datumName(path.posix.basename(file))];
  return localDatumNames(file, vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
}

/** The target of a push; the execution is named too, since two executions may output one name. */
function datumTarget(datum: Datum): Pick<PushItem, 'target' | 'current'> {
  const counter = datum.output_execution?.counter;
  return { target: { kind: 'datum', id: datum.id, name: counter !== undefined ? `${datum.name} (execution #${counter})` : datum.name }, current: propertiesOf(datum) };
}

/** Several datums with the name and the sha256 did not settle it: the user chooses (Escape: none). */
function askWhich(prompts: Prompts, label: string, match: DatumMatch): Promise<Datum | undefined> {
  return prompts.pick(
    `Which datum does ${label} describe?`,
    match.problem ?? 'Several datums have this name',
    match.candidates.map((d) => ({
      label: d.name,
      description: d.output_execution ? `execution #${d.output_execution.counter ?? '?'}` : 'not from an execution',
      detail: `${d.id} · sha256 ${d.sha256 ?? 'unknown'} · ${d.size ?? '?'} bytes · ${d.ctime ?? ''}`,
      value: d,
    })),
  );
}

/** Asks for every match the names and sha256 left open; a line left unchosen keeps its problem. */
async function settle(prompts: Prompts, items: readonly PushItem[], matches: readonly DatumMatch[]): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    const match = matches[i];
    let datum = match.datum;
    if (!datum && match.candidates.length > 1) datum = await askWhich(prompts, `${items[i].line ? `line ${items[i].line}: ` : ''}${items[i].label}`, match);
    if (datum) Object.assign(items[i], datumTarget(datum));
    else items[i].problem = match.problem ?? 'no datum chosen';
  }
}

function parseObject(text: string, what: string): Properties {
  const value = JSON.parse(text) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not one JSON object.`);
  return value as Properties;
}

export function registerPushCommands(context: vscode.ExtensionContext, deps: PushDeps): vscode.Disposable {
  const mapping = (): Record<string, string> => context.workspaceState.get<Record<string, string>>(MAPPING_KEY) ?? {};

  const pushSidecar = async (raw?: PushArgs & { datumId?: string }): Promise<PushOutcome | undefined> => {
    const args = pushArgs(raw);
    const uri = argUri(raw);
    if (!uri) throw new Error('Open a <file>.metadata.json sidecar to push.');
    const name = path.basename(uri.path);
    if (!name.endsWith('.metadata.json')) throw new Error(`${name} is not a <file>.metadata.json sidecar.`);
    const text = await documentText(uri);
    if (!(await validationGate(deps, text, 'sidecar', name, args.force))) return { results: [], stopped: 'validation errors' };
    const properties = parseObject(text, name);
    const dataFile = uri.path.slice(0, -'.metadata.json'.length);
    const project = deps.session.requireProject().id;
    return runPush(deps, `Push ${name}`, args, async (api, signal) => {
      let datum: Datum | undefined;
      const remembered = (raw as { datumId?: string } | undefined)?.datumId ?? mapping()[uri.toString()];
      if (remembered) datum = await api.datum(remembered, signal).catch(() => undefined);
      if (!datum) {
        const local = uri.scheme === 'file' ? uri.fsPath.slice(0, -'.metadata.json'.length) : dataFile;
        const match = await new DatumResolver(api, project, signal).resolve({ names: namesOf(uri, local), localSha256: uri.scheme === 'file' ? localSha256(local) : undefined });
        datum = match.datum;
        if (!datum && match.candidates.length) datum = await askWhich(deps.prompts, name, match);
        if (!datum) return [{ label: name, properties, problem: match.problem ?? 'no datum chosen' }];
      }
      await context.workspaceState.update(MAPPING_KEY, { ...mapping(), [uri.toString()]: datum.id });
      return [{ label: name, properties, ...datumTarget(datum) }];
    });
  };

  const pushJsonl = async (raw?: PushArgs): Promise<PushOutcome | undefined> => {
    const args = pushArgs(raw);
    const uri = argUri(raw);
    if (!uri) throw new Error('Open a valohai.metadata.jsonl file to push.');
    const name = path.basename(uri.path);
    const text = await documentText(uri);
    if (!(await validationGate(deps, text, 'metadata-jsonl', name, args.force))) return { results: [], stopped: 'validation errors' };
    const project = deps.session.requireProject().id;
    const dir = uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
    return runPush(deps, `Push ${name}`, args, async (api, signal) => {
      const items: PushItem[] = [];
      const files: { item: PushItem; query: DatumQuery }[] = [];
      const datasets = new DatasetResolver(api, project, signal);
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i].trim()) continue;
        let entry: Record<string, unknown>;
        try {
          entry = parseObject(lines[i], `Line ${i + 1}`);
        } catch (error) {
          items.push({ line: i + 1, label: lines[i].slice(0, 40), properties: {}, problem: error instanceof Error ? error.message : String(error) });
          continue;
        }
        const metadata = (entry.metadata && typeof entry.metadata === 'object' ? entry.metadata : {}) as Properties;
        const item: PushItem = { line: i + 1, label: String(entry.file ?? entry.dataset ?? entry['dataset-version'] ?? '?'), properties: metadata };
        if (typeof entry.file === 'string') {
          // `file` is the path relative to the outputs root, which is the datum's name.
          files.push({ item, query: { names: [entry.file], localSha256: dir ? localSha256(path.join(dir, entry.file)) : undefined } });
        } else if (typeof entry['dataset-version'] === 'string') {
          const version = await datasets.version(entry['dataset-version']);
          if (typeof version === 'string') item.problem = version;
          else item.target = { kind: 'dataset-version', ...version };
        } else if (typeof entry.dataset === 'string') {
          const datasetName = entry.dataset.replace(/^dataset:\/\//, '').replace(/\/$/, '');
          const dataset = await datasets.dataset(datasetName);
          if (dataset) item.target = { kind: 'dataset', id: dataset.id, name: dataset.name };
          else item.problem = `no dataset named ${datasetName} in the project`;
        } else item.problem = 'the line has no file, dataset or dataset-version';
        items.push(item);
      }
      const matches = await new DatumResolver(api, project, signal).resolveAll(files.map((f) => f.query));
      await settle(deps.prompts, files.map((f) => f.item), matches);
      return items;
    });
  };

  const pushAnnotations = async (raw?: PushArgs & { key?: string }): Promise<PushOutcome | undefined> => {
    const args = pushArgs(raw);
    const uri = argUri(raw);
    if (!uri) throw new Error('Open an annotation JSON file to push.');
    const name = path.basename(uri.path);
    const text = await documentText(uri);
    if (!(await validationGate(deps, text, 'annotations', name, args.force))) return { results: [], stopped: 'validation errors' };
    const key = (raw as { key?: string } | undefined)?.key ?? vscode.workspace.getConfiguration(CONFIG_SECTION, uri).get<string>('push.annotationsKey') ?? 'annotations';
    const parsed = parseObject(text, name) as { images?: { image?: unknown; annotations?: unknown }[] };
    const project = deps.session.requireProject().id;
    const dir = uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
    return runPush(deps, `Push annotations of ${name}`, args, async (api, signal) => {
      const images = (parsed.images ?? []).filter((entry): entry is { image: string; annotations?: unknown } => typeof entry.image === 'string');
      const items: PushItem[] = images.map((entry) => ({ label: entry.image, properties: { [key]: entry.annotations ?? [] } }));
      const queries = images.map((entry): DatumQuery => {
        if (!dir || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry.image)) return { names: [path.posix.basename(entry.image.replace(/\\/g, '/'))] };
        const file = path.resolve(dir, entry.image);
        return { names: namesOf(vscode.Uri.file(file), file), localSha256: localSha256(file) };
      });
      await settle(deps.prompts, items, await new DatumResolver(api, project, signal).resolveAll(queries));
      return items;
    });
  };

  /** One entry point for the editor title and code lenses: picks the push by the file's format. */
  const pushFile = async (raw?: PushArgs): Promise<PushOutcome | undefined> => {
    const uri = argUri(raw);
    if (!uri) throw new Error('Open a file to push.');
    const byName = recognizeByName(uri.path);
    if (byName === 'sidecar') return pushSidecar(raw);
    if (byName === 'metadata-jsonl') return pushJsonl(raw);
    let content: unknown;
    try {
      content = JSON.parse(await documentText(uri));
    } catch {
      content = undefined;
    }
    if (recognizeByContent(content) === 'annotations') return pushAnnotations(raw);
    throw new Error(`${path.basename(uri.path)} is not a sidecar, a valohai.metadata.jsonl or an annotation file.`);
  };

  const applyToSelected = async (clicked?: Node | { datumIds: string[]; properties: Properties; confirm?: boolean }, selected?: Node[]): Promise<PushOutcome | undefined> => {
    let ids: { id: string; name: string }[];
    let properties: Properties | undefined;
    let confirm = false;
    if (clicked && 'datumIds' in clicked) {
      ids = clicked.datumIds.map((id) => ({ id, name: id }));
      properties = clicked.properties;
      confirm = !!clicked.confirm;
    } else {
      const nodes = (selected?.length ? selected : clicked ? [clicked] : []).filter((n): n is Extract<Node, { kind: 'datum' }> => n.kind === 'datum');
      ids = nodes.map((n) => ({ id: n.datum.id, name: n.datum.name }));
    }
    if (!ids.length) throw new Error('Select one or more datums in the Valohai view first.');
    if (!properties) {
      const text = await vscode.window.showInputBox({
        title: `Apply properties to ${ids.length} datum(s)`,
        prompt: 'A JSON object; keys set to null are removed',
        value: '{"valohai.tags": []}',
        validateInput: (v) => {
          try {
            parseObject(v, 'The text');
            return undefined;
          } catch (error) {
            return error instanceof Error ? error.message : String(error);
          }
        },
      });
      if (!text) return undefined;
      properties = parseObject(text, 'The text');
    }
    const lines = Object.entries(properties).map(([k, v]) => (v === null ? `− ${k}` : `${k}: ${JSON.stringify(v)}`));
    if (!confirm && !(await deps.prompts.confirm(`Apply ${Object.keys(properties).length} propert(ies) to ${ids.length} datum(s)?`, [...lines, '', ...ids.slice(0, 20).map((d) => d.name)].join('\n'), 'Apply'))) return { results: [], stopped: 'not confirmed' };
    try {
      await deps.session.run((api) => api.applyToAll(properties!, ids.map((d) => d.id)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`Nothing was applied: ${message}`);
      return { results: ids.map((d) => ({ label: d.name, status: 'failed', message })) };
    }
    deps.onPushed();
    void vscode.window.showInformationMessage(`Applied the properties to ${ids.length} datum(s).`);
    return { results: ids.map((d) => ({ label: d.name, target: `datum ${d.id}`, status: 'pushed', message: 'applied' })) };
  };

  return vscode.Disposable.from(
    registerCommand(RemoteCommands.pushSidecar, deps.log, pushSidecar),
    registerCommand(RemoteCommands.pushJsonl, deps.log, pushJsonl),
    registerCommand(RemoteCommands.pushAnnotations, deps.log, pushAnnotations),
    registerCommand(RemoteCommands.pushFile, deps.log, pushFile),
    registerCommand(RemoteCommands.applyToSelected, deps.log, applyToSelected),
  );
}
