// The remote side's safety in the real VS Code (issue 11, points 9, 12, 14): a change made on the
// server while a confirmation is open is asked about again, adoption always confirms, a confirmed
// action is not replayed on another host after a 401, and auto save never pushes properties.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Emulator } from '../../src/emulator/server';
import { SAMPLE_TOKEN } from '../../src/emulator/state';
import type { RemoteApi } from '../../src/remoteFeatures';
import { activeExtension, closeAllReverting, waitFor } from './helpers';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Asked {
  message: string;
  detail: string;
}

describe('remote safety (Valohai emulator)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let remote: RemoteApi;
  let asked: Asked[];
  /** answers the questions in order; a function may act (change the server) before answering */
  let answers: (string | undefined | ((q: Asked) => string | undefined))[];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-remote-safety-'));

  const signIn = (host = emulator.apiUrl): Thenable<unknown> => vscode.commands.executeCommand('datumStudio.signIn', { host, token: SAMPLE_TOKEN, project: 'demo-project' });
  const dataset = (name: string) => emulator.state.datasets.find((d) => d.name === name)!;
  /** Opens the properties document as the server has them now (another suite may have left it in memory). */
  const editProperties = async (target: { id: string; name: string }): Promise<vscode.TextEditor> => {
    const editor = (await vscode.commands.executeCommand('datumStudio.editProperties', { kind: 'dataset', id: target.id, name: target.name })) as vscode.TextEditor;
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return editor;
  };

  before(async () => {
    emulator = await new Emulator({ dataDir: path.join(scratch, 'emulator'), imagesDir: path.join(REPO, 'samples/images') }).start();
    remote = ((await activeExtension()).exports as { remote: RemoteApi }).remote;
    remote.prompts.choose = async <T extends string>(message: string, detail: string): Promise<T | undefined> => {
      const q = { message, detail };
      asked.push(q);
      const next = answers.shift();
      return (typeof next === 'function' ? next(q) : next) as T | undefined;
    };
  });

  beforeEach(async () => {
    emulator.reset();
    asked = [];
    answers = [];
    await signIn();
  });

  afterEach(closeAllReverting);

  after(async () => {
    await vscode.commands.executeCommand('datumStudio.signOut');
    await emulator.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('sign-in trims the token and refuses one with a line break, NUL or space, sending nothing and never repeating it', async () => {
    await vscode.commands.executeCommand('datumStudio.signOut');
    const before = emulator.requests.length;
    for (const bad of [`${SAMPLE_TOKEN}\nX-Injected: yes`, `${SAMPLE_TOKEN}\u0000`, `${SAMPLE_TOKEN} extra`]) {
      await vscode.commands.executeCommand('datumStudio.signIn', { host: emulator.apiUrl, token: bad, project: 'demo-project' });
      assert.strictEqual(remote.session.current, undefined, JSON.stringify(bad));
    }
    assert.strictEqual(emulator.requests.length, before, 'no request was made with a bad token');
    await vscode.commands.executeCommand('datumStudio.signIn', { host: emulator.apiUrl, token: `  ${SAMPLE_TOKEN}\n`, project: 'demo-project' });
    assert.strictEqual(remote.session.current?.user.username, 'newcomer');
    assert.strictEqual(emulator.requests.at(-1)?.authorization, `Token ${SAMPLE_TOKEN}`, 'sent trimmed');
  });

  it('a push reads the server again after the confirmation, and asks again when it changed meanwhile', async () => {
    const dir = path.join(scratch, 'stale-push');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'valohai.metadata.jsonl');
    fs.writeFileSync(file, '{"dataset": "dataset://street-images", "metadata": {"owner": "me"}}\n');
    const push = (): Thenable<{ results: { status: string }[]; stopped?: string }> => vscode.commands.executeCommand('datumStudio.pushMetadataJsonl', { uri: vscode.Uri.file(file).toString() });

    // Someone changes the owner while the dialog is open; the second question shows it; Cancel.
    answers = [() => ((dataset('street-images').metadata = { owner: 'someone-else' }), 'Push'), undefined];
    const cancelled = await push();
    assert.strictEqual(asked.length, 2, asked.map((a) => a.message).join(' | '));
    assert.match(asked[0].detail, /~ owner: "vision-team" → "me"/);
    assert.match(asked[1].message, /the server changed while you were deciding\. Push 1 change\(s\) as they are now\?/);
    assert.match(asked[1].detail, /~ owner: "someone-else" → "me"/);
    assert.strictEqual(cancelled.stopped, 'not confirmed');
    assert.deepStrictEqual(dataset('street-images').metadata, { owner: 'someone-else' }, 'the other change was not overwritten');
    assert.strictEqual(emulator.requests.filter((r) => r.method === 'POST').length, 0);

    // The same again, and this time the user pushes knowingly.
    asked = [];
    answers = [() => ((dataset('street-images').metadata = { owner: 'a-third-person' }), 'Push'), 'Push'];
    const pushed = await push();
    assert.deepStrictEqual(pushed.results.map((r) => r.status), ['pushed']);
    assert.match(asked[1].detail, /~ owner: "a-third-person" → "me"/);
    assert.deepStrictEqual(dataset('street-images').metadata, { owner: 'me' });
  });

  it('saving a properties document reads the server again after the confirmation and asks again when it changed', async () => {
    const target = dataset('street-images');
    const editor = await editProperties(target);
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '{\n  "owner": "me"\n}\n'));
    answers = [() => ((target.metadata = { owner: 'other', added: 1 }), 'Push'), 'Push'];
    assert.strictEqual(await editor.document.save(), true, `saved; asked: ${JSON.stringify(asked)}`);
    assert.strictEqual(asked.length, 2, asked.map((a) => a.message).join(' | '));
    assert.match(asked[0].message, /^Push 1 change\(s\) to dataset street-images\?/);
    assert.match(asked[1].message, /They changed on the server while you were deciding\. Push 2 change\(s\) to dataset street-images\?/);
    assert.match(asked[1].detail, /− added/);
    assert.deepStrictEqual(dataset('street-images').metadata, { owner: 'me' });
  });

  it('adopting one URL from the light bulb asks first, naming the store and the project', async () => {
    const file = path.join(scratch, 'urls.py');
    fs.writeFileSync(file, 'SOURCE = "s3://demo-bucket/incoming/d.jpg"\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 15, 0, 15));
    const adopt = actions.find((a) => a.title.startsWith('Adopt s3://demo-bucket/incoming/d.jpg'))!;
    assert.ok(adopt, actions.map((a) => a.title).join());
    const run = (): Thenable<unknown> => vscode.commands.executeCommand(adopt.command!.command, ...(adopt.command!.arguments ?? []));
    answers = [undefined];
    assert.strictEqual(await run(), undefined);
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0].message, /^Adopt 1 URL\(s\) into the store demo-bucket for the project demo-project\?$/);
    assert.strictEqual(asked[0].detail, 's3://demo-bucket/incoming/d.jpg');
    assert.ok(!emulator.requests.some((r) => r.path.includes('/adopt/')), 'nothing adopted without a yes');
    answers = ['Adopt'];
    const report = (await run()) as { outcome: string }[];
    assert.deepStrictEqual(report.map((r) => r.outcome), ['created']);
  });

  it('after a 401, an action confirmed for one host is not replayed on the host signed in to next', async () => {
    const second = await new Emulator({ dataDir: path.join(scratch, 'second'), imagesDir: path.join(REPO, 'samples/images') }).start();
    const saved = { signInAgain: remote.prompts.signInAgain, reSignIn: remote.session.reSignIn };
    try {
      remote.prompts.signInAgain = async () => true;
      remote.session.reSignIn = async () => {
        await signIn(second.apiUrl);
        return true;
      };
      const store = emulator.state.stores.find((s) => s.type === 's3')!;
      emulator.addFault({ kind: 'status', status: 401, path: '/adopt/' });
      const report = (await vscode.commands.executeCommand('datumStudio.adoptS3Urls', { storeId: store.id, urls: ['s3://demo-bucket/incoming/a.jpg'], confirm: true })) as { outcome: string; message?: string }[];
      assert.strictEqual(remote.session.current?.host, second.apiUrl, 'signed in to the second host now');
      assert.deepStrictEqual(report.map((r) => r.outcome), ['failed']);
      assert.match(report[0].message ?? '', new RegExp(`Not run again: it was meant for ${emulator.apiUrl.replace(/[.]/g, '\\.')}, and you are now signed in to ${second.apiUrl.replace(/[.]/g, '\\.')}`));
      assert.ok(!second.requests.some((r) => r.path.includes('/adopt/')), 'the second host never saw the adoption');
      assert.ok(!second.state.datums.some((d) => d.uri === 's3://demo-bucket/incoming/a.jpg'));
    } finally {
      remote.prompts.signInAgain = saved.signInAgain;
      remote.session.reSignIn = saved.reSignIn;
      await second.stop();
    }
  });

  it('with files.autoSave afterDelay, editing properties never asks or pushes; an explicit save does', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 200, vscode.ConfigurationTarget.Global);
    const reasons: vscode.TextDocumentSaveReason[] = [];
    const target = dataset('metrics');
    try {
      const editor = await editProperties(target);
      const doc = editor.document;
      const sub = vscode.workspace.onWillSaveTextDocument((e) => e.document.uri.toString() === doc.uri.toString() && reasons.push(e.reason));
      try {
        await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), '{\n  "stage": "draft"\n}\n'));
        await waitFor(() => reasons.includes(vscode.TextDocumentSaveReason.AfterDelay), { message: 'an auto save of the properties document' });
        // Typing on after the auto save: VS Code does not auto-save a document whose save failed.
        await editor.edit((b) => b.insert(new vscode.Position(1, 0), '  "more": true,\n'));
        await new Promise((r) => setTimeout(r, 1000));
        assert.strictEqual(asked.length, 0, `auto save asked nothing: ${asked.map((a) => a.message).join(' | ')}`);
        assert.strictEqual(emulator.requests.filter((r) => r.method === 'POST').length, 0, 'auto save pushed nothing');
        assert.deepStrictEqual(target.metadata, {});
        assert.ok(doc.isDirty, 'the edit is still there, unsaved');
      } finally {
        sub.dispose();
      }
      answers = ['Push'];
      assert.strictEqual(await doc.save(), true, 'an explicit save pushes');
      assert.strictEqual(asked.length, 1);
      assert.match(asked[0].message, /Push 2 change\(s\) to dataset metrics\?/);
      assert.deepStrictEqual(target.metadata, { more: true, stage: 'draft' });
      assert.ok(!doc.isDirty);
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
