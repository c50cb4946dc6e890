// Remote properties as documents: `valohai:/<kind>/<id>/<name>.metadata.json`. The path ends in
// `.metadata.json`, so the editor's validation recognizes it as a datum properties sidecar.
import * as vscode from 'vscode';
import { PROPERTIES_READONLY_SCHEME, PROPERTIES_SCHEME } from '../constants';
import type { Target, TargetKind } from '../remote/targets';

export function propertiesUri(target: Target, readonly = false): vscode.Uri {
  const safe = target.name.replace(/[/\\?#%]/g, '_');
  return vscode.Uri.from({ scheme: readonly ? PROPERTIES_READONLY_SCHEME : PROPERTIES_SCHEME, path: `/${target.kind}/${encodeURIComponent(target.id)}/${safe}.metadata.json` });
}

export function parsePropertiesUri(uri: vscode.Uri): Target | undefined {
  const m = /^\/(datum|dataset|dataset-version)\/([^/]+)\/(.+)\.metadata\.json$/.exec(uri.path);
  return m ? { kind: m[1] as TargetKind, id: decodeURIComponent(m[2]), name: m[3] } : undefined;
}
