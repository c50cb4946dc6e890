// Who is signed in where. The token lives in SecretStorage (or comes from VALOHAI_TOKEN, as
// valohai-cli honours it) and only ever goes into a ValohaiClient for that host.
import * as vscode from 'vscode';
import { ValohaiApi } from '../remote/api';
import { linkedProject } from '../remote/cliConfig';
import { ValohaiClient, normalizeHost } from '../remote/client';
import { ApiError, isApiError } from '../remote/errors';
import { checkToken } from '../remote/token';
import type { Project, User } from '../remote/types';
import { REMOTE_CONTEXT, MementoKeys } from '../constants';
import type { Prompts } from '../toolshed/prompts';
import { messageOf } from '../toolshed/errors';

const tokenKey = (host: string): string => `datumStudio.token:${host}`;

export interface Account {
  host: string;
  user: User;
  /** 'env' when VALOHAI_HOST / VALOHAI_TOKEN provided it */
  source: 'stored' | 'env';
}

export class Session implements vscode.Disposable {
  private account?: Account;
  private apiInstance?: ValohaiApi;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** set by the sign-in feature: runs the interactive sign-in, true when it succeeded */
  reSignIn: () => Promise<boolean> = async () => false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    /** every question the remote features ask (tests answer them) */
    readonly prompts: Prompts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): Account | undefined {
    return this.account;
  }

  get project(): Project | undefined {
    return this.context.workspaceState.get<Project>(MementoKeys.remoteProject);
  }

  async setProject(project: Project | undefined): Promise<void> {
    await this.context.workspaceState.update(MementoKeys.remoteProject, project && { id: project.id, name: project.name });
    await this.updateContext();
    this.changed.fire();
  }

  /**
   * The client uses the extension host's global fetch, which VS Code routes through `http.proxy`
   * (setting `http.fetchAdditionalSupport`, on by default), so proxies need nothing here.
   */
  makeApi(host: string, token: string): ValohaiApi {
    // The client redacts its own lines; redacting again here also covers a line built elsewhere.
    const client: ValohaiClient = new ValohaiClient({ host, token, log: (line) => this.log.trace(client.redact(line)) });
    return new ValohaiApi(client);
  }

  /** Environment first (like valohai-cli), then what was stored. Quiet: no prompts at startup. */
  async restore(): Promise<void> {
    const envToken = process.env.VALOHAI_TOKEN;
    if (envToken) {
      await this.tryAccount(process.env.VALOHAI_HOST || 'https://app.valohai.com/', envToken, 'env');
      return this.updateContext();
    }
    const host = this.context.globalState.get<string>(MementoKeys.remoteHost);
    const token = host && (await this.context.secrets.get(tokenKey(host)));
    if (host && token) await this.tryAccount(host, token, 'stored');
    await this.updateContext();
  }

  private async tryAccount(host: string, token: string, source: Account['source']): Promise<void> {
    try {
      await this.use(host, token, source);
    } catch (error) {
      this.log.warn(`Could not restore the Valohai sign-in for ${host}: ${messageOf(error)}`);
    }
  }

  /** Checks the token with users/me and makes it current; throws ApiError when it does not work. */
  async use(host: string, token: string, source: Account['source']): Promise<Account> {
    const normalized = normalizeHost(host);
    const check = checkToken(token);
    if (!check.ok) throw new ApiError('auth', `${source === 'env' ? 'VALOHAI_TOKEN: ' : ''}${check.problem}`);
    const api = this.makeApi(normalized, check.token);
    const user = await api.me();
    if (!user || typeof user.username !== 'string') throw new ApiError('bad-reply', vscode.l10n.t('{0} answered the token check (users/me) without a username; is this a Valohai host?', normalized));
    if (source === 'stored') {
      await this.context.secrets.store(tokenKey(normalized), check.token);
      await this.context.globalState.update(MementoKeys.remoteHost, normalized);
    }
    this.account = { host: normalized, user, source };
    this.apiInstance = api;
    this.log.info(`Signed in to ${normalized} as ${user.username}`);
    await this.useLinkedProject();
    await this.updateContext();
    this.changed.fire();
    return this.account;
  }

  /**
   * VALOHAI_PROJECT, or (when this workspace has no project yet) valohai-cli's linked project for a
   * workspace folder, as valohai-cli finds it. Quiet: a project that cannot be read is logged.
   */
  private async useLinkedProject(): Promise<void> {
    if (!this.account || !this.apiInstance) return;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const { project: linked, problem } = linkedProject(folders, this.account.host);
    if (problem) this.log.warn(problem);
    if (!linked || (linked.source === 'link' && this.project) || this.project?.id === linked.id) return;
    const from = linked.source === 'env' ? 'VALOHAI_PROJECT' : `valohai-cli's link for ${linked.directory}`;
    try {
      const project = await this.apiInstance.project(linked.id);
      await this.context.workspaceState.update(MementoKeys.remoteProject, { id: project.id, name: project.name });
      this.log.info(`Using project ${project.name} (${from})`);
    } catch (error) {
      this.log.warn(`Could not use project ${linked.id} from ${from}: ${messageOf(error)}`);
    }
  }

  async signOut(): Promise<void> {
    if (this.account?.source === 'stored') await this.context.secrets.delete(tokenKey(this.account.host));
    await this.context.globalState.update(MementoKeys.remoteHost, undefined);
    this.account = undefined;
    this.apiInstance = undefined;
    await this.updateContext();
    this.changed.fire();
  }

  /** The API of the signed-in account; throws a sign-in error when there is none. */
  api(): ValohaiApi {
    if (!this.apiInstance) throw new ApiError('auth', vscode.l10n.t('Not signed in to Valohai. Run "Datum Studio: Sign In to Valohai".'));
    return this.apiInstance;
  }

  requireProject(): Project {
    const project = this.project;
    if (!project) throw new Error(vscode.l10n.t('No Valohai project chosen. Run "Datum Studio: Choose Valohai Project".'));
    return project;
  }

  /**
   * Runs an API action; when the server refuses the token (401/403, or no sign-in at all), asks to
   * sign in again and runs the action once more with the new sign-in.
   */
  async run<T>(action: (api: ValohaiApi) => Promise<T>): Promise<T> {
    const host = this.account?.host;
    try {
      return await action(this.api());
    } catch (error) {
      if (!isApiError(error, 'auth')) throw error;
      this.log.warn(error.message);
      const again = await this.prompts.signInAgain(vscode.l10n.t('Valohai: {0}', error.message));
      if (!again || !(await this.reSignIn())) throw error;
      // What the user confirmed was meant for that host: never replay it against another one.
      if (host && this.account?.host !== host) {
        throw new ApiError('auth', vscode.l10n.t('Not run again: it was meant for {0}, and you are now signed in to {1}. Run it again if you want it there.', host, this.account?.host ?? vscode.l10n.t('no host')));
      }
      return action(this.api());
    }
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', REMOTE_CONTEXT.signedIn, !!this.account);
    await vscode.commands.executeCommand('setContext', REMOTE_CONTEXT.hasProject, !!this.project);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
