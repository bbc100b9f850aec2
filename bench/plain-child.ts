import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The built library's entry point (lib/index.js, which the children load as an app would). */
export const LIBRARY = require.resolve('../lib');

/**
 * Writes bench/out/child.js, a plain-JavaScript copy of bench/child.ts that loads the built library, and
 * returns its path. The children run in plain node, as an app compiled to JavaScript does: ts-node's hooks
 * (source maps in every stack trace aws-cdk-lib captures) would more than double both variants' time and
 * add their own noise. The copy also runs by hand: `node bench/out/child.js stacks library 2000`.
 */
export function writePlainChild(): string {
  const file = path.join(__dirname, 'out', 'child.js');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { outputText } = ts.transpileModule(fs.readFileSync(path.join(__dirname, 'child.ts'), 'utf-8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  });
  // After the "use strict" directive, which only counts as the file's first statement.
  fs.writeFileSync(file, outputText.replace(/^("use strict";\n)?/, `$1process.env.BENCH_LIBRARY ??= ${JSON.stringify(LIBRARY)};\n`));
  return file;
}
