// Who is signed in where. The token lives in SecretStorage (or comes from VALOHAI_TOKEN, as
// valohai-cli honours it) and only ever goes into a ValohaiClient for that host.
import * as vscode from 'vscode';
import { ValohaiApi } from '../remote/api';
import { linkedProject } from '../remote/cliConfig';
import { ValohaiClient, normalizeHost } from '../remote/client';
import { ApiError, isApiError } from '../remote/errors';
import type { Project, User } from '../remote/types';
import { REMOTE_CONTEXT } from '../constants';
import type { Prompts } from './prompts';

const HOST_KEY = 'datumStudio.remote.host';
const PROJECT_KEY = 'datumStudio.remote.project';
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
    private readonly prompts: Prompts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): Account | undefined {
    return this.account;
  }

  get project(): Project | undefined {
    return this.context.workspaceState.get<Project>(PROJECT_KEY);
  }

  async setProject(project: Project | undefined): Promise<void> {
    await this.context.workspaceState.update(PROJECT_KEY, project && { id: project.id, name: project.name });
    await this.updateContext();
    this.changed.fire();
  }

  /**
   * The client uses the extension host's global fetch, which VS Code routes through `http.proxy`
   * (setting `http.fetchAdditionalSupport`, on by default), so proxies need nothing here.
   */
  makeApi(host: string, token: string): ValohaiApi {
    return new ValohaiApi(new ValohaiClient({ host, token, log: (line) => this.log.trace(line) }));
  }

  /** Environment first (like valohai-cli), then what was stored. Quiet: no prompts at startup. */
  async restore(): Promise<void> {
    const envToken = process.env.VALOHAI_TOKEN;
    if (envToken) {
      await this.tryAccount(process.env.VALOHAI_HOST || 'https://app.valohai.com/', envToken, 'env');
      return this.updateContext();
    }
    const host = this.context.globalState.get<string>(HOST_KEY);
    const token = host && (await this.context.secrets.get(tokenKey(host)));
    if (host && token) await this.tryAccount(host, token, 'stored');
    await this.updateContext();
  }

  private async tryAccount(host: string, token: string, source: Account['source']): Promise<void> {
    try {
      await this.use(host, token, source);
    } catch (error) {
      this.log.warn(`Could not restore the Valohai sign-in for ${host}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Checks the token with users/me and makes it current; throws ApiError when it does not work. */
  async use(host: string, token: string, source: Account['source']): Promise<Account> {
    const normalized = normalizeHost(host);
    const api = this.makeApi(normalized, token);
    const user = await api.me();
    if (source === 'stored') {
      await this.context.secrets.store(tokenKey(normalized), token);
      await this.context.globalState.update(HOST_KEY, normalized);
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
      await this.context.workspaceState.update(PROJECT_KEY, { id: project.id, name: project.name });
      this.log.info(`Using project ${project.name} (${from})`);
    } catch (error) {
      this.log.warn(`Could not use project ${linked.id} from ${from}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async signOut(): Promise<void> {
    if (this.account?.source === 'stored') await this.context.secrets.delete(tokenKey(this.account.host));
    await this.context.globalState.update(HOST_KEY, undefined);
    this.account = undefined;
    this.apiInstance = undefined;
    await this.updateContext();
    this.changed.fire();
  }

  /** The API of the signed-in account; throws a sign-in error when there is none. */
  api(): ValohaiApi {
    if (!this.apiInstance) throw new ApiError('auth', 'Not signed in to Valohai. Run "Datum Studio: Sign In to Valohai".');
    return this.apiInstance;
  }

  requireProject(): Project {
    const project = this.project;
    if (!project) throw new Error('No Valohai project chosen. Run "Datum Studio: Choose Valohai Project".');
    return project;
  }

  /**
   * Runs an API action; when the server refuses the token (401/403, or no sign-in at all), asks to
   * sign in again and runs the action once more with the new sign-in.
   */
  async run<T>(action: (api: ValohaiApi) => Promise<T>): Promise<T> {
    try {
      return await action(this.api());
    } catch (error) {
      if (!isApiError(error, 'auth')) throw error;
      this.log.warn(error.message);
      const again = await this.prompts.signInAgain(`Valohai: ${error.message}`);
      if (!again || !(await this.reSignIn())) throw error;
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
