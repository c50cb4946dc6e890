// The things the bench compares, loaded the same way in the main process and in the peak-memory
// children: JSON.parse (the floor), our validation core (bundled from src/validation/analyze.ts)
// and vscode-json-languageservice validating against the same schema file.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

const require = createRequire(import.meta.url);

/** Bundles a tiny entry that re-exports Validator from src/validation/analyze.ts into `outfile` (cjs). */
export async function bundleValidator(root, outfile) {
  await esbuild.build({
    stdin: { contents: "export { Validator } from './src/validation/analyze';", resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // jsonc-parser's UMD entry uses a dynamic require esbuild cannot follow; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 *   jsonParse(text)        JSON.parse(text): the floor
 *   ours(text)             validator.analyze(text, 'annotations'): phase 1, the first diagnostics
 *   dups(analysis)         validator.duplicateKeys(analysis): phase 3, the token scan
 *   languageService(text)  TextDocument.create + parseJSONDocument + doValidation (what VS Code's JSON support does)
 */
export function loadContenders(root, bundleFile) {
  const { Validator } = require(bundleFile);
  const schemaDir = path.join(root, 'schemas');
  const validator = new Validator(schemaDir);
  // The schema object as is: the language service ignores the custom x-expect / x-code keywords.
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, 'annotations.schema.json'), 'utf8'));

  const lsModule = require('vscode-json-languageservice');
  const ls = lsModule.getLanguageService({});
  ls.configure({ validate: true, allowComments: false, schemas: [{ uri: schema.$id, fileMatch: ['*'], schema }] });
  let version = 0;

  return {
    jsonParse(text) {
      return JSON.parse(text);
    },
    ours(text) {
      return validator.analyze(text, 'annotations');
    },
    dups(analysis) {
      return validator.duplicateKeys(analysis);
    },
    async languageService(text) {
      const doc = lsModule.TextDocument.create('file:///bench/annotations.json', 'json', ++version, text);
      const jsonDoc = ls.parseJSONDocument(doc);
      return ls.doValidation(doc, jsonDoc, { comments: 'error', trailingCommas: 'error' });
    },
    /** Compiles our schema and resolves the language service's, so neither one-off cost is measured. */
    async warmUp() {
      const tiny = '{"images": [{"image": "a.jpg", "annotations": [{"type": "rectangle", "bbox": [1, 2, 3, 4], "label": "car"}]}]}';
      this.dups(this.ours(tiny));
      await this.languageService(tiny);
      this.jsonParse(tiny);
    },
  };
}
