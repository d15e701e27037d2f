// Builds the platform .vsix with the engine inside: bundles the extension (esbuild), stages package.json,
// README.md, LICENSE, media/ and dist/ plus the engine as bin/<platform>-<arch>/byok in a staging folder,
// and runs @vscode/vsce there (no node_modules needed: everything is bundled).
//   node scripts/package.mjs --engine <path to byok> --out <file.vsix> [--stage <dir>] [--target linux-x64]
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const here = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const platformTarget = `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
const target = opt('target', platformTarget);
const engine = opt('engine');
const out = path.resolve(opt('out', path.join(here, `byok-${target}.vsix`)));
const stage = path.resolve(opt('stage', fs.mkdtempSync(path.join(os.tmpdir(), 'byok-vsix-'))));

if (!engine || !fs.existsSync(engine)) {
  console.error(`package: --engine must name the built byok binary (got ${engine ?? 'nothing'})`);
  process.exit(2);
}

execFileSync(process.execPath, [path.join(here, 'esbuild.mjs')], { stdio: 'inherit' });

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
for (const item of ['package.json', 'README.md', 'LICENSE', 'media', 'dist', '.vscodeignore']) {
  const from = path.join(here, item);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, item), { recursive: true });
}
// package.json without scripts/devDependencies: vsce would otherwise try to run `vscode:prepublish`.
const manifest = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'));
delete manifest.scripts;
delete manifest.devDependencies;
delete manifest.dependencies;
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
const binDir = path.join(stage, 'bin', target);
fs.mkdirSync(binDir, { recursive: true });
const exe = path.join(binDir, target.startsWith('win32') ? 'byok.exe' : 'byok');
fs.copyFileSync(engine, exe);
fs.chmodSync(exe, 0o755);

fs.mkdirSync(path.dirname(out), { recursive: true });
const vsce = path.join(here, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--target', target, '--out', out],
  { cwd: stage, stdio: 'inherit' },
);
console.log(`package: ${out}`);
