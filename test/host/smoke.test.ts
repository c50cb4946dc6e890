import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openDoc, waitFor } from './helpers';

describe('smoke', () => {
  it('loads the extension and activates it when a JSON file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} should be loaded as the development extension`);
    const editor = await openDoc('smoke.json');
    assert.strictEqual(editor.document.languageId, 'json');
    // Activation is driven by onLanguage:json, not by calling ext.activate() ourselves.
    await waitFor(() => ext.isActive, { message: `${EXTENSION_ID} to activate` });
  });
});
