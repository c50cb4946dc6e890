// Wires the remote side together: the session (sign-in), the Valohai tree, the properties file
// system, push and adopt commands, and the live values for completion.
import * as vscode from 'vscode';
import { REMOTE_VIEW } from './constants';
import { registerAdopt } from './adopt/adopt';
import { PropertiesFileSystems } from './properties/fileSystems';
import { PropertiesFileSystem } from './properties/propertiesFs';
import { registerPushCommands } from './push/pushCommands';
import { RemoteValues } from './remote/values';
import type { Node } from './tree/nodes';
import { RemoteTree } from './tree/tree';
import { registerTreeCommands } from './tree/treeCommands';
import type { Services } from './services';
import { remoteValueSource } from './session/completionValues';
import { Prompts } from './toolshed/prompts';
import { Session } from './session/session';
import { registerSignIn } from './session/signIn';

/** What the extension exports for other features (completion) and for tests (stubbing prompts). */
export interface RemoteApi {
  prompts: Prompts;
  session: Session;
  tree: RemoteTree;
  values: RemoteValues;
}

export function registerRemote(services: Services): { disposable: vscode.Disposable; api: RemoteApi } {
  const { context, log, validator } = services;
  const prompts = new Prompts();
  const session = new Session(context, prompts, log);
  const tree = new RemoteTree(session, log);
  const view = vscode.window.createTreeView<Node>(REMOTE_VIEW, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const values = new RemoteValues(() => {
    const project = session.project;
    return session.current && project ? { api: session.api(), project: project.id } : undefined;
  });
  const properties = new PropertiesFileSystem(session, prompts, validator, log);
  const fileSystems = new PropertiesFileSystems(properties);
  const onPushed = (): void => tree.refresh();

  const describeView = (): void => {
    view.description = session.project?.name;
  };
  const revealDatums = async (ids: string[]): Promise<void> => {
    tree.refresh();
    const group = (await tree.getChildren()).find((n) => n.kind === 'group' && n.group === 'datums');
    if (!group) return;
    await view.reveal(group, { expand: true });
    const children = await tree.getChildren(group);
    const first = children.find((n) => n.kind === 'datum' && ids.includes(n.datum.id));
    if (first) await view.reveal(first, { select: true, focus: false });
  };

  describeView();
  void session.restore();
  const disposable = vscode.Disposable.from(
    session,
    tree,
    view,
    session.onDidChange(() => {
      describeView();
      values.clear();
      tree.refresh();
    }),
    tree.onDidRefresh(() => values.clear()),
    properties.onDidPush(onPushed),
    properties.trackSaves(),
    fileSystems,
    registerSignIn(session, log),
    registerTreeCommands(tree, view, session, log, () => fileSystems.ensure()),
    registerPushCommands({ session, prompts, validator, analyses: services.analyses, state: context.workspaceState, log, onPushed }),
    registerAdopt(session, log, revealDatums),
    services.values.register(remoteValueSource(values)),
  );
  return { disposable, api: { prompts, session, tree, values } };
}
