// Bundles the extension (dist/extension.js, Node, `vscode` external) and the webview script
// (dist/webview.js, browser IIFE). `--tests` instead bundles the mocha unit tests with `vscode` replaced by
// the fake in test/unit/fake_vscode.ts (out/test/unit.test.js). `--dev` keeps source maps and names.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const dev = process.argv.includes('--dev');
const tests = process.argv.includes('--tests');
const here = path.dirname(new URL(import.meta.url).pathname);

if (tests) {
  const entries = fs.readdirSync(path.join(here, 'test/unit')).filter((f) => f.endsWith('.test.ts'));
  const index = entries.map((f) => `import './${f}';`).join('\n');
  await esbuild.build({
    stdin: { contents: index, resolveDir: path.join(here, 'test/unit'), sourcefile: 'all.test.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(here, 'out/test/unit.test.js'),
    external: ['mocha'],
    alias: { vscode: path.join(here, 'test/unit/fake_vscode.ts') },
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else {
  await esbuild.build({
    entryPoints: [path.join(here, 'src/extension.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(here, 'dist/extension.js'),
    external: ['vscode'],
    minify: !dev,
    sourcemap: dev,
    logLevel: 'warning',
  });
  await esbuild.build({
    entryPoints: [path.join(here, 'src/webview/main.ts')],
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    outfile: path.join(here, 'dist/webview.js'),
    minify: !dev,
    sourcemap: dev,
    logLevel: 'warning',
  });
}
