// Convert Annotations… in the real VS Code: a MetaLake file (with its image beside it, for the size)
// converted to COCO and to YOLO with the quick pick and the dialogs answered through the extension's
// ConvertPrompts, the written files checked, the result opened, and an existing output replaced only
// after the confirmation says so.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, waitFor } from './helpers';

const COMMAND = 'datumStudio.convertAnnotations';

interface Prompts {
  pick: (title: string, placeHolder: string, items: readonly { label: string; value: unknown }[]) => Promise<unknown>;
  confirm: (message: string, detail: string, action: string) => Promise<boolean>;
  saveFile: (title: string, defaultUri: vscode.Uri) => Promise<vscode.Uri | undefined>;
  pickFolder: (title: string, defaultUri: vscode.Uri) => Promise<vscode.Uri | undefined>;
  done: (message: string, actions: readonly string[]) => Promise<string | undefined>;
}

type Outcome = { converted: { output: string; images: number; losses: { code: string; count: number }[] }; report: string } | { stopped: string };

const text = async (uri: vscode.Uri): Promise<string> => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');

describe('convert annotations', function () {
  this.timeout(60_000);
  let prompts: Prompts;
  let asked: string[];
  let answers: { format?: string; output?: vscode.Uri; replace?: boolean };
  let done: string[];

  before(async () => {
    prompts = ((await activeExtension()).exports as { convert: { prompts: Prompts } }).convert.prompts;
    prompts.pick = async (title, _placeHolder, items) => {
      asked.push(`pick: ${title}: ${items.map((i) => i.label).join(', ')}`);
      return items.find((i) => i.value === answers.format)?.value;
    };
    prompts.saveFile = async (title, defaultUri) => {
      asked.push(`save: ${title} (${defaultUri.path.split('/').pop()})`);
      return answers.output;
    };
    prompts.pickFolder = async (title) => {
      asked.push(`folder: ${title}`);
      return answers.output;
    };
    prompts.confirm = async (message) => {
      asked.push(`confirm: ${message}`);
      return answers.replace === true;
    };
    prompts.done = async (message) => {
      done.push(message);
      return undefined;
    };
  });

  beforeEach(async () => {
    asked = [];
    done = [];
    answers = {};
    await vscode.workspace.fs.copy(fixtureUri('frames/parking.png'), fixtureUri('convert-fx/parking.png'), { overwrite: true }); // 800x600
    const doc = {
      images: [
        {
          image: 'parking.png',
          annotations: [
            { type: 'rectangle', bbox: [80, 60, 160, 120], label: 'car', attributes: { color: [{ value: 'red' }] } },
            { type: 'polygon', polygon: [[400, 300], [480, 300], [480, 360]], label: 'person' },
          ],
        },
      ],
    };
    await vscode.workspace.fs.writeFile(fixtureUri('convert-fx/set.json'), Buffer.from(JSON.stringify(doc, null, 2)));
  });

  afterEach(closeAllReverting);

  it('MetaLake → COCO: the picked format, the save dialog, the file written and opened, the report', async () => {
    answers = { format: 'coco', output: fixtureUri('convert-fx/set.coco.json') };
    const outcome = (await vscode.commands.executeCommand(COMMAND, fixtureUri('convert-fx/set.json'))) as Outcome;
    assert.ok('converted' in outcome, JSON.stringify(outcome));
    assert.deepEqual(asked, ['pick: Convert set.json (MetaLake) to…: COCO, YOLO', 'save: Save the COCO file as (set.coco.json)']);
    const written = JSON.parse(await text(fixtureUri('convert-fx/set.coco.json')));
    assert.deepEqual(written.images, [{ id: 1, file_name: 'parking.png', width: 800, height: 600 }]);
    assert.deepEqual(written.annotations.map((a: { bbox: number[]; category_id: number }) => [a.category_id, a.bbox]), [[1, [80, 60, 160, 120]], [2, [400, 300, 80, 60]]]);
    assert.deepEqual(written.categories.map((c: { name: string }) => c.name), ['car', 'person']);
    assert.deepEqual(outcome.converted.losses, []);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/convert-fx/set.coco.json'), { message: 'the COCO file opened' });
    assert.deepEqual(done, ['Converted to COCO: 1 image(s), everything carried over.']);
  });

  it('MetaLake → YOLO: the folder picked, labels and data.yaml written, what was lost reported', async () => {
    answers = { format: 'yolo', output: fixtureUri('convert-fx/yolo') };
    const outcome = (await vscode.commands.executeCommand(COMMAND, fixtureUri('convert-fx/set.json'))) as Outcome;
    assert.ok('converted' in outcome, JSON.stringify(outcome));
    assert.equal(await text(fixtureUri('convert-fx/yolo/labels/train/parking.txt')), '0 0.2 0.2 0.2 0.2\n1 0.55 0.55 0.1 0.1\n');
    assert.match(await text(fixtureUri('convert-fx/yolo/data.yaml')), /names:\n {2}0: car\n {2}1: person\n/);
    assert.deepEqual(outcome.converted.losses.map((l) => l.code).sort(), ['attributes', 'polygon-as-box']);
    assert.match(outcome.report, /- attributes \(YOLO has none\) ×1 \(parking\.png, annotation 0\)/);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/convert-fx/yolo/data.yaml'), { message: 'data.yaml opened' });
    assert.deepEqual(done, ['Converted to YOLO: 1 image(s); 2 kind(s) of data could not be carried over.']);
  });

  it('an existing output is replaced only after the confirmation', async () => {
    const target = fixtureUri('convert-fx/set.coco.json');
    await vscode.workspace.fs.writeFile(target, Buffer.from('mine'));
    answers = { format: 'coco', output: target, replace: false };
    const refused = (await vscode.commands.executeCommand(COMMAND, fixtureUri('convert-fx/set.json'))) as Outcome;
    assert.deepEqual(refused, { stopped: 'not confirmed' });
    assert.equal(asked[asked.length - 1], 'confirm: set.coco.json exists already.');
    assert.equal(await text(target), 'mine');
    answers = { format: 'coco', output: target, replace: true };
    const replaced = (await vscode.commands.executeCommand(COMMAND, fixtureUri('convert-fx/set.json'))) as Outcome;
    assert.ok('converted' in replaced, JSON.stringify(replaced));
    assert.equal(JSON.parse(await text(target)).images[0].width, 800);
  });

  it('Escape at the format or the dialog writes nothing', async () => {
    answers = {};
    assert.deepEqual(await vscode.commands.executeCommand(COMMAND, fixtureUri('convert-fx/set.json')), { stopped: 'no format' });
    answers = { format: 'coco' };
    assert.deepEqual(await vscode.commands.executeCommand(COMMAND, fixtureUri('convert-fx/set.json')), { stopped: 'no output' });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(fixtureUri('convert-fx/set.coco.json'))));
  });
});
