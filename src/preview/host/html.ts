// The webview's page: a strict CSP with a fresh nonce, one script and one stylesheet from the
// extension, no inline handlers. Everything the file says is put in later as text by the script.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { pageStrings } from './pageStrings';

/** Text for a double-quoted attribute. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function previewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'preview.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} blob: data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${attribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${attribute(vscode.l10n.t('Overlay preview'))}</title>
</head>
<body>
<main id="root" data-image="" data-visible-shapes="0" data-strings="${attribute(JSON.stringify(pageStrings()))}"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
