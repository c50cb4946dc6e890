// Editor features on the big file: what a hover, a completion and the outline cost once the
// document has been parsed for its diagnostics, next to vscode-json-languageservice doing the same.
import * as esbuild from 'esbuild';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';

const require = createRequire(import.meta.url);

export async function benchLanguage({ root, dataDir, file, out, runs = 5 }) {
  const bundle = path.join(dataDir, 'language.cjs');
  await esbuild.build({
    stdin: {
      contents: `export { Validator } from './src/validation/analyze';
export { DocumentIndex } from './src/language/documentIndex';
export { hover } from './src/language/hover';
export { complete } from './src/language/completion';
export { outline } from './src/language/symbols';
export { ValueRegistry, factsOf } from './src/language/values';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile: bundle,
    logLevel: 'warning',
  });
  const { Validator, DocumentIndex, hover, complete, outline, ValueRegistry, factsOf } = require(bundle);
  const validator = new Validator(path.join(root, 'schemas'));
  const schemas = (f) => validator.schemas.schema(f);
  const values = new ValueRegistry();
  const text = fs.readFileSync(file, 'utf8');
  // Targets near the end of the file: the worst case for anything that scans from the start.
  const bboxAt = text.lastIndexOf('"bbox"') + 12;
  const labelAt = text.lastIndexOf('"label": "') + 11;

  const time = async (fn) => {
    const xs = [];
    let result;
    for (let i = 0; i < runs; i++) {
      globalThis.gc?.();
      const t = performance.now();
      result = await fn();
      xs.push(performance.now() - t);
    }
    xs.sort((a, b) => a - b);
    return { ms: xs[Math.floor(xs.length / 2)], result };
  };
  const parse = await time(() => JSON.parse(text));
  const analysis = validator.analyze(text, 'annotations');
  // As in the editor: the file's own labels are offered, collected from the parsed value per request.
  values.register({ values: (kind) => (kind === 'label' ? [...factsOf(analysis.units[0].value).labels.keys()].map((value) => ({ value })) : []) });
  const index = await time(() => {
    const i = new DocumentIndex(analysis);
    i.levels();
    return i;
  });
  const idx = index.result;
  const h = await time(() => hover(idx, bboxAt, { schemas, values }));
  const c = await time(() => complete(idx, labelAt, schemas, values));
  const s = await time(() => outline(idx, 5000));

  const ls = require('vscode-json-languageservice');
  const service = ls.getLanguageService({});
  const schema = schemas('annotations');
  service.configure({ validate: false, schemas: [{ uri: schema.$id, fileMatch: ['*'], schema }] });
  const doc = ls.TextDocument.create('file:///bench.json', 'json', 1, text);
  const lsParse = await time(() => service.parseJSONDocument(doc));
  const jsonDoc = lsParse.result;
  const lsHover = await time(() => service.doHover(doc, doc.positionAt(bboxAt), jsonDoc));
  const lsComplete = await time(() => service.doComplete(doc, doc.positionAt(labelAt), jsonDoc));
  const lsSymbols = await time(() => service.findDocumentSymbols2(doc, jsonDoc, { resultLimit: 5000 }));

  const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  out(`Editor features on ${path.basename(file)} (${(text.length / 1048576).toFixed(1)} MB), median of ${runs}; JSON.parse ${f(parse.ms)} ms`);
  out(`  ours: segment index once per version ${f(index.ms)} ms (${(index.ms / parse.ms).toFixed(2)}x JSON.parse), then a hover ${f(h.ms)} ms, a completion ${f(c.ms)} ms (${c.result.length} items), the outline ${f(s.ms)} ms (${s.result.omitted} items over the 5000 cap)`);
  out(`  language service: its parse ${f(lsParse.ms)} ms, then a hover ${f(lsHover.ms)} ms, a completion ${f(lsComplete.ms)} ms, symbols ${f(lsSymbols.ms)} ms`);
  out(`  first hover after an edit: ours ${f(index.ms + h.ms)} ms on top of the diagnostics' parse, the language service ${f(lsParse.ms + lsHover.ms)} ms (${((lsParse.ms + lsHover.ms) / (index.ms + h.ms)).toFixed(1)}x)`);
  out();
}
