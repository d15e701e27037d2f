// Where the `byok` engine is, in the order the extension's spec gives (issue 8): the binary bundled in the
// .vsix for this platform (bin/<platform>-<arch>/byok) — the engine this extension was built and tested
// with —, else the path in `byok.enginePath` (platforms without a bundled engine, or a custom build), else
// `byok` on PATH. A set but wrong enginePath is an error rather than a silent fallback, and a set one that is
// shadowed by the bundled engine is reported (`shadowed`), so the status bar can say which engine runs.
// Pure apart from the injected file checks, so it is tested without VS Code.
import * as path from 'path';

export interface LocatorEnv {
  extensionPath: string;
  platform: string; // process.platform
  arch: string; // process.arch
  pathVariable: string | undefined; // process.env.PATH
  isExecutable: (file: string) => boolean;
}

export type EngineLocation =
  | { ok: true; path: string; source: 'setting' | 'bundled' | 'PATH'; shadowed?: string }
  | { ok: false; message: string; fix: string };

export function bundledEnginePath(extensionPath: string, platform: string, arch: string): string {
  const exe = platform === 'win32' ? 'byok.exe' : 'byok';
  return path.join(extensionPath, 'bin', `${platform}-${arch}`, exe);
}

export function locateEngine(configured: string, env: LocatorEnv): EngineLocation {
  const bundled = bundledEnginePath(env.extensionPath, env.platform, env.arch);
  if (env.isExecutable(bundled))
    return configured !== '' ? { ok: true, path: bundled, source: 'bundled', shadowed: configured } : { ok: true, path: bundled, source: 'bundled' };
  if (configured !== '') {
    if (env.isExecutable(configured)) return { ok: true, path: configured, source: 'setting' };
    return {
      ok: false,
      message: `byok: the engine set in byok.enginePath (${configured}) does not exist or is not executable.`,
      fix: 'Correct byok.enginePath, or clear it to use `byok` on PATH.',
    };
  }
  const exe = env.platform === 'win32' ? 'byok.exe' : 'byok';
  for (const dir of (env.pathVariable ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, exe);
    if (env.isExecutable(candidate)) return { ok: true, path: candidate, source: 'PATH' };
  }
  return {
    ok: false,
    message: `byok: no engine found — this extension has none bundled for ${env.platform}-${env.arch} and \`byok\` is not on PATH.`,
    fix: 'Install byok (the .deb or `cmake --install`) so `byok` is on PATH, or set byok.enginePath to the binary.',
  };
}

/**
 * Whether the engine's protocol version is one this extension speaks: same major version (minor versions
 * only add methods and fields).
 */
export function protocolCompatible(engineVersion: string | undefined, ours: string): boolean {
  if (!engineVersion) return false;
  const major = (v: string) => v.split('.')[0];
  return major(engineVersion) === major(ours);
}
