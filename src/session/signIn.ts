// Sign In / Sign Out / Choose Project and the status bar item that shows who is signed in where.
// Every command takes its inputs as an argument too (e.g. `{host, token}`), for keybindings, tasks
// and tests.
import * as vscode from 'vscode';
import { RemoteCommands, ViewIds } from '../constants';
import { registerCommand } from '../toolshed/commands';
import { normalizeHost } from '../remote/client';
import { readCliConfig } from '../remote/cliConfig';
import { DEFAULT_HOST } from '../remote/policy';
import { checkToken } from '../remote/token';
import type { Project } from '../remote/types';
import type { Session } from './session';
import { messageOf } from '../toolshed/errors';

export interface SignInArgs {
  host?: string;
  token?: string;
  /** take valohai-cli's host and token without asking */
  useCli?: boolean;
  /** the project to use (id or name); without it, an interactive sign-in asks */
  project?: string;
}

export function registerSignIn(session: Session, log: vscode.LogOutputChannel): vscode.Disposable {
  const status = vscode.window.createStatusBarItem(ViewIds.accountStatus, vscode.StatusBarAlignment.Left, 10);
  status.name = vscode.l10n.t('Valohai Account');
  const update = (): void => {
    const account = session.current;
    if (account) {
      status.text = `$(account) ${account.user.username} @ ${new URL(account.host).host}${session.project ? ` · ${session.project.name}` : ''}`;
      status.tooltip = `${vscode.l10n.t('Signed in to Valohai at {0} as {1}', account.host, account.user.username)}${account.source === 'env' ? vscode.l10n.t(' (from VALOHAI_TOKEN)') : ''}${session.project ? `\n${vscode.l10n.t('Project: {0}', session.project.name)}` : ''}\n${vscode.l10n.t('Click to choose the project.')}`;
      status.command = RemoteCommands.selectProject;
    } else {
      status.text = '$(sign-in) Valohai';
      status.tooltip = vscode.l10n.t('Sign in to Valohai');
      status.command = RemoteCommands.signIn;
    }
    status.show();
  };

  const signIn = async (args: SignInArgs = {}): Promise<boolean> => {
    let { host, token } = args;
    if (!token) {
      const cli = readCliConfig();
      if (cli && (args.useCli || (await offerCli(cli.host, cli.user?.username)))) {
        host = cli.host;
        token = cli.token;
      }
    }
    if (!host) {
      host = await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign in to Valohai (1/2)'),
        prompt: vscode.l10n.t('The Valohai host'),
        value: session.current?.host ?? process.env.VALOHAI_HOST ?? DEFAULT_HOST,
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            normalizeHost(v);
            return undefined;
          } catch (error) {
            return messageOf(error);
          }
        },
      });
      if (!host) return false;
    }
    if (!token) {
      token = await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign in to Valohai (2/2)'),
        prompt: vscode.l10n.t('An API token from {0}', `${new URL(normalizeHost(host)).origin}/auth/tokens/`),
        password: true,
        ignoreFocusOut: true,
        // `npm start` with the local emulator fills in its sample token for the newcomer.
        value: process.env.DATUM_STUDIO_SAMPLE_TOKEN,
        // The message never repeats the token: it would show what the password box hides.
        validateInput: (v) => (v.trim() === '' ? undefined : checkToken(v).ok ? undefined : (checkToken(v) as { problem: string }).problem),
      });
      if (!token) return false;
    }
    const check = checkToken(token);
    if (!check.ok) throw new Error(vscode.l10n.t('Not signed in: {0}', check.problem));
    const account = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to {0}…', host) }, () => session.use(host!, check.token, 'stored'));
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Valohai as {0}.', account.user.username));
    if (args.project) await chooseProject({ id: args.project, name: args.project });
    else if (!session.project && !args.token) await chooseProject({});
    return true;
  };

  const chooseProject = async (args: { id?: string; name?: string } = {}): Promise<Project | undefined> => {
    const projects = await session.run((api) => api.all<Project>('api/v0/projects/', { ordering: 'name' }));
    let project = projects.find((p) => p.id === args.id || (args.name && p.name === args.name));
    if (!project && (args.id || args.name)) throw new Error(vscode.l10n.t('No project {0} on {1}.', String(args.id ?? args.name), String(session.current?.host)));
    if (!project) {
      const picked = await vscode.window.showQuickPick(
        projects.map((p) => ({ label: p.name, description: p.owner?.username, detail: p.description, project: p })),
        { title: vscode.l10n.t('Choose the Valohai project for this workspace'), placeHolder: projects.length ? vscode.l10n.t('Project') : vscode.l10n.t('No projects on this host') },
      );
      project = picked?.project;
    }
    if (project) await session.setProject(project);
    return project;
  };

  session.reSignIn = () => signIn({});
  update();
  return vscode.Disposable.from(
    status,
    session.onDidChange(update),
    registerCommand(RemoteCommands.signIn, log, signIn),
    registerCommand(RemoteCommands.signOut, log, async () => {
      const host = session.current?.host;
      await session.signOut();
      if (host) void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}.', host));
    }),
    registerCommand(RemoteCommands.selectProject, log, chooseProject),
  );
}

async function offerCli(host: string, username?: string): Promise<boolean> {
  const use = vscode.l10n.t('Use valohai-cli Sign-In');
  const question = username ? vscode.l10n.t('valohai-cli is signed in to {0} as {1}. Use the same sign-in?', host, username) : vscode.l10n.t('valohai-cli is signed in to {0}. Use the same sign-in?', host);
  const choice = await vscode.window.showInformationMessage(question, use, vscode.l10n.t('Enter Another'));
  return choice === use;
}
