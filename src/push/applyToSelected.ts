// "Apply properties to selected datums": one JSON object to every datum selected in the tree, in
// one request, after a confirmation that lists the keys and the datums.
import * as vscode from 'vscode';
import type { Properties } from '../remote/types';
import { messageOf } from '../toolshed/errors';
import type { Node } from '../tree/nodes';
import { parseObject, type PushDeps, type PushOutcome } from './runPush';

export async function applyToSelected(deps: PushDeps, clicked?: Node | { datumIds: string[]; properties: Properties; confirm?: boolean }, selected?: Node[]): Promise<PushOutcome | undefined> {
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
  if (!ids.length) throw new Error(vscode.l10n.t('Select one or more datums in the Valohai view first.'));
  if (!properties) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Apply properties to {0} datum(s)', ids.length),
      prompt: vscode.l10n.t('A JSON object; keys set to null are removed'),
      value: '{"valohai.tags": []}',
      validateInput: (v) => {
        try {
          parseObject(v, vscode.l10n.t('The text'));
          return undefined;
        } catch (error) {
          return messageOf(error);
        }
      },
    });
    if (!text) return undefined;
    properties = parseObject(text, vscode.l10n.t('The text'));
  }
  const lines = Object.entries(properties).map(([k, v]) => (v === null ? `− ${k}` : `${k}: ${JSON.stringify(v)}`));
  if (!confirm && !(await deps.prompts.confirm(vscode.l10n.t('Apply {0} propert(ies) to {1} datum(s)?', Object.keys(properties).length, ids.length), [...lines, '', ...ids.slice(0, 20).map((d) => d.name)].join('\n'), vscode.l10n.t('Apply')))) return { results: [], stopped: 'not confirmed' };
  try {
    await deps.session.run((api) => api.applyToAll(properties!, ids.map((d) => d.id)));
  } catch (error) {
    const message = messageOf(error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Nothing was applied: {0}', message));
    return { results: ids.map((d) => ({ label: d.name, status: 'failed', message })) };
  }
  deps.onPushed();
  void vscode.window.showInformationMessage(vscode.l10n.t('Applied the properties to {0} datum(s).', ids.length));
  return { results: ids.map((d) => ({ label: d.name, target: `datum ${d.id}`, status: 'pushed', message: 'applied' })) };
}
